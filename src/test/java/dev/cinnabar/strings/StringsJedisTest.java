package dev.cinnabar.strings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.testing.CinnabarExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.GetExParams;
import redis.clients.jedis.params.LCSParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.LCSMatchResult;

import java.util.Arrays;
import java.util.List;

/** The string commands through a real client library. */
class StringsJedisTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension().flushingBeforeEach();

    private static Jedis jedis() {
        return cinnabar.jedis();
    }

    @Test
    void setAndGetWithOptions() {
        assertEquals("OK", jedis().set("k", "v"));
        assertEquals("v", jedis().get("k"));
        assertNull(jedis().set("k", "v2", SetParams.setParams().nx()));
        assertEquals("OK", jedis().set("k", "v2", SetParams.setParams().xx().ex(100)));
        assertEquals("v2", jedis().setGet("k", "v3"));
        assertEquals("v3", jedis().get("k"));
        assertEquals("OK", jedis().set("k", "v4", SetParams.setParams().keepTtl()));
        assertNull(jedis().get("missing"));
        byte[] binary = {0, 1, 2, (byte) 0xff, '\r', '\n'};
        assertEquals("OK", jedis().set("bin".getBytes(), binary));
        assertArrayEquals(binary, jedis().get("bin".getBytes()));
        JedisDataException e = assertThrows(JedisDataException.class,
                () -> jedis().set("k", "v", SetParams.setParams().px(0)));
        assertEquals("ERR invalid expire time in 'set' command", e.getMessage());
    }

    @Test
    void getVariants() {
        jedis().set("k", "v");
        assertEquals("v", jedis().getEx("k", GetExParams.getExParams().ex(100)));
        assertEquals("v", jedis().getEx("k", GetExParams.getExParams().persist()));
        assertEquals("v", jedis().getSet("k", "w"));
        assertEquals("w", jedis().getDel("k"));
        assertNull(jedis().getDel("k"));
        assertEquals(1, jedis().setnx("k", "x"));
        assertEquals(0, jedis().setnx("k", "y"));
        assertEquals("OK", jedis().setex("e", 100, "v"));
        assertEquals("OK", jedis().psetex("p", 100_000, "v"));
        assertEquals("OK", jedis().mset("a", "1", "b", "2"));
        assertEquals(Arrays.asList("1", "2", null), jedis().mget("a", "b", "c"));
        assertEquals(0, jedis().msetnx("c", "3", "a", "9"));
        assertEquals(1, jedis().msetnx("c", "3", "d", "4"));
    }

    @Test
    void partsOfStrings() {
        assertEquals(5, jedis().append("k", "hello"));
        assertEquals(11, jedis().append("k", " world"));
        assertEquals(11, jedis().strlen("k"));
        assertEquals("world", jedis().getrange("k", -5, -1));
        assertEquals("hello", jedis().substr("k", 0, 4));
        assertEquals(11, jedis().setrange("k", 6, "redis"));
        assertEquals("hello redis", jedis().get("k"));
        assertEquals(3, jedis().setrange("z", 2, "x"));
        assertArrayEquals(new byte[] {0, 0, 'x'}, jedis().get("z".getBytes()));
    }

    @Test
    void counters() {
        assertEquals(1, jedis().incr("n"));
        assertEquals(11, jedis().incrBy("n", 10));
        assertEquals(10, jedis().decr("n"));
        assertEquals(5, jedis().decrBy("n", 5));
        assertEquals(5.5, jedis().incrByFloat("n", 0.5));
        assertEquals("5.5", jedis().get("n"));
        jedis().set("n", String.valueOf(Long.MAX_VALUE));
        JedisDataException e = assertThrows(JedisDataException.class, () -> jedis().incr("n"));
        assertEquals("ERR increment or decrement would overflow", e.getMessage());
        jedis().set("s", "abc");
        e = assertThrows(JedisDataException.class, () -> jedis().incrByFloat("s", 1));
        assertEquals("ERR value is not a valid float", e.getMessage());
    }

    @Test
    void lcs() {
        jedis().mset("a", "ohmytext", "b", "mynewtext");
        assertEquals("mytext", jedis().lcs("a", "b", LCSParams.LCSParams()).getMatchString());
        assertEquals(6, jedis().lcs("a", "b", LCSParams.LCSParams().len()).getLen());
        LCSMatchResult result = jedis().lcs("a", "b", LCSParams.LCSParams().idx().withMatchLen());
        assertEquals(6, result.getLen());
        List<LCSMatchResult.MatchedPosition> matches = result.getMatches();
        assertEquals(2, matches.size());
        assertEquals(4, matches.get(0).getA().getStart());
        assertEquals(7, matches.get(0).getA().getEnd());
        assertEquals(5, matches.get(0).getB().getStart());
        assertEquals(4, matches.get(0).getMatchLen());
        assertEquals(2, matches.get(1).getA().getStart());
        assertEquals(0, matches.get(1).getB().getStart());
        assertTrue(jedis().lcs("a", "b", LCSParams.LCSParams().idx().minMatchLen(3)).getMatches().size() == 1);
    }
}
