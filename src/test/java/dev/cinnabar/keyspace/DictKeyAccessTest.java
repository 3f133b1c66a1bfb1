package dev.cinnabar.keyspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Dict access without key copies (lookups by slice, keys written or visited in place) and fair random draws. */
class DictKeyAccessTest {
    private static final byte[] EMPTY = new byte[0];

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Dict dictOf(int n, String prefix) {
        Dict dict = new Dict();
        for (int i = 0; i < n; i++) dict.insertNew(bytes(prefix + i), EMPTY, 0);
        return dict;
    }

    @Test
    void findsKeysGivenAsSlices() {
        Dict dict = dictOf(100, "k");
        dict.insertNew(bytes("long-key-" + "x".repeat(100)), new Object(), 0);   // an object entry too
        byte[] framed = bytes("<k42>");
        // compare the keys found, not handles: a lookup may move an entry while a resize is under way
        int found = dict.find(framed, 1, 3);
        assertNotEquals(Dict.MISSING, found);
        assertEquals("k42", new String(dict.key(found), StandardCharsets.UTF_8));
        assertEquals(Dict.MISSING, dict.find(framed, 2, 2));     // "42"
        byte[] longFramed = bytes("(long-key-" + "x".repeat(100) + ")");
        assertNotEquals(Dict.MISSING, dict.find(longFramed, 1, longFramed.length - 2));
    }

    @Test
    void writesAndVisitsKeysInPlace() {
        Dict dict = dictOf(50, "member:");
        List<String> written = new ArrayList<>();
        int handle = dict.find(bytes("member:7"));
        dict.writeKey(handle, (array, offset, length) ->
                written.add(new String(array, offset, length, StandardCharsets.UTF_8)));
        assertEquals(List.of("member:7"), written);

        Set<String> visited = new HashSet<>();
        assertTrue(dict.forEachKeyWhile((array, offset, length) ->
                visited.add(new String(array, offset, length, StandardCharsets.UTF_8))));
        assertEquals(50, visited.size());
        int[] calls = {0};
        assertFalse(dict.forEachKeyWhile((array, offset, length) -> ++calls[0] < 5));
        assertEquals(5, calls[0]);
    }

    /** Entries come out equally often even when deletions left them in clusters and while the table resizes. */
    @Test
    void randomEntriesAreUniform() {
        Dict clustered = dictOf(150, "k");
        for (int i = 10; i < 150; i++) clustered.removeAt(clustered.find(bytes("k" + i)));
        assertUniform(clustered, 10);

        Dict resizing = dictOf(6, "k");
        resizing.insertNew(bytes("k6"), EMPTY, 0);     // crosses 3/4 of 8 slots: a resize starts
        assertTrue(resizing.isRehashing());
        assertUniform(resizing, 7);
    }

    private static void assertUniform(Dict dict, int size) {
        Map<String, Integer> counts = new HashMap<>();
        int draws = 20_000;
        for (int i = 0; i < draws; i++) {
            counts.merge(new String(dict.key(dict.randomEntry()), StandardCharsets.UTF_8), 1, Integer::sum);
        }
        assertEquals(size, counts.size());
        double expected = (double) draws / size, chiSquare = 0;
        for (int n : counts.values()) chiSquare += (n - expected) * (n - expected) / expected;
        assertTrue(chiSquare < 40, "chi-square " + chiSquare + " for " + counts);   // p about 1e-5 for a fair draw
    }
}
