package dev.cinnabar.lists;

import dev.cinnabar.protocol.Reply;

import java.util.Arrays;

/**
 * Redis's listpack entry format, used byte for byte inside the list nodes. An entry is an encoding header with
 * its data (a canonical integer in 1 to 9 bytes, or a string with a 1, 2 or 5 byte length header) followed by a
 * "backlen" of 1 to 5 bytes giving the length of header and data, so entries can be walked in both directions.
 * Keeping Redis's exact format makes every node's size ({@code lpBytes}) what Redis computes, which decides when
 * a list changes encoding, and stores small integers compactly.
 */
public final class Listpack {
    /** Bytes of an empty listpack: the 6-byte header (total bytes, element count) and the end marker. */
    static final int EMPTY_BYTES = 7;
    /** The header: total bytes (32 bits) and element count (16 bits, UNKNOWN_COUNT when it does not fit). */
    static final int HEADER_BYTES = 6;
    static final int UNKNOWN_COUNT = 65535;
    static final int END = 0xFF;
    /** Encoded entries of at most this length (LONG_STR_SIZE - 1) may hold an integer. */
    private static final int MAX_INT_STRING = 20;

    private static final int ENC_13BIT_INT = 0xC0;
    private static final int ENC_12BIT_STR = 0xE0;
    private static final int ENC_32BIT_STR = 0xF0;
    private static final int ENC_16BIT_INT = 0xF1;
    private static final int ENC_24BIT_INT = 0xF2;
    private static final int ENC_32BIT_INT = 0xF3;
    private static final int ENC_64BIT_INT = 0xF4;

    private Listpack() {}

    // ---- integers -----------------------------------------------------------------------------------------------

