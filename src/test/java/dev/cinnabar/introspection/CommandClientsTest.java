package dev.cinnabar.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.testing.TestServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.models.command.CommandDetail;
import io.lettuce.core.models.command.CommandDetailParser;
import io.lettuce.core.protocol.ProtocolVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.CommandListFilterByParams;
import redis.clients.jedis.resps.CommandDocument;
import redis.clients.jedis.resps.CommandInfo;

import java.util.List;
import java.util.Map;

/** Real clients read COMMAND's replies with their own parsers. */
class CommandClientsTest {
    static CinnabarServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void jedisParsesInfoDocsKeysAndLists() {
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            assertEquals(server.server().commands().size(), jedis.commandCount());
            Map<String, CommandInfo> info = jedis.commandInfo("get", "set");
            CommandInfo get = info.get("get");
            assertEquals(2, get.getArity());
            assertEquals(List.of("readonly", "fast"), get.getFlags());
            assertEquals(List.of(1L, 1L, 1L), List.of(get.getFirstKey(), get.getLastKey(), get.getStep()));
            assertEquals(List.of("@read", "@string", "@fast"), get.getAclCategories());
            assertEquals(-3, info.get("set").getArity());

            Map<String, CommandInfo> all = jedis.command();
            assertEquals(jedis.commandCount(), all.size());
            assertTrue(all.get("command").getSubcommands().containsKey("command|getkeys"));

            CommandDocument set = jedis.commandDocs("set").get("set");
            assertEquals("Stores a string at a key, whatever the key held before.", set.getSummary());
            assertEquals("1.0.0", set.getSince());
            assertEquals("string", set.getGroup());
            assertEquals("O(1)", set.getComplexity());
            assertEquals(4, set.getHistory().size());

            assertEquals(List.of("k"), jedis.commandGetKeys("SET", "k", "v"));
            assertEquals("k", jedis.commandGetKeysAndFlags("SET", "k", "v", "GET").get(0).getKey());
            assertEquals(List.of("RW", "access", "update"),
                    jedis.commandGetKeysAndFlags("SET", "k", "v", "GET").get(0).getValue());
            assertTrue(jedis.commandList().contains("command|docs"));
            assertTrue(jedis.commandListFilterBy(CommandListFilterByParams.commandListFilterByParams()
                    .filterByAclCat("string")).containsAll(List.of("get", "set")));
        }
    }

    @Test
    void lettuceParsesCommandDetails() {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
        client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<CommandDetail> details = CommandDetailParser.parse(connection.sync().commandInfo("get", "echo"));
            assertEquals("get", details.get(0).getName());
            assertEquals(2, details.get(0).getArity());
            assertTrue(details.get(0).getFlags().contains(CommandDetail.Flag.READONLY));
            assertEquals(1, details.get(0).getFirstKeyPosition());
            assertEquals("echo", details.get(1).getName());
            assertEquals(server.server().commands().size(), connection.sync().commandCount());
            assertEquals(server.server().commands().size(), CommandDetailParser.parse(connection.sync().command()).size());
        } finally {
            client.shutdown();
        }
    }
}
