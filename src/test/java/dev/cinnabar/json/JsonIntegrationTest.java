package dev.cinnabar.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.RespTree;
import dev.cinnabar.testing.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * JSON keys in the rest of the server, over RESP: keyspace events, WATCH, COMMAND metadata, COPY / RENAME /
 * DUMP / RESTORE, snapshots and the AOF, huge and deep values.
 */
class JsonIntegrationTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension("notify-keyspace-events KEA");
    static RespConnection c;

    @BeforeEach
    void flush() throws IOException {
        c = cinnabar.shared();
        c.call("HELLO", "2");
        c.call("FLUSHALL");
    }

    private static String render(String reply) {
        return Transcript.render(RespTree.parse(reply));
    }

    /** The keyevent notifications a command publishes, as "event:key". */
    private static List<String> events(RespConnection sub, String... command) throws IOException {
        render(c.call(command));
        List<String> events = new ArrayList<>();
        while (!sub.nothingReceivedWithin(50)) {
            List<String> msg = RespTree.parse(sub.readReply()).strings();
            String channel = msg.get(2);
            events.add(channel.substring(channel.indexOf("__:") + 3) + ":" + msg.get(3));
        }
        return events;
    }

    @Test
    void writesPublishModuleEventsOnlyWhenTheyChangeSomething() throws IOException {
        try (RespConnection sub = cinnabar.connect()) {
            sub.call("PSUBSCRIBE", "__keyevent@0__:*");
            assertEquals(List.of("json.set:doc"), events(sub, "JSON.SET", "doc", "$", "{\"a\":[1],\"n\":1,\"s\":\"x\",\"b\":true}"));
            assertEquals(List.of(), events(sub, "JSON.SET", "doc", "$", "1", "NX"));
            assertEquals(List.of("json.set:doc"), events(sub, "JSON.SET", "doc", "$.z", "1"));
            assertEquals(List.of("json.arrappend:doc"), events(sub, "JSON.ARRAPPEND", "doc", "$.a", "2"));
            assertEquals(List.of("json.arrinsert:doc"), events(sub, "JSON.ARRINSERT", "doc", "$.a", "0", "0"));
            assertEquals(List.of("json.arrpop:doc"), events(sub, "JSON.ARRPOP", "doc", "$.a"));
            assertEquals(List.of("json.arrtrim:doc"), events(sub, "JSON.ARRTRIM", "doc", "$.a", "0", "0"));
            assertEquals(List.of("json.numincrby:doc"), events(sub, "JSON.NUMINCRBY", "doc", "$.n", "1"));
            assertEquals(List.of("json.nummultby:doc"), events(sub, "JSON.NUMMULTBY", "doc", "$.n", "2"));
            assertEquals(List.of(), events(sub, "JSON.NUMINCRBY", "doc", "$.s", "1"));
            assertEquals(List.of("json.strappend:doc"), events(sub, "JSON.STRAPPEND", "doc", "$.s", "\"y\""));
            assertEquals(List.of("json.toggle:doc"), events(sub, "JSON.TOGGLE", "doc", "$.b"));
            assertEquals(List.of("json.merge:doc"), events(sub, "JSON.MERGE", "doc", "$", "{\"m\":1}"));
            assertEquals(List.of("json.clear:doc"), events(sub, "JSON.CLEAR", "doc", "$.a"));
            assertEquals(List.of(), events(sub, "JSON.CLEAR", "doc", "$.a"));
            assertEquals(List.of("json.mset:doc", "json.mset:doc2"),
                    events(sub, "JSON.MSET", "doc", "$.m", "2", "doc2", "$", "[]"));
            assertEquals(List.of("json.del:doc"), events(sub, "JSON.DEL", "doc", "$.m"));
            assertEquals(List.of(), events(sub, "JSON.DEL", "doc", "$.m"));
            assertEquals(List.of("json.del:doc"), events(sub, "JSON.FORGET", "doc"));
            assertEquals(List.of(), events(sub, "JSON.GET", "doc2"));
        }
    }

    @Test
    void everyWriteCommandTouchesWatchedKeysAsModuleWritesDo() throws IOException {
        c.call("JSON.SET", "w", "$", "{\"a\":1}");
        try (RespConnection other = cinnabar.connect()) {
            // a change
            c.call("WATCH", "w");
            other.call("JSON.SET", "w", "$.a", "2");
            c.call("MULTI");
            c.call("PING");
            assertEquals("*-1\r\n", c.call("EXEC"));
            // a write that changes nothing still counts, as for any key a module opens for writing
            c.call("WATCH", "w");
            assertEquals("$-1\r\n", other.call("JSON.SET", "w", "$", "1", "NX"));
            c.call("MULTI");
            c.call("PING");
            assertEquals("*-1\r\n", c.call("EXEC"));
            // reads do not
            c.call("WATCH", "w");
            other.call("JSON.GET", "w");
            c.call("MULTI");
            c.call("PING");
            assertEquals("*1\r\n+PONG\r\n", c.call("EXEC"));
        }
    }

    @Test
    void commandsAreListedAsRedisListsModuleCommands() throws IOException {
        String set = render(c.call("COMMAND", "INFO", "json.set"));
        assertEquals("[[\"json.set\", (integer) -1, [write, denyoom, module], (integer) 1, (integer) 1, (integer) 1, [], [], "
                + "[[\"flags\", [RW, access, update], \"begin_search\", [\"type\", \"index\", \"spec\", [\"index\", (integer) 1]], "
                + "\"find_keys\", [\"type\", \"range\", \"spec\", [\"lastkey\", (integer) 0, \"keystep\", (integer) 1, \"limit\", (integer) 0]]]], []]]",
                set);
        String mset = render(c.call("COMMAND", "INFO", "JSON.MSET"));
        assertTrue(mset.startsWith("[[\"json.mset\", (integer) -1, [write, denyoom, module], (integer) 1, (integer) -1, (integer) 3"), mset);
        String debug = render(c.call("COMMAND", "INFO", "json.debug"));
        assertTrue(debug.startsWith("[[\"json.debug\", (integer) -1, [readonly, module], (integer) 2, (integer) 2, (integer) 1"), debug);
        assertEquals("[\"k\"]", render(c.call("COMMAND", "GETKEYS", "JSON.GET", "k", "$")));
        assertEquals("[\"a\", \"b\"]", render(c.call("COMMAND", "GETKEYS", "JSON.MSET", "a", "$", "1", "b", "$", "2")));
        assertEquals("[\"json.get\", [\"group\", \"module\", \"module\", \"ReJSON\"]]",
                render(c.call("COMMAND", "DOCS", "json.get")));
        // COMMAND COUNT and COMMAND LIST (which also lists subcommands) agree, with the 25 JSON commands among them
        long count = Long.parseLong(RespTree.parse(c.call("COMMAND", "COUNT")).text());
        List<String> names = RespTree.parse(c.call("COMMAND", "LIST")).strings();
        assertEquals(count, names.stream().filter(n -> !n.contains("|")).count());
        assertEquals(count, RespTree.parse(c.call("COMMAND")).children().size());
        assertEquals(25, names.stream().filter(n -> n.startsWith("json.")).count());
        List<String> module = RespTree.parse(c.call("COMMAND", "LIST", "FILTERBY", "MODULE", "ReJSON")).strings();
        assertEquals(25, module.size());
        assertTrue(module.stream().allMatch(n -> n.startsWith("json.")), module.toString());
    }

    @Test
    void jsonKeysWorkWithGenericKeyCommands() throws IOException {
        c.call("JSON.SET", "src", "$", "{\"a\":[1,2]}");
        assertEquals(":1\r\n", c.call("COPY", "src", "dst"));
        c.call("JSON.ARRAPPEND", "dst", "$.a", "3");
        assertEquals("\"{\\\"a\\\":[1,2]}\"", render(c.call("JSON.GET", "src")));
        assertEquals("\"{\\\"a\\\":[1,2,3]}\"", render(c.call("JSON.GET", "dst")));
        assertEquals("+OK\r\n", c.call("RENAME", "dst", "moved"));
        assertEquals("\"[[1,2,3]]\"", render(c.call("JSON.GET", "moved", "$.a")));
        c.call("EXPIRE", "moved", "100");
        c.call("JSON.SET", "moved", "$", "[]");
        assertTrue(Long.parseLong(RespTree.parse(c.call("TTL", "moved")).text()) > 0, "replacing the root keeps the TTL");
        String dump = RespTree.parse(c.call("DUMP", "src")).text();
        byte[] payload = dump.getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(7, payload[0], "a module value (RDB_TYPE_MODULE_2)");
        assertEquals("+OK\r\n", c.call("RESTORE".getBytes(), "restored".getBytes(), "0".getBytes(), payload));
        assertEquals("\"{\\\"a\\\":[1,2]}\"", render(c.call("JSON.GET", "restored")));
        assertEquals("ReJSON-RL", render(c.call("TYPE", "restored")));
        assertEquals("(integer) 1", render(c.call("DEL", "restored")));
        c.call("SET", "plain", "x");
        List<String> scanned = new ArrayList<>(RespTree.parse(c.call("SCAN", "0", "TYPE", "rejson-rl", "COUNT", "100"))
                .children().get(1).strings());
        scanned.sort(null);
        assertEquals(List.of("moved", "src"), scanned);
    }

    @Test
    void debugMemoryGrowsWithTheDocument() throws IOException {
        c.call("JSON.SET", "m", "$", "{\"a\":\"x\"}");
        long small = Long.parseLong(RespTree.parse(c.call("JSON.DEBUG", "MEMORY", "m")).text());
        c.call("JSON.SET", "m", "$.b", "\"" + "y".repeat(10_000) + "\"");
        long large = Long.parseLong(RespTree.parse(c.call("JSON.DEBUG", "MEMORY", "m")).text());
        assertTrue(small > 0 && large > small + 10_000, small + " -> " + large);
        assertEquals("[]", render(c.call("JSON.DEBUG", "MEMORY", "m", "$.a.b.c")));
    }

    @Test
    void largeAndDeepDocuments() throws IOException {
        StringBuilder big = new StringBuilder("[");
        for (int i = 0; i < 100_000; i++) big.append(i == 0 ? "" : ",").append(i);
        big.append(']');
        assertEquals("+OK\r\n", c.call("JSON.SET", "big", "$", big.toString()));
        assertEquals(":100000\r\n", c.call("JSON.ARRLEN", "big"));
        assertEquals("[(integer) 49999]", render(c.call("JSON.ARRINDEX", "big", "$", "49999")));
        // 127 nested containers are allowed in one value, 128 are not; deeper documents grow by parts
        String deep = "[".repeat(127) + "]".repeat(127);
        assertEquals("+OK\r\n", c.call("JSON.SET", "deep", "$", deep));
        assertEquals("-recursion limit exceeded at line 1 column 128\r\n",
                c.call("JSON.SET", "deep", "$", "[".repeat(128) + "]".repeat(128)));
        assertEquals("+OK\r\n", c.call("JSON.SET", "deep", "$" + "[0]".repeat(126), deep));
        assertEquals("(integer) 1", render(c.call("JSON.CLEAR", "deep", "$" + "[0]".repeat(250))));
    }

    @Test
    void snapshotsAndTheAppendOnlyFileKeepDocuments() throws Exception {
        Path dir = Files.createTempDirectory("cinnabar-json");
        try {
            try (CinnabarServer server = TestServer.start("dir " + dir, "appendonly yes", "appendfsync always");
                 RespConnection s = new RespConnection(server.port())) {
                s.call("JSON.SET", "doc", "$", "{\"a\":[1,2.5,\"é\"],\"b\":{\"c\":null}}");
                s.call("JSON.NUMINCRBY", "doc", "$.a[0]", "1");
                s.call("JSON.NUMINCRBY", "doc", "$.b", "1");   // changes nothing: not in the AOF
                s.call("JSON.SET", "doc", "$", "0", "NX");     // changes nothing: not in the AOF
                s.call("JSON.MSET", "doc2", "$", "[1]");
                assertEquals("+OK\r\n", s.call("SAVE"));
                String aof = readAof(dir);
                assertEquals(1, occurrences(aof, "JSON.NUMINCRBY"), aof);
                assertEquals(1, occurrences(aof, "JSON.SET"), aof);
                assertEquals(1, occurrences(aof, "JSON.MSET"), aof);
            }
            // the AOF is loaded at start-up
            try (CinnabarServer server = TestServer.start("dir " + dir, "appendonly yes");
                 RespConnection s = new RespConnection(server.port())) {
                assertEquals("{\"a\":[2,2.5,\"é\"],\"b\":{\"c\":null}}",
                        new String(RespTree.parse(s.call("JSON.GET", "doc")).text().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
                // a rewrite without the RDB preamble writes each document as one JSON.SET
                s.call("CONFIG", "SET", "aof-use-rdb-preamble", "no");
                s.call("BGREWRITEAOF");
                waitForRewrite(s);
                String base = readBase(dir);
                assertTrue(base.contains("JSON.SET\r\n$3\r\ndoc\r\n$1\r\n$\r\n"), base);
            }
            // the dump is loaded at start-up
            try (CinnabarServer server = TestServer.start("dir " + dir);
                 RespConnection s = new RespConnection(server.port())) {
                assertEquals("\"[1]\"", render(s.call("JSON.GET", "doc2")));
                assertEquals("ReJSON-RL", render(s.call("TYPE", "doc")));
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    private static void waitForRewrite(RespConnection s) throws Exception {
        for (int i = 0; i < 200; i++) {
            String info = RespTree.parse(s.call("INFO", "persistence")).text();
            if (info.contains("aof_rewrite_in_progress:0") && info.contains("aof_rewrite_scheduled:0")) return;
            Thread.sleep(25);
        }
    }

    private static String readAof(Path dir) throws IOException {
        return readMatching(dir, ".incr.aof");
    }

    private static String readBase(Path dir) throws IOException {
        return readMatching(dir, ".base.aof");
    }

    private static String readMatching(Path dir, String suffix) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(dir.resolve("appendonlydir"))) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList()) {
                all.append(Files.readString(p, StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }

    private static int occurrences(String text, String word) {
        int n = 0;
        for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) n++;
        return n;
    }
}
