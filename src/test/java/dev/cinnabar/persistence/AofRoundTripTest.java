package dev.cinnabar.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Writes with appendonly yes, restarts on the same directory, and compares every key (value through DUMP-free
 * reads, type, encoding-independent contents, TTL) with what the first server held: each type, expiry, SELECT,
 * MULTI/EXEC, rewritten commands, and after BGREWRITEAOF in both base formats.
 */
class AofRoundTripTest {
    private Path dir;

    @BeforeEach
    void makeDir() throws Exception {
        dir = Files.createTempDirectory("cinnabar-aof");
    }

    @AfterEach
    void removeDir() throws Exception {
        AofTestSupport.deleteTree(dir);
    }

    private CinnabarServer start(String... lines) throws Exception {
        List<String> config = new ArrayList<>(List.of("dir " + dir, "appendonly yes"));
        config.addAll(List.of(lines));
        return TestServer.start(config.toArray(String[]::new));
    }

    static void writeEverything(RespConnection c) throws Exception {
        c.call("SET", "s", "text");
        c.call("SET", "ex", "v", "EX", "1000");
        c.call("SETEX", "setex", "1000", "v");
        c.call("PSETEX", "psetex", "1000000", "v");
        c.call("SET", "counter", "10");
        c.call("INCRBY", "counter", "5");
        c.call("INCRBYFLOAT", "float", "1.5");
        c.call("INCRBYFLOAT", "float", "0.25");
        c.call("APPEND", "s", "-more");
        c.call("SET", "gone", "x");
        c.call("DEL", "gone");
        c.call("RPUSH", "list", "a", "b", "c", "d");
        c.call("LPOP", "list");
        List<String> push = new ArrayList<>(List.of("RPUSH", "big-list"));
        for (int i = 0; i < 300; i++) push.add("element-" + i);
        c.call(push.toArray(String[]::new));
        c.call("HSET", "h", "f1", "v1", "f2", "2");
        c.call("HINCRBYFLOAT", "h", "f3", "2.5");
        c.call("HINCRBY", "h", "f2", "3");
        c.call("SADD", "ints", "1", "2", "3");
        c.call("SADD", "words", "x", "y", "z", "w");
        c.call("SPOP", "words");
        c.call("SPOP", "ints", "2");
        c.call("ZADD", "z", "1.5", "a", "-2", "b", "3", "c");
        c.call("ZINCRBY", "z", "0.5", "a");
        c.call("ZPOPMIN", "z");
        c.call("RPUSH", "src", "1", "2");
        c.call("BLMOVE", "src", "dst", "LEFT", "RIGHT", "0");
        c.call("BLPOP", "src", "0");
        c.call("EXPIRE", "list", "5000");
        c.call("PEXPIRE", "h", "5000000");
        c.call("SET", "persisted", "v", "EX", "100");
        c.call("PERSIST", "persisted");
        c.call("GETEX", "s", "EX", "7000");
        for (int i = 1; i <= 5; i++) c.call("XADD", "stream", i + "-0", "f", "v" + i, "g", "w");
        c.call("XDEL", "stream", "3-0");
        c.call("XGROUP", "CREATE", "stream", "readers", "0");
        c.call("XREADGROUP", "GROUP", "readers", "alice", "COUNT", "2", "STREAMS", "stream", ">");
        c.call("XGROUP", "CREATECONSUMER", "stream", "readers", "idle-bob");
        c.call("XGROUP", "CREATE", "stream", "late", "$");
        c.call("XADD", "stream", "MAXLEN", "~", "10", "6-*", "f", "v6");
        c.call("XREADGROUP", "GROUP", "late", "carol", "NOACK", "STREAMS", "stream", ">");
        c.call("XACK", "stream", "readers", "1-0");
        c.call("XCLAIM", "stream", "readers", "idle-bob", "0", "2-0");
        c.call("XREADGROUP", "GROUP", "readers", "alice", "COUNT", "1", "STREAMS", "stream", ">");
        c.call("XDEL", "stream", "4-0");
        c.call("XAUTOCLAIM", "stream", "readers", "dora", "0", "0");
        c.call("XADD", "stream", "*", "f", "generated");
        c.call("XADD", "empty-stream", "1-1", "f", "v");
        c.call("XDEL", "empty-stream", "1-1");
        c.call("MULTI");
        c.call("SET", "in-multi-1", "a");
        c.call("INCR", "in-multi-2");
        c.call("EXEC");
        c.call("SELECT", "3");
        c.call("SET", "in-db-3", "v");
        c.call("HSET", "h3", "a", "b");
        c.call("SELECT", "5");
        c.call("SET", "in-db-5", "v");
        c.call("SWAPDB", "5", "6");
        c.call("SELECT", "0");
    }

