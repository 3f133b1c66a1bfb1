package dev.cinnabar.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.testing.RealRedis;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SAVE, BGSAVE, save points and loading at start-up, through real servers and files: what a restarted server
 * holds is what the dataset was when the save started, whatever the clients did meanwhile.
 */
class RdbPersistenceTest {
    private Path dir;

    @BeforeEach
    void makeDir() throws IOException {
        dir = Files.createTempDirectory("cinnabar-rdb");
    }

    @AfterEach
    void removeDir() throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private CinnabarServer start(String... lines) throws Exception {
        List<String> config = new ArrayList<>(List.of("dir " + dir));
        config.addAll(List.of(lines));
        return TestServer.start(config.toArray(String[]::new));
    }

    private static void fill(RespConnection c) throws IOException {
        c.call("SET", "s", "text");
        c.call("SET", "n", "12345", "EX", "1000");
        c.call("RPUSH", "small-list", "a", "b", "1");
        List<String> push = new ArrayList<>(List.of("RPUSH", "big-list"));
        for (int i = 0; i < 1000; i++) push.add("element-" + i); // past 8 KB: a quicklist in 7.0 and 7.2 alike
        c.call(push.toArray(String[]::new));
        c.call("HSET", "h", "f1", "v1", "f2", "2");
        c.call("SADD", "ints", "1", "2", "3");
        c.call("SADD", "words", "x", "y");
        c.call("ZADD", "z", "1.5", "a", "-2", "b");
        for (int i = 1; i <= 250; i++) c.call("XADD", "stream", i + "-1", "f", "v" + i); // several nodes
        c.call("XDEL", "stream", "7-1");
        c.call("XGROUP", "CREATE", "stream", "g", "0");
        c.call("XREADGROUP", "GROUP", "g", "alice", "COUNT", "3", "STREAMS", "stream", ">");
        c.call("SELECT", "3");
        c.call("SET", "in-db-3", "v");
        c.call("SELECT", "0");
    }

    private static List<String> contents(RespConnection c) throws IOException {
        List<String> seen = new ArrayList<>();
        for (String[] cmd : new String[][] {{"GET", "s"}, {"GET", "n"}, {"LRANGE", "small-list", "0", "-1"},
                {"LLEN", "big-list"}, {"LINDEX", "big-list", "999"}, {"HGETALL", "h"}, {"SMEMBERS", "ints"},
                {"SCARD", "words"}, {"ZRANGE", "z", "0", "-1", "WITHSCORES"}, {"OBJECT", "ENCODING", "ints"},
                {"OBJECT", "ENCODING", "big-list"}, {"XRANGE", "stream", "-", "+"}, {"XINFO", "GROUPS", "stream"},
                {"XPENDING", "stream", "g"},
                {"DBSIZE"}}) {
            seen.add(String.join(" ", cmd) + " -> " + c.call(cmd));
        }
        seen.add("ttl>0 " + (Long.parseLong(c.call("TTL", "n").substring(1).trim()) > 0));
        c.call("SELECT", "3");
        seen.add("db3 " + c.call("GET", "in-db-3"));
        c.call("SELECT", "0");
        return seen;
    }

    @Test
    void saveThenRestartKeepsEveryTypeAndDatabase() throws Exception {
        List<String> before;
        try (CinnabarServer server = start(); RespConnection c = new RespConnection(server.port())) {
            fill(c);
            before = contents(c);
            long start = System.currentTimeMillis() / 1000;
            assertEquals("+OK\r\n", c.call("SAVE"));
            assertTrue(Long.parseLong(c.call("LASTSAVE").substring(1).trim()) >= start);
            assertTrue(c.call("INFO", "persistence").contains("rdb_changes_since_last_save:0\r\n"));
        }
        assertTrue(Files.exists(dir.resolve("dump.rdb")));
        try (CinnabarServer server = start(); RespConnection c = new RespConnection(server.port())) {
            assertEquals(before, contents(c));
            assertTrue(c.call("INFO", "persistence").contains("rdb_last_load_keys_loaded:"));
        }
    }

