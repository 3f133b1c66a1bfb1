package dev.cinnabar.hyperloglog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.strings.StringValue;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** The representation: registers, the sparse form's invariants, promotion, the estimator at its limits. */
class HllTest {
    @Test
    void denseRegistersKeepTheirNeighbours() {
        byte[] dense = new byte[Hll.DENSE_SIZE];
        int[] expected = new int[Hll.REGISTERS];
        Random random = new Random(1);
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < Hll.REGISTERS; i++) {
                expected[i] = random.nextInt(64);
                Hll.denseSetRegister(dense, i, expected[i]);
            }
            for (int i = 0; i < Hll.REGISTERS; i++) assertEquals(expected[i], Hll.denseGet(dense, i));
        }
    }

    @Test
    void sparseAndDenseFormsHoldTheSameRegisters() {
        StringValue sparse = StringValue.of(Hll.create());
        byte[] dense = new byte[Hll.DENSE_SIZE];
        Random random = new Random(2);
        for (int i = 0; i < 1500; i++) {
            byte[] element = ("e" + random.nextLong()).getBytes(StandardCharsets.US_ASCII);
            int pattern = Hll.patternOf(element);
            Hll.denseSet(dense, pattern & 0xffff, pattern >>> 16);
            assertTrue(Hll.add(sparse, element, 1_000_000) >= 0);
        }
        assertEquals(Hll.SPARSE, Hll.encoding(sparse.buffer()));
        byte[] registers = new byte[Hll.REGISTERS];
        assertTrue(Hll.merge(registers, sparse.buffer(), sparse.length()));
        for (int i = 0; i < Hll.REGISTERS; i++) assertEquals(Hll.denseGet(dense, i), registers[i], "register " + i);
        assertTrue(Hll.sparseToDense(sparse));
        for (int i = 0; i < Hll.REGISTERS; i++) assertEquals(Hll.denseGet(dense, i), Hll.denseGet(sparse.buffer(), i));
    }

    @Test
    void aSparseValueIsPromotedPastTheLimit() {
        StringValue hll = StringValue.of(Hll.create());
        for (int i = 0; i < 100; i++) Hll.add(hll, ("x" + i).getBytes(StandardCharsets.US_ASCII), 40);
        assertEquals(Hll.DENSE, Hll.encoding(hll.buffer()));
        assertEquals(Hll.DENSE_SIZE, hll.length());
    }

    @Test
    void truncatedSparseValuesAreReportedCorrupt() {
        byte[] header = java.util.Arrays.copyOf(Hll.create(), Hll.HEADER);
        header[Hll.HEADER - 1] = 0;
        assertFalse(Hll.histogram(header, header.length, new int[64]));
        assertEquals(-1, Hll.add(StringValue.of(header), new byte[] {1}, 3000));
    }

    @Test
    void estimatesAtTheExtremes() {
        int[] empty = new int[64];
        empty[0] = Hll.REGISTERS;
        assertEquals(0, Hll.estimate(empty));
        int[] full = new int[64];
        full[Hll.Q + 1] = Hll.REGISTERS;
        assertTrue(Hll.estimate(full) > 1L << 60);
    }

    @Test
    void elementsFallInTheRegistersRedisPutsThemIn() {
        // register and run length as PFDEBUG DECODE shows them in redis-server after PFADD of the element alone
        assertPattern("abc", 9474, 1);
        assertPattern("", 5938, 2);
        assertPattern("hello-world-12345", 14578, 1);
    }

    private static void assertPattern(String element, int register, int count) {
        int pattern = Hll.patternOf(element.getBytes(StandardCharsets.US_ASCII));
        assertEquals(register, pattern & 0xffff, element);
        assertEquals(count, pattern >>> 16, element);
    }
}