    /**
     * Whether listpack stores these bytes as an integer (lpStringToInt64): the canonical decimal form of a 64-bit
     * integer, with no sign but '-', no leading zeros, at most 20 characters.
     */
    public static boolean isInteger(byte[] s, int off, int len) {
        if (len == 0 || len > MAX_INT_STRING) return false;
        byte first = s[off];
        if (first != '-' && (first < '0' || first > '9')) return false;
        if (len == 1) return first != '-';
        int i = off;
        if (first == '-') i++;
        if (s[i] < '1' || s[i] > '9') return false;
        int end = off + len;
        long v = 0; // accumulated negated, so that Long.MIN_VALUE fits
        for (; i < end; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) return false;
            if (v < (Long.MIN_VALUE + d) / 10) return false;
            v = v * 10 - d;
        }
        return first == '-' || v != Long.MIN_VALUE;
    }

    /** The value of bytes for which {@link #isInteger} holds. */
    public static long parseInteger(byte[] s, int off, int len) {
        boolean negative = s[off] == '-';
        long v = 0;
        for (int i = negative ? off + 1 : off; i < off + len; i++) v = v * 10 - (s[i] - '0');
        return negative ? v : -v;
    }

    /** Size of the header and data of an integer entry. */
    /** Total bytes (header, data and backlen) of an integer entry. */
    public static int integerEntrySize(long v) {
        int enc = integerEncodedSize(v);
        return enc + backlenSize(enc);
    }

    /** Writes an integer entry at pos (exactly {@link #integerEntrySize} bytes). */
    public static void writeIntegerEntry(byte[] dst, int pos, long v) {
        int enc = writeInteger(dst, pos, v);
        writeBacklen(dst, pos + enc, enc);
    }

    private static int integerEncodedSize(long v) {
        if (v >= 0 && v <= 127) return 1;
        if (v >= -4096 && v <= 4095) return 2;
        if (v >= -32768 && v <= 32767) return 3;
        if (v >= -8388608 && v <= 8388607) return 4;
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) return 5;
        return 9;
    }

    private static int stringEncodedSize(int len) {
        if (len < 64) return 1 + len;
        if (len < 4096) return 2 + len;
        return 5 + len;
    }

    /** Bytes of the backlen that follows an entry whose header and data take encodedSize bytes. */
    public static int backlenSize(long encodedSize) {
        if (encodedSize <= 127) return 1;
        if (encodedSize < 16383) return 2;
        if (encodedSize < 2097151) return 3;
        if (encodedSize < 268435455) return 4;
        return 5;
    }

    // ---- encoding -----------------------------------------------------------------------------------------------

    /** Total bytes (header, data and backlen) the element takes as a listpack entry. */
    public static int entrySize(byte[] s) {
        int enc = isInteger(s, 0, s.length) ? integerEncodedSize(parseInteger(s, 0, s.length))
                : stringEncodedSize(s.length);
        return enc + backlenSize(enc);
    }

    /** Writes the element as a listpack entry at pos (exactly {@link #entrySize} bytes). */
    public static void write(byte[] dst, int pos, byte[] s) {
        int len = s.length;
        int enc;
        if (isInteger(s, 0, len)) {
            enc = writeInteger(dst, pos, parseInteger(s, 0, len));
        } else if (len < 64) {
            dst[pos] = (byte) (0x80 | len);
            System.arraycopy(s, 0, dst, pos + 1, len);
            enc = 1 + len;
        } else if (len < 4096) {
            dst[pos] = (byte) (ENC_12BIT_STR | (len >> 8));
            dst[pos + 1] = (byte) len;
            System.arraycopy(s, 0, dst, pos + 2, len);
            enc = 2 + len;
        } else {
            dst[pos] = (byte) ENC_32BIT_STR;
            writeLittleEndian(dst, pos + 1, len, 4);
            System.arraycopy(s, 0, dst, pos + 5, len);
            enc = 5 + len;
        }
        writeBacklen(dst, pos + enc, enc);
    }

    private static int writeInteger(byte[] dst, int pos, long v) {
        int size = integerEncodedSize(v);
        switch (size) {
            case 1 -> dst[pos] = (byte) v;
            case 2 -> {
                long u = v < 0 ? (1L << 13) + v : v;
                dst[pos] = (byte) (ENC_13BIT_INT | (u >> 8));
                dst[pos + 1] = (byte) u;
            }
            case 3 -> {
                dst[pos] = (byte) ENC_16BIT_INT;
                writeLittleEndian(dst, pos + 1, v, 2);
            }
            case 4 -> {
                dst[pos] = (byte) ENC_24BIT_INT;
                writeLittleEndian(dst, pos + 1, v, 3);
            }
            case 5 -> {
                dst[pos] = (byte) ENC_32BIT_INT;
                writeLittleEndian(dst, pos + 1, v, 4);
            }
            default -> {
                dst[pos] = (byte) ENC_64BIT_INT;
                writeLittleEndian(dst, pos + 1, v, 8);
            }
        }
        return size;
    }

    private static void writeLittleEndian(byte[] dst, int pos, long v, int bytes) {
        for (int i = 0; i < bytes; i++) dst[pos + i] = (byte) (v >>> (8 * i));
    }

    private static void writeBacklen(byte[] dst, int pos, int l) {
        int n = backlenSize(l);
        // the first byte holds the highest 7 bits; every following byte has its top bit set
        for (int i = 0; i < n; i++) {
            int shift = 7 * (n - 1 - i);
            int bits = (l >>> shift) & 127;
            dst[pos + i] = (byte) (i == 0 ? bits : bits | 128);
        }
    }

    /** The element as a complete listpack entry in its own array (for comparisons). */
    static byte[] encode(byte[] s) {
        byte[] entry = new byte[entrySize(s)];
        write(entry, 0, s);
        return entry;
    }

    // ---- decoding -----------------------------------------------------------------------------------------------

    /** Size of the header and data of the entry at p (lpCurrentEncodedSizeUnsafe). */
    public static int encodedSize(byte[] b, int p) {
        int e = b[p] & 0xFF;
        if (e < 0x80) return 1;
        if (e < 0xC0) return 1 + (e & 0x3F);
        if (e < 0xE0) return 2;
        if (e < 0xF0) return 2 + (((e & 0x0F) << 8) | (b[p + 1] & 0xFF));
        return switch (e) {
            case ENC_32BIT_STR -> 5 + stringLength32(b, p);
            case ENC_16BIT_INT -> 3;
            case ENC_24BIT_INT -> 4;
            case ENC_32BIT_INT -> 5;
            case ENC_64BIT_INT -> 9;
            default -> throw new IllegalStateException("corrupt list entry");
        };
    }

    private static int stringLength32(byte[] b, int p) {
        return (b[p + 1] & 0xFF) | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF) << 16 | (b[p + 4] & 0xFF) << 24;
    }

    /** Total size of the entry starting at p. */
    public static int entryLength(byte[] b, int p) {
        int enc = encodedSize(b, p);
        return enc + backlenSize(enc);
    }

    /** Start of the entry that ends (exclusive) at end, read from its backlen. */
    public static int entryStartBefore(byte[] b, int end) {
        int p = end - 1;
        int value = 0;
        int shift = 0;
        while (true) {
            int bits = b[p] & 0xFF;
            value |= (bits & 127) << shift;
            if ((bits & 128) == 0) break;
            shift += 7;
            p--;
        }
        return end - backlenSize(value) - value;
    }

    public static boolean isString(byte[] b, int p) {
        int e = b[p] & 0xFF;
        return (e >= 0x80 && e < 0xC0) || (e >= 0xE0 && e < 0xF0) || e == ENC_32BIT_STR;
    }

    /** Offset of a string entry's data. */
    public static int stringOffset(byte[] b, int p) {
        int e = b[p] & 0xFF;
        if (e < 0xC0) return p + 1;
        if (e < 0xF0) return p + 2;
        return p + 5;
    }

    /** Length of a string entry's data. */
    public static int stringLength(byte[] b, int p) {
        int e = b[p] & 0xFF;
        if (e < 0xC0) return e & 0x3F;
        if (e < 0xF0) return ((e & 0x0F) << 8) | (b[p + 1] & 0xFF);
        return stringLength32(b, p);
    }

    /** The value of an integer entry. */
    public static long integerValue(byte[] b, int p) {
        int e = b[p] & 0xFF;
        if (e < 0x80) return e;
        if (e < 0xE0) {
            int u = ((e & 0x1F) << 8) | (b[p + 1] & 0xFF);
            return u >= (1 << 12) ? u - (1 << 13) : u;
        }
        return switch (e) {
            case ENC_16BIT_INT -> (short) readLittleEndian(b, p + 1, 2);
            case ENC_24BIT_INT -> ((int) readLittleEndian(b, p + 1, 3) << 8) >> 8;
            case ENC_32BIT_INT -> (int) readLittleEndian(b, p + 1, 4);
            default -> readLittleEndian(b, p + 1, 8);
        };
    }

    private static long readLittleEndian(byte[] b, int pos, int bytes) {
        long v = 0;
        for (int i = bytes - 1; i >= 0; i--) v = (v << 8) | (b[pos + i] & 0xFF);
        return v;
    }

    /** Length of the element as a string (an integer's decimal digits): what Redis measures when it pushes it. */
    static int elementLength(byte[] b, int p) {
        return isString(b, p) ? stringLength(b, p) : decimalLength(integerValue(b, p));
    }

    static int decimalLength(long v) {
        if (v == Long.MIN_VALUE) return 20;
        int n = v < 0 ? 2 : 1;
        for (long rest = Math.abs(v) / 10; rest > 0; rest /= 10) n++;
        return n;
    }

    /** The element as a new byte array. */
    public static byte[] element(byte[] b, int p) {
        if (isString(b, p)) {
            int off = stringOffset(b, p);
            return Arrays.copyOfRange(b, off, off + stringLength(b, p));
        }
        return Long.toString(integerValue(b, p)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Replies with the element as a bulk string, straight from the entry's bytes; returns the entry's length. */
    public static int reply(byte[] b, int p, Reply reply) {
        int e = b[p] & 0xFF;
        if (e >= 0x80 && e < 0xC0) { // the common short string: one header byte, one backlen byte
            int len = e & 0x3F;
            reply.bulk(b, p + 1, len);
            return len + 2;
        }
        int enc = encodedSize(b, p);
        if (isString(b, p)) reply.bulk(b, stringOffset(b, p), stringLength(b, p));
        else reply.bulkLong(integerValue(b, p));
        return enc + backlenSize(enc);
    }

    /** Whether the entry at p equals an encoded entry: equal elements have identical encodings. */
    static boolean matches(byte[] b, int p, byte[] entry) {
        int n = entry.length;
        return p + n <= b.length && Arrays.equals(b, p, p + n, entry, 0, n);
    }
}
