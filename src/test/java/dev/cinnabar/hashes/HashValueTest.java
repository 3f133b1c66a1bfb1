package dev.cinnabar.hashes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The two encodings of {@link HashValue}, their conversion rules and the listpack's byte layout. */
class HashValueTest {
    private static final long ENTRIES = 512;
    private static final long VALUE = 64;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> pairs(HashValue hash) {
        List<String> out = new ArrayList<>();
        hash.forEach((a, fo, fl, vo, vl) -> out.add(new String(a, fo, fl, StandardCharsets.UTF_8) + "="
                + new String(a, vo, vl, StandardCharsets.UTF_8)));
        return out;
    }

    private static Map<String, String> contents(HashValue hash) {
        Map<String, String> out = new TreeMap<>();
        for (String pair : pairs(hash)) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return out;
    }

    private static HashValue listpack(String... fieldsAndValues) {
        HashValue hash = new HashValue();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            hash.set(b(fieldsAndValues[i]), b(fieldsAndValues[i + 1]), ENTRIES, VALUE);
        }
        return hash;
    }

    @Test
    void listpackKeepsInsertionOrderAndUpdatesInPlace() {
        HashValue hash = listpack("a", "1", "b", "2", "c", "3");
        assertFalse(hash.set(b("b"), b("a much longer value"), ENTRIES, VALUE));
        assertFalse(hash.set(b("a"), b(""), ENTRIES, VALUE));
        assertTrue(hash.set(b("d"), b("4"), ENTRIES, VALUE));
        assertEquals(List.of("a=", "b=a much longer value", "c=3", "d=4"), pairs(hash));
        assertFalse(hash.set(b("b"), b("x"), ENTRIES, VALUE));
        assertEquals(List.of("a=", "b=x", "c=3", "d=4"), pairs(hash));
        assertEquals("listpack", hash.encoding());
        assertEquals(4, hash.size());
    }

    @Test
    void listpackDeletesKeepTheOrderOfTheRest() {
        HashValue hash = listpack("a", "1", "b", "2", "c", "3", "d", "4");
        assertTrue(hash.delete(b("b")));
        assertFalse(hash.delete(b("b")));
        assertTrue(hash.delete(b("d")));
        assertEquals(List.of("a=1", "c=3"), pairs(hash));
        assertTrue(hash.delete(b("a")));
        assertTrue(hash.delete(b("c")));
        assertTrue(hash.isEmpty());
        assertEquals(0, hash.size());
    }

    @Test
    void stringsOfEveryLengthFormRoundTrip() {
        HashValue hash = new HashValue();
        List<String> expected = new ArrayList<>();
        for (int length : new int[] {0, 1, 126, 127, 128, 129, 300, 70_000}) {
            String field = "f".repeat(length), value = "v".repeat(length + 1);
            hash.set(b(field), b(value), ENTRIES, Long.MAX_VALUE);
            expected.add(field + "=" + value);
        }
        assertEquals("listpack", hash.encoding());
        assertEquals(expected, pairs(hash));
        assertArrayEquals(b("v".repeat(129)), hash.get(b("f".repeat(128))));
        hash.set(b("f".repeat(127)), b("short"), ENTRIES, Long.MAX_VALUE);   // long form -> short form in the middle
        assertEquals("f".repeat(127) + "=short", pairs(hash).get(3));
        assertEquals(expected.get(4), pairs(hash).get(4));
        assertNull(hash.get(b("missing")));
    }

    @Test
    void convertsWhenTooManyFieldsAndNeverBack() {
        HashValue hash = new HashValue();
        for (int i = 0; i < 3; i++) hash.set(b("f" + i), b("v"), 3, VALUE);
        assertEquals("listpack", hash.encoding());
        hash.set(b("f3"), b("v"), 3, VALUE);
        assertEquals("hashtable", hash.encoding());
        for (int i = 0; i < 4; i++) hash.delete(b("f" + i));
        assertTrue(hash.isEmpty());
        assertEquals("hashtable", hash.encoding());
    }

    @Test
    void convertsBeforeStoringALongFieldOrValue() {
        HashValue field = listpack("a", "1");
        field.set(b("x".repeat(65)), b("1"), ENTRIES, VALUE);
        assertEquals("hashtable", field.encoding());
        HashValue value = listpack("a", "1");
        value.set(b("a"), b("x".repeat(64)), ENTRIES, VALUE);
        assertEquals("listpack", value.encoding());
        value.set(b("a"), b("x".repeat(65)), ENTRIES, VALUE);
        assertEquals("hashtable", value.encoding());
        assertEquals(Map.of("a", "x".repeat(65)), contents(value));
    }

    @Test
    void anUpdateConvertsAListpackThatALoweredLimitLeftTooLarge() {
        HashValue hash = listpack("a", "1", "b", "2", "c", "3");
        hash.set(b("a"), b("9"), 2, VALUE);
        assertEquals("hashtable", hash.encoding());
        assertEquals(Map.of("a", "9", "b", "2", "c", "3"), contents(hash));
    }

    @Test
    void argumentsAreCheckedBeforeAWrite() {
        byte[][] argv = {b("HSET"), b("k"), b("a"), b("1"), b("a"), b("2"), b("a"), b("3")};
        HashValue repeated = new HashValue();
        repeated.prepareFor(argv, 2, 7, 2, VALUE);           // three pairs > 2, even though one field repeats
        assertEquals("hashtable", repeated.encoding());
        HashValue fits = new HashValue();
        fits.prepareFor(argv, 2, 7, 3, VALUE);
        assertEquals("listpack", fits.encoding());
        fits.prepareFor(new byte[][] {b("HSET"), b("k"), b("a"), b("x".repeat(65))}, 2, 3, 3, VALUE);
        assertEquals("hashtable", fits.encoding());
    }

    @Test
    void hashtableHoldsManyFields() {
        HashValue hash = new HashValue();
        for (int i = 0; i < 10_000; i++) assertTrue(hash.set(b("field:" + i), b("v" + i), ENTRIES, VALUE));
        assertEquals("hashtable", hash.encoding());
        assertEquals(10_000, hash.size());
        assertFalse(hash.set(b("field:5"), b("changed"), ENTRIES, VALUE));
        assertArrayEquals(b("changed"), hash.get(b("field:5")));
        assertArrayEquals(b("v9999"), hash.get(b("field:9999")));
        assertTrue(hash.contains(b("field:0")));
        assertTrue(hash.delete(b("field:0")));
        assertFalse(hash.contains(b("field:0")));
        assertEquals(9_999, pairs(hash).size());
    }

    @Test
    void copiesAreIndependentInBothEncodings() {
        HashValue small = listpack("a", "1", "b", "2");
        HashValue smallCopy = small.copy();
        smallCopy.set(b("a"), b("changed"), ENTRIES, VALUE);
        smallCopy.delete(b("b"));
        assertEquals(List.of("a=1", "b=2"), pairs(small));
        assertEquals(List.of("a=changed"), pairs(smallCopy));
        assertEquals("listpack", smallCopy.encoding());

        HashValue large = listpack("a", "1");
        large.set(b("b"), b("x".repeat(100)), ENTRIES, VALUE);
        HashValue largeCopy = large.copy();
        assertEquals("hashtable", largeCopy.encoding());
        largeCopy.set(b("a"), b("changed"), ENTRIES, VALUE);
        largeCopy.delete(b("b"));
        assertEquals(Map.of("a", "1", "b", "x".repeat(100)), contents(large));
        assertEquals(Map.of("a", "changed"), contents(largeCopy));
    }

    @Test
    void pairPositionsAddressEveryListpackPair() {
        HashValue hash = listpack("a", "1", "bb", "22", "ccc", "333");
        List<String> visited = new ArrayList<>();
        for (int p : hash.pairPositions()) {
            hash.visitAt(p, (a, fo, fl, vo, vl) -> visited.add(new String(a, fo, fl, StandardCharsets.UTF_8)));
        }
        assertEquals(List.of("a", "bb", "ccc"), visited);
    }
}
