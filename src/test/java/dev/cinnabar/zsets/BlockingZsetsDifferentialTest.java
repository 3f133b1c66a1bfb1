package dev.cinnabar.zsets;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * BZPOPMIN, BZPOPMAX and BZMPOP played as multi-connection scenarios against Cinnabar and a real redis-server: what
 * each connection receives, and when, must be the same.
 */
class BlockingZsetsDifferentialTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private static void same(Scenario.Script script) throws Exception {
        Scenario.assertSame(cinnabar, redis, script);
    }

    @Test
    void dataAlreadyThereIsServedAtOnce() throws Exception {
        same(s -> {
            s.call(1, "ZADD", "z", "1", "a", "2.5", "b", "3", "c", "-inf", "m");
            s.call(1, "BZPOPMIN", "none", "z", "0");
            s.call(1, "BZPOPMAX", "z", "0");
            s.call(1, "BZMPOP", "0", "2", "none", "z", "MIN", "COUNT", "10");
            s.call(1, "EXISTS", "z");
            s.resp3(1);
            s.call(1, "ZADD", "z", "1", "a", "2.5", "b");
            s.call(1, "BZPOPMIN", "z", "0");
            s.call(1, "BZMPOP", "0", "1", "z", "MAX");
        });
    }

    @Test
    void errorsAndTimeouts() throws Exception {
        same(s -> {
            s.call(1, "SET", "str", "v");
            s.call(1, "BZPOPMIN", "str", "0");
            s.call(1, "BZPOPMAX", "k", "-1");
            s.call(1, "BZPOPMAX", "k", "abc");
            s.call(1, "BZMPOP", "0", "0", "k", "MIN");
            s.call(1, "BZMPOP", "0", "1", "k", "LEFT");
            s.call(1, "BZMPOP", "0", "1", "k", "MIN", "COUNT", "0");
            s.call(1, "BZMPOP", "0", "2", "k", "MIN");
            s.call(1, "BZMPOP", "0", "1", "str", "MIN");
            s.call(1, "BZPOPMIN", "k", "0.05");
            s.call(1, "BZMPOP", "0.05", "1", "k", "MAX");
            s.resp3(1);
            s.call(1, "BZPOPMAX", "k", "0.05");
            s.call(1, "BZMPOP", "0.05", "1", "k", "MAX");
        });
    }

    @Test
    void aZaddServesWaitingClientsInOrder() throws Exception {
        same(s -> {
            s.send(1, "BZPOPMIN", "jobs", "0");
            s.nothingYet(1);
            s.send(2, "BZPOPMAX", "jobs", "0");
            s.nothingYet(2);
            s.send(3, "BZMPOP", "0", "1", "jobs", "MIN", "COUNT", "5");
            s.nothingYet(3);
            s.call(4, "ZADD", "jobs", "5", "e", "1", "a", "3", "c", "2", "b", "4", "d");
            s.read(1);
            s.read(2);
            s.read(3);
            s.call(4, "EXISTS", "jobs");
        });
    }

    @Test
    void resp3ShapesWhenServedLater() throws Exception {
        same(s -> {
            s.resp3(1);
            s.send(1, "BZPOPMIN", "a", "b", "0");
            s.nothingYet(1);
            s.call(2, "ZADD", "b", "1.5", "x");
            s.read(1);
            s.send(1, "BZMPOP", "0", "2", "a", "b", "MAX", "COUNT", "2");
            s.nothingYet(1);
            s.call(2, "ZADD", "a", "1", "p", "2", "q");
            s.read(1);
        });
    }

    @Test
    void aListUnderTheKeyDoesNotServeAZsetWaiter() throws Exception {
        same(s -> {
            s.send(1, "BZPOPMIN", "k", "0");
            s.nothingYet(1);
            s.call(2, "RPUSH", "k", "v");
            s.nothingYet(1);
            s.call(2, "DEL", "k");
            s.call(2, "ZADD", "k", "7", "m");
            s.read(1);
        });
    }
}
