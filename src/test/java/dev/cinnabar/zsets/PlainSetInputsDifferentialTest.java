package dev.cinnabar.zsets;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.PairedConnections;
import dev.cinnabar.testing.RedisExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD over plain sets (score 1) mixed with sorted sets. */
class PlainSetInputsDifferentialTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void setsCountAsScoreOne(int protocol) throws Exception {
        try (PairedConnections c = PairedConnections.open(cinnabar, redis, protocol)) {
            c.both("FLUSHALL");
            c.same("SADD", "ints", "1", "2", "3");
            c.same("SADD", "tags", "a", "b", "c");
            c.same("ZADD", "z", "5", "a", "7", "2", "9", "x");
            c.same("ZUNION", "3", "ints", "tags", "z", "WITHSCORES");
            c.same("ZUNION", "2", "tags", "z", "WEIGHTS", "10", "2", "AGGREGATE", "MAX", "WITHSCORES");
            c.same("ZINTER", "2", "tags", "z", "WITHSCORES");
            c.same("ZINTER", "2", "ints", "z", "AGGREGATE", "MIN", "WITHSCORES");
            c.same("ZDIFF", "2", "z", "tags", "WITHSCORES");
            c.same("ZDIFF", "2", "ints", "z");
            c.same("ZINTERCARD", "2", "tags", "z");
            c.same("ZINTERCARD", "2", "ints", "tags");
            c.same("ZUNIONSTORE", "dst", "2", "ints", "tags");
            c.same("ZRANGE", "dst", "0", "-1", "WITHSCORES");
            c.same("ZINTERSTORE", "dst", "2", "z", "tags", "WEIGHTS", "1", "0.5");
            c.same("ZRANGE", "dst", "0", "-1", "WITHSCORES");
            c.same("ZDIFFSTORE", "dst", "2", "tags", "z");
            c.same("ZRANGE", "dst", "0", "-1", "WITHSCORES");
            c.same("SET", "str", "v");
            c.same("ZUNION", "2", "tags", "str");
            c.same("ZINTERCARD", "2", "str", "tags");
        }
    }
}
