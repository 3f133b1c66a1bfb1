package dev.cinnabar.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.RespTree;
import dev.cinnabar.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * COMMAND on a server with a small table: it describes exactly the commands and subcommands that have handlers,
 * with Redis 7.2's metadata and our own summaries. (The comparison with a real redis-server is
 * {@link CommandDifferentialTest}.)
 */
class CommandIntrospectionTest {
    static CinnabarServer server;
    static CommandTable table;

    @BeforeAll
    static void start() throws Exception {
        CommandTable.Builder builder = new CommandTable.Builder();
        CommandCommands.register(builder);
        builder.handle("get", ctx -> ctx.reply().nullBulk())
                .handle("set", ctx -> ctx.reply().ok())
                .handle("setnx", ctx -> ctx.reply().integer(1))
                .handle("ping", ctx -> ctx.reply().simple("PONG"))
                .handle("client|id", ctx -> ctx.reply().integer(ctx.client().id()))
                .handle("client|kill", ctx -> ctx.reply().ok())
                .handle("hello", ctx -> {
                    ctx.reply().setProtocol((int) ctx.argLong(1));
                    ctx.reply().ok();
                });
        table = builder.build();
        server = TestServer.start(table);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static RespConnection connect(int protocol) throws IOException {
        RespConnection c = new RespConnection(server.port());
        if (protocol == 3) c.call("HELLO", "3");
        return c;
    }

    private static List<String> bulks(String reply) {
        List<String> out = new ArrayList<>();
        for (RespTree e : RespTree.parse(reply).children()) out.add(e.text());
        return out;
    }

    @Test
    void countsAndListsOnlyCommandsWithHandlers() throws IOException {
        try (RespConnection c = connect(2)) {
            assertEquals(":7\r\n", c.call("COMMAND", "COUNT"));  // command get set setnx ping client hello
            assertEquals(Set.of("command", "command|count", "command|info", "command|docs", "command|list",
                    "command|getkeys", "command|getkeysandflags", "command|help", "get", "set", "setnx", "ping",
                    "client", "client|id", "client|kill", "hello"), new TreeSet<>(bulks(c.call("COMMAND", "LIST"))));
            assertEquals(Set.of("client", "client|id", "client|kill"),
                    new TreeSet<>(bulks(c.call("COMMAND", "LIST", "FILTERBY", "PATTERN", "cl*"))));
            assertEquals(Set.of("client|kill"),
                    new TreeSet<>(bulks(c.call("COMMAND", "LIST", "filterby", "aclcat", "DANGEROUS"))));
            assertEquals("*0\r\n", c.call("COMMAND", "LIST", "FILTERBY", "MODULE", "anything"));
            assertEquals(7, RespTree.parse(c.call("COMMAND")).children().size());
            assertEquals(7, RespTree.parse(c.call("COMMAND", "INFO")).children().size());
            assertEquals(14, RespTree.parse(c.call("COMMAND", "DOCS")).children().size());
        }
    }

    @Test
    void containersDescribeOnlyTheirImplementedSubcommands() throws IOException {
        try (RespConnection c = connect(3)) {
            RespTree info = RespTree.parse(c.call("COMMAND", "INFO", "client")).children().get(0);
            assertEquals("client", info.children().get(0).text());
            RespTree subs = info.children().get(9);
            assertEquals('*', subs.type());
            subs.sortUnordered();
            assertEquals(List.of("client|id", "client|kill"),
                    subs.children().stream().map(s -> s.children().get(0).text()).toList());
            RespTree docs = RespTree.parse(c.call("COMMAND", "DOCS", "client")).children().get(1);
            RespTree subDocs = docs.get("subcommands");
            assertEquals('%', subDocs.type());
            assertEquals(4, subDocs.children().size());
            // a command without subcommands has an empty set in their place
            String get = c.call("COMMAND", "INFO", "get");
            assertTrue(get.endsWith("$5\r\nlimit\r\n:0\r\n~0\r\n"), get);
        }
    }

    @Test
    void unknownNamesGiveNullInfoAndNoDocs() throws IOException {
        try (RespConnection c2 = connect(2); RespConnection c3 = connect(3)) {
            assertEquals("*2\r\n$-1\r\n$-1\r\n", c2.call("COMMAND", "INFO", "nosuch", "client|nosuch"));
            assertEquals("*2\r\n_\r\n_\r\n", c3.call("COMMAND", "INFO", "lpush", "client|list"));  // no handlers
            assertEquals("*0\r\n", c2.call("COMMAND", "DOCS", "lpush"));
            assertEquals("%0\r\n", c3.call("COMMAND", "DOCS", "lpush"));
            assertTrue(c2.call("COMMAND", "INFO", "CLIENT|ID").startsWith("*1\r\n*10\r\n$9\r\nclient|id\r\n:2\r\n"));
        }
    }

    @Test
    void docsCarryOurSummariesAndRedis72Facts() throws IOException {
        try (RespConnection c = connect(3)) {
            RespTree set = RespTree.parse(c.call("COMMAND", "DOCS", "set")).children().get(1);
            assertEquals("Stores a string at a key, whatever the key held before.", set.get("summary").text());
            assertEquals(List.of("summary", "since", "group", "complexity", "history", "arguments"), keys(set));
            RespTree history = set.get("history");
            assertEquals('~', history.type());
            assertEquals("2.6.12", history.children().get(0).children().get(0).text());
            assertEquals("The EX, PX, NX and XX options.", history.children().get(0).children().get(1).text());
            RespTree key = set.get("arguments").children().get(0);
            assertEquals(List.of("name", "type", "display_text", "key_spec_index"), keys(key));

            RespTree setnx = RespTree.parse(c.call("COMMAND", "DOCS", "setnx")).children().get(1);
            assertEquals("~1\n  +deprecated\n", setnx.get("doc_flags").toString());
            assertEquals("2.6.12", setnx.get("deprecated_since").text());
            assertNotNull(setnx.get("replaced_by"));

            RespTree setInfo = RespTree.parse(c.call("COMMAND", "INFO", "set")).children().get(0);
            RespTree spec = setInfo.children().get(8).children().get(0);
            assertEquals("Read and written because of the GET option.", spec.get("notes").text());
        }
    }

    private static List<String> keys(RespTree map) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < map.children().size(); i += 2) out.add(map.children().get(i).text());
        return out;
    }

    @Test
    void getKeysFollowsRedis72() throws IOException {
        try (RespConnection c = connect(2)) {
            // 7.2 accepts a command name alone (arity -3), then checks the named command's own arity
            assertEquals("-ERR Invalid number of arguments specified for command\r\n", c.call("COMMAND", "GETKEYS", "get"));
            assertEquals("-ERR The command has no key arguments\r\n", c.call("COMMAND", "GETKEYS", "ping"));
            assertEquals("-ERR Invalid command specified\r\n", c.call("COMMAND", "GETKEYS", "lpush", "k", "v"));
            assertEquals("-ERR Invalid command specified\r\n", c.call("COMMAND", "GETKEYS", "client", "list"));
            assertEquals("-ERR wrong number of arguments for 'command|getkeys' command\r\n", c.call("COMMAND", "GETKEYS"));
            assertEquals("*1\r\n$1\r\nk\r\n", c.call("COMMAND", "GETKEYS", "GET", "k"));
            assertEquals("*1\r\n*2\r\n$1\r\nk\r\n*3\r\n+RW\r\n+access\r\n+update\r\n",
                    c.call("COMMAND", "GETKEYSANDFLAGS", "set", "k", "v", "get"));
        }
        try (RespConnection c = connect(3)) {
            assertEquals("*1\r\n*2\r\n$1\r\nk\r\n~2\r\n+OW\r\n+update\r\n",
                    c.call("COMMAND", "GETKEYSANDFLAGS", "set", "k", "v"));
        }
    }

    @Test
    void helpIsRedis72s() throws IOException {
        for (int protocol : new int[] {2, 3}) {
            try (RespConnection c = connect(protocol)) {
                String help = c.call("command", "help");
                assertTrue(help.startsWith("*21\r\n+COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"
                        + "+(no subcommand)\r\n"), help);
                assertTrue(help.endsWith("+GETKEYSANDFLAGS <full-command>\r\n"
                        + "+    Return the keys and the access flags from a full Redis command.\r\n"
                        + "+HELP\r\n+    Print this help.\r\n"), help);
            }
        }
    }

    @Test
    void unknownSubcommandAndArityErrors() throws IOException {
        try (RespConnection c = connect(2)) {
            assertEquals("-ERR unknown subcommand 'nosuch'. Try COMMAND HELP.\r\n", c.call("command", "nosuch"));
            assertEquals("-ERR wrong number of arguments for 'command|count' command\r\n", c.call("COMMAND", "COUNT", "x"));
            assertEquals("-ERR syntax error\r\n", c.call("COMMAND", "LIST", "FILTERBY", "ACLCAT"));
            assertEquals("-ERR syntax error\r\n", c.call("COMMAND", "LIST", "FILTERBY", "nosuch", "x"));
        }
    }

    @Test
    void everyCommandOfTheTableIsDescribed() {
        for (CommandSpec cmd : table.all()) {
            assertTrue(cmd.docs().has("summary"), cmd.fullName());
            for (CommandSpec sub : cmd.subcommands().values()) assertTrue(sub.docs().has("summary"), sub.fullName());
        }
    }
}
