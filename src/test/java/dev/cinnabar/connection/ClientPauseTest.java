package dev.cinnabar.connection;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.Scenario;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CLIENT PAUSE / UNPAUSE on several connections, run as the same transcript on Cinnabar and a real redis-server:
 * which commands wait, that nothing is answered while they wait, the order replies come in after the pause, and
 * keys that expire meanwhile. Also CLIENT KILL MAXAGE.
 */
class ClientPauseTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    @BeforeEach
    void clean() throws Exception {
        for (int port : new int[] {cinnabar.port(), redis.port()}) {
            try (RespConnection c = new RespConnection(port)) {
                c.call("CLIENT", "UNPAUSE");
                c.call("FLUSHALL");
            }
        }
    }

    @Test
    void writePauseHoldsWritersAndScriptsButNotReaders() throws Exception {
        Scenario.assertSame(cinnabar, redis, s -> {
            s.call(1, "SET", "k", "v");
            s.call(1, "CLIENT", "PAUSE", "100000", "WRITE");
            s.call(2, "GET", "k");
            s.call(2, "PING");
            s.call(2, "EVAL_RO", "return redis.call('get', KEYS[1])", "1", "k");
            s.send(2, "SET", "k", "w");
            s.send(2, "GET", "k"); // pipelined behind the held write: waits too
            s.nothingYet(2);
            s.send(3, "PUBLISH", "ch", "m");
            s.nothingYet(3);
            s.send(4, "EVAL", "return 1", "0");
            s.nothingYet(4);
            s.call(5, "MULTI");
            s.call(5, "GET", "k");
            s.call(5, "EXEC"); // a read-only transaction runs
            s.call(5, "MULTI");
            s.send(5, "INCR", "n"); // queuing a write waits already
            s.nothingYet(5);
            s.call(1, "CLIENT", "UNPAUSE");
            s.read(2);
            s.read(2);
            s.read(3);
            s.read(4);
            s.read(5);
            s.call(5, "EXEC");
            s.call(1, "GET", "k");
        });
    }

    @Test
    void allPauseHoldsEveryCommandUntilItsEnd() throws Exception {
        Scenario.assertSame(cinnabar, redis, s -> {
            s.call(1, "CLIENT", "PAUSE", "300", "ALL");
            s.send(2, "GET", "k");
            s.nothingYet(2);
            s.send(1, "CLIENT", "PAUSE", "10", "WRITE"); // does not weaken the pause, and waits itself
            s.nothingYet(1);
            s.read(2);
            s.read(1);
            s.call(2, "SET", "k", "v"); // the shorter WRITE pause ended with the longer one
        });
    }

    @Test
    void expiredKeysReadAsMissingButStayUntilThePauseEnds() throws Exception {
        Scenario.assertSame(cinnabar, redis, s -> {
            s.call(1, "SET", "k", "v", "PX", "30");
            s.call(1, "DEBUG", "SLEEP", "0"); // keeps the scenario on the same commands for both
            s.call(1, "CLIENT", "PAUSE", "100000", "WRITE");
            Thread.sleep(60);
            s.call(2, "GET", "k");
            s.call(2, "EXISTS", "k");
            s.call(2, "DBSIZE"); // still stored
            s.call(1, "CLIENT", "UNPAUSE");
            s.call(2, "GET", "k");
            s.call(2, "DBSIZE");
        });
    }

    @Test
    void errorsAndZeroTimeout() throws Exception {
        Scenario.assertSame(cinnabar, redis, s -> {
            s.call(1, "CLIENT", "PAUSE", "abc");
            s.call(1, "CLIENT", "PAUSE", "-1");
            s.call(1, "CLIENT", "PAUSE", "10", "READ");
            s.call(1, "CLIENT", "PAUSE", "10", "WRITE", "x");
            s.call(1, "CLIENT", "PAUSE");
            s.call(1, "CLIENT", "UNPAUSE", "x");
            s.call(1, "CLIENT", "PAUSE", "0");
            s.call(2, "SET", "k", "v");
            s.call(1, "CLIENT", "UNPAUSE");
        });
    }

    @Test
    void killMaxAgeKillsOnlyOlderClients() throws Exception {
        try (RespConnection old = cinnabar.connect()) {
            old.call("CLIENT", "SETNAME", "old");
            Thread.sleep(2100);
            try (RespConnection young = cinnabar.connect(); RespConnection killer = cinnabar.connect()) {
                young.call("CLIENT", "SETNAME", "young");
                assertEquals("-ERR maxage should be greater than 0\r\n", killer.call("CLIENT", "KILL", "MAXAGE", "0"));
                assertEquals("-ERR maxage is not an integer or out of range\r\n",
                        killer.call("CLIENT", "KILL", "MAXAGE", "x"));
                assertEquals(":1\r\n", killer.call("CLIENT", "KILL", "MAXAGE", "2"));
                assertTrue(old.isClosedByServer(2000));
                assertEquals("+PONG\r\n", young.call("PING"));
                assertEquals(":0\r\n", killer.call("CLIENT", "KILL", "MAXAGE", "2", "SKIPME", "no"));
            }
        }
    }
}
