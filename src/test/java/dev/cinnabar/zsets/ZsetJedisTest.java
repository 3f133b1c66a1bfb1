package dev.cinnabar.zsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.testing.CinnabarExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.SortedSetOption;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.ZAddParams;
import redis.clients.jedis.params.ZParams;
import redis.clients.jedis.params.ZRangeParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;
import redis.clients.jedis.util.KeyValue;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Sorted sets as an application drives them through Jedis: a leaderboard, a sliding-window rate limiter, set algebra. */
class ZsetJedisTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension().flushingBeforeEach();

    private static Jedis jedis() {
        return cinnabar.jedis();
    }

    private Jedis jedis;

    @Test
    void leaderboard() {
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int i = 0; i < 500; i++) scores.put("player:" + i, (double) (i * 37 % 1000));
        assertEquals(500, jedis().zadd("board", scores));
        assertEquals(1037.5, jedis().zincrby("board", 1000.5, "player:1"));
        List<Tuple> top = jedis().zrevrangeWithScores("board", 0, 2);
        assertEquals("player:1", top.get(0).getElement());
        assertEquals(1037.5, top.get(0).getScore());
        assertEquals(0L, jedis().zrevrank("board", "player:1"));
        KeyValue<Long, Double> rank = jedis().zrevrankWithScore("board", "player:1");
        assertEquals(0L, rank.getKey());
        assertEquals(1037.5, rank.getValue());
        assertEquals(999.0, jedis().zscore("board", top.get(1).getElement()));
        assertNull(jedis().zscore("board", "nobody"));
        assertEquals(java.util.Arrays.asList(1037.5, 74.0, null), jedis().zmscore("board", "player:1", "player:2", "nobody"));
        assertEquals(500L, jedis().zcard("board"));
        assertEquals(0L, jedis().zadd("board", 5, "player:2", ZAddParams.zAddParams().gt()));
        assertEquals(74.0, jedis().zscore("board", "player:2"));
        List<String> page = jedis().zrangeByScore("board", 100, 200, 2, 3);
        assertEquals(3, page.size());
        for (String p : page) assertTrue(jedis().zscore("board", p) >= 100 && jedis().zscore("board", p) <= 200);
        assertEquals("skiplist", jedis().objectEncoding("board"));
        List<Tuple> lowest = jedis().zpopmin("board", 2);
        assertEquals(0.0, lowest.get(0).getScore());
        assertEquals(498L, jedis().zcard("board"));
    }

    @Test
    void slidingWindowRateLimiter() {
        long now = 1_700_000_000_000L;
        for (int i = 0; i < 10; i++) jedis().zadd("rl:user", now - i * 1000, "req:" + (now - i * 1000));
        // drop what left the 5-second window, then count what is in it
        assertEquals(5L, jedis().zremrangeByScore("rl:user", "-inf", "(" + (now - 4999)));
        assertEquals(5L, jedis().zcard("rl:user"));
        assertEquals(5L, jedis().zcount("rl:user", now - 4999, now));
        assertEquals("listpack", jedis().objectEncoding("rl:user"));
        assertEquals(List.of("req:" + now), jedis().zrevrangeByScore("rl:user", "+inf", "-inf", 0, 1));
    }

    @Test
    void setAlgebraAndRanges() {
        jedis().zadd("a", Map.of("x", 1.0, "y", 2.0, "z", 3.0));
        jedis().zadd("b", Map.of("y", 10.0, "z", 20.0, "w", 30.0));
        assertEquals(4L, jedis().zunionstore("u", new ZParams().weights(1, 2).aggregate(ZParams.Aggregate.MAX), "a", "b"));
        assertEquals(List.of("x", "y", "z", "w"), jedis().zrange("u", 0, -1));
        assertEquals(2L, jedis().zinterstore("i", "a", "b"));
        assertEquals(12.0, jedis().zscore("i", "y"));
        assertEquals(List.of("x"), jedis().zdiff("a", "b"));
        assertEquals(2L, jedis().zintercard("a", "b"));
        assertEquals(1L, jedis().zintercard(1, "a", "b"));
        List<Tuple> inter = jedis().zinterWithScores(new ZParams(), "a", "b");
        assertEquals(new Tuple("y", 12.0), inter.get(0));
        assertEquals(List.of("z", "y"), jedis().zrange("a", ZRangeParams.zrangeByScoreParams(3, 2).rev()));
        assertEquals(2L, jedis().zrangestore("r", "a", ZRangeParams.zrangeByScoreParams(2, 3)));
        assertEquals(List.of("y", "z"), jedis().zrange("r", 0, -1));
        KeyValue<String, List<Tuple>> popped = jedis().zmpop(SortedSetOption.MAX, 2, "nokey", "b");
        assertEquals("b", popped.getKey());
        assertEquals(List.of(new Tuple("w", 30.0), new Tuple("z", 20.0)), popped.getValue());
        jedis().zadd("lex", Map.of("apple", 0.0, "banana", 0.0, "cherry", 0.0));
        assertEquals(List.of("banana", "cherry"), jedis().zrangeByLex("lex", "[b", "+"));
        assertEquals(2L, jedis().zlexcount("lex", "(apple", "+"));
        assertEquals(1L, jedis().zremrangeByLex("lex", "[c", "+"));
    }

    @Test
    void randomScanAndErrors() {
        for (int i = 0; i < 300; i++) jedis().zadd("big", i, "m" + i);
        List<Tuple> sample = jedis().zrandmemberWithScores("big", 10);
        assertEquals(10, new HashSet<>(sample).size());
        for (Tuple t : sample) assertEquals("m" + (long) t.getScore(), t.getElement());
        Set<String> seen = new HashSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<Tuple> page = jedis().zscan("big", cursor, new ScanParams().count(20));
            for (Tuple t : page.getResult()) seen.add(t.getElement());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        assertEquals(300, seen.size());
        jedis().set("str", "v");
        JedisDataException wrongType = assertThrows(JedisDataException.class, () -> jedis().zadd("str", 1, "a"));
        assertTrue(wrongType.getMessage().startsWith("WRONGTYPE"));
        jedis().zadd("inf", Double.POSITIVE_INFINITY, "a");
        JedisDataException nan = assertThrows(JedisDataException.class, () -> jedis().zincrby("inf", Double.NEGATIVE_INFINITY, "a"));
        assertEquals("ERR resulting score is not a number (NaN)", nan.getMessage());
        assertEquals(Double.POSITIVE_INFINITY, jedis().zscore("inf", "a"));
    }
}
