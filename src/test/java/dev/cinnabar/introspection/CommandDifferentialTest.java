package dev.cinnabar.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cinnabar.CinnabarServer;
import dev.cinnabar.Commands;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.testing.Differential;
import dev.cinnabar.testing.RealRedis;
import dev.cinnabar.testing.ReferenceVersion;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.RespTree;
import dev.cinnabar.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * COMMAND against a real redis-server, with every command that server has registered in Cinnabar (test-only
 * handlers that are never run, except a minimal HELLO to switch protocols). The reference server is Redis 7.0 and
 * Cinnabar follows 7.2: the fields listed in tools/redis-7.2-delta.json, 7.2's display_text, our own summaries,
 * history texts and key spec notes, and the order of Redis's hash tables are set aside; everything else, wire types
 * included, must be identical in RESP2 and RESP3.
 */
class CommandDifferentialTest {
    private static final List<String> INFO_FIELDS = List.of("name", "arity", "flags", "first_key", "last_key", "step",
            "acl_categories", "tips", "key_specs", "subcommands");

    static RealRedis redis;
    static CinnabarServer cinnabar;
    static List<String> redisNames;           // every command and subcommand of the reference
    static Set<String> implemented = new HashSet<>();  // full names with real handlers in the shipped table
    static JsonNode delta;
    /** With a 7.2 reference nothing is normalised away: its metadata is the one Cinnabar follows. */
    static boolean reference72;

    @BeforeAll
    static void start() throws Exception {
        redis = RealRedis.start();
        try (RespConnection c = new RespConnection(redis.port())) {
            redisNames = bulkStrings(c.call("COMMAND", "LIST"));
            reference72 = ReferenceVersion.of(c).is72();
        }
        CommandTable.Builder builder = new CommandTable.Builder();
        CommandCommands.register(builder);
        for (String name : redisNames) {
            boolean container = redisNames.stream().anyMatch(n -> n.startsWith(name + "|"));
            if (container || name.equals("command") || name.startsWith("command|")) continue;
            if (name.equals("hello")) {
                builder.handle(name, ctx -> {
                    ctx.reply().setProtocol((int) ctx.argLong(1));
                    ctx.reply().ok();
                });
            } else {
                builder.handle(name, ctx -> ctx.reply().error("ERR not run in this test"));
            }
        }
        cinnabar = TestServer.start(builder.build());
        for (CommandSpec cmd : Commands.table().all()) {
            implemented.add(cmd.fullName());
            cmd.subcommands().values().forEach(sub -> implemented.add(sub.fullName()));
        }
        delta = new ObjectMapper().readTree(Path.of("tools", "redis-7.2-delta.json").toFile());
    }

    @AfterAll
    static void stop() {
        if (cinnabar != null) cinnabar.close();
        if (redis != null) redis.close();
    }

