package dev.cinnabar.hashes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.testing.CinnabarExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The hash commands through a real client library, used the way applications use them (sessions, counters). */
class HashesJedisTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension().flushingBeforeEach();

    private static Jedis jedis() {
        return cinnabar.jedis();
    }

    @Test
    void sessionHash() {
        Map<String, String> session = new LinkedHashMap<>();
        session.put("user", "alice");
        session.put("created", "1700000000");
        session.put("role", "admin");
        assertEquals(3, jedis().hset("session:1", session));
        assertEquals(session, jedis().hgetAll("session:1"));
        assertEquals("alice", jedis().hget("session:1", "user"));
        assertEquals(Arrays.asList("alice", null, "admin"), jedis().hmget("session:1", "user", "nope", "role"));
        assertEquals(List.of("alice", "1700000000", "admin"), jedis().hvals("session:1"));
        assertEquals(Set.of("user", "created", "role"), jedis().hkeys("session:1"));
        assertTrue(jedis().hexists("session:1", "role"));
        assertEquals(5, jedis().hstrlen("session:1", "user"));
        assertEquals(0, jedis().hsetnx("session:1", "user", "bob"));
        assertEquals(1, jedis().hsetnx("session:1", "seen", "1"));
        assertEquals("OK", jedis().hmset("session:1", Map.of("role", "user")));
        assertEquals(2, jedis().hdel("session:1", "role", "seen", "nope"));
        assertFalse(jedis().hexists("session:1", "role"));
        assertEquals(2, jedis().hlen("session:1"));
        assertEquals(1, jedis().expire("session:1", 100));
        assertTrue(jedis().ttl("session:1") > 0);
        assertEquals(2, jedis().hdel("session:1", "user", "created"));
        assertFalse(jedis().exists("session:1"));
        assertTrue(jedis().hgetAll("session:1").isEmpty());
    }

    @Test
    void counters() {
        assertEquals(5, jedis().hincrBy("stats", "hits", 5));
        assertEquals(3, jedis().hincrBy("stats", "hits", -2));
        assertEquals(2.5, jedis().hincrByFloat("stats", "load", 2.5));
        assertEquals(2.75, jedis().hincrByFloat("stats", "load", 0.25));
        jedis().hset("stats", "name", "x");
        JedisDataException e = assertThrows(JedisDataException.class, () -> jedis().hincrBy("stats", "name", 1));
        assertEquals("ERR hash value is not an integer", e.getMessage());
        jedis().set("plain", "v");
        e = assertThrows(JedisDataException.class, () -> jedis().hset("plain", "f", "v"));
        assertTrue(e.getMessage().startsWith("WRONGTYPE"));
    }

    @Test
    void randomFieldsAndScanOfALargeHash() {
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i < 2000; i++) fields.put("member:" + i, Integer.toString(i));
        jedis().hset("big", fields);
        assertEquals("hashtable", jedis().objectEncoding("big"));
        assertTrue(fields.containsKey(jedis().hrandfield("big")));
        List<String> some = jedis().hrandfield("big", 10);
        assertEquals(10, Set.copyOf(some).size());
        for (Map.Entry<String, String> pair : jedis().hrandfieldWithValues("big", -30)) {
            assertEquals(fields.get(pair.getKey()), pair.getValue());
        }
        Map<String, String> scanned = new HashMap<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<Map.Entry<String, String>> page = jedis().hscan("big", cursor, new ScanParams().count(100));
            for (Map.Entry<String, String> pair : page.getResult()) scanned.put(pair.getKey(), pair.getValue());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        assertEquals(fields, scanned);
    }

    @Test
    void binaryFieldsAndValues() {
        byte[] key = {'b', 0};
        byte[] field = {0, (byte) 0xff, '\n'};
        byte[] value = {1, 2, 3, 0};
        assertEquals(1, jedis().hset(key, field, value));
        assertArrayEquals(value, jedis().hget(key, field));
        Map<byte[], byte[]> all = jedis().hgetAll(key);
        assertEquals(1, all.size());
        assertArrayEquals(value, all.values().iterator().next());
        assertNull(jedis().hget(key, new byte[] {0}));
    }
}