    /** Every key of every database with its type, contents (sorted where unordered) and TTL in seconds. */
    static String describe(RespConnection c) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int db = 0; db < 16; db++) {
            c.call("SELECT", Integer.toString(db));
            List<String> keys = new ArrayList<>(List.of(c.call("KEYS", "*").split("\r\n")));
            List<String> names = new ArrayList<>();
            for (int i = 2; i < keys.size(); i += 2) names.add(keys.get(i));
            names.sort(null);
            for (String k : names) {
                String type = c.call("TYPE", k).trim();
                String content = switch (type) {
                    case "+string" -> c.call("GET", k);
                    case "+list" -> c.call("LRANGE", k, "0", "-1");
                    case "+hash" -> sorted(c.call("HGETALL", k));
                    case "+set" -> sorted(c.call("SMEMBERS", k));
                    case "+zset" -> c.call("ZRANGE", k, "0", "-1", "WITHSCORES");
                    case "+stream" -> streamContent(c, k);
                    default -> type;
                };
                long ttl = Long.parseLong(c.call("TTL", k).trim().substring(1));
                sb.append(db).append(' ').append(k).append(' ').append(type).append(' ')
                        .append(content.replace("\r\n", "|")).append(" ttl=")
                        .append(ttl < 0 ? ttl : (ttl + 5) / 10).append('\n');
            }
        }
        c.call("SELECT", "0");
        return sb.toString();
    }

    /** Entries, IDs and counters, groups and pending summaries: what a rebuilt stream must keep (not node layout). */
    private static String streamContent(RespConnection c, String key) throws Exception {
        StringBuilder sb = new StringBuilder(c.call("XRANGE", key, "-", "+"));
        List<String> info = List.of(c.call("XINFO", "STREAM", key).split("\r\n"));
        for (String field : List.of("last-generated-id", "max-deleted-entry-id", "entries-added", "length")) {
            int at = info.indexOf(field);
            sb.append(field).append('=').append(info.get(at + 1)).append(info.get(at + 2)).append(';');
        }
        sb.append(c.call("XINFO", "GROUPS", key));
        for (String group : List.of("readers", "late")) sb.append(c.call("XPENDING", key, group));
        return sb.toString();
    }

    private static String sorted(String reply) {
        List<String> lines = new ArrayList<>(List.of(reply.split("\r\n")));
        lines.remove(0);
        lines.sort(null);
        return String.join("|", lines);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aof-use-rdb-preamble yes", "aof-use-rdb-preamble no"})
    void restartRebuildsTheSameData(String preamble) throws Exception {
        String before;
        try (CinnabarServer s = start(preamble); RespConnection c = new RespConnection(s.port())) {
            writeEverything(c);
            before = describe(c);
        }
        assertTrue(before.contains("in-db-5"), before);
        assertTrue(AofTestSupport.lastIncr(dir).contains("PEXPIREAT"));
        try (CinnabarServer s = start(preamble); RespConnection c = new RespConnection(s.port())) {
            assertEquals(before, describe(c));
            // the restarted server appends to the same incremental file
            c.call("SET", "after-restart", "1");
            before = describe(c);
        }
        try (CinnabarServer s = start(preamble); RespConnection c = new RespConnection(s.port())) {
            assertEquals(before, describe(c));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"aof-use-rdb-preamble yes", "aof-use-rdb-preamble no"})
    void rewriteMakesANewBaseAndDropsHistory(String preamble) throws Exception {
        String before;
        try (CinnabarServer s = start(preamble); RespConnection c = new RespConnection(s.port())) {
            writeEverything(c);
            List<String> filesBefore = AofTestSupport.manifestFiles(dir);
            assertEquals("+Background append only file rewriting started\r\n", c.call("BGREWRITEAOF"));
            c.call("SET", "during-rewrite", "1");
            waitForRewrite(c);
            c.call("SET", "after-rewrite", "2");
            before = describe(c);
            List<String> files = AofTestSupport.manifestFiles(dir);
            assertEquals(2, files.size(), files.toString());
            String ext = preamble.endsWith("yes") ? ".base.rdb" : ".base.aof";
            assertEquals("appendonly.aof.2" + ext, files.get(0));
            assertEquals("appendonly.aof.2.incr.aof", files.get(1));
            for (String old : filesBefore) {
                assertTrue(!Files.exists(dir.resolve("appendonlydir").resolve(old)), old + " should be deleted");
            }
            String info = c.call("INFO", "persistence");
            assertTrue(info.contains("aof_rewrites:1"), info);
            assertTrue(info.contains("aof_last_bgrewrite_status:ok"), info);
        }
        try (CinnabarServer s = start(preamble); RespConnection c = new RespConnection(s.port())) {
            assertEquals(before, describe(c));
        }
    }

    /** Function libraries are in the base after a rewrite (RDB record or FUNCTION LOAD) and in the incr file. */
    @ParameterizedTest
    @ValueSource(strings = {"aof-use-rdb-preamble yes", "aof-use-rdb-preamble no"})
    void functionLibrariesSurviveRewriteAndRestart(String preamble) throws Exception {
        String first = "#!lua name=first\nredis.register_function('one', function() return 1 end)";
        String second = "#!lua name=second\nredis.register_function('two', function() return 2 end)";
        try (CinnabarServer s = start(preamble); RespConnection c = new RespConnection(s.port())) {
            assertEquals("$5\r\nfirst\r\n", c.call("FUNCTION", "LOAD", first));
            c.call("BGREWRITEAOF");
            waitForRewrite(c);
            assertEquals("$6\r\nsecond\r\n", c.call("FUNCTION", "LOAD", second));
        }
        try (CinnabarServer s = start(preamble); RespConnection c = new RespConnection(s.port())) {
            assertEquals(":1\r\n", c.call("FCALL", "one", "0"));
            assertEquals(":2\r\n", c.call("FCALL", "two", "0"));
        }
    }

    static void waitForRewrite(RespConnection c) throws Exception {
        for (int i = 0; i < 500; i++) {
            String info = c.call("INFO", "persistence");
            if (info.contains("aof_rewrite_in_progress:0") && info.contains("aof_rewrite_scheduled:0")) return;
            Thread.sleep(20);
        }
        throw new AssertionError("rewrite did not finish");
    }
}
