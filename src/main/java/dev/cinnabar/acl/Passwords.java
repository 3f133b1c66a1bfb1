package dev.cinnabar.acl;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Passwords are kept as the lower-case hex of their SHA-256, and compared in constant time. */
final class Passwords {
    private Passwords() {}

    static String hash(byte[] cleartext) {
        return HexFormat.of().formatHex(sha256(cleartext));
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Redis's ACLCheckPasswordHash: exactly 64 lower-case hexadecimal characters. */
    static boolean validHash(String hash) {
        if (hash.length() != 64) return false;
        for (int i = 0; i < 64; i++) {
            char c = hash.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
        }
        return true;
    }

    /** Whether two hex hashes are equal, taking the same time wherever they differ. */
    static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                b.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
