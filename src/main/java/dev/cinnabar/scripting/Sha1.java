package dev.cinnabar.scripting;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA1 in lower-case hex, which names scripts (EVALSHA) and is redis.sha1hex. */
final class Sha1 {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Sha1() {}

    static String hex(byte[] data) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(data);
            char[] out = new char[40];
            for (int i = 0; i < 20; i++) {
                out[2 * i] = HEX[(digest[i] >> 4) & 0xF];
                out[2 * i + 1] = HEX[digest[i] & 0xF];
            }
            return new String(out);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
