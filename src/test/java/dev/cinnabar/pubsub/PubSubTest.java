package dev.cinnabar.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.sync.RedisPubSubCommands;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Pub/Sub through a real client, and the client state that only Cinnabar can be asked about directly. */
class PubSubTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();

    @Test
    void jedisSubscriberReceivesChannelAndPatternMessagesInOrder() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                received.add(channel + ":" + message);
                if (message.equals("last")) unsubscribe();
            }

            @Override
            public void onPMessage(String pattern, String channel, String message) {
                received.add(pattern + "/" + channel + ":" + message);
                if (message.equals("last")) punsubscribe();
            }

            @Override
            public void onPUnsubscribe(String pattern, int count) {
                if (count == 0) done.countDown();
            }
        };
        Thread subscriber = Thread.ofVirtual().start(() -> {
            try (Jedis jedis = new Jedis("127.0.0.1", cinnabar.port())) {
                jedis.subscribe(listener, "orders");
            }
        });
        try (Jedis publisher = new Jedis("127.0.0.1", cinnabar.port())) {
            waitUntil(() -> publisher.pubsubNumSub("orders").get("orders") == 1L);
            listener.psubscribe("ord*");
            waitUntil(() -> publisher.pubsubNumPat() == 1L);
            for (int i = 0; i < 50; i++) assertEquals(2, publisher.publish("orders", "m" + i));
            assertEquals(1, publisher.publish("ordinal", "p"));
            assertEquals(2, publisher.publish("orders", "last"));
        }
        assertTrue(done.await(5, TimeUnit.SECONDS));
        subscriber.join(5000);
        assertFalse(subscriber.isAlive());
        assertEquals(103, received.size());
        for (int i = 0; i < 50; i++) {
            assertEquals("orders:m" + i, received.get(2 * i));
            assertEquals("ord*/orders:m" + i, received.get(2 * i + 1));
        }
        assertEquals("ord*/ordinal:p", received.get(100));
        assertEquals("orders:last", received.get(101));
        assertEquals("ord*/orders:last", received.get(102));
    }

    @Test
    void lettuceResp3SubscriberGetsPushesAndRunsCommandsOnTheSameConnection() throws Exception {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(cinnabar.port())
                .withTimeout(Duration.ofSeconds(10)).build());
        List<String> received = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(3);
        try (StatefulRedisPubSubConnection<String, String> connection = client.connectPubSub();
             Jedis publisher = new Jedis("127.0.0.1", cinnabar.port())) {
            connection.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    received.add(channel + ":" + message);
                    all.countDown();
                }

                @Override
                public void message(String pattern, String channel, String message) {
                    received.add(pattern + "/" + channel + ":" + message);
                    all.countDown();
                }
            });
            RedisPubSubCommands<String, String> sub = connection.sync();
            sub.subscribe("events");
            sub.psubscribe("ev*");
            assertEquals("OK", sub.set("k", "v")); // RESP3: not limited to subscription commands
            assertEquals("v", sub.get("k"));
            assertEquals(2, publisher.publish("events", "one"));
            assertEquals(1, publisher.publish("evening", "two"));
            assertTrue(all.await(5, TimeUnit.SECONDS));
            assertEquals(List.of("events:one", "ev*/events:one", "ev*/evening:two"), received);
            assertEquals(1L, sub.pubsubNumpat());
        } finally {
            client.shutdown();
        }
    }

    private interface Condition {
        boolean holds();
    }

    private static void waitUntil(Condition condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not reached");
            Thread.sleep(5);
        }
    }

    @Test
    void subscribedClientsAreOfTypePubsubWithCountsAndFlag() throws Exception {
        try (RespConnection sub = cinnabar.connect(); RespConnection other = cinnabar.connect()) {
            sub.call("CLIENT", "SETNAME", "listener");
            sub.call("SUBSCRIBE", "a");
            sub.call("SUBSCRIBE", "b");
            sub.call("PSUBSCRIBE", "x*");
            sub.call("SSUBSCRIBE", "s");
            String list = other.call("CLIENT", "LIST", "TYPE", "pubsub");
            assertTrue(list.contains("name=listener "), list);
            assertTrue(list.contains(" flags=P "), list);
            assertTrue(list.contains(" sub=2 psub=1 ssub=1 "), list);
            assertFalse(other.call("CLIENT", "LIST", "TYPE", "normal").contains("name=listener "));
            String stats = other.call("INFO", "stats");
            assertTrue(stats.contains("\r\npubsub_channels:2\r\npubsub_patterns:1\r\npubsubshard_channels:1\r\n"), stats);
            sub.call("RESET");
            list = other.call("CLIENT", "LIST");
            assertTrue(list.contains(" flags=N db=0 sub=0 psub=0 ssub=0 "), list);
            stats = other.call("INFO", "stats");
            assertTrue(stats.contains("\r\npubsub_channels:0\r\npubsub_patterns:0\r\npubsubshard_channels:0\r\n"), stats);
        }
    }

    /** Redis 7.2 sends pushes whatever CLIENT REPLY says (7.0 dropped them, so this is not a differential test). */
    @Test
    void messagesReachSubscribersWhoseRepliesAreOff() throws Exception {
        try (RespConnection sub = cinnabar.connect(); RespConnection publisher = cinnabar.connect()) {
            sub.call("HELLO", "3");
            sub.call("SUBSCRIBE", "quiet");
            sub.send("CLIENT", "REPLY", "OFF");
            assertEquals(":1\r\n", publisher.call("PUBLISH", "quiet", "from another"));
            assertEquals(">3\r\n$7\r\nmessage\r\n$5\r\nquiet\r\n$12\r\nfrom another\r\n", sub.readReply());
            sub.send("PUBLISH", "quiet", "from itself");
            assertEquals(">3\r\n$7\r\nmessage\r\n$5\r\nquiet\r\n$11\r\nfrom itself\r\n", sub.readReply());
            assertEquals("+OK\r\n", sub.call("CLIENT", "REPLY", "ON"));
        }
    }

    @Test
    void pubsubHelpHasRedis72Text() throws Exception {
        try (RespConnection c = cinnabar.connect()) {
            String help = c.call("PUBSUB", "HELP");
            assertTrue(help.startsWith("*14\r\n+PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"), help);
            assertTrue(help.contains("+SHARDNUMSUB [<shardchannel> ...]\r\n+    Return the number of subscribers for "
                    + "the specified shard level channel(s)\r\n+HELP\r\n+    Print this help.\r\n"), help);
        }
    }

    @Test
    void idleTimeoutSparesSubscribedClients() throws Exception {
        try (CinnabarServer server = TestServer.start("timeout 1");
             RespConnection idle = new RespConnection(server.port());
             RespConnection subscriber = new RespConnection(server.port())) {
            idle.call("PING");
            subscriber.call("SUBSCRIBE", "c");
            Thread.sleep(2600);
            assertFalse(isOpen(idle), "the idle normal client is closed");
            try (RespConnection publisher = new RespConnection(server.port())) {
                assertEquals(":1\r\n", publisher.call("PUBLISH", "c", "still here"));
            }
            assertEquals("*3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$10\r\nstill here\r\n", subscriber.readReply());
        }
    }

    private static boolean isOpen(RespConnection c) {
        try {
            c.call("PING");
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
