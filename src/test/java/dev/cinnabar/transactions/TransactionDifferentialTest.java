package dev.cinnabar.transactions;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MULTI / EXEC / DISCARD / WATCH played over one or several connections against Cinnabar and a real redis-server:
 * queued replies, queueing errors, runtime errors, aborts on watched-key changes (writes by other clients and by
 * the client itself, expiry, flushes, SWAPDB, RENAME) must be the same bytes.
 */
class TransactionDifferentialTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension("enable-debug-command yes");
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension("--enable-debug-command", "yes");

    private static void same(Scenario.Script script) throws Exception {
        Scenario.assertSame(cinnabar, redis, script);
    }

    @Test
    void queuedCommandsRunInOrderWithTheirOwnReplies() throws Exception {
        same(s -> {
            s.call(1, "MULTI");
            s.call(1, "SET", "a", "1");
            s.call(1, "INCR", "a");
            s.call(1, "LPUSH", "l", "x", "y");
            s.call(1, "LRANGE", "l", "0", "-1");
            s.call(1, "HSET", "h", "f", "v");
            s.call(1, "HGETALL", "h");
            s.call(1, "GET", "missing");
            s.call(1, "EXEC");
            s.call(1, "MULTI");
            s.call(1, "EXEC");
        });
    }

    @Test
    void runtimeErrorsAreReportedPerCommandWithoutRollback() throws Exception {
        same(s -> {
            s.call(1, "SET", "s", "text");
            s.call(1, "MULTI");
            s.call(1, "INCR", "s");
            s.call(1, "LPUSH", "s", "x");
            s.call(1, "SET", "s", "v", "BADOPTION");
            s.call(1, "SET", "t", "1");
            s.call(1, "EXEC");
            s.call(1, "MGET", "s", "t");
            s.call(1, "INFO", "errorstats");
        });
    }

    @Test
    void queueingErrorsAbortTheWholeTransaction() throws Exception {
        same(s -> {
            s.call(1, "MULTI");
            s.call(1, "SET", "a", "1");
            s.call(1, "NOSUCHCOMMAND", "x");
            s.call(1, "GET");
            s.call(1, "CONFIG", "NOSUCHSUB");
            s.call(1, "EXEC");
            s.call(1, "EXISTS", "a");
            s.call(1, "MULTI");
            s.call(1, "SHUTDOWN");
            s.call(1, "SET", "b", "1");
            s.call(1, "EXEC");
            s.call(1, "EXISTS", "b");
        });
    }

    @Test
    void misplacedTransactionCommands() throws Exception {
        same(s -> {
            s.call(1, "EXEC");
            s.call(1, "DISCARD");
            s.call(1, "MULTI");
            s.call(1, "MULTI");
            s.call(1, "WATCH", "k");
            s.call(1, "SET", "k", "1");
            s.call(1, "EXEC");
            s.call(1, "MULTI");
            s.call(1, "SET", "k", "2");
            s.call(1, "EXEC", "extra");
            s.call(1, "GET", "k");
            s.call(1, "EXEC");
            s.call(1, "MULTI");
            s.call(1, "SET", "k", "3");
            s.call(1, "DISCARD");
            s.call(1, "GET", "k");
            s.call(1, "DISCARD");
            s.call(1, "WATCH");
            s.call(1, "UNWATCH", "x");
        });
    }

    @Test
    void resp3RepliesAndAbortedExec() throws Exception {
        same(s -> {
            s.resp3(1);
            s.call(1, "WATCH", "k");
            s.call(2, "SET", "k", "other");
            s.call(1, "MULTI");
            s.call(1, "HSET", "h", "a", "1");
            s.call(1, "HGETALL", "h");
            s.call(1, "EXEC");
            s.call(1, "MULTI");
            s.call(1, "HSET", "h", "a", "1");
            s.call(1, "HGETALL", "h");
            s.call(1, "ZADD", "z", "1.5", "m");
            s.call(1, "ZSCORE", "z", "m");
            s.call(1, "EXEC");
        });
    }

    @Test
    void blockingCommandsAnswerAtOnceInsideExec() throws Exception {
        same(s -> {
            s.call(1, "MULTI");
            s.call(1, "BLPOP", "empty", "0");
            s.call(1, "BRPOPLPUSH", "empty", "dst", "0");
            s.call(1, "BZPOPMIN", "empty", "0");
            s.call(1, "BLMPOP", "0", "1", "empty", "LEFT");
            s.call(1, "RPUSH", "full", "a");
            s.call(1, "BLPOP", "full", "0");
            s.call(1, "EXEC");
        });
    }

    @Test
    void pushesInsideExecWakeBlockedClientsAfterwards() throws Exception {
        same(s -> {
            s.send(2, "BLPOP", "q", "0");
            s.nothingYet(2);
            s.call(1, "MULTI");
            s.call(1, "RPUSH", "q", "a", "b");
            s.call(1, "LPOP", "q");
            s.call(1, "EXEC");
            s.read(2);
            s.call(1, "LRANGE", "q", "0", "-1");
        });
    }

    @Test
    void watchIsInvalidatedByAnotherClientsWrite() throws Exception {
        same(s -> {
            s.call(1, "SET", "balance", "100");
            s.call(1, "WATCH", "balance");
            s.call(1, "GET", "balance");
            s.call(2, "INCRBY", "balance", "5");
            s.call(1, "MULTI");
            s.call(1, "SET", "balance", "90");
            s.call(1, "EXEC");
            s.call(1, "GET", "balance");
            // the retry succeeds
            s.call(1, "WATCH", "balance");
            s.call(1, "MULTI");
            s.call(1, "SET", "balance", "95");
            s.call(1, "EXEC");
            s.call(1, "GET", "balance");
        });
    }

    @Test
    void watchSeesEveryKindOfChange() throws Exception {
        String[][] changes = {
                {"DEL", "k"}, {"EXPIRE", "k", "100"}, {"PERSIST", "k"}, {"APPEND", "k", "x"}, {"RENAME", "k", "k2"},
                {"RENAME", "other", "k"}, {"MOVE", "k", "1"}, {"COPY", "other", "k", "REPLACE"},
                {"RPUSH", "list", "x"}, {"SET", "k", "v"}, {"GETDEL", "k"}, {"INCR", "n"}, {"SADD", "set", "m"},
                {"ZADD", "zs", "1", "m"}, {"HSET", "hash", "f", "v2"}, {"SORT", "list", "ALPHA", "STORE", "k"},
        };
        for (String[] change : changes) {
            same(s -> {
                s.call(1, "SET", "k", "v");
                s.call(1, "SET", "other", "o");
                s.call(1, "SET", "n", "1");
                s.call(1, "RPUSH", "list", "b", "a");
                s.call(1, "HSET", "hash", "f", "v");
                s.call(1, "WATCH", "k", "list", "n", "set", "zs", "hash");
                s.call(2, change);
                s.call(1, "MULTI");
                s.call(1, "PING");
                s.call(1, "EXEC");
            });
        }
    }

    @Test
    void writesThatChangeNothingDoNotInvalidate() throws Exception {
        String[][] noOps = {
                {"SADD", "set", "m"}, {"SREM", "set", "absent"}, {"HDEL", "hash", "absent"}, {"LREM", "list", "0", "zz"},
                {"ZREM", "zs", "absent"}, {"DEL", "absent"}, {"PERSIST", "k"}, {"GET", "k"}, {"SET", "k2", "x"},
                {"EXPIRE", "absent", "10"}, {"RENAME", "k2", "k3"}, {"SET", "k", "v2", "NX"},
        };
        for (String[] change : noOps) {
            same(s -> {
                s.call(1, "SET", "k", "v");
                s.call(1, "SADD", "set", "m");
                s.call(1, "HSET", "hash", "f", "v");
                s.call(1, "RPUSH", "list", "a");
                s.call(1, "ZADD", "zs", "1", "m");
                s.call(1, "WATCH", "k", "set", "hash", "list", "zs");
                s.call(2, "SET", "k2", "x");
                s.call(2, change);
                s.call(1, "MULTI");
                s.call(1, "PING");
                s.call(1, "EXEC");
            });
        }
    }

    @Test
    void ownWritesAfterWatchInvalidateToo() throws Exception {
        same(s -> {
            s.call(1, "WATCH", "k");
            s.call(1, "SET", "k", "mine");
            s.call(1, "MULTI");
            s.call(1, "GET", "k");
            s.call(1, "EXEC");
        });
    }

    @Test
    void watchOfAMissingKeyIsInvalidatedByItsCreation() throws Exception {
        same(s -> {
            s.call(1, "WATCH", "new");
            s.call(2, "LPUSH", "new", "x");
            s.call(1, "MULTI");
            s.call(1, "GET", "x");
            s.call(1, "EXEC");
        });
    }

    @Test
    void unwatchAndDiscardForgetTheWatches() throws Exception {
        same(s -> {
            s.call(1, "WATCH", "k");
            s.call(1, "UNWATCH");
            s.call(2, "SET", "k", "1");
            s.call(1, "MULTI");
            s.call(1, "GET", "k");
            s.call(1, "EXEC");
            s.call(1, "WATCH", "k");
            s.call(1, "MULTI");
            s.call(1, "DISCARD");
            s.call(2, "SET", "k", "2");
            s.call(1, "MULTI");
            s.call(1, "GET", "k");
            s.call(1, "EXEC");
            s.call(1, "WATCH", "k");
            s.call(2, "SET", "k", "3");
            s.call(1, "UNWATCH");
            s.call(1, "MULTI");
            s.call(1, "GET", "k");
            s.call(1, "EXEC");
        });
    }

    @Test
    void expiryInvalidatesAWatchedKey() throws Exception {
        same(s -> {
            s.call(1, "SET", "k", "v", "PX", "30");
            s.call(1, "WATCH", "k");
            Thread.sleep(60);
            s.call(1, "MULTI");
            s.call(1, "PING");
            s.call(1, "EXEC");
        });
        same(s -> { // expired and deleted (by an access) before EXEC
            s.call(1, "SET", "k", "v", "PX", "30");
            s.call(1, "WATCH", "k");
            Thread.sleep(60);
            s.call(2, "GET", "k");
            s.call(1, "MULTI");
            s.call(1, "PING");
            s.call(1, "EXEC");
        });
    }

    @Test
    void aKeyAlreadyExpiredWhenWatchedOnlyCountsIfItComesBack() throws Exception {
        same(s -> {
            s.call(1, "DEBUG", "SET-ACTIVE-EXPIRE", "0");
            s.call(1, "SET", "k", "v", "PX", "10");
            Thread.sleep(40);
            s.call(1, "WATCH", "k");
            s.call(2, "GET", "k");                // lazily deletes the expired key: no logical change
            s.call(1, "MULTI");
            s.call(1, "PING");
            s.call(1, "EXEC");
            s.call(1, "SET", "j", "v", "PX", "10");
            Thread.sleep(40);
            s.call(1, "WATCH", "j");
            s.call(2, "SET", "j", "back");        // comes back to life: a change
            s.call(1, "MULTI");
            s.call(1, "PING");
            s.call(1, "EXEC");
            s.call(1, "DEBUG", "SET-ACTIVE-EXPIRE", "1");
        });
    }

    @Test
    void flushesInvalidateOnlyWatchesOfExistingKeys() throws Exception {
        for (String flush : new String[] {"FLUSHDB", "FLUSHALL"}) {
            same(s -> {
                s.call(1, "SET", "k", "v");
                s.call(1, "WATCH", "k");
                s.call(2, flush);
                s.call(1, "MULTI");
                s.call(1, "PING");
                s.call(1, "EXEC");
                s.call(1, "WATCH", "absent");
                s.call(2, flush);
                s.call(1, "MULTI");
                s.call(1, "PING");
                s.call(1, "EXEC");
            });
        }
    }

    @Test
    void swapdbInvalidatesWatchesOfKeysInEitherDatabase() throws Exception {
        same(s -> {
            s.call(1, "SET", "k", "v");
            s.call(1, "WATCH", "k");
            s.call(2, "SWAPDB", "0", "1");
            s.call(1, "MULTI");
            s.call(1, "GET", "k");
            s.call(1, "EXEC");
            s.call(1, "WATCH", "only-in-1");
            s.call(2, "SELECT", "1");
            s.call(2, "SET", "only-in-1", "x");
            s.call(2, "SWAPDB", "0", "1");
            s.call(1, "MULTI");
            s.call(1, "GET", "only-in-1");
            s.call(1, "EXEC");
            s.call(1, "WATCH", "nowhere");
            s.call(2, "SWAPDB", "0", "1");
            s.call(1, "MULTI");
            s.call(1, "PING");
            s.call(1, "EXEC");
            s.call(2, "FLUSHALL");
        });
    }

    @Test
    void watchIsPerDatabase() throws Exception {
        same(s -> {
            s.call(1, "WATCH", "k");
            s.call(2, "SELECT", "3");
            s.call(2, "SET", "k", "elsewhere");
            s.call(1, "MULTI");
            s.call(1, "GET", "k");
            s.call(1, "EXEC");
            s.call(1, "SELECT", "3");
            s.call(1, "WATCH", "k");
            s.call(2, "DEL", "k");
            s.call(1, "MULTI");
            s.call(1, "GET", "k");
            s.call(1, "EXEC");
            s.call(1, "FLUSHALL");
        });
    }
}
