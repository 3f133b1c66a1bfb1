package dev.cinnabar.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

class NumbersTest {
    @Test
    void toBytesMatchesLongToStringAndParsesBack() {
        long[] edges = {0, 1, -1, 9, 10, -10, 99, 100, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};
        for (long v : edges) check(v);
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 10_000; i++) check(rnd.nextLong() >> rnd.nextInt(64));
    }

    private static void check(long v) {
        byte[] bytes = Numbers.toBytes(v);
        assertEquals(Long.toString(v), new String(bytes, StandardCharsets.US_ASCII));
        assertEquals(v, Numbers.parseLong(bytes));
    }

    @Test
    void parseLongIsStrictLikeRedis() {
        for (String bad : new String[] {"", "+1", " 1", "1 ", "01", "-0", "-", "1.0", "9223372036854775808",
                "-9223372036854775809", "123456789012345678901"}) {
            assertThrows(RedisError.class, () -> Numbers.parseLong(bad.getBytes(StandardCharsets.US_ASCII)), bad);
        }
    }
}
