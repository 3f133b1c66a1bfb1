package dev.cinnabar.keyspace;

import java.util.Arrays;

/**
 * The encodings of a {@link Dict} entry. A string value is packed with its key into one {@code byte[]}:
 *
 * <pre>
 *   header  1 byte: bit 7 = long key length form, bit 6 = has expire, bits 0-5 = key length (short form)
 *           or the top 6 bits of a 30-bit key length followed by 3 more bytes (long form)
 *   expire  8 bytes, big-endian unix milliseconds, only when bit 6 is set
 *   key, then value bytes
 * </pre>
 *
 * Any other value is held by an {@link ObjectEntry} (or {@link ExpiringObjectEntry} when it has an expire). The
 * expire time lives in the entry itself, so reading a key's TTL needs no second lookup and a volatile key costs only
 * 8 more bytes.
 */
final class Entries {
    static final long NO_EXPIRE = -1;
    private static final int LONG_FORM = 0x80;
    private static final int HAS_EXPIRE = 0x40;
    private static final int SHORT_MAX = 0x3F;

    private Entries() {}

    static class ObjectEntry {
        final byte[] key;
        Object value;
        /** The value's estimated heap footprint when it was last measured (see {@link Dict#setValueBytes}). */
        long valueBytes;

        ObjectEntry(byte[] key, Object value) {
            this.key = key;
            this.value = value;
        }
    }

    static final class ExpiringObjectEntry extends ObjectEntry {
        final long expireAt;

        ExpiringObjectEntry(byte[] key, Object value, long expireAt) {
            super(key, value);
            this.expireAt = expireAt;
        }
    }

    private static final long OBJECT_ENTRY = Footprint.object(2, 8);
    private static final long EXPIRING_OBJECT_ENTRY = Footprint.object(2, 16);

    /**
     * The heap bytes an entry occupies: a packed entry's array, or an object entry with its key array and the last
     * measured size of its value.
     */
    static long footprint(Object entry) {
        if (entry instanceof byte[] packed) return Footprint.bytes(packed.length);
        ObjectEntry e = (ObjectEntry) entry;
        return (e instanceof ExpiringObjectEntry ? EXPIRING_OBJECT_ENTRY : OBJECT_ENTRY) + Footprint.bytes(e.key.length)
                + e.valueBytes;
    }

    static Object make(byte[] key, Object value, long expireAt) {
        if (value instanceof byte[] bytes) return pack(key, bytes, expireAt);
        return expireAt == NO_EXPIRE ? new ObjectEntry(key, value) : new ExpiringObjectEntry(key, value, expireAt);
    }

    private static byte[] pack(byte[] key, byte[] value, long expireAt) {
        boolean longForm = key.length > SHORT_MAX;
        int header = longForm ? 4 : 1;
        int expireBytes = expireAt == NO_EXPIRE ? 0 : 8;
        byte[] e = new byte[header + expireBytes + key.length + value.length];
        int flags = (longForm ? LONG_FORM : 0) | (expireBytes > 0 ? HAS_EXPIRE : 0);
        if (longForm) {
            e[0] = (byte) (flags | (key.length >>> 24));
            e[1] = (byte) (key.length >>> 16);
            e[2] = (byte) (key.length >>> 8);
            e[3] = (byte) key.length;
        } else {
            e[0] = (byte) (flags | key.length);
        }
        if (expireBytes > 0) {
            for (int i = 0; i < 8; i++) e[header + i] = (byte) (expireAt >>> (56 - 8 * i));
        }
        System.arraycopy(key, 0, e, header + expireBytes, key.length);
        System.arraycopy(value, 0, e, header + expireBytes + key.length, value.length);
        return e;
    }

    private static int headerLength(byte[] packed) {
        return (packed[0] & LONG_FORM) != 0 ? 4 : 1;
    }

    private static boolean packedHasExpire(byte[] packed) {
        return (packed[0] & HAS_EXPIRE) != 0;
    }

    private static int keyOffset(byte[] packed) {
        return headerLength(packed) + (packedHasExpire(packed) ? 8 : 0);
    }

    private static int keyLength(byte[] packed) {
        if ((packed[0] & LONG_FORM) == 0) return packed[0] & SHORT_MAX;
        return (packed[0] & SHORT_MAX) << 24 | (packed[1] & 0xFF) << 16 | (packed[2] & 0xFF) << 8 | (packed[3] & 0xFF);
    }

    static boolean keyEquals(Object entry, byte[] key) {
        if (entry instanceof byte[] packed) {
            int off = keyOffset(packed);
            int len = keyLength(packed);
            return len == key.length && Arrays.equals(packed, off, off + len, key, 0, len);
        }
        return Arrays.equals(((ObjectEntry) entry).key, key);
    }