    // ---- replies compared byte for byte ---------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void sameBytes(int protocol) throws IOException {
        List<String[]> commands = new ArrayList<>();
        for (String line : List.of(
                "COMMAND COUNT",
                "COMMAND INFO get nosuch CLIENT|KILL get|x client| |kill a|b|c",
                "COMMAND DOCS nosuch get|x",
                "COMMAND LIST FILTERBY MODULE x", "COMMAND LIST FILTERBY aclcat nosuchcategory",
                "COMMAND LIST FILTERBY aclcat @read",
                "COMMAND LIST FILTERBY", "COMMAND LIST FILTERBY pattern", "COMMAND LIST FILTERBY pattern a b",
                "COMMAND LIST FILTERBY nosuch x", "COMMAND LIST x", "COMMAND COUNT x", "COMMAND nosuch",
                "COMMAND GETKEYS get k", "COMMAND GETKEYS GET k", "COMMAND GETKEYSANDFLAGS get k",
                "COMMAND GETKEYS mset a 1 b 2", "COMMAND GETKEYS mset a 1 b", "COMMAND GETKEYSANDFLAGS mset a 1 b 2",
                "COMMAND GETKEYS del a b c", "COMMAND GETKEYSANDFLAGS del a b c", "COMMAND GETKEYS rename a b",
                "COMMAND GETKEYSANDFLAGS rename a b", "COMMAND GETKEYSANDFLAGS copy a b DB 1 REPLACE",
                "COMMAND GETKEYSANDFLAGS lcs a b LEN", "COMMAND GETKEYSANDFLAGS set k v",
                "COMMAND GETKEYSANDFLAGS set k v NX GET", "COMMAND GETKEYSANDFLAGS set k get",
                "COMMAND GETKEYSANDFLAGS getex k PERSIST", "COMMAND GETKEYSANDFLAGS object encoding k",
                "COMMAND GETKEYS object nosuch k", "COMMAND GETKEYS nosuch a b", "COMMAND GETKEYS ping x",
                "COMMAND GETKEYS client kill x", "COMMAND GETKEYS get a b", "COMMAND GETKEYS set k",
                "COMMAND GETKEYSANDFLAGS zunionstore d 2 a b WEIGHTS 1 2", "COMMAND GETKEYS zunionstore d 3 a b",
                "COMMAND GETKEYS zunionstore d x a b", "COMMAND GETKEYS eval s 0", "COMMAND GETKEYS eval s 2 a b c",
                "COMMAND GETKEYSANDFLAGS xread COUNT 2 STREAMS a b 0 0", "COMMAND GETKEYS xread STREAMS a b c 1 2",
                "COMMAND GETKEYS xreadgroup GROUP g c STREAMS s >", "COMMAND GETKEYS georadius k 1 2 3 m",
                "COMMAND GETKEYSANDFLAGS georadius k 1 2 3 m STORE d STOREDIST e",
                "COMMAND GETKEYS spublish c m", "COMMAND GETKEYS sintercard 2 a b LIMIT 1",
                "COMMAND GETKEYS blmpop 0 2 a b LEFT", "COMMAND GETKEYS restore k 0 x REPLACE",
                "COMMAND GETKEYS expire k 10 NX", "COMMAND GETKEYS touch a b", "COMMAND GETKEYS move k 1",
                "COMMAND GETKEYS keys *", "COMMAND GETKEYS scan 0",
                "COMMAND GETKEYSANDFLAGS sort k BY p GET q STORE d", "COMMAND GETKEYS sort k LIMIT store x",
                "COMMAND GETKEYS sort k STORE d store e", "COMMAND GETKEYSANDFLAGS sort_ro k BY p",
                "COMMAND GETKEYSANDFLAGS bitfield k GET u8 0 OVERFLOW SAT", "COMMAND GETKEYSANDFLAGS bitfield k SET u8 0 1",
                "COMMAND GETKEYSANDFLAGS bitfield_ro k GET u8 0", "COMMAND GETKEYSANDFLAGS migrate h 1 k 0 5 COPY",
                "COMMAND GETKEYS migrate h 1 k 0 5 KEYS a b")) {
            commands.add(line.split(" ", -1));
        }
        commands.add(new String[] {"COMMAND", "INFO", ""});
        commands.add(new String[] {"COMMAND", "GETKEYSANDFLAGS", "migrate", "h", "1", "", "0", "5", "AUTH2", "u", "p", "KEYS", "a", "b"});
        commands.add(new String[] {"COMMAND", "GETKEYS", "georadius", "k", "1", "2", "3", "m", "store\0x", "d"});
        assertSameReplies(protocol, commands);
    }

    /** COMMAND INFO of a plain command that 7.2 did not change, byte for byte. */
    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void infoOfUnchangedCommandsIsIdentical(int protocol) throws IOException {
        List<String[]> commands = new ArrayList<>();
        for (String name : redisNames) {
            boolean container = redisNames.stream().anyMatch(n -> n.startsWith(name + "|"));
            boolean changed = delta.path(name).properties().stream().anyMatch(e -> INFO_FIELDS.contains(e.getKey()));
            if (!container && !changed && !List.of("set", "getex").contains(name) && !hasNotes(name)) {
                commands.add(new String[] {"COMMAND", "INFO", name});
            }
        }
        assertTrue(commands.size() > 300, "compared " + commands.size());
        assertSameReplies(protocol, commands);
    }

    // ---- replies compared after setting aside what differs by design -------------------------------------------

    @Test
    void infoOfEveryCommand() throws IOException {
        try (RespConnection ours = connect(cinnabar.port(), 3); RespConnection theirs = connect(redis.port(), 3)) {
            for (String name : redisNames) {
                RespTree mineReply = RespTree.parse(ours.call("COMMAND", "INFO", name));
                assertNotNull(mineReply.children(), "COMMAND INFO " + name + ": " + mineReply);
                RespTree mine = mineReply.children().get(0);
                RespTree ref = RespTree.parse(theirs.call("COMMAND", "INFO", name)).children().get(0);
                assertEquals(normalizeInfo(ref).toString(), normalizeInfo(mine).toString(), "COMMAND INFO " + name);
            }
        }
    }

    @Test
    void docsOfEveryCommand() throws IOException {
        try (RespConnection ours = connect(cinnabar.port(), 3); RespConnection theirs = connect(redis.port(), 3)) {
            for (String name : redisNames) {
                RespTree mine = RespTree.parse(ours.call("COMMAND", "DOCS", name));
                RespTree ref = RespTree.parse(theirs.call("COMMAND", "DOCS", name));
                assertEquals(name, mine.children().get(0).text());
                assertEquals(normalizeDocs(name, ref.children().get(1), false).toString(),
                        normalizeDocs(name, mine.children().get(1), true).toString(), "COMMAND DOCS " + name);
            }
        }
    }

    @Test
    void wholeTableInAnyOrder() throws IOException {
        try (RespConnection ours = connect(cinnabar.port(), 3); RespConnection theirs = connect(redis.port(), 3)) {
            assertEquals(normalizedEntries(theirs.call("COMMAND")), normalizedEntries(ours.call("COMMAND")));
            assertEquals(normalizedEntries(theirs.call("COMMAND", "INFO")), normalizedEntries(ours.call("COMMAND", "INFO")));
            RespTree mineDocs = RespTree.parse(ours.call("COMMAND", "DOCS"));
            RespTree refDocs = RespTree.parse(theirs.call("COMMAND", "DOCS"));
            assertEquals(refDocs.children().size(), mineDocs.children().size());
            for (RespTree docs : List.of(mineDocs, refDocs)) {
                for (int i = 0; i < docs.children().size(); i += 2) {
                    normalizeDocs(docs.children().get(i).text(), docs.children().get(i + 1), docs == mineDocs);
                }
                docs.sortUnordered();
            }
            assertEquals(refDocs.toString(), mineDocs.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void listsInAnyOrder(int protocol) throws IOException {
        List<List<String>> filters = new ArrayList<>();
        filters.add(List.of());
        for (String category : List.of("keyspace", "read", "write", "set", "sortedset", "list", "hash", "string",
                "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking", "dangerous",
                "connection", "transaction", "scripting", "READ")) {
            filters.add(List.of("FILTERBY", "ACLCAT", category));
        }
        for (String pattern : List.of("*", "client*", "CLIENT|*", "*|*", "?et", "[gs]et*", "x*")) {
            filters.add(List.of("FILTERBY", "PATTERN", pattern));
        }
        try (RespConnection ours = connect(cinnabar.port(), protocol);
             RespConnection theirs = connect(redis.port(), protocol)) {
            for (List<String> filter : filters) {
                List<String> args = new ArrayList<>(List.of("COMMAND", "LIST"));
                args.addAll(filter);
                String[] cmd = args.toArray(String[]::new);
                String mine = ours.call(cmd);
                String ref = theirs.call(cmd);
                assertEquals(ref.substring(0, ref.indexOf('\r')), mine.substring(0, mine.indexOf('\r')), args.toString());
                assertEquals(new TreeSet<>(bulkStrings(ref)), new TreeSet<>(bulkStrings(mine)), args.toString());
            }
        }
    }

    @Test
    void resp2IsTheFlatteningOfResp3() throws IOException {
        for (int port : new int[] {redis.port(), cinnabar.port()}) {
            try (RespConnection two = connect(port, 2); RespConnection three = connect(port, 3)) {
                for (String name : List.of("get", "set", "client", "client|kill", "object", "restore", "georadius")) {
                    for (String sub : List.of("INFO", "DOCS")) {
                        assertEquals(two.call("COMMAND", sub, name), flatten(RespTree.parse(three.call("COMMAND", sub, name))),
                                "port " + port + " COMMAND " + sub + " " + name);
                    }
                }
            }
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static void assertSameReplies(int protocol, List<String[]> commands) throws IOException {
        try (RespConnection ours = connect(cinnabar.port(), protocol);
             RespConnection theirs = connect(redis.port(), protocol)) {
            for (String[] cmd : commands) {
                String ref = theirs.call(cmd);
                String mine = ours.call(cmd);
                assertEquals(Differential.printable(ref), Differential.printable(mine),
                        "RESP" + protocol + " reply to " + String.join(" ", cmd));
            }
        }
    }

    private static RespConnection connect(int port, int protocol) throws IOException {
        RespConnection c = new RespConnection(port);
        if (protocol == 3) c.call("HELLO", "3");
        return c;
    }

    private static List<String> bulkStrings(String reply) {
        List<String> out = new ArrayList<>();
        for (RespTree e : RespTree.parse(reply).children()) out.add(e.text());
        return out;
    }

    private boolean hasNotes(String name) throws IOException {
        try (RespConnection theirs = connect(redis.port(), 2)) {
            return theirs.call("COMMAND", "INFO", name).contains("$5\r\nnotes\r\n");
        }
    }

    private static String normalizedEntries(String reply) {
        RespTree all = RespTree.parse(reply);
        all.children().replaceAll(CommandDifferentialTest::normalizeInfo);
        all.sortUnordered();
        return all.toString();
    }

    /** A COMMAND INFO entry without 7.2's changes, key spec notes, and with subcommands sorted. */
    private static RespTree normalizeInfo(RespTree entry) {
        String name = entry.children().get(0).text();
        JsonNode changes = reference72 ? MissingNode.getInstance() : delta.path(name);
        for (int i = 1; i < INFO_FIELDS.size() - 1; i++) {
            if (changes.has(INFO_FIELDS.get(i))) entry.children().set(i, RespTree.parse("+changed in 7.2\r\n"));
        }
        for (RespTree spec : entry.children().get(8).children()) spec.remove("notes");
        RespTree subs = entry.children().get(9);
        subs.children().replaceAll(CommandDifferentialTest::normalizeInfo);
        subs.sortUnordered();
        return entry;
    }

    /** A COMMAND DOCS map without summaries, history texts, 7.2's changes, and with subcommands sorted. */
    private static RespTree normalizeDocs(String name, RespTree docs, boolean ours) {
        docs.remove("summary");
        RespTree history = docs.get("history");
        if (history != null) history.children().forEach(h -> h.children().set(1, RespTree.parse("+text\r\n")));
        JsonNode changes = reference72 ? MissingNode.getInstance() : delta.path(name);
        changes.path("docs").fieldNames().forEachRemaining(docs::remove);
        changes.path("docs_removed").forEach(field -> docs.remove(field.asText()));
        if (!ours && history != null && !implemented.contains(name) && !hasOwnHistory(name)) docs.remove("history");
        RespTree args = docs.get("arguments");
        if (args != null && ours && !reference72) checkAndDropDisplayText(args);
        RespTree subs = docs.get("subcommands");
        if (subs != null) {
            for (int i = 0; i < subs.children().size(); i += 2) {
                normalizeDocs(subs.children().get(i).text(), subs.children().get(i + 1), ours);
            }
            subs.sortUnordered();
        }
        return docs;
    }

    /** Whether Cinnabar's docs of the command carry a history (we have written texts for all its entries). */
    private static boolean hasOwnHistory(String name) {
        try (RespConnection ours = connect(cinnabar.port(), 3)) {
            return RespTree.parse(ours.call("COMMAND", "DOCS", name)).children().get(1).get("history") != null;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Redis 7.2 gives every argument except oneof and block a display_text, its name; 7.0 has none. */
    private static void checkAndDropDisplayText(RespTree args) {
        for (RespTree arg : args.children()) {
            String type = arg.get("type").text();
            RespTree displayText = arg.get("display_text");
            if (type.equals("oneof") || type.equals("block")) {
                assertEquals(null, displayText);
                checkAndDropDisplayText(arg.get("arguments"));
            } else {
                assertNotNull(displayText, arg.get("name").text());
                assertEquals('$', displayText.type());
                assertEquals(arg.get("name").text(), displayText.text());
                arg.remove("display_text");
            }
        }
    }

    /** The RESP2 rendering of a RESP3 reply, as Redis downgrades it: maps and sets become arrays, null $-1. */
    private static String flatten(RespTree t) {
        StringBuilder sb = new StringBuilder();
        flatten(t, sb);
        return sb.toString();
    }

    private static void flatten(RespTree t, StringBuilder sb) {
        switch (t.type()) {
            case '%', '~', '*' -> {
                sb.append('*').append(t.children().size()).append("\r\n");
                for (RespTree c : t.children()) flatten(c, sb);
            }
            case '_' -> sb.append("$-1\r\n");
            case '$' -> sb.append('$').append(t.text().length()).append("\r\n").append(t.text()).append("\r\n");
            default -> sb.append(t.type()).append(t.text()).append("\r\n");
        }
    }
}
