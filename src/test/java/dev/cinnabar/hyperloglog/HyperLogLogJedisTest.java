package dev.cinnabar.hyperloglog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.testing.CinnabarExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/** Unique visitors counted with HyperLogLogs through Jedis, per day and merged over a week. */
class HyperLogLogJedisTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension().flushingBeforeEach();

    @Test
    void uniqueVisitors() {
        try (Jedis jedis = cinnabar.jedis()) {
            // day d sees visitors d*1000 .. d*1000+2999: overlapping days
            for (int day = 0; day < 7; day++) {
                String[] visitors = new String[3000];
                for (int i = 0; i < 3000; i++) visitors[i] = "visitor:" + (day * 1000 + i);
                assertEquals(1, jedis.pfadd("visits:" + day, visitors));
                assertEquals(0, jedis.pfadd("visits:" + day, visitors[0], visitors[1]));
            }
            for (int day = 0; day < 7; day++) {
                long count = jedis.pfcount("visits:" + day);
                assertTrue(Math.abs(count - 3000) < 3000 * 0.02, "day " + day + ": " + count);
            }
            long week = jedis.pfcount("visits:0", "visits:1", "visits:2", "visits:3", "visits:4", "visits:5", "visits:6");
            assertTrue(Math.abs(week - 9000) < 9000 * 0.02, "week: " + week);
            assertEquals("OK", jedis.pfmerge("visits:week", "visits:0", "visits:1", "visits:2", "visits:3",
                    "visits:4", "visits:5", "visits:6"));
            assertEquals(week, jedis.pfcount("visits:week"));
            // the value is an ordinary string: it can be copied and keeps counting
            jedis.set("copy".getBytes(), jedis.get("visits:week".getBytes()));
            assertEquals(week, jedis.pfcount("copy"));
            jedis.set("not-hll", "hello");
            JedisDataException e = assertThrows(JedisDataException.class, () -> jedis.pfadd("not-hll", "x"));
            assertEquals("WRONGTYPE Key is not a valid HyperLogLog string value.", e.getMessage());
        }
    }
}
