package dev.cinnabar.keyspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

class DictTest {

    private static byte[] key(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String str(byte[] k) {
        return new String(k, StandardCharsets.UTF_8);
    }

    /** Checks the dict holds exactly the model's entries, through both lookups and iteration. */
    private static void assertSameContents(Map<String, Object> model, Dict dict) {
        assertEquals(model.size(), dict.size());
        for (Map.Entry<String, Object> e : model.entrySet()) {
            assertSame(e.getValue(), dict.get(key(e.getKey())), "value of " + e.getKey());
        }
        Map<String, Object> seen = new HashMap<>();
        dict.forEach((k, v, bits) -> assertNull(seen.put(str(k), v), "iterated twice: " + str(k)));
        assertEquals(model, seen);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void randomOperationsMatchAHashMapAcrossGrowthShrinkAndRehash(long seed) {
        Random rnd = new Random(seed);
        Dict dict = new Dict();
        Map<String, Object> model = new HashMap<>();
        int grownTo = 0;
        boolean sawRehash = false, sawShrink = false;
        int range = 0;
        for (int round = 0; round < 6; round++) {
            // Alternate phases that mostly insert (growth) and mostly delete (shrink), over a varying key range.
            if (round % 2 == 0) range = 500 + rnd.nextInt(20_000);
            double insertBias = round % 2 == 0 ? 0.8 : 0.02;
            for (int op = 0; op < 60_000; op++) {
                String k = "k" + rnd.nextInt(range);
                double dice = rnd.nextDouble();
                if (dice < insertBias) {
                    Object v = new Object();
                    if (rnd.nextBoolean()) {
                        assertSame(model.put(k, v), dict.put(key(k), v));
                    } else if (!model.containsKey(k)) {
                        model.put(k, v);
                        dict.insertNew(key(k), v, 0);
                    }
                } else if (dice < 0.9) {
                    assertSame(model.remove(k), dict.remove(key(k)));
                } else {
                    int h = dict.find(key(k));
                    assertEquals(model.containsKey(k), h != Dict.MISSING);
                    if (h != Dict.MISSING) {
                        assertEquals(k, str(dict.key(h)));
                        assertSame(model.get(k), dict.value(h));
                    }
                }
                sawRehash |= dict.isRehashing();
                int capacity = dict.capacity();
                if (capacity < grownTo) sawShrink = true;
                grownTo = Math.max(grownTo, capacity);
                if (op % 5000 == 0) assertSameContents(model, dict);
            }
            assertSameContents(model, dict);
        }
        assertTrue(sawRehash, "the test must exercise incremental rehashing");
        assertTrue(sawShrink, "the test must exercise shrinking");
        assertEquals(0, dict.emergencyRebuilds());
    }

    @Test
    void userBitsAreKeptPerEntryThroughResizes() {
        Dict dict = new Dict();
        for (int i = 0; i < 50_000; i++) dict.insertNew(key("u" + i), i, i & 0xFFFFFF);
        for (int i = 0; i < 50_000; i += 2) dict.remove(key("u" + i));
        for (int i = 1; i < 50_000; i += 2) {
            int h = dict.find(key("u" + i));
            assertEquals(i & 0xFFFFFF, dict.userBits(h));
            dict.setUserBits(h, 0xABCDEF);
            assertEquals(0xABCDEF, dict.userBits(dict.find(key("u" + i))));
        }
        // User bits never leak into the fingerprint: lookups still work after setting all 24 bits.
        int h = dict.find(key("u1"));
        dict.setUserBits(h, 0xFFFFFFFF);
        assertEquals(0xFFFFFF, dict.userBits(dict.find(key("u1"))));
        assertEquals(1, dict.get(key("u1")));
    }

    @Test
    void clearEmptiesTheDict() {
        Dict dict = new Dict();
        for (int i = 0; i < 1000; i++) dict.put(key("c" + i), i);
        dict.clear();
        assertEquals(0, dict.size());
        assertNull(dict.get(key("c1")));
        assertEquals(0, dict.scan(0, (k, v, b) -> { throw new AssertionError("visited " + str(k)); }));
        assertEquals(Dict.MISSING, dict.randomEntry());
    }

    @Test
    void binaryKeysAreDistinct() {
        Dict dict = new Dict();
        byte[][] keys = {{}, {0}, {0, 0}, {(byte) 0xFF}, {1, 2, 3}, {1, 2, 3, 0}};
        for (int i = 0; i < keys.length; i++) dict.insertNew(keys[i], i, 0);
        for (int i = 0; i < keys.length; i++) assertEquals(i, dict.get(keys[i].clone()));
    }

    // ---- SCAN ---------------------------------------------------------------------------------------------------

    /** Runs a whole SCAN, calling {@code between} after each step; returns every key returned (with repeats). */
    private static List<String> fullScan(Dict dict, Runnable between) {
        List<String> returned = new ArrayList<>();
        long cursor = 0;
        int steps = 0;
        do {
            cursor = dict.scan(cursor, (k, v, bits) -> returned.add(str(k)));
            between.run();
            assertTrue(++steps < 10_000_000, "scan does not terminate");
        } while (cursor != 0);
        return returned;
    }

    @Test
    void scanOfAnUnchangedDictReturnsEveryKeyExactlyOnce() {
        Dict dict = new Dict();
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            dict.insertNew(key("s" + i), i, 0);
            expected.add("s" + i);
        }
        List<String> returned = fullScan(dict, () -> { });
        assertEquals(expected.size(), returned.size());
        assertEquals(expected, new HashSet<>(returned));
    }

    @Test
    void scanDuringAnUnfinishedRehashReturnsEveryKeyExactlyOnce() {
        Dict dict = new Dict();
        int n = 0;
        while (!dict.isRehashing() || dict.rehashIndex() < 100) {
            dict.insertNew(key("r" + n), n, 0);
            n++;
            if (n > 1_000_000) throw new AssertionError("no rehash observed");
        }
        assertTrue(dict.isRehashing());
        List<String> returned = fullScan(dict, () -> { });
        assertTrue(dict.isRehashing(), "scanning must not advance the rehash");
        assertEquals(n, returned.size());
        assertEquals(n, new HashSet<>(returned).size());
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15, 16})
    void scanReturnsEveryKeyPresentThroughoutWhileTheTableGrowsAndShrinks(long seed) {
        Random rnd = new Random(seed);
        Dict dict = new Dict();
        Set<String> stable = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            dict.insertNew(key("stable" + i), i, 0);
            stable.add("stable" + i);
        }
        List<String> churn = new ArrayList<>();
        int[] next = {0};
        int[] phase = {0};
        int[] resizesSeen = {0};
        int[] lastCapacity = {dict.capacity()};
        List<String> returned = fullScan(dict, () -> {
            // Between scan calls: grow hard, then shrink hard, repeatedly, so resizes start and finish mid-scan.
            int growing = (phase[0]++ / 40) % 2;
            int ops = rnd.nextInt(400);
            for (int i = 0; i < ops; i++) {
                if (growing == 0) {
                    String k = "churn" + next[0]++;
                    dict.insertNew(key(k), k, 0);
                    churn.add(k);
                } else if (!churn.isEmpty()) {
                    String k = churn.remove(churn.size() - 1);
                    dict.remove(key(k));
                }
            }
            if (dict.capacity() != lastCapacity[0]) {
                resizesSeen[0]++;
                lastCapacity[0] = dict.capacity();
            }
        });
        Set<String> got = new HashSet<>(returned);
        for (String k : stable) assertTrue(got.contains(k), "scan missed " + k);
        for (String k : got) assertTrue(k.startsWith("stable") || k.startsWith("churn"), k);
        assertTrue(resizesSeen[0] >= 2, "the table should have resized during the scan, saw " + resizesSeen[0]);
    }

    @Test
    void scanGuaranteeHoldsWhenTheDictShrinksToAlmostNothing() {
        Dict dict = new Dict();
        for (int i = 0; i < 100_000; i++) dict.insertNew(key("x" + i), i, 0);
        dict.insertNew(key("keep-a"), 1, 0);
        dict.insertNew(key("keep-b"), 2, 0);
        int[] deleted = {0};
        List<String> returned = fullScan(dict, () -> {
            for (int i = 0; i < 5_000 && deleted[0] < 100_000; i++) dict.remove(key("x" + deleted[0]++));
        });
        assertTrue(returned.contains("keep-a"));
        assertTrue(returned.contains("keep-b"));
        assertEquals(2, dict.size());
    }

    @Test
    void scanCursorFromAnotherTableSizeStillTerminates() {
        Dict dict = new Dict();
        for (int i = 0; i < 10; i++) dict.insertNew(key("t" + i), i, 0);
        // Cursors from a larger table (or garbage) must not loop: the high bits are folded in and carried out.
        for (long cursor : new long[] {1L << 40, -1L, 0x5555_5555_5555_5555L, 123456789L}) {
            long c = cursor;
            int steps = 0;
            do {
                c = dict.scan(c, (k, v, b) -> { });
                assertTrue(++steps <= 64, "cursor " + cursor + " does not finish");
            } while (c != 0);
        }
    }

    // ---- incremental resizing -----------------------------------------------------------------------------------

    /**
     * Growing a multi-million-entry dict never does a large amount of work in one operation: each insert moves at
     * most a handful of entries (or skips a bounded run of empty slots), so a resize is spread over many inserts.
     */
    @Test
    void resizingAMillionEntryDictIsSpreadOverManyOperations() {
        Dict dict = new Dict();
        int n = 3_000_000;
        int resizes = 0, maxSlotsPerInsert = 0, longestResizeOps = 0, currentResizeOps = 0;
        long worstNanos = 0;
        boolean wasRehashing = false;
        for (int i = 0; i < n; i++) {
            int before = dict.rehashIndex();
            boolean rehashingBefore = dict.isRehashing();
            long t0 = System.nanoTime();
            dict.insertNew(key("m" + i), Boolean.TRUE, 0);
            long took = System.nanoTime() - t0;
            if (i > 100_000) worstNanos = Math.max(worstNanos, took);
            if (rehashingBefore && dict.isRehashing()) {
                maxSlotsPerInsert = Math.max(maxSlotsPerInsert, dict.rehashIndex() - before);
            }
            if (dict.isRehashing()) {
                if (!wasRehashing) {
                    resizes++;
                    currentResizeOps = 0;
                }
                currentResizeOps++;
                longestResizeOps = Math.max(longestResizeOps, currentResizeOps);
            }
            wasRehashing = dict.isRehashing();
        }
        assertEquals(n, dict.size());
        assertTrue(resizes >= 15, "expected a resize per doubling, saw " + resizes);
        // A step moves at most a few entries or skips at most ten empty slots per entry it may move.
        assertTrue(maxSlotsPerInsert <= 64, "one insert advanced the rehash by " + maxSlotsPerInsert + " slots");
        // The last resize (2M+ entries) spanned hundreds of thousands of inserts rather than happening at once.
        assertTrue(longestResizeOps > 100_000, "longest resize lasted only " + longestResizeOps + " operations");
        // Generous bound on the single worst insert (it includes allocating the new table and GC pauses).
        assertTrue(worstNanos < 2_000_000_000L, "worst insert took " + worstNanos / 1_000_000 + " ms");
        assertEquals(0, dict.emergencyRebuilds());
    }

    @Test
    void insertsDuringAShrinkDoNotOverfillTheSmallerTable() {
        Dict dict = new Dict();
        int n = 200_000;
        for (int i = 0; i < n; i++) dict.insertNew(key("g" + i), i, 0);
        while (dict.isRehashing()) dict.rehash(1000);
        int i = 0;
        while (!dict.isRehashing()) dict.remove(key("g" + i++));
        assertTrue(dict.resizeTargetCapacity() < dict.capacity(), "a shrink must have started");
        // Now insert as fast as possible: the shrink target must be finished before it runs out of room.
        for (int j = 0; j < n; j++) dict.insertNew(key("new" + j), j, 0);
        assertEquals(0, dict.emergencyRebuilds());
        for (int j = 0; j < n; j += 997) assertEquals(j, dict.get(key("new" + j)));
        for (int j = i; j < n; j += 991) assertEquals(j, dict.get(key("g" + j)));
        assertEquals(n - i + n, dict.size());
    }

    @Test
    void rehashFromTheCronFinishesAResizeWithoutOtherOperations() {
        Dict dict = new Dict();
        int n = 0;
        while (!dict.isRehashing()) dict.insertNew(key("c" + n), n++, 0);
        int target = dict.resizeTargetCapacity();
        while (dict.rehash(100)) { }
        assertFalse(dict.isRehashing());
        assertEquals(target, dict.capacity());
        for (int i = 0; i < n; i++) assertEquals(i, dict.get(key("c" + i)));
    }

    @Test
    void randomEntryCoversAllEntriesIncludingDuringRehash() {
        Dict dict = new Dict();
        int n = 0;
        while (!dict.isRehashing() || dict.rehashIndex() == 0) dict.insertNew(key("e" + n), n++, 0);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200 * n && seen.size() < n; i++) seen.add(str(dict.key(dict.randomEntry())));
        assertEquals(n, seen.size());
    }

    @Test
    void findHandlesStayValidForTheEntryUntilModification() {
        Dict dict = new Dict();
        for (int i = 0; i < 1000; i++) dict.insertNew(key("h" + i), i, 0);
        int h = dict.find(key("h500"));
        assertArrayEquals(key("h500"), dict.key(h));
        dict.setValue(h, "changed");
        assertEquals("changed", dict.get(key("h500")));
        assertNotEquals(Dict.MISSING, dict.find(key("h999")));
        assertEquals(Dict.MISSING, dict.find(key("absent")));
    }
}
