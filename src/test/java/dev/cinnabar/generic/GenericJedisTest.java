package dev.cinnabar.generic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.testing.CinnabarExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ExpiryOption;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.RestoreParams;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.util.HashSet;
import java.util.Set;

/** The generic commands through a real client library. */
class GenericJedisTest {
    @RegisterExtension
    static final CinnabarExtension server = new CinnabarExtension();
    static Jedis jedis;

    @BeforeAll
    static void connect() {
        jedis = server.jedis();
    }

    @BeforeEach
    void clean() {
        jedis.select(0);
        jedis.flushAll();
    }

    @Test
    void deleteExistsTypeTouch() {
        jedis.set("a", "1");
        jedis.set("b", "2");
        assertEquals(2, jedis.exists("a", "b", "c"));
        assertTrue(jedis.exists("a"));
        assertEquals("string", jedis.type("a"));
        assertEquals("none", jedis.type("c"));
        assertEquals(2, jedis.touch("a", "b", "c"));
        assertEquals(1, jedis.del("a", "c"));
        assertEquals(1, jedis.unlink("b"));
        assertEquals(0, jedis.dbSize());
    }

    @Test
    void expiryCommands() {
        jedis.set("k", "v");
        assertEquals(-1, jedis.ttl("k"));
        assertEquals(1, jedis.expire("k", 100));
        assertEquals(0, jedis.expire("k", 50, ExpiryOption.NX));
        assertEquals(1, jedis.expire("k", 200, ExpiryOption.GT));
        assertEquals(200, jedis.ttl("k"));
        long pttl = jedis.pttl("k");
        assertTrue(pttl > 199_000 && pttl <= 200_000, "pttl " + pttl);
        long expireTime = jedis.expireTime("k");
        long now = System.currentTimeMillis() / 1000;
        assertTrue(Math.abs(expireTime - (now + 200)) <= 2, "expiretime " + expireTime);
        assertTrue(Math.abs(jedis.pexpireTime("k") - 1000 * (now + 200)) < 3000);
        assertEquals(1, jedis.pexpireAt("k", System.currentTimeMillis() + 60_000));
        assertEquals(60, jedis.ttl("k"));
        assertEquals(1, jedis.persist("k"));
        assertEquals(-1, jedis.ttl("k"));
        assertEquals(1, jedis.expireAt("k", 1));
        assertFalse(jedis.exists("k"));
        assertEquals(-2, jedis.ttl("k"));
        JedisDataException e = assertThrows(JedisDataException.class, () -> jedis.expire("x", Long.MAX_VALUE));
        assertEquals("ERR invalid expire time in 'expire' command", e.getMessage());
    }

    @Test
    void renameCopyMoveSwap() {
        jedis.set("a", "1");
        jedis.expire("a", 100);
        assertEquals("OK", jedis.rename("a", "b"));
        assertEquals(100, jedis.ttl("b"));
        jedis.set("c", "3");
        assertEquals(0, jedis.renamenx("b", "c"));
        assertTrue(jedis.copy("b", "d", false));
        assertFalse(jedis.copy("b", "d", false));
        assertTrue(jedis.copy("b", "c", 2, true));
        assertEquals(1, jedis.move("b", 1));
        jedis.select(1);
        assertEquals("1", jedis.get("b"));
        assertEquals(100, jedis.ttl("b"));
        jedis.select(2);
        assertEquals("1", jedis.get("c"));
        assertEquals(100, jedis.ttl("c"));
        assertEquals("OK", jedis.swapDB(2, 3));
        assertNull(jedis.get("c"));
        jedis.select(3);
        assertEquals("1", jedis.get("c"));
        JedisDataException e = assertThrows(JedisDataException.class, () -> jedis.rename("nokey", "x"));
        assertEquals("ERR no such key", e.getMessage());
    }

    @Test
    void scanIteratesEverythingWithMatchCountAndType() {
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            jedis.set("user:" + i, "v");
            if (i % 10 == 0) expected.add("user:" + i);
        }
        jedis.set("other", "v");
        Set<String> seen = new HashSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = jedis.scan(cursor, new ScanParams().match("user:*0").count(50), "string");
            seen.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        assertEquals(expected, seen);
        assertEquals(1001, jedis.keys("*").size());
        assertEquals(Set.of("other"), jedis.keys("o*"));
        assertTrue(jedis.randomKey() != null);
    }

    @Test
    void dumpRestoreAndObject() {
        jedis.set("k", "some value that is long enough to be compressed, some value, some value");
        byte[] payload = jedis.dump("k");
        assertEquals("OK", jedis.restore("k2", 0, payload));
        assertEquals(jedis.get("k"), jedis.get("k2"));
        assertThrows(JedisDataException.class, () -> jedis.restore("k2", 0, payload));
        assertEquals("OK", jedis.restore("k2", 5000, payload, RestoreParams.restoreParams().replace().idleTime(30)));
        assertEquals(30, jedis.objectIdletime("k2"));
        assertTrue(jedis.pttl("k2") > 4000);
        assertArrayEquals(payload, jedis.dump("k2"));
        assertEquals("raw", jedis.objectEncoding("k"));
        assertEquals(1, jedis.objectRefcount("k"));
        jedis.set("n", "42");
        assertEquals("int", jedis.objectEncoding("n"));
        assertEquals(Integer.MAX_VALUE, jedis.objectRefcount("n"));
        assertNull(jedis.objectEncoding("missing"));
        JedisDataException e = assertThrows(JedisDataException.class, () -> jedis.objectFreq("k"));
        assertTrue(e.getMessage().startsWith("ERR An LFU maxmemory policy is not selected"));
        assertEquals(15, jedis.objectHelp().size());
    }
}
