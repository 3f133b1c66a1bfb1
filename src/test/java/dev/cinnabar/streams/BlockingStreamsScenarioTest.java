package dev.cinnabar.streams;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.ReferenceVersion;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Blocking XREAD and XREADGROUP over several connections, played on Cinnabar and on redis-server and compared:
 * who is served first, re-blocking of readers that got nothing, "$", timeouts, several streams, transactions,
 * CLIENT UNBLOCK, and (Redis 7.2) group readers failing when their stream or group goes away.
 */
class BlockingStreamsScenarioTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    @Test
    void readersOfDollarAreAllServedInOrder() throws Exception {
        Scenario.assertSame(cinnabar, redis, s -> {
            s.call(0, "XADD", "s", "1-0", "a", "1");
            s.send(1, "XREAD", "BLOCK", "0", "STREAMS", "s", "$");
            s.nothingYet(1);
            s.resp3(2);
            s.send(2, "XREAD", "COUNT", "5", "BLOCK", "0", "STREAMS", "s", "$");
            s.nothingYet(2);
            s.call(0, "XADD", "s", "2-0", "b", "2");
            s.read(1);
            s.read(2);
            s.call(1, "XREAD", "STREAMS", "s", "0");
        });
    }

    @Test
    void missingKeyIsCreatedByXadd() throws Exception {
        Scenario.assertSame(cinnabar, redis, s -> {
            s.send(1, "XREAD", "BLOCK", "0", "STREAMS", "other", "s", "0", "0");
            s.nothingYet(1);
            s.call(0, "LPUSH", "unrelated", "x");
            s.nothingYet(1);
            s.call(0, "XADD", "s", "5-0", "a", "1");
            s.read(1);
        });
    }

    @Test
    void timeoutsAndUnblocking() throws Exception {
        Scenario.assertSame(cinnabar, redis, s -> {
            s.call(0, "XADD", "s", "1-0", "a", "1");
            s.send(1, "XREAD", "BLOCK", "150", "STREAMS", "s", "$");
            s.nothingYet(1);
            s.read(1);
            String id = s.clientId(2);
            s.send(2, "XREAD", "BLOCK", "0", "STREAMS", "s", "$");
            s.nothingYet(2);
            s.call(0, "CLIENT", "UNBLOCK", id, "TIMEOUT");
            s.read(2);
            s.send(2, "XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">");
            s.read(2);
            s.call(0, "XGROUP", "CREATE", "s", "g", "$");
            s.send(2, "XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">");
            s.nothingYet(2);
            s.call(0, "CLIENT", "UNBLOCK", id, "ERROR");
            s.read(2);
        });
    }

    @Test
    void groupReadersShareNewEntriesFirstComeFirstServed() throws Exception {
        Scenario.assertSame(cinnabar, redis, s -> {
            s.call(0, "XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
            s.send(1, "XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">");
            s.nothingYet(1);
            s.send(2, "XREADGROUP", "GROUP", "g", "bob", "COUNT", "10", "BLOCK", "0", "STREAMS", "s", ">");
            s.nothingYet(2);
            s.send(3, "XREAD", "BLOCK", "0", "STREAMS", "s", "$");
            s.nothingYet(3);
            s.call(0, "XADD", "s", "1-0", "a", "1");
            s.read(1);
            s.read(3);
            s.nothingYet(2);
            s.call(0, "MULTI");
            s.call(0, "XADD", "s", "2-0", "a", "2");
            s.call(0, "XADD", "s", "3-0", "a", "3");
            s.call(0, "EXEC");
            s.read(2);
            s.call(0, "XPENDING", "s", "g");
            s.send(1, "XREADGROUP", "GROUP", "g", "alice", "NOACK", "BLOCK", "0", "STREAMS", "s", ">");
            s.nothingYet(1);
            s.call(0, "XADD", "s", "4-0", "a", "4");
            s.read(1);
            s.call(0, "XPENDING", "s", "g");
            s.call(0, "XINFO", "GROUPS", "s");
        });
    }

    @Test
    void xreadIsNotWokenByDeletion() throws Exception {
        Scenario.assertSame(cinnabar, redis, s -> {
            s.call(0, "XADD", "s", "1-0", "a", "1");
            s.send(1, "XREAD", "BLOCK", "0", "STREAMS", "s", "$");
            s.nothingYet(1);
            s.call(0, "DEL", "s");
            s.nothingYet(1);
            s.call(0, "SET", "s", "x");
            s.nothingYet(1);
            s.call(0, "DEL", "s");
            s.call(0, "XADD", "s", "0-1", "b", "2");
            s.nothingYet(1);
            s.call(0, "XADD", "s", "2-0", "c", "3");
            s.read(1);
        });
    }

    /**
     * Redis 7.2 serves a blocked reader by running its command again, so a reader of a stream and of a key that
     * came to hold another type while it waited fails with WRONGTYPE when the stream gets an entry (7.0 served the stream), and a blocked
     * XREADGROUP has already created its consumer (7.0 created it when serving).
     */
    @Test
    void blockedReadsRunAgain() throws Exception {
        try (RespConnection reference = new RespConnection(redis.port())) {
            if (ReferenceVersion.of(reference).is72()) {
                Scenario.assertSame(cinnabar, redis, BlockingStreamsScenarioTest::runAgain);
            }
        }
        try (RespConnection c0 = new RespConnection(cinnabar.port()); RespConnection c1 = new RespConnection(cinnabar.port())) {
            c0.call("FLUSHALL");
            c1.send("XREAD", "BLOCK", "0", "STREAMS", "other", "s", "0", "0");
            assertTrue(c1.nothingReceivedWithin(100));
            c0.call("LPUSH", "other", "x");
            c0.call("XADD", "s", "5-0", "a", "1");
            assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", c1.readReply());
            c0.call("XGROUP", "CREATE", "s", "g", "$");
            c1.send("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">");
            assertTrue(c1.nothingReceivedWithin(100));
            assertEquals("*1\r\n", c0.call("XGROUP", "CREATECONSUMER", "s", "g", "c").replace(":0\r\n", "*1\r\n"));
        }
    }

    private static void runAgain(Scenario s) throws Exception {
        s.send(1, "XREAD", "BLOCK", "0", "STREAMS", "other", "s", "0", "0");
        s.nothingYet(1);
        s.call(0, "LPUSH", "other", "x");
        s.nothingYet(1);
        s.call(0, "XADD", "s", "5-0", "a", "1");
        s.read(1);
        s.call(0, "XGROUP", "CREATE", "s", "g", "$");
        s.send(1, "XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">");
        s.nothingYet(1);
        s.call(0, "XINFO", "GROUPS", "s");
        s.call(0, "XGROUP", "CREATECONSUMER", "s", "g", "c");
    }

    /**
     * Redis 7.2 runs a blocked XREADGROUP again when its stream is deleted, overwritten or loses the group, so
     * it fails as a new call would (7.0 answered other errors, or kept it blocked).
     */
    @Test
    void groupReadersFailWhenStreamOrGroupGoes() throws Exception {
        try (RespConnection reference = new RespConnection(redis.port())) {
            if (ReferenceVersion.of(reference).is72()) {
                Scenario.assertSame(cinnabar, redis, BlockingStreamsScenarioTest::groupGoes);
            }
        }
        try (RespConnection c0 = new RespConnection(cinnabar.port()); RespConnection c1 = new RespConnection(cinnabar.port())) {
            c0.call("FLUSHALL");
            c0.call("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
            c1.send("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">");
            assertTrue(c1.nothingReceivedWithin(100));
            c0.call("DEL", "s");
            assertEquals("-NOGROUP No such key 's' or consumer group 'g' in XREADGROUP with GROUP option\r\n", c1.readReply());
        }
    }

    private static void groupGoes(Scenario s) throws Exception {
        s.call(0, "XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
        s.call(0, "XGROUP", "CREATE", "s", "h", "$");
        s.send(1, "XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">");
        s.send(2, "XREADGROUP", "GROUP", "h", "c", "BLOCK", "0", "STREAMS", "s", ">");
        s.nothingYet(1);
        s.call(0, "XGROUP", "DESTROY", "s", "g");
        s.read(1);
        s.nothingYet(2);
        s.call(0, "DEL", "s");
        s.read(2);
        s.call(0, "XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
        s.send(1, "XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">");
        s.nothingYet(1);
        s.call(0, "SET", "s", "x");
        s.read(1);
        s.call(0, "DEL", "s");
        s.call(0, "XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
        s.send(1, "XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">");
        s.nothingYet(1);
        s.call(0, "FLUSHALL");
        s.read(1);
        s.call(0, "XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
        s.send(1, "XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">");
        s.nothingYet(1);
        s.call(0, "SWAPDB", "0", "1");
        s.read(1);
    }

    /** XREADGROUP also wakes when its key is deleted: such keys are counted apart, BLPOP's are not. */
    @Test
    void keysWhoseDeletionWakesAClientAreCounted() throws Exception {
        try (RespConnection list = cinnabar.connect(); RespConnection group = cinnabar.connect();
             RespConnection admin = cinnabar.connect()) {
            admin.call("DEL", "nokey-stream");
            admin.call("XGROUP", "CREATE", "nokey-stream", "g", "$", "MKSTREAM");
            list.send("BLPOP", "nokey-list", "0");
            group.send("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "nokey-stream", ">");
            assertTrue(group.nothingReceivedWithin(100));
            String info = admin.call("INFO", "clients");
            assertTrue(info.contains("total_blocking_keys:2\r\n"), info);
            assertTrue(info.contains("total_blocking_keys_on_nokey:1\r\n"), info);
            admin.call("DEL", "nokey-stream");
            assertTrue(group.readReply().startsWith("-NOGROUP"));
            info = admin.call("INFO", "clients");
            assertTrue(info.contains("total_blocking_keys:1\r\n"), info);
            assertTrue(info.contains("total_blocking_keys_on_nokey:0\r\n"), info);
            admin.call("RPUSH", "nokey-list", "x");
            list.readReply();
        }
    }
}
