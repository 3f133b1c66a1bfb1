package dev.cinnabar.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.testing.RealRedis;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.TestServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The propagated stream compared with Redis's: the same commands run on redis-server (7.2 when a 7.2 binary is
 * there) and on Cinnabar, both with appendonly yes, and the incremental AOF files must be identical once absolute
 * times (13-digit unix milliseconds) are normalised. Covers every command propagated in another form, no-op
 * writes, transactions, database changes, lazy expiry and blocked clients served by another client's write.
 */
class PropagationDifferentialTest {
    private static final String REDIS_72 = "/tmp/redis-7.2/src/redis-server";
    private static Path cinnabarDir;
    private static CinnabarServer cinnabar;
    private static RealRedis redis;

    @BeforeAll
    static void start() throws Exception {
        cinnabarDir = Files.createTempDirectory("cinnabar-prop");
        // appendfsync always: Redis then writes before replying (with everysec it may postpone a write while a
        // background fsync runs), so each file is complete when the last reply arrives
        cinnabar = TestServer.start("dir " + cinnabarDir, "appendonly yes", "appendfsync always",
                "enable-debug-command yes");
        String[] args = {"--appendonly", "yes", "--appendfsync", "always", "--enable-debug-command", "yes"};
        redis = new File(REDIS_72).canExecute() ? RealRedis.startBinary(REDIS_72, args) : RealRedis.start(args);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cinnabar != null) cinnabar.close();
        if (redis != null) redis.close();
        AofTestSupport.deleteTree(cinnabarDir);
    }

    private static String incr(Path dir) throws Exception {
        return Files.readString(dir.resolve("appendonlydir").resolve("appendonly.aof.1.incr.aof"),
                StandardCharsets.ISO_8859_1);
    }

    /** Absolute times differ between the runs: each 13-digit number (unix milliseconds) becomes <ms>. */
    private static String normalised(String commands) {
        return commands.replaceAll("\\b\\d{13}\\b", "<ms>");
    }

    @Test
    void incrementalFilesMatchRedis() throws Exception {
        long future = System.currentTimeMillis() / 1000 + 100_000;
        List<String[]> script = new ArrayList<>();
        for (String line : new String[] {
                "DEBUG SET-ACTIVE-EXPIRE 0",
                "SET plain v",
                "SET ex v EX 100",
                "SET px v PX 100000",
                "SET exat v EXAT " + future,
                "SET pxat v PXAT " + (future * 1000 + 5),
                "SET plain w GET",
                "SET plain w2 NX GET",
                "SET ex2 v NX EX 50",
                "SET absent v XX",
                "SETEX setex 100 v",
                "PSETEX psetex 100000 v",
                "SETNX plain nope",
                "GETSET plain x",
                "GETDEL plain",
                "GETDEL plain",
                "SET g v",
                "GETEX g",
                "GETEX g EX 100",
                "GETEX g PX 100000",
                "GETEX g EXAT " + future,
                "GETEX g PXAT " + (future * 1000),
                "GETEX g PERSIST",
                "GETEX g PERSIST",
                "GETEX g PXAT 1000",
                "INCRBYFLOAT f 1.5",
                "INCRBYFLOAT f 3.0e3",
                "HINCRBYFLOAT h f 0.1",
                "HINCRBYFLOAT h f 1e2",
                "SET e v",
                "EXPIRE e 100",
                "PEXPIRE e 200000",
                "EXPIREAT e " + future,
                "PEXPIREAT e " + (future * 1000),
                "EXPIRE e 300 NX",
                "EXPIRE e 400 GT",
                "EXPIRE missing 100",
                "EXPIRE e -1",
                "SET e2 v",
                "PEXPIREAT e2 1000",
                "PERSIST nothing",
                "SADD one-member only",
                "SPOP one-member",
                "SADD s a b c",
                "SPOP s 3",
                "SADD s2 a b",
                "SPOP s2 5",
                "SPOP s2",
                "SADD r a b c",
                "SRANDMEMBER r",
                "SRANDMEMBER r 2",
                "RPUSH l a b c d e f",
                "BLPOP l 0",
                "BRPOP l 0",
                "BLMOVE l l2 LEFT RIGHT 0",
                "BRPOPLPUSH l l2 0",
                "LMPOP 2 nolist l LEFT COUNT 10",
                "RPUSH l x y",
                "BLMPOP 0 1 l RIGHT COUNT 1",
                "LMPOP 1 nolist LEFT",
                "LPOP nolist",
                "ZADD z 1 a 2 b 3 c 4 d 5 e",
                "BZPOPMIN z 0",
                "BZPOPMAX z 0",
                "ZMPOP 1 z MIN COUNT 1",
                "BZMPOP 0 1 z MAX COUNT 10",
                "ZPOPMIN z",
                "DEL absent1 absent2",
                "SREM s a",
                "MULTI", "SET m1 v", "EXEC",
                "MULTI", "SET m1 v", "INCR m2", "EXEC",
                "MULTI", "GET m1", "EXEC",
                "MULTI", "SET m1 v EX 100", "SELECT 2", "SET m3 v", "EXEC",
                "SELECT 0",
                "SELECT 3",
                "SET db3 v",
                "SELECT 0",
                "FLUSHDB",
                "SELECT 4",
                "FLUSHDB",
                "SELECT 0",
                "SWAPDB 0 1",
                "SWAPDB 0 1",
                "SET soon v PX 1",
                "SLEEP",
                "GET soon",
                "SET soon2 v PX 1",
                "SLEEP",
                "SET soon2 again",
                "APPEND k abc",
                "SETRANGE k 0 ''",
                "LPUSH pushed a",
                "LTRIM pushed 0 -1",
                "HSET hh f v",
                "HDEL hh nothing",
                "MSET a 1 b 2",
                "RENAME a c",
                "COPY c d",
                "MOVE d 5",
                "FLUSHALL",
        }) {
            script.add(line.split(" "));
        }
        String dump = null;
        try (RespConnection c = new RespConnection(cinnabar.port()); RespConnection r = new RespConnection(redis.port())) {
            for (String[] cmd : script) {
                if (cmd[0].equals("SLEEP")) {
                    Thread.sleep(10);
                    continue;
                }
                for (int i = 0; i < cmd.length; i++) if (cmd[i].equals("''")) cmd[i] = "";
                String expected = r.call(cmd);
                String actual = c.call(cmd);
                if (!cmd[0].equals("SRANDMEMBER")) assertEquals(expected, actual, String.join(" ", cmd));
            }
            // RESTORE with a relative TTL is propagated with ABSTTL and the absolute time
            r.call("SET", "dumped", "value");
            c.call("SET", "dumped", "value");
            String payload = r.call("DUMP", "dumped");
            byte[] raw = dumpBytes(payload);
            for (RespConnection x : List.of(r, c)) {
                x.call("RESTORE".getBytes(), "restored".getBytes(), "100000".getBytes(), raw);
                x.call("RESTORE".getBytes(), "restored".getBytes(), "0".getBytes(), raw, "REPLACE".getBytes());
            }
            // a blocked client served by another client's push: the push, then the pop
            try (RespConnection cb = new RespConnection(cinnabar.port()); RespConnection rb = new RespConnection(redis.port())) {
                cb.send("BLPOP", "waited", "0");
                rb.send("BLPOP", "waited", "0");
                Thread.sleep(100);
                c.call("RPUSH", "waited", "x", "y");
                r.call("RPUSH", "waited", "x", "y");
                assertEquals(rb.readReply(), cb.readReply());
            }
            c.call("PING");
            r.call("PING");
        }
        String expected = normalised(AofTestSupport.commands(waitForFile(Path.of(redis.dir().getPath()))));
        String actual = normalised(AofTestSupport.commands(incr(cinnabarDir)));
        assertTrue(expected.contains("PXAT"), expected);
        assertEquals(expected, actual);
    }

    /**
     * Seeded random write sequences (the keyspace events differential's generator: type changes, emptied keys,
     * stores, moves between databases): the stream each server appends must be the same.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {11, 12, 13})
    void randomWriteSequencesPropagateAsRedis(long seed) throws Exception {
        java.util.Random random = new java.util.Random(seed);
        try (RespConnection c = new RespConnection(cinnabar.port()); RespConnection r = new RespConnection(redis.port())) {
            c.call("FLUSHALL");
            r.call("FLUSHALL");
            c.call("PING");
            r.call("PING");
            Thread.sleep(50);
            int cinnabarStart = incr(cinnabarDir).length();
            int redisStart = incr(Path.of(redis.dir().getPath())).length();
            for (int step = 0; step < 400; step++) {
                String[] cmd = dev.cinnabar.notify.RandomKeyspaceEventsDifferentialTest.next(random);
                assertEquals(r.call(cmd), c.call(cmd), String.join(" ", cmd));
            }
            c.call("SELECT", "0");
            r.call("SELECT", "0");
            String expected = normalised(AofTestSupport.commands(waitForFile(Path.of(redis.dir().getPath()))
                    .substring(redisStart)));
            String actual = normalised(AofTestSupport.commands(incr(cinnabarDir).substring(cinnabarStart)));
            assertEquals(expected, actual);
        }
    }

    /**
     * Scripts and functions are propagated as their effects: one write alone, several wrapped in MULTI/EXEC, none
     * for a read-only script; FUNCTION LOAD and DELETE as themselves.
     */
    @Test
    void scriptsAndFunctionsPropagateTheirWrites() throws Exception {
        String library = "#!lua name=proplib\nredis.register_function('bump', function(keys, args) "
                + "redis.call('incr', keys[1]) return redis.call('incr', keys[1]) end)";
        String[][] script = {
                {"EVAL", "return redis.call('set', KEYS[1], ARGV[1])", "1", "s1", "v"},
                {"EVAL", "redis.call('set', KEYS[1], 'a') redis.call('expire', KEYS[1], 100) "
                        + "return redis.call('rpush', KEYS[2], 'x', 'y')", "2", "s2", "list"},
                {"EVAL", "return redis.call('get', KEYS[1])", "1", "s1"},
                {"EVAL", "return redis.call('spop', KEYS[1])", "1", "missing"},
                {"EVAL", "redis.call('select', 3) return redis.call('set', 'in3', 'v')", "0"},
                {"FUNCTION", "LOAD", library},
                {"FCALL", "bump", "1", "counter"},
                {"FUNCTION", "DELETE", "proplib"},
                {"PING"},
        };
        try (RespConnection c = new RespConnection(cinnabar.port()); RespConnection r = new RespConnection(redis.port())) {
            c.call("FLUSHALL");
            r.call("FLUSHALL");
            c.call("PING");
            r.call("PING");
            Thread.sleep(50);
            int cinnabarStart = incr(cinnabarDir).length();
            int redisStart = incr(Path.of(redis.dir().getPath())).length();
            for (String[] cmd : script) assertEquals(r.call(cmd), c.call(cmd), String.join(" ", cmd));
            String expected = normalised(AofTestSupport.commands(waitForFile(Path.of(redis.dir().getPath()))
                    .substring(redisStart)));
            String actual = normalised(AofTestSupport.commands(incr(cinnabarDir).substring(cinnabarStart)));
            assertTrue(expected.contains("MULTI"), expected);
            assertEquals(expected, actual);
        }
    }

    private static String waitForFile(Path dir) throws Exception {
        Thread.sleep(50);
        return incr(dir);
    }

    /** The payload bytes of a DUMP reply ($n\r\n<bytes>\r\n, read as ISO-8859-1). */
    private static byte[] dumpBytes(String reply) {
        int start = reply.indexOf("\r\n") + 2;
        return reply.substring(start, reply.length() - 2).getBytes(StandardCharsets.ISO_8859_1);
    }
}
