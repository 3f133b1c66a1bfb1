package dev.cinnabar.keyspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

class DatabaseTest {
    private static final long T0 = 1_700_000_000_000L;   // a fixed "now"

    private Keyspace keyspace;
    private Database db;

    private static byte[] k(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @BeforeEach
    void setUp() {
        keyspace = new Keyspace(4);
        keyspace.setTime(T0);
        db = keyspace.db(0);
    }

    @Test
    void aKeyExpiresOnlyOnceTheTimeIsPastItsExpireTime() {
        db.set(k("a"), k("1"), false);
        db.setExpire(k("a"), T0 + 100);
        keyspace.setTime(T0 + 100);
        assertNotNull(db.peek(k("a")), "Redis keeps a key alive at exactly its expire time");
        keyspace.setTime(T0 + 101);
        assertNull(db.peek(k("a")));
        assertEquals(0, db.size(), "the lookup deleted it");
        assertEquals(0, db.expiresSize());
        assertEquals(1, keyspace.stats.expiredKeys);
    }

    @Test
    void hitsAndMissesAreCountedByReadLookupsOnly() {
        db.set(k("a"), k("1"), false);
        db.lookupRead(k("a"));
        db.lookupRead(k("nope"));
        db.lookupReadNoTouch(k("a"));
        db.lookupReadNoTouch(k("nope"));
        db.lookupWrite(k("a"));
        db.peek(k("a"));
        assertEquals(2, keyspace.stats.keyspaceHits);
        assertEquals(2, keyspace.stats.keyspaceMisses);
    }

    @Test
    void idleTimeFollowsTouchingLookupsOnly() {
        db.set(k("a"), k("1"), false);
        keyspace.setTime(T0 + 10_000);
        assertEquals(10, db.idleSeconds(k("a")));
        db.lookupReadNoTouch(k("a"));
        db.peek(k("a"));
        assertEquals(10, db.idleSeconds(k("a")));
        db.lookupRead(k("a"));
        assertEquals(0, db.idleSeconds(k("a")));
        keyspace.setTime(T0 + 15_000);
        keyspace.setTouchKeys(false);                  // CLIENT NO-TOUCH
        db.lookupRead(k("a"));
        db.set(k("a"), k("2"), true);                  // an overwrite without touching keeps the old access time
        assertEquals(5, db.idleSeconds(k("a")));
        keyspace.setTouchKeys(true);
        db.set(k("a"), k("3"), true);
        assertEquals(0, db.idleSeconds(k("a")));
        assertEquals(-1, db.idleSeconds(k("missing")));
    }

    @Test
    void idleTimeCanBeSetAndSurvivesClockWrap() {
        db.set(k("a"), k("1"), false);
        db.setIdleSeconds(k("a"), 1000);
        assertEquals(1000, db.idleSeconds(k("a")));
        // Idle longer than the clock value itself: the stored clock wraps below zero.
        long clock = (T0 / 1000) & Database.LRU_BITS;
        db.setIdleSeconds(k("a"), clock + 50);
        assertEquals(clock + 50, db.idleSeconds(k("a")));
    }

    @Test
    void overwritingKeepsOrDropsTheExpire() {
        db.set(k("a"), k("1"), false);
        db.setExpire(k("a"), T0 + 5000);
        db.set(k("a"), k("2"), true);
        assertEquals(T0 + 5000, db.expireAt(k("a")));
        db.set(k("a"), k("3"), false);
        assertEquals(-1, db.expireAt(k("a")));
        assertEquals(0, db.expiresSize());
    }

    @Test
    void setOverAnExpiredKeyCreatesAFreshKey() {
        db.set(k("a"), k("1"), false);
        db.setExpire(k("a"), T0 - 1);
        db.set(k("a"), k("2"), true);
        assertEquals(-1, db.expireAt(k("a")), "keepTtl must not revive the dead key's expire");
        assertArrayEquals(k("2"), (byte[]) db.peek(k("a")));
    }

    @Test
    void deleteAndPersist() {
        db.set(k("a"), k("1"), false);
        db.setExpire(k("a"), T0 + 10);
        assertTrue(db.persist(k("a")));
        assertFalse(db.persist(k("a")));
        assertEquals(-1, db.expireAt(k("a")));
        assertTrue(db.delete(k("a")));
        assertFalse(db.delete(k("a")));
        db.set(k("b"), k("1"), false);
        db.setExpire(k("b"), T0 - 1);
        assertFalse(db.delete(k("b")), "an expired key is not counted as deleted");
        assertEquals(0, db.size());
    }

    @Test
    void randomKeyReturnsNullWhenEveryKeyIsExpired() {
        for (int i = 0; i < 10_000; i++) {
            db.set(k("e" + i), k("v"), false);
            db.setExpire(k("e" + i), T0 - 1);
        }
        assertNull(db.randomKey());
        assertEquals(0, db.size());
    }

    @Test
    void randomKeySkipsExpiredKeys() {
        for (int i = 0; i < 1000; i++) {
            db.set(k("e" + i), k("v"), false);
            db.setExpire(k("e" + i), T0 - 1);
        }
        db.set(k("live"), k("v"), false);
        assertArrayEquals(k("live"), db.randomKey());
        Set<String> seen = new HashSet<>();
        db.set(k("other"), k("v"), false);
        for (int i = 0; i < 200; i++) seen.add(new String(db.randomKey(), StandardCharsets.UTF_8));
        assertEquals(Set.of("live", "other"), seen);
    }

    @Test
    void keysSkipsButDoesNotDeleteExpiredKeys() {
        db.set(k("a1"), k("v"), false);
        db.set(k("a2"), k("v"), false);
        db.set(k("b1"), k("v"), false);
        db.setExpire(k("a2"), T0 - 1);
        List<byte[]> keys = db.keys(k("a*"));
        assertEquals(1, keys.size());
        assertArrayEquals(k("a1"), keys.get(0));
        assertEquals(2, db.keys(k("*")).size());
        assertEquals(3, db.size());
    }

    @Test
    void activeExpireCycleDeletesExpiredKeysWithoutAccess() {
        long now = System.currentTimeMillis();   // the cycle reads the clock itself
        for (int i = 0; i < 5000; i++) {
            db.set(k("x" + i), k("v"), false);
            db.setExpire(k("x" + i), i % 2 == 0 ? now - 1000 : now + 3_600_000);
        }
        keyspace.db(2).set(k("y"), k("v"), false);
        keyspace.db(2).setExpire(k("y"), now - 1000);
        // Each run stops a database once a sample is at most 10% stale, so the last stragglers take many runs.
        for (int i = 0; i < 2000 && (db.size() > 2500 || keyspace.db(2).size() > 0); i++) {
            keyspace.activeExpireCycle(50_000_000);
        }
        assertEquals(2500, db.size());
        assertEquals(2500, db.expiresSize());
        assertEquals(0, keyspace.db(2).size());
        assertEquals(2501, keyspace.stats.expiredKeys);
        assertTrue(db.avgTtl() > 3_000_000, "average TTL of the sampled live keys: " + db.avgTtl());
    }

    @Test
    void activeExpireCanBeDisabled() {
        long now = System.currentTimeMillis();
        db.set(k("x"), k("v"), false);
        db.setExpire(k("x"), now - 1000);
        keyspace.setActiveExpireEnabled(false);
        keyspace.activeExpireCycle(50_000_000);
        assertEquals(1, db.size());
    }

    @Test
    void swapExchangesContentsButNotIndexes() {
        db.set(k("a"), k("1"), false);
        keyspace.db(1).set(k("b"), k("2"), false);
        keyspace.swap(0, 1);
        assertNotNull(keyspace.db(0).peek(k("b")));
        assertNotNull(keyspace.db(1).peek(k("a")));
        assertEquals(0, keyspace.db(0).id());
        assertEquals(1, keyspace.db(1).id());
    }

    @Test
    void lfuCountersStartAtFiveGrowAndDecay() {
        keyspace.setAccessTracking(true, 0, 1);       // log factor 0: every access increments
        db.set(k("a"), k("1"), false);
        assertEquals(Keyspace.LFU_INIT_VAL, db.frequency(k("a")));
        for (int i = 0; i < 10; i++) db.lookupRead(k("a"));
        assertEquals(15, db.frequency(k("a")));
        db.lookupReadNoTouch(k("a"));
        assertEquals(15, db.frequency(k("a")));
        keyspace.setTime(T0 + 3 * 60_000);           // decays by one per lfu-decay-time minute
        assertEquals(12, db.frequency(k("a")));
        db.setFrequency(k("a"), 200);
        assertEquals(200, db.frequency(k("a")));
        keyspace.setTime(T0 + 300 * 60_000);
        assertEquals(0, db.frequency(k("a")));
        keyspace.setAccessTracking(true, 0, 0);       // decay disabled
        assertEquals(200, db.frequency(k("a")));
        assertEquals(-1, db.frequency(k("missing")));
    }

    @Test
    void lfuCounterSaturatesAndGrowsLogarithmicallyWithTheDefaultFactor() {
        keyspace.setAccessTracking(true, 10, 1);
        db.set(k("a"), k("1"), false);
        for (int i = 0; i < 1000; i++) db.lookupRead(k("a"));
        int after1000 = db.frequency(k("a"));
        assertTrue(after1000 > 10 && after1000 < 40, "1000 hits at factor 10 gave " + after1000);
        keyspace.setAccessTracking(true, 0, 1);
        db.setFrequency(k("a"), 254);
        db.lookupRead(k("a"));
        db.lookupRead(k("a"));
        assertEquals(255, db.frequency(k("a")));
    }

    @Test
    void stringValuesAreReadAsCopiesSoStoredBytesCannotChange() {
        byte[] v = k("value");
        db.set(k("a"), v, false);
        byte[] read = (byte[]) db.lookupRead(k("a"));
        assertArrayEquals(v, read);
        read[0] = 'X';
        assertArrayEquals(k("value"), (byte[]) db.peek(k("a")));
        assertArrayEquals(k("value"), (byte[]) db.remove(k("a")));
        assertNull(db.peek(k("a")));
    }
}
