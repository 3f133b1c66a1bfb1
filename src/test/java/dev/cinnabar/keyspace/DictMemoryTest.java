package dev.cinnabar.keyspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The dict's memory accounting and its sampling for eviction. */
class DictMemoryTest {
    private static byte[] b(String s) {
        return s.getBytes();
    }

    @Test
    void memoryFollowsEntriesExactlyForStrings() {
        Dict d = new Dict();
        long empty = d.memoryBytes();
        d.insertNew(b("key"), new byte[100], 0);
        long one = d.memoryBytes();
        assertEquals(Footprint.bytes(1 + 3 + 100), one - empty);          // header, key, value in one array
        d.setExpireTime(d.find(b("key")), 12345);
        assertEquals(Footprint.bytes(1 + 8 + 3 + 100), d.memoryBytes() - empty);
        d.setValue(d.find(b("key")), new byte[10]);
        assertEquals(Footprint.bytes(1 + 8 + 3 + 10), d.memoryBytes() - empty);
        d.remove(b("key"));
        assertEquals(empty, d.memoryBytes());
    }

    @Test
    void objectValuesCountWhatWasLastMeasured() {
        Dict d = new Dict();
        long empty = d.memoryBytes();
        RedisValue v = new RedisValue() {
            public String typeName() { return "list"; }
            public String encoding() { return "quicklist"; }
            public RedisValue copy() { return this; }
            public long memoryUsage(int samples) { return 1000; }
        };
        int h = d.insertNew(b("k"), v, 0);
        long withoutValue = d.memoryBytes() - empty;
        d.setValueBytes(h, 1000);
        assertEquals(withoutValue + 1000, d.memoryBytes() - empty);
        d.setExpireTime(d.find(b("k")), 99);                               // the measure moves with the entry
        assertEquals(1000 + 8, d.memoryBytes() - empty - withoutValue);
        d.remove(b("k"));
        assertEquals(empty, d.memoryBytes());
    }

    @Test
    void samplingFindsRareVolatileEntriesAndOnlyThem() {
        Dict d = new Dict();
        for (int i = 0; i < 5000; i++) d.insertNew(b("p" + i), new byte[10], 0);
        for (int i = 0; i < 200; i++) d.insertNew(b("v" + i), new byte[10], 1_000_000L + i, 0);
        int misses = 0;
        for (int t = 0; t < 10_000; t++) {
            int[] found = new int[1];
            d.sampleSome(1, true, 2000, h -> {
                assertNotEquals(Entries.NO_EXPIRE, d.expireTime(h));
                found[0]++;
            });
            if (found[0] == 0) misses++;
        }
        assertEquals(0, misses);
        int[] all = new int[1];
        assertEquals(5, d.sampleSome(5, false, 100, h -> all[0]++));
        assertEquals(5, all[0]);
    }

    @Test
    void samplingWorksWhileATableResizes() {
        Dict d = new Dict();
        for (int i = 0; i < 3073; i++) d.insertNew(b("k" + i), new byte[1], 0);   // starts growing 4096 -> 8192
        assertTrue(d.isRehashing());
        for (int t = 0; t < 1000; t++) {
            int[] found = new int[1];
            d.sampleSome(5, false, 10_000, h -> {
                assertEquals(h, d.find(d.key(h)));                      // a live entry, in the table it is in
                found[0]++;
            });
            assertEquals(5, found[0]);
        }
    }
}
