package dev.cinnabar.bitmaps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Bit-level primitives over byte arrays: population count, search for the first 0 or 1 bit, and reading and writing
 * integers of 1 to 64 bits at any bit offset, most significant bit first. Bytes past the given length read as zero.
 */
final class Bits {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Bits() {}

    /** The number of 1 bits in {@code count} bytes from {@code from}. */
    static long popcount(byte[] p, int from, int count) {
        long bits = 0;
        int i = from, end = from + count;
        for (; i + 8 <= end; i += 8) bits += Long.bitCount((long) LONGS.get(p, i));
        for (; i < end; i++) bits += Integer.bitCount(p[i] & 0xff);
        return bits;
    }

    /**
     * The position of the first bit equal to {@code bit} in {@code count} bytes from {@code from}: -1 when looking
     * for a 1 that is not there; {@code count * 8} (the first bit past the range) when looking for a 0 among ones.
     */
    static long firstBit(byte[] p, int from, int count, int bit) {
        long skip = bit == 1 ? 0 : -1L;
        int i = from, end = from + count;
        for (; i + 8 <= end; i += 8) {
            long word = (long) LONGS.get(p, i);
            if (word != skip) {
                long target = bit == 1 ? word : ~word;
                return (long) (i - from) * 8 + Long.numberOfLeadingZeros(target);
            }
        }
        for (; i < end; i++) {
            int b = p[i] & 0xff;
            int target = bit == 1 ? b : ~b & 0xff;
            if (target != 0) return (long) (i - from) * 8 + Integer.numberOfLeadingZeros(target) - 24;
        }
        return bit == 1 ? -1 : (long) count * 8;
    }

    /** The unsigned integer of {@code bits} bits at bit {@code offset}; bytes at or past {@code length} are zero. */
    static long getUnsigned(byte[] p, int length, long offset, int bits) {
        long value = 0;
        for (int j = 0; j < bits; j++, offset++) {
            long byteIndex = offset >>> 3;
            int bitval = byteIndex < length ? (p[(int) byteIndex] >> (7 - (int) (offset & 7))) & 1 : 0;
            value = (value << 1) | bitval;
        }
        return value;
    }

    /** The two's complement integer of {@code bits} bits at bit {@code offset}, sign-extended. */
    static long getSigned(byte[] p, int length, long offset, int bits) {
        long value = getUnsigned(p, length, offset, bits);
        if (bits < 64 && (value & (1L << (bits - 1))) != 0) value |= -1L << bits;
        return value;
    }

    /** Writes the low {@code bits} bits of value at bit {@code offset}; the array must reach that far. */
    static void set(byte[] p, long offset, int bits, long value) {
        for (int j = 0; j < bits; j++, offset++) {
            int bitval = (int) ((value >>> (bits - 1 - j)) & 1);
            int byteIndex = (int) (offset >>> 3);
            int shift = 7 - (int) (offset & 7);
            p[byteIndex] = (byte) ((p[byteIndex] & ~(1 << shift)) | (bitval << shift));
        }
    }
}
