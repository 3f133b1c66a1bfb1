package dev.cinnabar.sets;

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

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The set commands through a real client library, as applications use them (tags, membership, random picks). */
class SetsJedisTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension().flushingBeforeEach();

    private static Jedis jedis() {
        return cinnabar.jedis();
    }

    @Test
    void tagsAndMembership() {
        assertEquals(3, jedis().sadd("tags:post:1", "java", "redis", "db"));
        assertEquals(1, jedis().sadd("tags:post:1", "redis", "cache"));
        assertEquals(4, jedis().scard("tags:post:1"));
        assertEquals(Set.of("java", "redis", "db", "cache"), jedis().smembers("tags:post:1"));
        assertTrue(jedis().sismember("tags:post:1", "db"));
        assertFalse(jedis().sismember("tags:post:1", "go"));
        assertEquals(List.of(true, false), jedis().smismember("tags:post:1", "java", "go"));
        assertEquals(2, jedis().srem("tags:post:1", "db", "cache", "nope"));
        assertEquals(Set.of(), jedis().smembers("tags:missing"));
        byte[] binary = {0, (byte) 0xff, '\r', '\n'};
        assertEquals(1, jedis().sadd("bin".getBytes(), binary));
        assertArrayEquals(binary, jedis().smembers("bin".getBytes()).iterator().next());
    }

    @Test
    void algebra() {
        jedis().sadd("a", "1", "2", "3", "x");
        jedis().sadd("b", "2", "3", "4", "y");
        assertEquals(Set.of("2", "3"), jedis().sinter("a", "b"));
        assertEquals(2, jedis().sintercard("a", "b"));
        assertEquals(1, jedis().sintercard(1, "a", "b"));
        assertEquals(Set.of("1", "2", "3", "4", "x", "y"), jedis().sunion("a", "b"));
        assertEquals(Set.of("1", "x"), jedis().sdiff("a", "b"));
        assertEquals(2, jedis().sinterstore("i", "a", "b"));
        assertEquals(6, jedis().sunionstore("u", "a", "b"));
        assertEquals(2, jedis().sdiffstore("d", "a", "b"));
        assertEquals(Set.of("1", "x"), jedis().smembers("d"));
        assertEquals("intset", jedis().objectEncoding("i"));
        assertEquals("listpack", jedis().objectEncoding("u"));
        assertEquals(1, jedis().smove("a", "b", "x"));
        assertEquals(0, jedis().smove("a", "b", "x"));
    }

    @Test
    void randomMembers() {
        Set<String> all = Set.of("a", "b", "c", "d", "e");
        jedis().sadd("s", all.toArray(String[]::new));
        assertTrue(all.contains(jedis().srandmember("s")));
        List<String> three = jedis().srandmember("s", 3);
        assertEquals(3, new HashSet<>(three).size());
        assertEquals(7, jedis().srandmember("s", -7).size());
        String popped = jedis().spop("s");
        assertTrue(all.contains(popped));
        Set<String> rest = jedis().spop("s", 10);
        assertEquals(4, rest.size());
        assertFalse(rest.contains(popped));
        assertFalse(jedis().exists("s"));
        assertNull(jedis().spop("s"));
        assertNull(jedis().srandmember("s"));
    }

    @Test
    void scanALargeSet() {
        for (int i = 0; i < 1000; i++) jedis().sadd("big", "element:" + i);
        assertEquals("hashtable", jedis().objectEncoding("big"));
        Set<String> seen = new HashSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = jedis().sscan("big", cursor, new ScanParams().count(50).match("element:1*"));
            seen.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        assertEquals(111, seen.size());   // element:1, element:10-19, element:100-199
        assertTrue(seen.stream().allMatch(m -> m.startsWith("element:1")));
    }

    @Test
    void errors() {
        jedis().set("str", "v");
        JedisDataException e = assertThrows(JedisDataException.class, () -> jedis().sadd("str", "a"));
        assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value", e.getMessage());
        e = assertThrows(JedisDataException.class, () -> jedis().spop("str", -1));
        assertEquals("ERR value is out of range, must be positive", e.getMessage());
    }
}
