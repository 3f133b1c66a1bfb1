package dev.cinnabar.hyperloglog;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.strings.StringValue;

import java.util.concurrent.ThreadLocalRandom;

/**
 * PFSELFTEST, Redis's self-test of the implementation: random dense register values read back unchanged without
 * disturbing their neighbours, then 10,000,000 distinct elements added to a dense and a sparse HyperLogLog side by
 * side, checking at every power of ten that the sparse form is still used while small, that both forms count the
 * same, and that the estimate is within six standard errors.
 */
final class SelfTest {
    private static final int CYCLES = 1000;

    private SelfTest() {}

    static void run(CommandContext ctx) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] dense = new byte[Hll.DENSE_SIZE];
        byte[] expected = new byte[Hll.REGISTERS];
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            for (int i = 0; i < Hll.REGISTERS; i++) {
                int r = random.nextInt() & Hll.REGISTER_MAX;
                expected[i] = (byte) r;
                Hll.denseSetRegister(dense, i, r);
            }
            for (int i = 0; i < Hll.REGISTERS; i++) {
                int v = Hll.denseGet(dense, i);
                if (v != expected[i]) {
                    throw new RedisError("ERR TESTFAILED Register " + i + " should be " + expected[i] + " but is " + v);
                }
            }
        }

        java.util.Arrays.fill(dense, Hll.HEADER, Hll.DENSE_SIZE, (byte) 0);
        StringValue sparse = StringValue.of(Hll.create());
        long maxBytes = ctx.server().config().hllSparseMaxBytes.value();
        double relativeError = 1.04 / Math.sqrt(Hll.REGISTERS);
        long checkpoint = 1;
        long seed = random.nextLong();
        byte[] element = new byte[8];
        for (long j = 1; j <= 10_000_000; j++) {
            long ele = j ^ seed;
            for (int b = 0; b < 8; b++) element[b] = (byte) (ele >>> (8 * b));
            int pattern = Hll.patternOf(element);
            Hll.denseSet(dense, pattern & 0xffff, pattern >>> 16);
            Hll.set(sparse, pattern & 0xffff, pattern >>> 16, maxBytes);
            if (j != checkpoint) continue;
            if (j < maxBytes / 2 && Hll.encoding(sparse.buffer()) != Hll.SPARSE) {
                throw new RedisError("ERR TESTFAILED sparse encoding not used");
            }
            long denseCount = count(dense, Hll.DENSE_SIZE);
            if (denseCount != count(sparse.buffer(), sparse.length())) {
                throw new RedisError("ERR TESTFAILED dense/sparse disagree");
            }
            long absoluteError = Math.abs(checkpoint - denseCount);
            long maxError = (long) Math.ceil(relativeError * 6 * checkpoint);
            if (j == 10) maxError = 1; // collisions make larger errors likely at this size
            if (absoluteError > maxError) {
                throw new RedisError("ERR TESTFAILED Too big error. card:" + checkpoint + " abserr:" + absoluteError);
            }
            checkpoint *= 10;
        }
        ctx.reply().ok();
    }

    private static long count(byte[] b, int length) {
        int[] histogram = new int[64];
        Hll.histogram(b, length, histogram);
        return Hll.estimate(histogram);
    }
}
