package dev.cinnabar.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.ReferenceVersion;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Where transactions, scripts, keyspace notifications, client-side caching and Pub/Sub meet: scripts queued in
 * MULTI, WATCH broken by a script's write, notifications and invalidations caused inside EXEC and EVAL, blocking
 * commands inside both. Played over several connections against Cinnabar and a real redis-server.
 */
class TransactionsScriptsEventsDifferentialTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private static void same(Scenario.Script script) throws Exception {
        Scenario.assertSame(cinnabar, redis, script);
    }

    @Test
    void scriptsQueuedInsideMultiRunAtExec() throws Exception {
        same(s -> {
            s.call(1, "MULTI");
            s.call(1, "EVAL", "return redis.call('incr', KEYS[1])", "1", "n");
            s.call(1, "EVAL", "return redis.call('get', KEYS[1])", "1", "n");
            s.call(1, "EVAL", "return redis.call('nosuch')", "0");
            s.call(1, "EVALSHA", "0000000000000000000000000000000000000000", "0");
            s.call(1, "EXEC");
        });
    }

    @Test
    void aScriptsWriteBreaksAWatch() throws Exception {
        same(s -> {
            s.call(1, "SET", "lock", "token");
            s.call(1, "WATCH", "lock");
            s.call(2, "EVAL", "if redis.call('get',KEYS[1]) == ARGV[1] then return redis.call('del',KEYS[1]) "
                    + "else return 0 end", "1", "lock", "token");
            s.call(1, "MULTI");
            s.call(1, "SET", "lock", "mine");
            s.call(1, "EXEC");
            s.call(1, "WATCH", "lock");
            s.call(2, "EVAL", "return redis.call('get', KEYS[1])", "1", "lock"); // a read changes nothing
            s.call(1, "MULTI");
            s.call(1, "SET", "lock", "mine");
            s.call(1, "EXEC");
        });
    }

    @Test
    void transactionCommandsAreRefusedInScripts() throws Exception {
        same(s -> {
            s.call(1, "EVAL", "return redis.pcall('multi')", "0");
            s.call(1, "EVAL", "return redis.pcall('watch', 'k')", "0");
            s.call(1, "EVAL", "return redis.pcall('exec')", "0");
            s.call(1, "EVAL", "return redis.pcall('subscribe', 'c')", "0");
        });
    }

    /** 7.2 lets scripts call blocking commands, which then answer at once (7.0 refused them). */
    @Test
    void blockingCommandsInScriptsAnswerAtOnce() throws Exception {
        String[] blpop = {"EVAL", "return redis.pcall('blpop', 'empty', '0')", "0"};
        try (RespConnection r = redis.connect()) {
            if (ReferenceVersion.of(r).is72()) same(s -> s.call(1, blpop));
        }
        try (RespConnection c = cinnabar.connect()) {
            assertEquals("$-1\r\n", c.call(blpop));
            c.call("RPUSH", "full", "x");
            assertEquals("*2\r\n$4\r\nfull\r\n$1\r\nx\r\n",
                    c.call("EVAL", "return redis.call('blpop', KEYS[1], '0')", "1", "full"));
        }
    }

    @Test
    void notificationsFromExecAndScriptsKeepTheirOrder() throws Exception {
        same(s -> {
            s.call(1, "CONFIG", "SET", "notify-keyspace-events", "KEA");
            s.call(2, "PSUBSCRIBE", "__key*@0__:*");
            s.call(1, "MULTI");
            s.call(1, "RPUSH", "l", "a");
            s.call(1, "LPOP", "l");
            s.call(1, "SET", "s", "1", "EX", "100");
            s.call(1, "EXEC");
            for (int i = 0; i < 10; i++) s.read(2);
            s.call(1, "EVAL", "redis.call('hset', KEYS[1], 'f', 'v'); redis.call('expire', KEYS[1], 5); "
                    + "return redis.call('del', KEYS[1])", "1", "h");
            for (int i = 0; i < 6; i++) s.read(2);
            s.nothingYet(2);
            s.call(1, "CONFIG", "SET", "notify-keyspace-events", "");
        });
    }

    @Test
    void invalidationsCausedByAScriptFollowItsReply() throws Exception {
        same(s -> {
            s.resp3(1);
            s.call(1, "CLIENT", "TRACKING", "on");
            s.call(1, "EVAL", "return redis.call('get', KEYS[1])", "1", "k");
            s.call(2, "EVAL", "return redis.call('set', KEYS[1], 'v')", "1", "k");
            s.read(1);
            s.call(1, "GET", "k");
            s.call(1, "EVAL", "return redis.call('set', KEYS[1], 'w')", "1", "k");
            s.read(1);
        });
    }

    @Test
    void publishFromScriptsAndTransactionsReachesSubscribers() throws Exception {
        same(s -> {
            s.call(2, "SUBSCRIBE", "news");
            s.call(1, "EVAL", "return redis.call('publish', 'news', ARGV[1])", "0", "from-script");
            s.read(2);
            s.call(1, "MULTI");
            s.call(1, "PUBLISH", "news", "one");
            s.call(1, "PUBLISH", "news", "two");
            s.call(1, "EXEC");
            s.read(2);
            s.read(2);
        });
    }

    @Test
    void aPushInsideAScriptWakesABlockedClientAfterTheScript() throws Exception {
        same(s -> {
            s.send(2, "BLPOP", "q", "0");
            s.nothingYet(2);
            s.call(1, "EVAL", "redis.call('rpush', KEYS[1], 'a', 'b'); return redis.call('lpop', KEYS[1])", "1", "q");
            s.read(2);
            s.call(1, "LRANGE", "q", "0", "-1");
        });
    }
}
