package dev.cinnabar.persistence.rdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

class Crc64Test {
    private static final String LOREM = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed "
            + "do eiusmod tempor incididunt ut labore et dolore magna "
            + "aliqua. Ut enim ad minim veniam, quis nostrud exercitation "
            + "ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis "
            + "aute irure dolor in reprehenderit in voluptate velit esse "
            + "cillum dolore eu fugiat nulla pariatur. Excepteur sint "
            + "occaecat cupidatat non proident, sunt in culpa qui officia "
            + "deserunt mollit anim id est laborum.";

    @Test
    void matchesRedisCheckValues() {
        assertEquals(0xe9c6d914c4b8d9caL, Crc64.of("123456789".getBytes(StandardCharsets.US_ASCII)));
        // Redis's self-test includes the C string's terminating NUL.
        byte[] lorem = Arrays.copyOf(LOREM.getBytes(StandardCharsets.US_ASCII), LOREM.length() + 1);
        assertEquals(0xc7794709e69683b3L, Crc64.of(lorem));
        assertEquals(0, Crc64.of(new byte[0]));
    }

    @Test
    void canBeComputedIncrementally() {
        byte[] data = "123456789".getBytes(StandardCharsets.US_ASCII);
        long crc = Crc64.update(0, data, 0, 4);
        crc = Crc64.update(crc, data, 4, 5);
        assertEquals(Crc64.of(data), crc);
    }
}
