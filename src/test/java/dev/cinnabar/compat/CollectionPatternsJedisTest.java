package dev.cinnabar.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.testing.CinnabarExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.Tuple;
import redis.clients.jedis.util.KeyValue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Our users' list, hash, set and sorted-set patterns through Jedis, as an application would write them. */
class CollectionPatternsJedisTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension().flushingBeforeEach();

    private static Jedis jedis() {
        return cinnabar.jedis();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void taskQueueWithABlockingConsumer() throws Exception {
        CompletableFuture<KeyValue<String, String>> consumer = CompletableFuture.supplyAsync(() -> {
            try (Jedis other = new Jedis("127.0.0.1", cinnabar.port())) {
                return other.brpop(5.0, "queue:tasks");
            }
        });
        pause(200);
        assertFalse(consumer.isDone());
        assertEquals(1, jedis().lpush("queue:tasks", "t"));
        KeyValue<String, String> task = consumer.get(5, TimeUnit.SECONDS);
        assertEquals("queue:tasks", task.getKey());
        assertEquals("t", task.getValue());
        assertNull(jedis().brpop(0.05, "queue:tasks"));
    }

    @Test
    void reliableQueueMovesTasksToAProcessingList() {
        jedis().rpush("queue", "a", "b", "c");
        assertEquals("c", jedis().rpoplpush("queue", "processing"));
        assertEquals("a", jedis().lmove("queue", "processing", ListDirection.LEFT, ListDirection.RIGHT));
        assertEquals(List.of("c", "a"), jedis().lrange("processing", 0, -1));
        assertEquals("a", jedis().lindex("processing", 1));
        assertEquals("OK", jedis().ltrim("processing", 0, 0));
        assertEquals("b", jedis().blmove("queue", "processing", ListDirection.LEFT, ListDirection.LEFT, 1.0));
        assertEquals(List.of("b", "c"), jedis().lrange("processing", 0, -1));
        assertFalse(jedis().exists("queue"));
    }

    @Test
    void agentStateInAHash() {
        assertEquals(2, jedis().hset("agent:1", Map.of("status", "active", "task", "x")));
        assertEquals(Map.of("status", "active", "task", "x"), jedis().hgetAll("agent:1"));
        assertEquals(5, jedis().hincrBy("agent:1", "done", 5));
        assertEquals(java.util.Arrays.asList("active", null, "5"), jedis().hmget("agent:1", "status", "nope", "done"));
        assertEquals(1.5, jedis().hincrByFloat("agent:1", "load", 1.5));
    }

    @Test
    void tagSets() {
        jedis().sadd("tags:a", "red", "green", "blue");
        jedis().sadd("tags:b", "green", "black");
        assertEquals(Set.of("red", "green", "blue"), jedis().smembers("tags:a"));
        assertEquals(Set.of("green"), jedis().sinter("tags:a", "tags:b"));
        assertEquals(Set.of("red", "green", "blue", "black"), jedis().sunion("tags:a", "tags:b"));
        assertEquals(Set.of("red", "blue"), jedis().sdiff("tags:a", "tags:b"));
    }

    @Test
    void leaderboard() {
        jedis().zadd("leaderboard", 100, "p1");
        jedis().zadd("leaderboard", Map.of("p2", 250.0, "p3", 175.0));
        assertEquals(200.0, jedis().zincrby("leaderboard", 100, "p1"));
        List<Tuple> top = jedis().zrevrangeWithScores("leaderboard", 0, 9);
        assertEquals(List.of(new Tuple("p2", 250.0), new Tuple("p1", 200.0), new Tuple("p3", 175.0)), top);
        assertEquals(List.of("p3", "p1"), jedis().zrangeByScore("leaderboard", 150, 200));
        assertEquals(0L, jedis().zrevrank("leaderboard", "p2"));
    }

    @Test
    void priorityQueueOnBzpopmin() throws Exception {
        CompletableFuture<KeyValue<String, Tuple>> worker = CompletableFuture.supplyAsync(() -> {
            try (Jedis other = new Jedis("127.0.0.1", cinnabar.port())) {
                return other.bzpopmin(5.0, "jobs");
            }
        });
        pause(200);
        jedis().zadd("jobs", Map.of("low", 9.0, "urgent", 1.0));
        KeyValue<String, Tuple> job = worker.get(5, TimeUnit.SECONDS);
        assertEquals("jobs", job.getKey());
        assertEquals(new Tuple("urgent", 1.0), job.getValue());
        assertEquals(1, jedis().zcard("jobs"));
    }

    @Test
    void slidingWindowRateLimiter() {
        long now = System.currentTimeMillis();
        int allowed = 0;
        for (int i = 0; i < 5; i++) {
            Pipeline p = jedis().pipelined();
            p.zremrangeByScore("window", 0, now + i - 1000);
            Response<Long> count = p.zcard("window");
            p.zadd("window", now + i, "req:" + i);
            p.expire("window", 2);
            p.sync();
            if (count.get() < 3) allowed++;
        }
        assertEquals(3, allowed);
        assertTrue(jedis().ttl("window") > 0);
    }

    @Test
    void wrongTypeIsAnError() {
        jedis().hset("h", "f", "v");
        JedisDataException e = assertThrows(JedisDataException.class, () -> jedis().lpush("h", "x"));
        assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value", e.getMessage());
    }
}
