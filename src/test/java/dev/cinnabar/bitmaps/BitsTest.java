package dev.cinnabar.bitmaps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.util.Random;

/** The bit primitives against bit-by-bit reference computations. */
class BitsTest {
    private static int bit(byte[] p, long i) {
        return (p[(int) (i >>> 3)] >> (7 - (int) (i & 7))) & 1;
    }

    @Test
    void popcountAndFirstBitAgreeWithABitByBitWalk() {
        Random random = new Random(3);
        for (int trial = 0; trial < 2000; trial++) {
            byte[] p = new byte[random.nextInt(40)];
            for (int i = 0; i < p.length; i++) {
                int kind = random.nextInt(3);
                p[i] = (byte) (kind == 0 ? 0 : kind == 1 ? 0xff : random.nextInt(256));
            }
            int from = p.length == 0 ? 0 : random.nextInt(p.length);
            int count = p.length - from == 0 ? 0 : random.nextInt(p.length - from + 1);
            long ones = 0;
            long first1 = -1, first0 = -1;
            for (long i = 0; i < count * 8L; i++) {
                int b = bit(p, from * 8L + i);
                ones += b;
                if (b == 1 && first1 < 0) first1 = i;
                if (b == 0 && first0 < 0) first0 = i;
            }
            assertEquals(ones, Bits.popcount(p, from, count));
            assertEquals(first1, Bits.firstBit(p, from, count, 1));
            assertEquals(first0 < 0 ? count * 8L : first0, Bits.firstBit(p, from, count, 0));
        }
    }

    @Test
    void fieldsReadBackWhatWasWrittenWithoutTouchingNeighbours() {
        Random random = new Random(5);
        for (int trial = 0; trial < 2000; trial++) {
            byte[] p = new byte[24];
            random.nextBytes(p);
            byte[] before = p.clone();
            int bits = 1 + random.nextInt(64);
            long offset = random.nextInt(24 * 8 - bits + 1);
            long value = random.nextLong();
            Bits.set(p, offset, bits, value);
            long mask = bits == 64 ? -1L : (1L << bits) - 1;
            assertEquals(value & mask, Bits.getUnsigned(p, p.length, offset, bits));
            long signed = bits == 64 ? value : (value << (64 - bits)) >> (64 - bits);
            assertEquals(signed, Bits.getSigned(p, p.length, offset, bits));
            for (long i = 0; i < 24 * 8; i++) {
                if (i < offset || i >= offset + bits) assertEquals(bit(before, i), bit(p, i), "bit " + i);
            }
        }
    }

    @Test
    void bytesPastTheLengthReadAsZero() {
        byte[] p = {(byte) 0xff, (byte) 0xff};
        assertEquals(0xff00L, Bits.getUnsigned(p, 1, 0, 16));
        assertEquals(0L, Bits.getUnsigned(p, 0, 4, 8));
    }
}