    @Test
    void backgroundSaveIsThePointInTimeOfTheCommand() throws Exception {
        try (CinnabarServer server = start(); RespConnection c = new RespConnection(server.port())) {
            for (int i = 0; i < 50_000; i += 1000) {
                List<String> mset = new ArrayList<>(List.of("MSET"));
                for (int j = i; j < i + 1000; j++) {
                    mset.add("key:" + j);
                    mset.add("value:" + j);
                }
                c.call(mset.toArray(String[]::new));
            }
            for (int i = 0; i < 500; i++) c.call("RPUSH", "list", "e" + i);
            c.call("HSET", "hash", "f", "before");
            // the changes travel in the same write as BGSAVE: they run before the first slice of the walk
            c.send("BGSAVE");
            c.send("SET", "key:0", "changed");
            c.send("DEL", "key:1");
            c.send("RPUSH", "list", "after");
            c.send("HSET", "hash", "f", "after", "g", "new");
            c.send("SET", "created-after", "x");
            c.send("FLUSHDB");
            c.send("SET", "key:2", "recreated");
            c.send("BGSAVE");
            assertEquals("+Background saving started\r\n", c.readReply());
            for (int i = 0; i < 7; i++) c.readReply();
            assertEquals("-ERR Background save already in progress\r\n", c.readReply());
            awaitBackgroundSave(c);
            assertTrue(c.call("INFO", "persistence").contains("rdb_last_bgsave_status:ok\r\n"));
        }
        try (CinnabarServer server = start(); RespConnection c = new RespConnection(server.port())) {
            assertEquals(":50002\r\n", c.call("DBSIZE"));
            assertEquals("$7\r\nvalue:0\r\n", c.call("GET", "key:0"));
            assertEquals("$7\r\nvalue:1\r\n", c.call("GET", "key:1"));
            assertEquals("$7\r\nvalue:2\r\n", c.call("GET", "key:2"));
            assertEquals("$11\r\nvalue:49999\r\n", c.call("GET", "key:49999"));
            assertEquals(":500\r\n", c.call("LLEN", "list"));
            assertEquals("*2\r\n$1\r\nf\r\n$6\r\nbefore\r\n", c.call("HGETALL", "hash"));
            assertEquals(":0\r\n", c.call("EXISTS", "created-after"));
        }
    }