    /** {@link #keyEquals(Object, byte[])} against {@code length} bytes of key starting at {@code offset}. */
    static boolean keyEquals(Object entry, byte[] key, int offset, int length) {
        if (entry instanceof byte[] packed) {
            int off = keyOffset(packed);
            return keyLength(packed) == length
                    && Arrays.equals(packed, off, off + length, key, offset, offset + length);
        }
        byte[] k = ((ObjectEntry) entry).key;
        return Arrays.equals(k, 0, k.length, key, offset, offset + length);
    }

    /** Hands the key bytes to the visitor in place (no copy); returns what the visitor returns. */
    static boolean visitKey(Object entry, Dict.KeySliceVisitor visitor) {
        if (entry instanceof byte[] packed) return visitor.visit(packed, keyOffset(packed), keyLength(packed));
        byte[] k = ((ObjectEntry) entry).key;
        return visitor.visit(k, 0, k.length);
    }

    /** Hands the key bytes to the sink in place. */
    static void writeKey(Object entry, BytesSink sink) {
        if (entry instanceof byte[] packed) sink.write(packed, keyOffset(packed), keyLength(packed));
        else sink.write(((ObjectEntry) entry).key, 0, ((ObjectEntry) entry).key.length);
    }

    static long hash(Object entry, long seed) {
        if (entry instanceof byte[] packed) return Hashing.hash(packed, keyOffset(packed), keyLength(packed), seed);
        return Hashing.hash(((ObjectEntry) entry).key, seed);
    }

    /** The key: a copy for packed entries, the stored array otherwise (never to be modified). */
    static byte[] key(Object entry) {
        if (entry instanceof byte[] packed) {
            int off = keyOffset(packed);
            return Arrays.copyOfRange(packed, off, off + keyLength(packed));
        }
        return ((ObjectEntry) entry).key;
    }

    /** The value: a copy for strings, the stored object otherwise. */
    static Object value(Object entry) {
        if (entry instanceof byte[] packed) return Arrays.copyOfRange(packed, keyOffset(packed) + keyLength(packed), packed.length);
        return ((ObjectEntry) entry).value;
    }

    /** Hands a packed entry's value bytes to the sink in place; false when the entry is not a packed string. */
    static boolean writeValue(Object entry, BytesSink sink) {
        if (!(entry instanceof byte[] packed)) return false;
        int from = keyOffset(packed) + keyLength(packed);
        sink.write(packed, from, packed.length - from);
        return true;
    }

    /** Hands a packed entry's key and value ranges to the visitor in place; false when it is not packed. */
    static boolean visitPacked(Object entry, Dict.PackedVisitor visitor) {
        if (!(entry instanceof byte[] packed)) return false;
        int keyOffset = keyOffset(packed), keyLength = keyLength(packed);
        int valueOffset = keyOffset + keyLength;
        visitor.visit(packed, keyOffset, keyLength, valueOffset, packed.length - valueOffset);
        return true;
    }

    static long expireAt(Object entry) {
        if (entry instanceof byte[] packed) {
            if (!packedHasExpire(packed)) return NO_EXPIRE;
            int off = headerLength(packed);
            long v = 0;
            for (int i = 0; i < 8; i++) v = (v << 8) | (packed[off + i] & 0xFF);
            return v;
        }
        return entry instanceof ExpiringObjectEntry e ? e.expireAt : NO_EXPIRE;
    }

    /** The entry with another value, keeping key and expire (in place when it is an object entry). */
    static Object withValue(Object entry, Object value) {
        if (entry instanceof ObjectEntry e && !(value instanceof byte[])) {
            e.value = value;
            return e;
        }
        return withValueAndExpire(entry, value, expireAt(entry));
    }

    /** The entry with another value and expire time, keeping the key. */
    static Object withValueAndExpire(Object entry, Object value, long expireAt) {
        if (entry instanceof byte[] packed && value instanceof byte[] bytes && packedHasExpire(packed) == (expireAt != NO_EXPIRE)) {
            // Same layout up to the value: copy header, expire and key from the old array in one allocation.
            int valueOffset = keyOffset(packed) + keyLength(packed);
            byte[] e = Arrays.copyOf(packed, valueOffset + bytes.length);
            if (expireAt != NO_EXPIRE) {
                for (int i = 0; i < 8; i++) e[headerLength(packed) + i] = (byte) (expireAt >>> (56 - 8 * i));
            }
            System.arraycopy(bytes, 0, e, valueOffset, bytes.length);
            return e;
        }
        return make(key(entry), value, expireAt);
    }

    /** The entry with another expire time (NO_EXPIRE removes it), keeping key and value. */
    static Object withExpire(Object entry, long expireAt) {
        Object made = make(key(entry), value(entry), expireAt);
        if (entry instanceof ObjectEntry old) ((ObjectEntry) made).valueBytes = old.valueBytes;
        return made;
    }
}
