package dev.cinnabar.keyspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** Presized dicts and in-place reads of packed entries (what collection types built on Dict use). */
class DictPackedAccessTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] a, int offset, int length) {
        return new String(a, offset, length, StandardCharsets.UTF_8);
    }

    @Test
    void aPresizedDictFillsWithoutResizing() {
        for (int expected : new int[] {0, 1, 6, 7, 100, 1000, 4096}) {
            Dict dict = new Dict(expected);
            int capacity = dict.capacity();
            for (int i = 0; i < expected; i++) dict.insertNew(b("k" + i), b("v"), 0);
            assertFalse(dict.isRehashing(), "no resize while filling " + expected);
            assertEquals(capacity, dict.capacity());
            assertTrue(capacity < Math.max(16, expected * 3), "not oversized for " + expected);
        }
    }

    @Test
    void packedEntriesAreVisitedInPlace() {
        Dict dict = new Dict();
        dict.insertNew(b("short"), b("value"), 0);
        dict.insertNew(b("k".repeat(100)), b(""), 0);          // a key in the long header form
        dict.insertNew(b("object"), new Object(), 0);           // not packed: skipped
        Map<String, String> seen = new TreeMap<>();
        dict.forEachPacked((e, ko, kl, vo, vl) -> seen.put(text(e, ko, kl), text(e, vo, vl)));
        assertEquals(Map.of("short", "value", "k".repeat(100), ""), seen);

        String[] one = new String[2];
        assertTrue(dict.visitPacked(dict.find(b("short")), (e, ko, kl, vo, vl) -> {
            one[0] = text(e, ko, kl);
            one[1] = text(e, vo, vl);
        }));
        assertEquals("short", one[0]);
        assertEquals("value", one[1]);
        assertFalse(dict.visitPacked(dict.find(b("object")), (e, ko, kl, vo, vl) -> { }));
    }
}
