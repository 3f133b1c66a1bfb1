package dev.cinnabar.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.ReferenceVersion;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Client-side caching played over several connections against Cinnabar and a real redis-server: invalidation
 * pushes and Pub/Sub messages, where they fall among the replies, the modes and their errors must be byte for byte
 * the same. Every step that produces an invalidation is followed by reading it, so a missing or extra message
 * shows up as a different transcript.
 */
class TrackingDifferentialTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension("enable-debug-command yes");
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension("--enable-debug-command", "yes");

    private static void same(Scenario.Script script) throws Exception {
        Scenario.assertSame(cinnabar, redis, script);
    }

    @Test
    void resp3PushesFollowTheRepliesOfTheCommandsThatCauseThem() throws Exception {
        same(s -> {
            s.resp3(1);
            s.call(1, "CLIENT", "TRACKING", "on");
            s.call(1, "GET", "k");
            s.call(2, "SET", "a", "1");
            s.call(2, "SET", "b", "2");
            s.call(1, "MGET", "a", "b");
            s.call(2, "SET", "k", "v");
            s.read(1);
            s.call(2, "SET", "k", "again");        // no longer tracked: nothing
            s.nothingYet(1);
            s.call(2, "DEL", "b", "a");
            s.read(1);
            s.read(1);
            // the client's own write: its reply first, then the invalidation
            s.call(1, "GET", "k");
            s.call(1, "SET", "k", "mine");
            s.read(1);
            s.call(1, "STRLEN", "k");
            s.call(1, "INCR", "n");
            s.nothingYet(1);
            s.call(1, "GET", "n");
            s.call(1, "INCR", "n");
            s.read(1);
            // a failed read still tracks its key
            s.call(2, "RPUSH", "list", "x");
            s.call(1, "GET", "list");
            s.call(2, "DEL", "list");
            s.read(1);
            s.call(1, "CLIENT", "TRACKING", "off");
            s.call(1, "GET", "k");
            s.call(2, "SET", "k", "untracked");
            s.nothingYet(1);
        });
    }

    @Test
    void severalClientsTrackingOneKeyAreAllInvalidated() throws Exception {
        same(s -> {
            s.resp3(1);
            s.resp3(2);
            s.call(1, "CLIENT", "TRACKING", "on");
            s.call(2, "CLIENT", "TRACKING", "on");
            s.call(1, "GET", "shared");
            s.call(2, "GET", "shared");
            s.call(3, "SET", "shared", "1");
            s.read(1);
            s.read(2);
            s.call(2, "SET", "shared", "2");
            s.nothingYet(1);
        });
    }

    @Test
    void resp2InvalidationsGoToARedirectClientSubscribedToTheChannel() throws Exception {
        same(s -> {
            String redirect = s.clientId(2);
            s.call(2, "SUBSCRIBE", "__redis__:invalidate");
            s.call(1, "CLIENT", "TRACKING", "on", "REDIRECT", redirect);
            s.call(1, "CLIENT", "GETREDIR");
            s.call(1, "CLIENT", "TRACKINGINFO");
            s.call(1, "GET", "k");
            s.call(3, "SET", "k", "v");
            s.read(2);
            // the tracking client's own write: the message goes to the redirect client
            s.call(1, "GET", "k");
            s.call(1, "SET", "k", "w");
            s.read(2);
            s.nothingYet(1);
            // a RESP2 client without redirection cannot be told anything
            s.call(4, "CLIENT", "TRACKING", "on");
            s.call(4, "GET", "k");
            s.call(4, "SET", "k", "x");
            s.nothingYet(4);
            s.call(4, "GET", "k");
        });
    }

    @Test
    void aResp3RedirectClientGetsPushesWithoutSubscribing() throws Exception {
        same(s -> {
            String redirect = s.clientId(2);
            s.resp3(2);
            s.call(1, "CLIENT", "TRACKING", "on", "REDIRECT", redirect);
            s.call(1, "GET", "k");
            s.call(3, "SET", "k", "v");
            s.read(2);
            // a RESP2 redirect client that is not subscribed gets nothing
            String plain = s.clientId(4);
            s.call(5, "CLIENT", "TRACKING", "on", "REDIRECT", plain);
            s.call(5, "GET", "k");
            s.call(3, "SET", "k", "w");
            s.nothingYet(4);
            s.call(4, "PING");
        });
    }

    /**
     * The redirect client's own write: Redis 7.2 holds the push until the command's reply is complete (its
     * pending_push_messages), 7.0 wrote it before the reply. Compared with a 7.2 reference, asserted otherwise.
     */
    @Test
    void aRedirectClientsOwnWriteIsAnsweredBeforeTheInvalidation() throws Exception {
        Scenario.Script script = s -> {
            String redirect = s.clientId(2);
            s.resp3(2);
            s.call(1, "CLIENT", "TRACKING", "on", "REDIRECT", redirect);
            s.call(1, "GET", "k");
            s.call(2, "SET", "k", "own");
            s.read(2);
            s.nothingYet(1);
        };
        boolean reference72;
        try (RespConnection r = redis.connect()) {
            reference72 = ReferenceVersion.of(r).is72();
        }
        if (reference72) {
            same(script);
            return;
        }
        try (RespConnection tracking = cinnabar.connect(); RespConnection redirect = cinnabar.connect()) {
            String id = redirect.call("CLIENT", "ID").substring(1).trim();
            redirect.call("HELLO", "3");
            assertEquals("+OK\r\n", tracking.call("CLIENT", "TRACKING", "on", "REDIRECT", id));
            tracking.call("GET", "k");
            assertEquals("+OK\r\n", redirect.call("SET", "k", "own"));
            assertEquals(">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nk\r\n", redirect.readReply());
            assertTrue(tracking.nothingReceivedWithin(100));
        }
    }

    @Test
    void aRedirectClientThatLeftBreaksTheRedirection() throws Exception {
        same(s -> {
            String redirect = s.clientId(2);
            s.resp3(1);
            s.call(1, "CLIENT", "TRACKING", "on", "REDIRECT", redirect);
            s.call(1, "GET", "k");
            s.call(2, "QUIT");
            Thread.sleep(100);
            s.call(3, "SET", "k", "v");
            s.read(1);
            s.call(1, "CLIENT", "TRACKINGINFO");
            s.call(1, "CLIENT", "GETREDIR");
            // switching tracking on again clears the broken flag, not the redirection
            s.call(1, "CLIENT", "TRACKING", "on");
            s.call(1, "CLIENT", "TRACKINGINFO");
        });
    }

    @Test
    void broadcastingSendsOneMessagePerPrefixAfterTheBatch() throws Exception {
        same(s -> {
            s.resp3(1);
            s.call(1, "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "user:", "PREFIX", "obj:");
            s.call(1, "CLIENT", "TRACKINGINFO");
            s.call(2, "SET", "user:1", "a");
            s.read(1);
            s.call(2, "SET", "other", "a");
            s.nothingYet(1);
            // one command changing keys under both prefixes: one message per prefix, keys in byte order
            s.call(2, "SET", "obj:1", "x");
            s.read(1);
            s.call(2, "SET", "user:b", "x");
            s.read(1);
            s.call(2, "DEL", "user:b", "obj:1", "user:1", "other");
            s.read(1);
            s.read(1);
            // reads are not tracked in BCAST mode; the client's own writes are broadcast to it too
            s.call(1, "GET", "nothing");
            s.call(1, "SET", "user:me", "1");
            s.read(1);
            s.call(1, "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "more:");
            s.call(1, "CLIENT", "TRACKINGINFO");
            s.call(2, "SET", "more:x", "1");
            s.read(1);
        });
    }

    @Test
    void broadcastingWithoutPrefixCoversEveryKey() throws Exception {
        same(s -> {
            s.resp3(1);
            s.call(1, "CLIENT", "TRACKING", "on", "BCAST");
            s.call(1, "CLIENT", "TRACKINGINFO");
            s.call(2, "SET", "anything", "1");
            s.read(1);
            s.call(2, "INCR", "counter");
            s.read(1);
        });
    }

    @Test
    void broadcastingToAResp2RedirectClient() throws Exception {
        same(s -> {
            String redirect = s.clientId(2);
            s.call(2, "SUBSCRIBE", "__redis__:invalidate");
            s.call(1, "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "p", "REDIRECT", redirect);
            s.call(3, "DEL", "nothing");
            s.call(3, "SET", "p2", "1");
            s.read(2);
            s.call(3, "FLUSHALL");
            s.read(2);
        });
    }

    @Test
    void noloopLeavesOutTheClientsOwnChanges() throws Exception {
        same(s -> {
            s.resp3(1);
            s.call(1, "CLIENT", "TRACKING", "on", "NOLOOP");
            s.call(1, "GET", "k");
            s.call(1, "SET", "k", "mine");
            s.nothingYet(1);
            s.call(1, "GET", "k");
            s.call(2, "SET", "k", "theirs");
            s.read(1);
            s.resp3(3);
            s.call(3, "CLIENT", "TRACKING", "on", "BCAST", "NOLOOP", "PREFIX", "b:");
            s.call(3, "SET", "b:own", "1");
            s.nothingYet(3);
            s.call(2, "SET", "b:their", "1");
            s.read(3);
            // a batch of keys changed by both: only the others' reach it
            s.call(2, "SET", "b:1", "1");
            s.read(3);
            s.call(3, "CLIENT", "TRACKINGINFO");
        });
    }

    @Test
    void optinTracksOnlyTheCommandAfterCachingYes() throws Exception {
        same(s -> {
            s.resp3(1);
            s.call(1, "CLIENT", "TRACKING", "on", "OPTIN");
            s.call(1, "GET", "a");
            s.call(1, "CLIENT", "CACHING", "yes");
            s.call(1, "CLIENT", "TRACKINGINFO");
            s.call(1, "GET", "b");
            s.call(1, "GET", "c");
            s.call(1, "CLIENT", "CACHING", "yes");
            s.call(1, "CLIENT", "GETREDIR");   // another CLIENT subcommand keeps the flag
            s.call(1, "GET", "d");
            s.call(1, "CLIENT", "CACHING", "yes");
            s.call(1, "PING");           // any other command ends it
            s.call(1, "GET", "e");
            s.call(2, "DEL", "a", "b", "c", "d", "e");
            s.call(2, "SET", "a", "1");
            s.call(2, "SET", "b", "1");
            s.read(1);
            s.call(2, "SET", "c", "1");
            s.call(2, "SET", "d", "1");
            s.read(1);
            s.call(2, "SET", "e", "1");
            s.nothingYet(1);
        });
    }

    @Test
    void optoutTracksEverythingButTheCommandAfterCachingNo() throws Exception {
        same(s -> {
            s.resp3(1);
            s.call(1, "CLIENT", "TRACKING", "on", "OPTOUT");
            s.call(1, "GET", "a");
            s.call(1, "CLIENT", "CACHING", "no");
            s.call(1, "CLIENT", "TRACKINGINFO");
            s.call(1, "GET", "b");
            s.call(1, "GET", "c");
            s.call(2, "SET", "b", "1");
            s.nothingYet(1);
            s.call(2, "SET", "a", "1");
            s.read(1);
            s.call(2, "SET", "c", "1");
            s.read(1);
        });
    }

    @Test
    void flushSendsANullInvalidationToEveryTrackingClient() throws Exception {
        same(s -> {
            s.resp3(1);
            s.call(1, "CLIENT", "TRACKING", "on");
            s.resp3(2);
            s.call(2, "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "x");
            s.call(3, "SET", "k", "v");
            s.call(3, "FLUSHALL");
            s.read(1);
            s.read(2);
            // the flushing client's own: after its reply
            s.call(1, "FLUSHDB");
            s.read(1);
            s.read(2);
            // the table is empty after a flush: an earlier read is no longer tracked
            s.call(1, "GET", "k");
            s.call(3, "FLUSHALL");
            s.read(1);
            s.read(2);
            s.call(3, "SET", "k", "v");
            s.nothingYet(1);
            // RESP2 tracking without redirection: no message at all
            s.call(4, "CLIENT", "TRACKING", "on");
            s.call(4, "FLUSHALL");
            s.read(1);
            s.read(2);
            s.nothingYet(4);
            s.call(4, "PING");
        });
    }

    @Test
    void expiredKeysAreInvalidated() throws Exception {
        same(s -> {
            s.resp3(1);
            s.call(1, "CLIENT", "TRACKING", "on");
            s.call(2, "SET", "short", "v", "PX", "50");
            s.call(1, "GET", "short");
            Thread.sleep(150);
            s.call(2, "EXISTS", "short");     // expired now (lazily or by the active cycle)
            s.read(1);
            // a tracking client reading its own expired key: the reply, then the invalidation
            s.call(2, "SET", "mine", "v", "PX", "50");
            s.call(1, "GET", "mine");
            Thread.sleep(10);
            s.call(2, "DEBUG", "SET-ACTIVE-EXPIRE", "0");
            Thread.sleep(150);
            s.call(1, "GET", "mine");
            s.read(1);
            s.call(2, "DEBUG", "SET-ACTIVE-EXPIRE", "1");
        });
    }

    @Test
    void optionErrors() throws Exception {
        same(s -> {
            String other = s.clientId(2);
            s.call(1, "CLIENT", "TRACKING");
            s.call(1, "CLIENT", "TRACKING", "maybe");
            s.call(1, "CLIENT", "TRACKING", "on", "unknown");
            s.call(1, "CLIENT", "TRACKING", "on", "REDIRECT");
            s.call(1, "CLIENT", "TRACKING", "on", "PREFIX");
            s.call(1, "CLIENT", "TRACKING", "on", "REDIRECT", "notanumber");
            s.call(1, "CLIENT", "TRACKING", "on", "REDIRECT", "999999");
            s.call(1, "CLIENT", "TRACKING", "on", "REDIRECT", "0");
            s.call(1, "CLIENT", "TRACKING", "on", "REDIRECT", other, "REDIRECT", other);
            s.call(1, "CLIENT", "TRACKING", "on", "PREFIX", "a");
            s.call(1, "CLIENT", "TRACKING", "on", "BCAST", "OPTIN");
            s.call(1, "CLIENT", "TRACKING", "on", "BCAST", "OPTOUT");
            s.call(1, "CLIENT", "TRACKING", "on", "OPTIN", "OPTOUT");
            s.call(1, "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "ab", "PREFIX", "a");
            s.call(1, "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "a", "PREFIX", "");
            s.call(1, "CLIENT", "TRACKINGINFO");
            s.call(1, "CLIENT", "TRACKING", "off", "PREFIX", "a", "OPTIN", "OPTOUT");
            s.call(1, "CLIENT", "TRACKING", "OFF", "nonsense");
            s.call(1, "CLIENT", "CACHING", "yes");
            s.call(1, "CLIENT", "CACHING");
            s.call(1, "CLIENT", "CACHING", "yes", "no");
            s.call(1, "CLIENT", "GETREDIR", "x");
            s.call(1, "CLIENT", "TRACKINGINFO", "x");
            s.call(1, "CLIENT", "TRACKING", "on", "OPTIN");
            s.call(1, "CLIENT", "CACHING", "no");
            s.call(1, "CLIENT", "CACHING", "maybe");
            s.call(1, "CLIENT", "TRACKING", "on", "OPTOUT");
            s.call(1, "CLIENT", "TRACKING", "on", "BCAST");
            s.call(1, "CLIENT", "TRACKING", "on", "NOLOOP");
            s.call(1, "CLIENT", "TRACKINGINFO");
            s.call(1, "CLIENT", "TRACKING", "off");
            s.call(1, "CLIENT", "TRACKING", "on", "OPTOUT");
            s.call(1, "CLIENT", "CACHING", "yes");
            s.call(1, "CLIENT", "GETREDIR");
            s.call(1, "CLIENT", "TRACKING", "off");
            s.call(1, "CLIENT", "GETREDIR");
        });
    }

    @Test
    void prefixOverlaps() throws Exception {
        same(s -> {
            s.call(1, "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "a", "PREFIX", "b");
            s.call(1, "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "bc");
            s.call(1, "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "c", "PREFIX", "a");
            s.call(1, "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "b");  // the same prefix overlaps too
            s.call(1, "CLIENT", "TRACKINGINFO");
            s.call(1, "CLIENT", "TRACKING", "on");
            s.call(1, "CLIENT", "TRACKING", "off");
            s.call(1, "CLIENT", "TRACKINGINFO");
            // Redis 7.2 reports an overlap among later new prefixes, then enables tracking anyway: error and OK
            s.call(1, "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "x", "PREFIX", "y", "PREFIX", "yz");
            s.read(1);
            s.call(1, "CLIENT", "TRACKINGINFO");
            s.resp3(1);
            s.call(1, "CLIENT", "TRACKINGINFO");
        });
    }

    @Test
    void trackingInfoInBothProtocols() throws Exception {
        same(s -> {
            s.call(1, "CLIENT", "TRACKINGINFO");
            s.call(1, "CLIENT", "TRACKING", "on", "OPTIN", "NOLOOP");
            s.call(1, "CLIENT", "CACHING", "yes");
            s.call(1, "CLIENT", "TRACKINGINFO");
            s.call(1, "CLIENT", "TRACKINGINFO");   // CLIENT commands keep CACHING
            s.resp3(2);
            s.call(2, "CLIENT", "TRACKINGINFO");
            s.call(2, "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "b", "PREFIX", "a", "NOLOOP");
            s.call(2, "CLIENT", "TRACKINGINFO");
            s.call(2, "RESET");
            s.call(2, "CLIENT", "TRACKINGINFO");
        });
    }

    @Test
    void cachingArityAndGetredirWithoutTracking() throws Exception {
        same(s -> {
            s.call(1, "CLIENT", "CACHING", "a", "b", "c");
            s.call(1, "CLIENT", "GETREDIR");
        });
    }

    @Test
    void keysReadInsideExecAreTrackedAndInvalidatedAfterItsReply() throws Exception {
        same(s -> {
            s.resp3(1);
            s.call(1, "CLIENT", "TRACKING", "on");
            s.call(1, "MULTI");
            s.call(1, "GET", "a");
            s.call(1, "MGET", "b", "c");
            s.call(1, "SET", "c", "mine");
            s.call(1, "EXEC");
            s.call(2, "SET", "a", "1");
            s.read(1);
            s.call(2, "SET", "b", "1");
            s.read(1);
        });
    }

    @Test
    void cachingYesCoversAWholeTransaction() throws Exception {
        same(s -> {
            s.resp3(1);
            s.call(1, "CLIENT", "TRACKING", "on", "OPTIN");
            s.call(1, "CLIENT", "CACHING", "yes");
            s.call(1, "MULTI");
            s.call(1, "GET", "a");
            s.call(1, "GET", "b");
            s.call(1, "EXEC");
            s.call(1, "GET", "c");
            s.call(2, "SET", "a", "1");
            s.read(1);
            s.call(2, "SET", "b", "1");
            s.read(1);
            s.call(2, "SET", "c", "1");
            s.nothingYet(1);
        });
    }

    @Test
    void aBroadcastingNoloopClientHearsOfItsOwnKeyExpiring() throws Exception {
        same(s -> {
            s.resp3(1);
            s.call(1, "DEBUG", "SET-ACTIVE-EXPIRE", "0");
            s.call(1, "CLIENT", "TRACKING", "on", "BCAST", "NOLOOP", "PREFIX", "k");
            s.call(1, "SET", "k1", "v", "PX", "20");
            s.nothingYet(1);
            Thread.sleep(60);
            s.call(1, "GET", "k1");      // its own access expires the key: nobody's change
            s.call(1, "PING");
            s.read(1);
            s.call(1, "DEBUG", "SET-ACTIVE-EXPIRE", "1");
        });
    }
}
