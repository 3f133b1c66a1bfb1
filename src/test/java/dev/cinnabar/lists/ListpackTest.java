package dev.cinnabar.lists;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** The listpack entry codec: Redis's entry sizes, its integer detection, and decoding in both directions. */
class ListpackTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Entry sizes (header, data and backlen) as Redis's lpEncodeGetType and lpEncodeBacklen give them. */
    @ParameterizedTest
    @CsvSource({
            "0, 2", "127, 2", "128, 3", "-1, 3", "4095, 3", "-4096, 3", "4096, 4", "-4097, 4", "32767, 4",
            "-32768, 4", "32768, 5", "8388607, 5", "-8388608, 5", "8388608, 6", "2147483647, 6", "-2147483648, 6",
            "2147483648, 10", "9223372036854775807, 10", "-9223372036854775808, 10",
            // not canonical integers: stored as strings of 1 header byte + data + 1 backlen byte
            "9223372036854775808, 21", "007, 5", "-0, 4", "+1, 4", "1.5, 5", "a, 3"})
    void integerAndShortStringSizes(String element, int size) {
        assertEquals(size, Listpack.entrySize(bytes(element)));
    }

    @ParameterizedTest
    @CsvSource({"0, 2", "63, 65", "64, 67", "125, 128", "126, 130", "4095, 4099", "4096, 4103", "16377, 16384",
            "16378, 16386", "100000, 100008"})
    void stringSizes(int length, int size) {
        assertEquals(size, Listpack.entrySize(new byte[length]));
    }

    @Test
    void integerDetectionFollowsLpStringToInt64() {
        for (String yes : new String[] {"0", "1", "-1", "123", "9223372036854775807", "-9223372036854775808"}) {
            assertTrue(Listpack.isInteger(bytes(yes), 0, yes.length()), yes);
        }
        for (String no : new String[] {"", "-", "00", "01", "-0", "+1", " 1", "1 ", "1a", "9223372036854775808",
                "-9223372036854775809", "123456789012345678901", "1e3", "0x10"}) {
            assertFalse(Listpack.isInteger(bytes(no), 0, no.length()), no);
        }
    }

    @Test
    void everyEncodingRoundTripsForwardAndBackward() {
        Random random = new Random(5);
        String[] fixed = {"0", "127", "128", "-1", "4095", "-4096", "4096", "32767", "-32768", "8388607",
                "-8388608", "2147483647", "-2147483648", "9223372036854775807", "-9223372036854775808", "", "x",
                "007"};
        for (int round = 0; round < 2000; round++) {
            byte[] element;
            if (round < fixed.length) element = bytes(fixed[round]);
            else if (round % 3 == 0) element = bytes(Long.toString(random.nextLong() >> random.nextInt(64)));
            else {
                element = new byte[random.nextInt(round % 7 == 0 ? 20000 : 200)];
                random.nextBytes(element);
            }
            int size = Listpack.entrySize(element);
            byte[] buf = new byte[size + 6];
            Listpack.write(buf, 3, element);
            assertEquals(size, Listpack.entryLength(buf, 3));
            assertEquals(3, Listpack.entryStartBefore(buf, 3 + size));
            assertArrayEquals(element, Listpack.element(buf, 3));
            assertEquals(element.length, Listpack.elementLength(buf, 3));
            assertTrue(Listpack.matches(buf, 3, Listpack.encode(element)));
        }
    }

    @Test
    void integersAreStoredAsIntegers() {
        byte[] entry = Listpack.encode(bytes("-4096"));
        assertFalse(Listpack.isString(entry, 0));
        assertEquals(-4096, Listpack.integerValue(entry, 0));
        assertTrue(Listpack.isString(Listpack.encode(bytes("-0")), 0));
    }

    @Test
    void equalElementsAndOnlyThoseMatch() {
        byte[] entry = Listpack.encode(bytes("12"));
        assertTrue(Listpack.matches(Listpack.encode(bytes("12")), 0, entry));
        assertFalse(Listpack.matches(Listpack.encode(bytes("13")), 0, entry));
        assertFalse(Listpack.matches(Listpack.encode(bytes("012")), 0, entry));
        assertFalse(Listpack.matches(Listpack.encode(bytes("a")), 0, Listpack.encode(bytes("ab"))));
    }
}
