package dev.cinnabar.keyspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

class EntriesAndExpiryTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void packedEntriesKeepKeyValueAndExpireForShortAndLongKeys() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int keyLen : new int[] {0, 1, 63, 64, 200, 70_000}) {
            byte[] key = new byte[keyLen];
            byte[] value = new byte[rnd.nextInt(100)];
            for (int i = 0; i < keyLen; i++) key[i] = (byte) rnd.nextInt(256);
            for (int i = 0; i < value.length; i++) value[i] = (byte) rnd.nextInt(256);
            for (long expire : new long[] {Entries.NO_EXPIRE, 0, 1_700_000_000_123L, Long.MAX_VALUE}) {
                Object e = Entries.make(key, value, expire);
                assertArrayEquals(key, Entries.key(e));
                assertArrayEquals(value, (byte[]) Entries.value(e));
                assertEquals(expire, Entries.expireAt(e));
                assertTrue(Entries.keyEquals(e, key.clone()));
                assertEquals(Hashing.hash(key, 42), Entries.hash(e, 42));
                byte[] other = new byte[rnd.nextInt(50)];
                for (long newExpire : new long[] {Entries.NO_EXPIRE, 99}) {
                    Object replaced = Entries.withValueAndExpire(e, other, newExpire);
                    assertArrayEquals(key, Entries.key(replaced));
                    assertArrayEquals(other, (byte[]) Entries.value(replaced));
                    assertEquals(newExpire, Entries.expireAt(replaced));
                }
                assertEquals(expire, Entries.expireAt(Entries.withValue(e, other)));
                Object withoutExpire = Entries.withExpire(e, Entries.NO_EXPIRE);
                assertEquals(Entries.NO_EXPIRE, Entries.expireAt(withoutExpire));
                assertArrayEquals(value, (byte[]) Entries.value(withoutExpire));
            }
        }
    }

    @Test
    void objectValuesKeepTheirExpireWhenReplaced() {
        RedisValue list = new RedisValue() {
            public String typeName() { return "list"; }
            public String encoding() { return "quicklist"; }
            public RedisValue copy() { return this; }
            public long memoryUsage(int samples) { return 16; }
        };
        Object e = Entries.withExpire(Entries.make(b("k"), list, Entries.NO_EXPIRE), 1234);
        assertEquals(1234, Entries.expireAt(e));
        assertSame(list, Entries.value(e));
        Object asString = Entries.withValue(e, b("v"));
        assertEquals(1234, Entries.expireAt(asString));
        assertArrayEquals(b("v"), (byte[]) Entries.value(asString));
    }

    @Test
    void lazyExpiryAndSetRemovesTtlUnlessKept() throws Exception {
        Keyspace ks = new Keyspace(1);
        Database db = ks.db(0);
        db.set(b("a"), b("1"), false);
        db.setExpire(b("a"), System.currentTimeMillis() + 100_000);
        assertEquals(1, db.expiresSize());
        db.set(b("a"), b("2"), true);
        assertTrue(db.expireAt(b("a")) > 0);
        db.set(b("a"), b("3"), false);
        assertEquals(-1, db.expireAt(b("a")));
        assertEquals(0, db.expiresSize());

        db.setExpire(b("a"), System.currentTimeMillis() - 1);
        ks.updateTime();
        assertNull(db.lookupRead(b("a")));
        assertEquals(0, db.size());
        assertEquals(1, ks.stats.expiredKeys);
    }

    @Test
    void activeExpireCycleRemovesUntouchedKeys() {
        Keyspace ks = new Keyspace(2);
        Database db = ks.db(1);
        long past = System.currentTimeMillis() - 1000;
        for (int i = 0; i < 50_000; i++) {
            db.set(b("k" + i), b("v"), false);
            if (i % 2 == 0) db.setExpire(b("k" + i), past);
        }
        assertEquals(25_000, db.expiresSize());
        for (int run = 0; run < 200 && db.expiresSize() > 0; run++) ks.activeExpireCycle(25_000_000);
        assertEquals(0, db.expiresSize());
        assertEquals(25_000, db.size());
        assertFalse(db.exists(b("k0")));
        assertTrue(db.exists(b("k1")));
    }
}
