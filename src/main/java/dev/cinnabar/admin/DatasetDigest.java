package dev.cinnabar.admin;

import dev.cinnabar.hashes.HashValue;
import dev.cinnabar.json.JsonValue;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.keyspace.Keyspace;
import dev.cinnabar.lists.ListValue;
import dev.cinnabar.protocol.DoubleFormat;
import dev.cinnabar.sets.SetValue;
import dev.cinnabar.streams.StreamEntries;
import dev.cinnabar.streams.StreamValue;
import dev.cinnabar.strings.Strings;
import dev.cinnabar.zsets.ZsetValue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * DEBUG DIGEST and DIGEST-VALUE: Redis's SHA1-based signature of a dataset or of values, computed the way Redis
 * does so that the same data gives the same hex string on both servers. Unordered collections (keys, set members,
 * hash fields, sorted set elements) are combined with XOR, ordered ones (list elements, stream entries, the parts
 * of one element) by feeding the running digest back into SHA1.
 */
final class DatasetDigest {
    /** Redis's type numbers (OBJ_STRING ... OBJ_STREAM), which enter every value's digest. */
    private static final int STRING = 0, LIST = 1, SET = 2, ZSET = 3, HASH = 4, MODULE = 5, STREAM = 6;
    private static final byte[] EXPIRE_MARK = "!!expire!!".getBytes(StandardCharsets.US_ASCII);
    private static final int LENGTH = 20;
    private static final int LIST_BATCH = 128;

    private final MessageDigest sha1;
    private final byte[] hash = new byte[LENGTH];
    private final byte[] number = new byte[DoubleFormat.MAX_LENGTH];

    DatasetDigest() {
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** The digest of every database: each non-empty one's index mixed in, then the XOR of its key digests. */
    byte[] dataset(Keyspace keyspace) {
        byte[] result = new byte[LENGTH];
        byte[] entry = new byte[LENGTH];
        for (int i = 0; i < keyspace.databaseCount(); i++) {
            Database db = keyspace.db(i);
            if (db.size() == 0) continue;
            mix(result, int32(i));
            db.forEachWithExpire((key, value, expireAt) -> {
                java.util.Arrays.fill(entry, (byte) 0);
                mix(entry, key);
                value(entry, value, expireAt);
                xor(result, entry);
            });
        }
        return result;
    }

    /**
     * The digest of a key's value (all zeros when the key is absent), as DIGEST-VALUE answers it: like Redis it
     * reads the stored entry, even a logically expired one.
     */
    byte[] value(Database db, byte[] key) {
        byte[] result = new byte[LENGTH];
        Object value = db.peekIgnoringExpiry(key);
        if (value != null) value(result, value, db.expireAtIgnoringExpiry(key));
        return result;
    }

    /** Redis's xorObjectDigest: the type, the content by type, then a mark when the key has an expire time. */
    private void value(byte[] digest, Object value, long expireAt) {
        switch (value) {
            case ListValue list -> {
                mix(digest, int32(LIST));
                for (long from = 0; from < list.size(); from += LIST_BATCH) {
                    for (byte[] element : list.elements(from, Math.min(LIST_BATCH, list.size() - from), false)) {
                        mix(digest, element);
                    }
                }
            }
            case SetValue set -> {
                mix(digest, int32(SET));
                set.forEach((array, offset, length) -> {
                    xor(digest, array, offset, length);
                    return true;
                });
            }
            case ZsetValue zset -> {
                mix(digest, int32(ZSET));
                byte[] element = new byte[LENGTH];
                zset.forEach(false, (member, score) -> {
                    java.util.Arrays.fill(element, (byte) 0);
                    mix(element, member, 0, member.length);
                    mix(element, number, 0, DoubleFormat.formatShortest(score, number, 0));
                    xor(digest, element);
                });
            }
            case HashValue hashValue -> {
                mix(digest, int32(HASH));
                byte[] element = new byte[LENGTH];
                hashValue.forEach((entry, keyOffset, keyLength, valueOffset, valueLength) -> {
                    java.util.Arrays.fill(element, (byte) 0);
                    mix(element, entry, keyOffset, keyLength);
                    mix(element, entry, valueOffset, valueLength);
                    xor(digest, element);
                });
            }
            case StreamValue stream -> {
                mix(digest, int32(STREAM));
                StreamEntries.forEach(stream, (ms, seq, fieldsAndValues) -> {
                    mix(digest, (Long.toUnsignedString(ms) + "." + Long.toUnsignedString(seq))
                            .getBytes(StandardCharsets.US_ASCII));
                    for (byte[] part : fieldsAndValues) mix(digest, part);
                });
            }
            // A module value adds its type's digest callback's result; the JSON type has no such callback.
            case JsonValue json -> mix(digest, int32(MODULE));
            default -> {
                mix(digest, int32(STRING));
                mix(digest, Strings.bytes(value));
            }
        }
        if (expireAt != -1) xor(digest, EXPIRE_MARK, 0, EXPIRE_MARK.length);
    }

    /** Redis's xorDigest: digest ^= SHA1(data). */
    private void xor(byte[] digest, byte[] data, int offset, int length) {
        sha1.update(data, offset, length);
        finish();
        for (int i = 0; i < LENGTH; i++) digest[i] ^= hash[i];
    }

    private void xor(byte[] digest, byte[] data) {
        xor(digest, data, 0, data.length);
    }

    /** Redis's mixDigest: digest = SHA1(digest ^ SHA1(data)), so that order matters. */
    private void mix(byte[] digest, byte[] data, int offset, int length) {
        xor(digest, data, offset, length);
        sha1.update(digest, 0, LENGTH);
        finish();
        System.arraycopy(hash, 0, digest, 0, LENGTH);
    }

    private void mix(byte[] digest, byte[] data) {
        mix(digest, data, 0, data.length);
    }

    private void finish() {
        try {
            sha1.digest(hash, 0, LENGTH);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A 32-bit number in network byte order (Redis's htonl before hashing). */
    private static byte[] int32(int n) {
        return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }
}
