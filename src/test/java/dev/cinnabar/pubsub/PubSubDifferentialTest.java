package dev.cinnabar.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.ReferenceVersion;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pub/Sub played over several connections against Cinnabar and a real redis-server: confirmations, messages,
 * receiver counts, subscribed-mode rules and introspection must be byte for byte the same.
 */
class PubSubDifferentialTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private static void same(Scenario.Script script) throws Exception {
        Scenario.assertSame(cinnabar, redis, script);
    }

    @Test
    void subscribePublishAndUnsubscribe() throws Exception {
        same(s -> {
            s.call(1, "SUBSCRIBE", "news", "sport");
            s.read(1);
            s.call(1, "SUBSCRIBE", "news");
            s.call(2, "PUBLISH", "news", "hello");
            s.read(1);
            s.call(2, "PUBLISH", "nobody", "x");
            s.call(2, "PUBLISH", "sport", "");
            s.read(1);
            s.call(1, "UNSUBSCRIBE", "news");
            s.call(1, "UNSUBSCRIBE", "never");
            s.call(2, "PUBLISH", "news", "lost");
            s.nothingYet(1);
            s.call(1, "UNSUBSCRIBE");
            s.call(1, "UNSUBSCRIBE");
            s.call(1, "PUNSUBSCRIBE");
            s.call(1, "SUNSUBSCRIBE");
            s.call(1, "GET", "k");
        });
    }

    @Test
    void messagesKeepThePublishersOrder() throws Exception {
        same(s -> {
            s.call(1, "SUBSCRIBE", "c");
            for (int i = 0; i < 20; i++) s.send(2, "PUBLISH", "c", "m" + i);
            for (int i = 0; i < 20; i++) s.read(2);
            for (int i = 0; i < 20; i++) s.read(1);
        });
    }

    @Test
    void patternsAndChannelsAreCountedSeparately() throws Exception {
        // (one pattern per client where several match: Redis walks its pattern table in hash order)
        same(s -> {
            s.call(1, "PSUBSCRIBE", "news.*");
            s.call(1, "SUBSCRIBE", "news.tech");
            s.call(3, "PSUBSCRIBE", "n?ws.t[a-e]ch");
            s.call(4, "PSUBSCRIBE", "news.*", "other");
            s.read(4);
            s.call(2, "PUBLISH", "news.tech", "chips");
            s.read(1);
            s.read(1);
            s.read(3);
            s.read(4);
            s.call(2, "PUBLISH", "news.art", "paint");
            s.read(1);
            s.read(4);
            s.nothingYet(3);
            s.call(2, "PUBSUB", "NUMPAT");
            s.call(2, "PUBSUB", "NUMSUB", "news.tech", "news.*", "none");
            s.call(1, "PUNSUBSCRIBE", "news.*", "other");
            s.read(1);
            s.call(1, "PUNSUBSCRIBE");
            s.call(2, "PUBSUB", "NUMPAT");
            s.call(3, "PUNSUBSCRIBE");
            s.call(3, "PUNSUBSCRIBE");
            s.call(4, "PUNSUBSCRIBE", "other", "news.*");
            s.read(4);
            s.call(2, "PUBSUB", "NUMPAT");
        });
    }

    @Test
    void shardChannels() throws Exception {
        same(s -> {
            s.call(1, "SSUBSCRIBE", "a", "b");
            s.read(1);
            s.call(1, "SUBSCRIBE", "a");
            s.call(2, "SPUBLISH", "a", "shard");
            s.read(1);
            s.call(2, "PUBLISH", "a", "plain");
            s.read(1);
            s.call(2, "SPUBLISH", "zzz", "x");
            s.callUnordered(2, "PUBSUB", "SHARDCHANNELS");
            s.call(2, "PUBSUB", "SHARDCHANNELS", "b*");
            s.call(2, "PUBSUB", "SHARDNUMSUB", "a", "b", "c");
            s.call(2, "PUBSUB", "SHARDNUMSUB");
            s.call(1, "SUNSUBSCRIBE", "a");
            s.call(1, "SUNSUBSCRIBE");
            s.call(1, "SUNSUBSCRIBE");
            s.call(1, "UNSUBSCRIBE");
        });
    }

    @Test
    void subscribedModeAllowsOnlySubscriptionCommandsInResp2() throws Exception {
        same(s -> {
            s.call(1, "PSUBSCRIBE", "p*");
            s.call(1, "GET", "k");
            s.call(1, "CLIENT", "LIST");
            s.call(1, "PUBLISH", "x", "y");
            s.call(1, "PING");
            s.call(1, "PING", "hi");
            s.call(1, "PING", "a", "b");
            s.call(1, "NOSUCHCOMMAND");
            s.call(1, "SUBSCRIBE");
            s.call(1, "SSUBSCRIBE", "s");
            s.call(1, "PUNSUBSCRIBE", "p*");
            s.call(1, "SET", "k", "still subscribed to a shard channel");
            s.call(1, "RESET");
            s.call(1, "PING");
            s.call(2, "PUBSUB", "SHARDCHANNELS");
            s.call(2, "PUBSUB", "NUMPAT");
            s.call(1, "SUBSCRIBE", "q");
            s.call(1, "QUIT");
        });
    }

    @Test
    void resp3SubscribersGetPushesAndKeepRunningCommands() throws Exception {
        same(s -> {
            s.resp3(1);
            s.call(1, "SUBSCRIBE", "c");
            s.call(1, "PSUBSCRIBE", "c*");
            s.call(1, "SET", "k", "v");
            s.call(1, "GET", "k");
            s.call(1, "PING");
            s.call(2, "PUBLISH", "c", "to both");
            s.read(1);
            s.read(1);
            s.call(1, "SSUBSCRIBE", "s");
            s.call(2, "SPUBLISH", "s", "shard");
            s.read(1);
            s.call(1, "UNSUBSCRIBE");
            s.call(1, "PUNSUBSCRIBE", "c*");
            s.call(1, "UNSUBSCRIBE");
            s.call(1, "SUNSUBSCRIBE");
        });
    }

    /**
     * A message a client publishes to itself follows its PUBLISH reply, before the reply of the next pipelined
     * command: Redis 7.2 holds a command's pushes to its own client until the reply is complete (7.0 sent them
     * first), so the transcript is compared only with a 7.2 reference and checked directly otherwise.
     */
    @Test
    void ownMessagesFollowThePublishReply() throws Exception {
        Scenario.Script script = s -> {
            s.resp3(1);
            s.call(1, "SUBSCRIBE", "c");
            s.call(1, "SSUBSCRIBE", "s");
            s.send(1, "PUBLISH", "c", "to myself");
            s.send(1, "SPUBLISH", "s", "shard");
            s.send(1, "PING");
            for (int i = 0; i < 5; i++) s.read(1);
        };
        ReferenceVersion reference;
        try (RespConnection r = redis.connect()) {
            reference = ReferenceVersion.of(r);
        }
        if (reference.is72()) {
            same(script);
            return;
        }
        try (RespConnection c = cinnabar.connect()) {
            c.call("HELLO", "3");
            c.call("SUBSCRIBE", "c");
            c.call("SSUBSCRIBE", "s");
            c.send("PUBLISH", "c", "to myself");
            c.send("SPUBLISH", "s", "shard");
            c.send("PING");
            assertEquals(":1\r\n", c.readReply());
            assertEquals(">3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$9\r\nto myself\r\n", c.readReply());
            assertEquals(":1\r\n", c.readReply());
            assertEquals(">3\r\n$8\r\nsmessage\r\n$1\r\ns\r\n$5\r\nshard\r\n", c.readReply());
            assertEquals("+PONG\r\n", c.readReply());
        }
    }

    /** Subscription confirmations are pushes for Redis 7.2 in both protocols: CLIENT REPLY OFF / SKIP spare them. */
    @Test
    void confirmationsReachClientsWithRepliesOff() throws Exception {
        same(s -> {
            s.send(1, "CLIENT", "REPLY", "OFF");
            s.call(1, "SUBSCRIBE", "c1", "c2");
            s.read(1);
            s.call(1, "PSUBSCRIBE", "p*");
            s.send(1, "PING");
            s.call(1, "UNSUBSCRIBE", "c1", "c2");
            s.read(1);
            s.call(1, "PUNSUBSCRIBE");
            s.nothingYet(1);
            s.resp3(2);
            s.send(2, "CLIENT", "REPLY", "SKIP");
            s.call(2, "SUBSCRIBE", "c");
            s.call(2, "PING");
            s.send(2, "CLIENT", "REPLY", "OFF");
            s.call(2, "UNSUBSCRIBE", "c");
            s.send(2, "PUBLISH", "c", "x"); // its reply is dropped too
            s.nothingYet(2);
        });
    }

    @Test
    void resp2SubscriberOfResp3PublisherGetsArrays() throws Exception {
        same(s -> {
            s.call(1, "SUBSCRIBE", "c");
            s.resp3(2);
            s.call(2, "PUBLISH", "c", "m");
            s.read(1);
        });
    }

    @Test
    void introspection() throws Exception {
        same(s -> {
            s.call(3, "PUBSUB", "CHANNELS");
            s.call(3, "PUBSUB", "NUMSUB");
            s.call(1, "SUBSCRIBE", "alpha", "beta", "gamma");
            s.read(1);
            s.read(1);
            s.call(2, "SUBSCRIBE", "alpha", "delta");
            s.read(2);
            s.call(2, "PSUBSCRIBE", "alpha");
            s.callUnordered(3, "PUBSUB", "CHANNELS");
            s.callUnordered(3, "PUBSUB", "CHANNELS", "*a");
            s.call(3, "PUBSUB", "CHANNELS", "b*");
            s.call(3, "PUBSUB", "CHANNELS", "nomatch*");
            s.call(3, "PUBSUB", "CHANNELS", "a", "b");
            s.call(3, "PUBSUB", "NUMSUB", "alpha", "beta", "delta", "alpha", "zeta");
            s.call(3, "PUBSUB", "NUMPAT");
            s.call(3, "PUBSUB", "NUMPAT", "x");
            s.call(3, "PUBSUB", "NOPE");
            s.call(3, "PUBSUB");
            s.call(3, "PUBLISH", "alpha");
            s.call(3, "SUBSCRIBE");
            s.call(3, "PSUBSCRIBE");
            s.call(3, "SSUBSCRIBE");
            s.call(3, "SPUBLISH", "a");
            s.call(3, "PUBLISH", "alpha", "counted");
            s.resp3(3);
            s.call(3, "PUBSUB", "NUMSUB", "alpha");
            s.callUnordered(3, "PUBSUB", "CHANNELS");
        });
    }

    @Test
    void disconnectRemovesSubscriptions() throws Exception {
        same(s -> {
            s.call(1, "SUBSCRIBE", "c");
            s.call(1, "PSUBSCRIBE", "*");
            s.call(2, "SUBSCRIBE", "c");
            s.call(3, "PUBLISH", "c", "x");
            s.call(3, "CLIENT", "KILL", "TYPE", "pubsub");
            s.call(3, "PUBSUB", "NUMSUB", "c");
            s.call(3, "PUBSUB", "NUMPAT");
            s.call(3, "PUBLISH", "c", "x");
        });
    }
}
