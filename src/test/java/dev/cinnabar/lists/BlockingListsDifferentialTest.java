package dev.cinnabar.lists;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * BLPOP, BRPOP, BRPOPLPUSH, BLMOVE and BLMPOP played as multi-connection scenarios against Cinnabar and a real
 * redis-server: what each connection receives, and when, must be the same.
 */
class BlockingListsDifferentialTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private static void same(Scenario.Script script) throws Exception {
        Scenario.assertSame(cinnabar, redis, script);
    }

    /** Blocked clients served from and into lists whose interior nodes are compressed (list-compress-depth 1). */
    @Test
    void compressedListsServeBlockedClients() throws Exception {
        same(s -> {
            s.call(1, "CONFIG", "SET", "list-compress-depth", "1");
            s.call(1, "CONFIG", "SET", "list-max-listpack-size", "2");
            for (int i = 0; i < 14; i++) s.call(1, "RPUSH", "src", "value-" + "x".repeat(40) + i);
            s.send(2, "BLMPOP", "0", "1", "wait", "LEFT", "COUNT", "3");
            s.nothingYet(2);
            s.call(1, "LMOVE", "src", "wait", "RIGHT", "LEFT");
            s.read(2);
            s.call(1, "LPUSH", "dst", "a".repeat(50), "b".repeat(50), "c".repeat(50), "d".repeat(50));
            s.call(1, "BLMOVE", "src", "dst", "RIGHT", "LEFT", "0");
            s.call(1, "BLMPOP", "0", "1", "src", "LEFT", "COUNT", "5");
            s.call(1, "BRPOPLPUSH", "src", "dst", "0");
            s.call(1, "LRANGE", "src", "0", "-1");
            s.call(1, "LRANGE", "dst", "0", "-1");
            s.call(1, "LINDEX", "dst", "3");
            s.call(1, "CONFIG", "SET", "list-compress-depth", "0");
            s.call(1, "CONFIG", "SET", "list-max-listpack-size", "-2");
        });
    }

    @Test
    void dataAlreadyThereIsServedAtOnce() throws Exception {
        same(s -> {
            s.call(1, "RPUSH", "b", "1", "2", "3");
            s.call(1, "BLPOP", "a", "b", "0");
            s.call(1, "BRPOP", "a", "b", "0");
            s.call(1, "BLMPOP", "0", "2", "a", "b", "LEFT", "COUNT", "5");
            s.call(1, "EXISTS", "b");
            s.call(1, "RPUSH", "b", "x", "y");
            s.call(1, "BRPOPLPUSH", "b", "c", "0");
            s.call(1, "BLMOVE", "b", "c", "LEFT", "LEFT", "0");
            s.call(1, "LRANGE", "c", "0", "-1");
        });
    }

    @Test
    void wrongTypeStopsTheScanOfKeys() throws Exception {
        same(s -> {
            s.call(1, "SET", "str", "v");
            s.call(1, "RPUSH", "list", "e");
            s.call(1, "BLPOP", "none", "str", "list", "0");
            s.call(1, "BLPOP", "list", "str", "0");
            s.call(1, "BLMPOP", "0", "2", "str", "list", "RIGHT");
            s.call(1, "BRPOPLPUSH", "str", "x", "0");
            s.call(1, "RPUSH", "list", "e");
            s.call(1, "BRPOPLPUSH", "list", "str", "0");
            s.call(1, "BLMOVE", "list", "str", "LEFT", "RIGHT", "0");
        });
    }

    @Test
    void argumentErrors() throws Exception {
        same(s -> {
            s.call(1, "BLPOP", "k", "-1");
            s.call(1, "BLPOP", "k", "x");
            s.call(1, "BLPOP", "k");
            // (7.2 answers "timeout is out of range" for inf and 1e400 where 7.0 says negative: see BlockedClientsTest)
            s.call(1, "BLMOVE", "a", "b", "UP", "LEFT", "0");
            s.call(1, "BLMOVE", "a", "b", "LEFT", "DOWN", "0");
            s.call(1, "BLMOVE", "a", "b", "LEFT", "LEFT", "-0.5");
            s.call(1, "BRPOPLPUSH", "a", "b", "nope");
            s.call(1, "BLMPOP", "0", "0", "a", "LEFT");
            s.call(1, "BLMPOP", "0", "-1", "a", "LEFT");
            s.call(1, "BLMPOP", "0", "3", "a", "LEFT");
            s.call(1, "BLMPOP", "0", "1", "a", "MIDDLE");
            s.call(1, "BLMPOP", "0", "1", "a", "LEFT", "COUNT", "0");
            s.call(1, "BLMPOP", "0", "1", "a", "LEFT", "COUNT", "x");
            s.call(1, "BLMPOP", "0", "1", "a", "LEFT", "COUNT", "1", "COUNT", "2");
            s.call(1, "BLMPOP", "-1", "1", "a", "LEFT");
            s.call(1, "BLMPOP", "x", "1", "a", "LEFT");
        });
    }

    @Test
    void timeoutsReplyNullInBothProtocols() throws Exception {
        same(s -> {
            s.call(1, "BLPOP", "k", "0.05");
            s.call(1, "BRPOP", "k", "k2", "0.05");
            s.call(1, "BRPOPLPUSH", "k", "d", "0.05");
            s.call(1, "BLMOVE", "k", "d", "LEFT", "RIGHT", "0.05");
            s.call(1, "BLMPOP", "0.05", "1", "k", "LEFT");
            s.resp3(1);
            s.call(1, "BLPOP", "k", "0.05");
            s.call(1, "BRPOPLPUSH", "k", "d", "0.05");
            s.call(1, "BLMOVE", "k", "d", "LEFT", "RIGHT", "0.05");
            s.call(1, "BLMPOP", "0.05", "1", "k", "LEFT");
        });
    }

    @Test
    void aPushServesTheWaitingClient() throws Exception {
        same(s -> {
            s.send(1, "BLPOP", "q", "0");
            s.nothingYet(1);
            s.call(2, "LPUSH", "q", "a", "b", "c");
            s.read(1);
            s.call(2, "LRANGE", "q", "0", "-1");
        });
    }

    @Test
    void onePushOfSeveralElementsServesSeveralClientsInOrder() throws Exception {
        same(s -> {
            s.send(1, "BRPOP", "q", "0");
            s.nothingYet(1);
            s.send(2, "BLPOP", "q", "0");
            s.nothingYet(2);
            s.send(3, "BLMPOP", "0", "1", "q", "LEFT", "COUNT", "2");
            s.nothingYet(3);
            s.call(4, "RPUSH", "q", "a", "b", "c", "d", "e");
            s.read(1);
            s.read(2);
            s.read(3);
            s.call(4, "LRANGE", "q", "0", "-1");
        });
    }

    @Test
    void aPopPipelinedRightAfterThePushFindsTheListServedFirst() throws Exception {
        same(s -> {
            s.send(1, "BLPOP", "q", "0");
            s.nothingYet(1);
            s.send(2, "RPUSH", "q", "only");
            s.send(2, "LPOP", "q");
            s.read(2);
            s.read(2);
            s.read(1);
        });
    }

    @Test
    void blockedMovesChainIntoOtherBlockedClients() throws Exception {
        same(s -> {
            s.send(1, "BLMOVE", "src", "mid", "RIGHT", "LEFT", "0");
            s.nothingYet(1);
            s.send(2, "BRPOPLPUSH", "mid", "dst", "0");
            s.nothingYet(2);
            s.send(3, "BLPOP", "dst", "0");
            s.nothingYet(3);
            s.call(4, "LPUSH", "src", "job");
            s.read(1);
            s.read(2);
            s.read(3);
            s.call(4, "EXISTS", "src", "mid", "dst");
        });
    }

    @Test
    void aKeyOfAnotherTypeKeepsTheClientWaiting() throws Exception {
        same(s -> {
            s.send(1, "BLPOP", "k", "0");
            s.nothingYet(1);
            s.call(2, "SET", "k", "string");
            s.nothingYet(1);
            s.call(2, "DEL", "k");
            s.call(2, "RPUSH", "k", "v");
            s.read(1);
        });
    }

    @Test
    void aWrongTypeDestinationFailsTheWokenMove() throws Exception {
        same(s -> {
            s.send(1, "BLMOVE", "src", "dst", "LEFT", "LEFT", "0");
            s.nothingYet(1);
            s.call(2, "SET", "dst", "string");
            s.call(2, "RPUSH", "src", "v");
            s.read(1);
            s.call(2, "LRANGE", "src", "0", "-1");
        });
    }

    @Test
    void keysMovedOrRenamedIntoPlaceServe() throws Exception {
        same(s -> {
            s.send(1, "BLPOP", "target", "0");
            s.nothingYet(1);
            s.call(2, "RPUSH", "other", "a", "b");
            s.call(2, "RENAME", "other", "target");
            s.read(1);
            s.send(1, "BRPOP", "target2", "0");
            s.nothingYet(1);
            s.call(2, "COPY", "target", "target2");
            s.read(1);
        });
    }

    @Test
    void resp3ShapesWhenServedLater() throws Exception {
        same(s -> {
            s.resp3(1);
            s.send(1, "BLMPOP", "0", "2", "a", "b", "RIGHT", "COUNT", "3");
            s.nothingYet(1);
            s.call(2, "RPUSH", "b", "1", "2");
            s.read(1);
            s.send(1, "BLPOP", "a", "0");
            s.nothingYet(1);
            s.call(2, "RPUSH", "a", "x");
            s.read(1);
        });
    }

    @Test
    void unblockedClientsGetTheTimeoutReplyOrAnError() throws Exception {
        same(s -> {
            String id = s.clientId(1);
            s.send(1, "BLMOVE", "a", "b", "LEFT", "LEFT", "0");
            s.nothingYet(1);
            s.call(2, "CLIENT", "UNBLOCK", id);
            s.read(1);
            s.send(1, "BLPOP", "a", "0");
            s.nothingYet(1);
            s.call(2, "CLIENT", "UNBLOCK", id, "ERROR");
            s.read(1);
        });
    }
}
