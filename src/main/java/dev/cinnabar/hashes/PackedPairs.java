package dev.cinnabar.hashes;

/**
 * The byte layout of a compact hash: field/value pairs one after the other in insertion order, each string
 * preceded by its length. A length below 128 takes one byte; a longer one four bytes, big-endian, with the top bit
 * of the first byte set (lengths stay below 2^31). So a pair of a 10-byte field and a 5-byte value costs 17 bytes.
 */
final class PackedPairs {
    private static final int LONG_FORM = 0x80;

    private PackedPairs() {}

    /** Bytes taken by the length prefix of a string of this length. */
    static int prefixSize(int length) {
        return length < LONG_FORM ? 1 : 4;
    }

    /** Bytes taken by a pair of strings of these lengths. */
    static int pairSize(int fieldLength, int valueLength) {
        return prefixSize(fieldLength) + fieldLength + prefixSize(valueLength) + valueLength;
    }

    /** The length stored at position p. */
    static int length(byte[] data, int p) {
        int b = data[p];
        if (b >= 0) return b;
        return (b & 0x7F) << 24 | (data[p + 1] & 0xFF) << 16 | (data[p + 2] & 0xFF) << 8 | (data[p + 3] & 0xFF);
    }

    /** Writes a length prefix and the string at position p; returns the position after it. */
    static int write(byte[] data, int p, byte[] s) {
        int n = s.length;
        if (n < LONG_FORM) {
            data[p++] = (byte) n;
        } else {
            data[p++] = (byte) (LONG_FORM | n >>> 24);
            data[p++] = (byte) (n >>> 16);
            data[p++] = (byte) (n >>> 8);
            data[p++] = (byte) n;
        }
        System.arraycopy(s, 0, data, p, n);
        return p + n;
    }

    /** Where the bytes of the string whose length prefix is at p start. */
    static int start(byte[] data, int p) {
        return data[p] >= 0 ? p + 1 : p + 4;
    }

    /** The position after the string whose length prefix is at p. */
    static int next(byte[] data, int p) {
        int length = length(data, p);
        return p + prefixSize(length) + length;
    }
}