    private static void awaitBackgroundSave(RespConnection c) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (c.call("INFO", "persistence").contains("rdb_bgsave_in_progress:1")) {
            assertTrue(System.currentTimeMillis() < deadline, "background save did not finish");
            Thread.sleep(20);
        }
    }

    @Test
    void bgsaveArgumentsAndScheduling() throws Exception {
        try (CinnabarServer server = start(); RespConnection c = new RespConnection(server.port())) {
            c.call("SET", "k", "v");
            assertEquals("-ERR syntax error\r\n", c.call("BGSAVE", "NOW"));
            assertEquals("-ERR syntax error\r\n", c.call("BGSAVE", "SCHEDULE", "x"));
            c.call("MULTI");
            c.call("BGSAVE");
            assertEquals("*1\r\n+Background saving scheduled\r\n", c.call("EXEC"));
            long deadline = System.currentTimeMillis() + 5000;
            while (!c.call("INFO", "persistence").contains("rdb_saves:1\r\n")) {
                assertTrue(System.currentTimeMillis() < deadline, "the scheduled save never ran");
                Thread.sleep(20);
            }
            assertTrue(Files.exists(dir.resolve("dump.rdb")));
        }
    }

    @Test
    void savePointsStartABackgroundSave() throws Exception {
        try (CinnabarServer server = start("save 1 2", "dbfilename points.rdb");
             RespConnection c = new RespConnection(server.port())) {
            c.call("SET", "a", "1");
            c.call("SET", "b", "2");
            long deadline = System.currentTimeMillis() + 8000;
            while (!Files.exists(dir.resolve("points.rdb"))) {
                assertTrue(System.currentTimeMillis() < deadline, "no automatic save");
                Thread.sleep(50);
            }
            awaitBackgroundSave(c);
            assertTrue(c.call("INFO", "persistence").contains("rdb_changes_since_last_save:0\r\n"));
        }
    }

    @Test
    void aFailedBackgroundSaveRefusesWritesUntilItSucceeds() throws Exception {
        try (CinnabarServer server = start("save 3600 1"); RespConnection c = new RespConnection(server.port())) {
            c.call("SET", "k", "v");
            Files.delete(dir); // nowhere to write
            assertEquals("+Background saving started\r\n", c.call("BGSAVE"));
            awaitBackgroundSave(c);
            assertTrue(c.call("INFO", "persistence").contains("rdb_last_bgsave_status:err\r\n"));
            String misconf = c.call("SET", "k", "w");
            assertTrue(misconf.startsWith("-MISCONF Redis is configured to save RDB snapshots, but it's currently "
                    + "unable to persist to disk."), misconf);
            assertEquals(misconf, c.call("PING"));
            assertEquals("$1\r\nv\r\n", c.call("GET", "k"));
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "stop-writes-on-bgsave-error", "no"));
            assertEquals("+OK\r\n", c.call("SET", "k", "w"));
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "stop-writes-on-bgsave-error", "yes"));
            Files.createDirectories(dir);
            assertEquals("+Background saving started\r\n", c.call("BGSAVE"));
            awaitBackgroundSave(c);
            assertEquals("+OK\r\n", c.call("SET", "k", "x"));
            assertEquals("+OK\r\n", c.call("SAVE"));
        }
    }

    @Test
    void flushallWithSavePointsSavesTheEmptyDataset() throws Exception {
        try (CinnabarServer server = start("save 3600 1"); RespConnection c = new RespConnection(server.port())) {
            c.call("SET", "k", "v");
            assertEquals("+OK\r\n", c.call("FLUSHALL"));
            assertTrue(Files.exists(dir.resolve("dump.rdb")));
            // Redis 7.2: the save FLUSHALL makes resets the counter, and the flush itself was counted before it
            assertTrue(c.call("INFO", "persistence").contains("rdb_changes_since_last_save:0\r\n"));
        }
        try (CinnabarServer server = start(); RespConnection c = new RespConnection(server.port())) {
            assertEquals(":0\r\n", c.call("DBSIZE"));
        }
    }

    @Test
    void aCorruptDumpStopsTheStartWithTheFileAndOffset() throws Exception {
        byte[] good;
        try (CinnabarServer server = start(); RespConnection c = new RespConnection(server.port())) {
            fill(c);
            c.call("SAVE");
        }
        good = Files.readAllBytes(dir.resolve("dump.rdb"));
        Files.write(dir.resolve("dump.rdb"), java.util.Arrays.copyOf(good, good.length / 2));
        IllegalStateException e = assertThrows(IllegalStateException.class, this::start);
        assertTrue(e.getMessage().contains(dir.resolve("dump.rdb").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("offset"), e.getMessage());
    }

    @Test
    void loadsTheDumpRedisWrote() throws Exception {
        List<String> expected;
        try (RealRedis redis = RealRedis.start(); RespConnection r = new RespConnection(redis.port())) {
            fill(r);
            expected = contents(r);
            assertEquals("+OK\r\n", r.call("SAVE"));
            Files.copy(redis.dir().toPath().resolve("dump.rdb"), dir.resolve("dump.rdb"));
        }
        try (CinnabarServer server = start(); RespConnection c = new RespConnection(server.port())) {
            assertEquals(expected, contents(c));
        }
    }

    @Test
    void saveConfigurationAnswersLikeRedis() throws Exception {
        try (RealRedis redis = RealRedis.start(); CinnabarServer server = start();
             RespConnection r = new RespConnection(redis.port()); RespConnection c = new RespConnection(server.port())) {
            String[][] calls = {
                    {"CONFIG", "GET", "save"}, {"CONFIG", "SET", "save", "100 10 20 5"}, {"CONFIG", "GET", "save"},
                    {"CONFIG", "SET", "save", "1"}, {"CONFIG", "SET", "save", "0 1"}, {"CONFIG", "SET", "save", "5 -1"},
                    {"CONFIG", "SET", "save", "a b"}, {"CONFIG", "SET", "save", ""}, {"CONFIG", "GET", "save"},
                    {"CONFIG", "GET", "rdbcompression"}, {"CONFIG", "GET", "rdbchecksum"},
                    {"CONFIG", "SET", "rdbchecksum", "no"}, {"CONFIG", "GET", "stop-writes-on-bgsave-error"},
                    {"LASTSAVE", "x"}, {"SAVE", "x"},
            };
            for (String[] call : calls) assertEquals(r.call(call), c.call(call), String.join(" ", call));
        }
    }

    private static final String LIBRARY = "#!lua name=persisted\n"
            + "redis.register_function('twice', function(keys, args) return args[1] * 2 end)\n"
            + "redis.register_function{function_name='ro', callback=function() return 'ro' end, flags={'no-writes'}}";

    @Test
    void functionLibrariesSurviveSaveAndBackgroundSave() throws Exception {
        for (String save : new String[] {"SAVE", "BGSAVE"}) {
            try (CinnabarServer server = start(); RespConnection c = new RespConnection(server.port())) {
                c.call("FUNCTION", "FLUSH");
                assertEquals("$9\r\npersisted\r\n", c.call("FUNCTION", "LOAD", LIBRARY));
                c.call("SET", "k", "v");
                c.call(save);
                if (save.equals("BGSAVE")) awaitBackgroundSave(c);
            }
            try (CinnabarServer server = start(); RespConnection c = new RespConnection(server.port())) {
                assertEquals(":42\r\n", c.call("FCALL", "twice", "0", "21"), save);
                assertEquals("$2\r\nro\r\n", c.call("FCALL_RO", "ro", "0"), save);
                assertEquals("$1\r\nv\r\n", c.call("GET", "k"));
            }
        }
    }

    @Test
    void loadsTheFunctionsOfADumpRedisWrote() throws Exception {
        String libraries;
        try (RealRedis redis = RealRedis.start(); RespConnection r = new RespConnection(redis.port())) {
            r.call("FUNCTION", "LOAD", LIBRARY);
            libraries = r.call("FUNCTION", "LIST", "WITHCODE");
            assertEquals("+OK\r\n", r.call("SAVE"));
            Files.copy(redis.dir().toPath().resolve("dump.rdb"), dir.resolve("dump.rdb"));
        }
        try (CinnabarServer server = start(); RespConnection c = new RespConnection(server.port())) {
            assertEquals(":42\r\n", c.call("FCALL", "twice", "0", "21"));
            // the same libraries and functions; the order of a library's functions is Redis's hash order
            assertEquals(sortedLines(libraries), sortedLines(c.call("FUNCTION", "LIST", "WITHCODE")));
        }
    }

    /** Dumps are written as RDB version 10 so that Redis 7.0 loads them too (7.2 loads them as well). */
    @Test
    void redisLoadsTheDumpCinnabarWrote() throws Exception {
        List<String> expected;
        try (CinnabarServer server = start(); RespConnection c = new RespConnection(server.port())) {
            fill(c);
            c.call("XADD", "events", "1-1", "f", "v");
            c.call("XGROUP", "CREATE", "events", "workers", "0");
            c.call("XREADGROUP", "GROUP", "workers", "alice", "COUNT", "1", "STREAMS", "events", ">");
            c.call("FUNCTION", "LOAD", LIBRARY);
            expected = contents(c);
            expected.add(c.call("XPENDING", "events", "workers"));
            expected.add(c.call("XRANGE", "events", "-", "+"));
            expected.add(c.call("FCALL", "twice", "0", "4"));
            assertEquals("+OK\r\n", c.call("SAVE"));
        }
        assertTrue(new String(Files.readAllBytes(dir.resolve("dump.rdb")), 0, 9, java.nio.charset.StandardCharsets.US_ASCII)
                .equals("REDIS0010"));
        Process check = new ProcessBuilder("redis-check-rdb", dir.resolve("dump.rdb").toString())
                .redirectErrorStream(true).start();
        String checkOutput = new String(check.getInputStream().readAllBytes());
        assertEquals(0, check.waitFor(), checkOutput);
        try (RealRedis redis = RealRedis.start("--dir", dir.toString());
             RespConnection r = new RespConnection(redis.port())) {
            List<String> actual = contents(r);
            actual.add(r.call("XPENDING", "events", "workers"));
            actual.add(r.call("XRANGE", "events", "-", "+"));
            actual.add(r.call("FCALL", "twice", "0", "4"));
            assertEquals(expected, actual);
        }
    }

    private static List<String> sortedLines(String reply) {
        List<String> lines = new ArrayList<>(List.of(reply.split("\r\n")));
        lines.sort(null);
        return lines;
    }
}
