package dev.cinnabar.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.TestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Real client libraries connect with their default handshakes (HELLO, AUTH, CLIENT SETINFO, SETNAME, SELECT) to a
 * server with and without a password, and then work.
 */
class ClientLibrariesIntegrationTest {
    static CinnabarServer open;
    static CinnabarServer protectedServer;

    @BeforeAll
    static void start() throws Exception {
        open = TestServer.start();
        protectedServer = TestServer.start("requirepass s3cret");
    }

    @AfterAll
    static void stop() {
        open.close();
        protectedServer.close();
    }

    /** This connection's line of CLIENT LIST, seen from a raw connection (with the password if needed). */
    static String clientLine(CinnabarServer server, long id, String password) throws Exception {
        try (RespConnection c = new RespConnection(server.port())) {
            if (password != null) c.call("AUTH", password);
            return c.call("CLIENT", "LIST", "ID", String.valueOf(id));
        }
    }

    @Test
    void jedisWithoutHandshake() throws Exception {
        // this constructor sends nothing on connect
        try (Jedis jedis = new Jedis("127.0.0.1", open.port())) {
            assertEquals("PONG", jedis.ping());
            assertEquals("OK", jedis.set("jedis:plain", "v"));
            assertEquals("v", jedis.get("jedis:plain"));
            assertTrue(clientLine(open, jedis.clientId(), null).contains(" lib-name= "));
        }
    }

    @Test
    void jedisWithDefaultConfig() throws Exception {
        try (Jedis jedis = new Jedis("127.0.0.1", open.port(), DefaultJedisClientConfig.builder().build())) {
            assertEquals("PONG", jedis.ping());
            assertEquals("OK", jedis.set("jedis:key", "value"));
            assertEquals("value", jedis.get("jedis:key"));
            assertEquals("hi", jedis.echo("hi"));
            assertTrue(jedis.info("server").contains("redis_version:7.2.4"));
            assertEquals(Map.of("maxclients", "10000"), jedis.configGet("maxclients"));
            List<String> time = jedis.time();
            assertEquals(2, time.size());
            String line = clientLine(open, jedis.clientId(), null);
            assertTrue(line.contains(" lib-name=jedis "), line);
            assertTrue(line.matches("(?s).* lib-ver=\\S+\n.*"), line);
        }
    }

    @Test
    void jedisResp3WithPasswordNameAndDatabase() throws Exception {
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder().resp3().password("s3cret")
                .clientName("jedis-app").database(2).build();
        try (Jedis jedis = new Jedis("127.0.0.1", protectedServer.port(), config)) {
            assertEquals("PONG", jedis.ping());
            assertEquals("OK", jedis.set("k", "in-db-2"));
            assertEquals("jedis-app", jedis.clientGetname());
            String line = clientLine(protectedServer, jedis.clientId(), "s3cret");
            assertTrue(line.contains(" db=2 "), line);
            assertTrue(line.contains(" resp=3 "), line);
            assertTrue(line.contains(" name=jedis-app "), line);
        }
    }

    @Test
    void jedisWithWrongPasswordFails() {
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder().password("wrong").build();
        JedisException e = assertThrows(JedisException.class, () -> {
            try (Jedis jedis = new Jedis("127.0.0.1", protectedServer.port(), config)) {
                jedis.ping();
            }
        });
        String messages = e + " " + e.getCause();
        assertTrue(messages.contains("WRONGPASS"), messages);
    }

    @Test
    void lettuceWithDefaults() throws Exception {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(open.port())
                .withTimeout(Duration.ofSeconds(10)).build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            assertEquals("PONG", redis.ping());
            assertEquals("OK", redis.set("lettuce:key", "v"));
            assertEquals("v", redis.get("lettuce:key"));
            assertEquals(Map.of("maxclients", "10000"), redis.configGet("maxclients"));
            assertTrue(redis.info("server").contains("redis_mode:standalone"));
            String line = clientLine(open, redis.clientId(), null);
            assertTrue(line.contains(" resp=3 "), "Lettuce speaks RESP3 when HELLO works: " + line);
            assertTrue(line.contains(" lib-name=Lettuce "), line);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void lettuceWithPasswordNameAndDatabase() throws Exception {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1")
                .withPort(protectedServer.port()).withPassword("s3cret".toCharArray()).withClientName("lettuce-app")
                .withDatabase(3).withTimeout(Duration.ofSeconds(10)).build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            assertEquals("PONG", redis.ping());
            assertEquals("lettuce-app", redis.clientGetname());
            assertEquals("OK", redis.set("k", "in-db-3"));
            String line = clientLine(protectedServer, redis.clientId(), "s3cret");
            assertTrue(line.contains(" db=3 "), line);
            assertTrue(line.contains(" resp=3 "), line);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void lettuceWithWrongPasswordFails() {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1")
                .withPort(protectedServer.port()).withPassword("wrong".toCharArray())
                .withTimeout(Duration.ofSeconds(10)).build());
        try {
            Exception e = assertThrows(Exception.class, client::connect);
            StringBuilder messages = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) messages.append(t.getMessage()).append(' ');
            // Lettuce reports WRONGPASS, except when its handshake handler is torn down first (a race inside
            // Lettuce on a loaded machine); either way the connection was refused.
            assertTrue(messages.toString().contains("WRONGPASS")
                    || messages.toString().contains("RedisHandshakeHandler not registered"), messages.toString());
        } finally {
            client.shutdown();
        }
    }
}
