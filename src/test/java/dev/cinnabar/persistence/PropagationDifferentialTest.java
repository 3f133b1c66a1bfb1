package dev.cinnabar.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.testing.RealRedis;
import dev.cinnabar.testing.ReferenceVersion;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.TestServer;
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
    private static final String REDIS_72 = RealRedis.redis72Binary();
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
        redis = REDIS_72 != null ? RealRedis.startBinary(REDIS_72, args) : RealRedis.start(args);
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
            boolean reference72 = ReferenceVersion.of(r).is72();
            for (String[] cmd : script) {
                if (cmd[0].equals("SLEEP")) {
                    Thread.sleep(10);
                    continue;
                }
                for (int i = 0; i < cmd.length; i++) if (cmd[i].equals("''")) cmd[i] = "";
                String expected = r.call(cmd);
                String actual = c.call(cmd);
                if (cmd[0].equals("SPOP") && !reference72) {
                    // 7.0 keeps small sets of strings in a hash table, 7.2 in a listpack: another order
                    assertEquals(sortedLines(expected), sortedLines(actual), String.join(" ", cmd));
                } else if (!cmd[0].equals("SRANDMEMBER")) {
                    assertEquals(expected, actual, String.join(" ", cmd));
                }
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
        String[] appended = appendedDuring((c, r) -> {
            for (String[] cmd : script) assertEquals(r.call(cmd), c.call(cmd), String.join(" ", cmd));
        });
        assertTrue(appended[0].contains("MULTI"), appended[0]);
        assertEquals(appended[0], appended[1]);
    }

    /**
     * Streams: XADD with a generated ID (whole or sequence only) and approximate trims propagate as what they did,
     * the group commands as themselves though they signal no key, and reading or claiming as the XCLAIM, XGROUP
     * SETID and CREATECONSUMER commands that recreate the pending entries, consumers and last delivered IDs —
     * also for a blocked XREADGROUP served by another client's XADD.
     */
    @Test
    void streamCommandsPropagateTheirEffects() throws Exception {
        try (RespConnection r = new RespConnection(redis.port())) {
            // 7.0 words XSETID's errors differently and propagates XCLAIM of deleted entries otherwise
            assumeTrue(ReferenceVersion.of(r).is72(), "needs a Redis 7.2 reference (REDIS_SERVER)");
        }
        String[] script = {
                "CONFIG SET stream-node-max-entries 3",
                // generated IDs
                "XADD auto * f v",
                "XADD seq 5-* f v",
                "XADD seq 5-* f v",
                "XADD seq 7-3 f v",
                "XADD missing NOMKSTREAM * f v",
                "XADD seq 1-1 f v",
                // approximate trims become exact ones, with the resulting length or first ID
                "XADD t 1-0 a 1", "XADD t 2-0 a 2", "XADD t 3-0 a 3", "XADD t 4-0 a 4", "XADD t 5-0 a 5",
                "XADD t 6-0 a 6", "XADD t 7-0 a 7",
                "XADD t MAXLEN ~ 2 8-0 a 8",
                "XADD t MAXLEN ~ 100 9-0 a 9",
                "XADD t MAXLEN = 6 10-0 a 10",
                "XADD t MAXLEN 5 11-0 a 11",
                "XDEL t 7-0",
                "XADD t MINID ~ 8 12-0 a 12",
                "XADD t MINID ~ 100 LIMIT 3 * a 13",
                "XTRIM t MAXLEN ~ 100",
                "XTRIM t MAXLEN ~ 1",
                "XTRIM t MINID ~ 0",
                "XADD u 1-0 a 1", "XADD u 2-0 a 2", "XADD u 3-0 a 3", "XADD u 4-0 a 4", "XADD u 5-0 a 5",
                "XTRIM u MINID ~ 5",
                "XTRIM u MAXLEN 1",
                "XTRIM u MAXLEN 1",
                "XTRIM nothing MAXLEN 0",
                "XADD e 1-0 a 1", "XADD e 2-0 a 2", "XADD e 3-0 a 3",
                "XADD e MINID ~ 10 4-0 a 4",
                "XADD e 5-0 a 5", "XADD e 6-0 a 6", "XADD e 7-0 a 7", "XADD e 8-0 a 8", "XADD e 9-0 a 9",
                "XTRIM e MAXLEN ~ 0 LIMIT 3",
                "XTRIM e MINID ~ 100",
                "XADD w 1-0 a 1", "XADD w 2-0 a 2", "XADD w 3-0 a 3", "XADD w 4-0 a 4",
                "XADD w MINID ~ 5 LIMIT 0 5-0 a 5",
                "XDEL w 5-0 6-0",
                "XDEL w 6-0",
                "XDEL nothing 1-0",
                "XSETID w 9-9",
                "XSETID w 10-0 ENTRIESADDED 20 MAXDELETEDID 9-0",
                "XSETID w 1-0",
                // groups and consumers
                "XADD s 1-0 f 1", "XADD s 2-0 f 2", "XADD s 3-0 f 3", "XADD s 4-0 f 4", "XADD s 5-0 f 5",
                "XGROUP CREATE s g 0",
                "XGROUP CREATE s g 0",
                "XGROUP CREATE s late $ ENTRIESREAD 5",
                "XGROUP CREATE made g $ MKSTREAM",
                "XGROUP CREATE nokey g $",
                "XGROUP CREATECONSUMER s g idle",
                "XGROUP CREATECONSUMER s g idle",
                "XGROUP DELCONSUMER s g idle",
                "XGROUP DELCONSUMER s g idle",
                "XGROUP DESTROY made g",
                "XGROUP DESTROY made g",
                "XGROUP SETID s late 2-0",
                "XGROUP SETID s late $ ENTRIESREAD 3",
                // reading: one XCLAIM per delivered entry; NOACK as CREATECONSUMER and SETID
                "XREADGROUP GROUP g alice COUNT 2 STREAMS s >",
                "XREADGROUP GROUP g alice COUNT 1 STREAMS s >",
                "XREADGROUP GROUP g alice STREAMS s 0",
                "XREADGROUP GROUP g bob NOACK COUNT 1 STREAMS s >",
                "XREADGROUP GROUP late carol STREAMS s >",
                "XREADGROUP GROUP late dave NOACK STREAMS s >",
                "XREADGROUP GROUP g erin COUNT 10 STREAMS s >",
                "XGROUP SETID s g 0",
                "XREADGROUP GROUP g frank COUNT 2 STREAMS s >",
                "XACK s g 1-0 9-0",
                "XACK s g 9-0",
                "XACK s nogroup 1-0",
                // claiming: XCLAIM per claimed entry, SETID when only LASTID moved, dropped entries propagated
                "XCLAIM s g alice 0 2 3-0 9-0",
                "XCLAIM s g alice 0 3-0 IDLE 5000 RETRYCOUNT 7",
                "XCLAIM s g george 0 4-0 JUSTID",
                "XCLAIM s g alice 0 5-0 FORCE",
                "XCLAIM s g alice 0 9-0 LASTID 6-0",
                "XCLAIM s g alice 0 9-0 LASTID 1-0",
                "XCLAIM s g alice 0 2-0 LASTID 6-5",
                "XCLAIM s g alice 100000 3-0",
                "XDEL s 4-0",
                "XCLAIM s g alice 0 4-0",
                "XDEL s 3-0",
                "XCLAIM s g george 0 3-0 LASTID 6-6",
                "XDEL s 5-0",
                "XAUTOCLAIM s g henry 0 0 COUNT 10",
                "XAUTOCLAIM s g henry 0 0 COUNT 1 JUSTID",
                "XAUTOCLAIM s g henry 100000 0",
                "XAUTOCLAIM s late ivy 0 0",
                "MULTI", "XADD s 7-0 f 7", "XREADGROUP GROUP g alice STREAMS s >", "XACK s g 7-0", "EXEC",
                "XADD s2 1-0 f v",
                "XGROUP CREATE s2 g 0",
                "XADD s 8-0 f 8",
                "XREADGROUP GROUP g judy NOACK STREAMS s s2 > >",
                "CONFIG SET stream-node-max-entries 100",
        };
        String[] appended = appendedDuring((c, r) -> {
            for (String line : script) {
                String[] cmd = line.split(" ");
                assertEquals(normalised(r.call(cmd)), normalised(c.call(cmd)), line);
            }
            // a blocked XREADGROUP is propagated when another client's XADD serves it
            for (RespConnection x : List.of(c, r)) x.call("XGROUP", "CREATE", "b", "g", "$", "MKSTREAM");
            try (RespConnection cb = new RespConnection(cinnabar.port()); RespConnection rb = new RespConnection(redis.port())) {
                cb.send("XREADGROUP", "GROUP", "g", "waiter", "BLOCK", "0", "STREAMS", "b", ">");
                rb.send("XREADGROUP", "GROUP", "g", "waiter", "BLOCK", "0", "STREAMS", "b", ">");
                Thread.sleep(100);
                c.call("XADD", "b", "1-0", "f", "v");
                r.call("XADD", "b", "1-0", "f", "v");
                assertEquals(rb.readReply(), cb.readReply());
            }
        });
        for (String form : List.of("XCLAIM s g alice 0 2 TIME <ms> RETRYCOUNT", "XGROUP SETID s g 6-0 ENTRIESREAD",
                "XGROUP CREATECONSUMER s g bob", "MAXLEN = ", "MINID = ", "XCLAIM b g waiter 0 1-0")) {
            assertTrue(appended[0].contains(form), form + " in\n" + appended[0]);
        }
        assertEquals(appended[0], appended[1]);
    }

    /** Steps run on a connection to each server (Cinnabar's, Redis's). */
    private interface Steps {
        void run(RespConnection cinnabar, RespConnection redis) throws Exception;
    }

    /**
     * Empties both servers, runs the steps and returns what each appended to its incremental AOF meanwhile, as
     * commands with times normalised: {Redis's, Cinnabar's}.
     */
    private static String[] appendedDuring(Steps steps) throws Exception {
        try (RespConnection c = new RespConnection(cinnabar.port()); RespConnection r = new RespConnection(redis.port())) {
            c.call("FLUSHALL");
            r.call("FLUSHALL");
            c.call("PING");
            r.call("PING");
            Thread.sleep(50);
            int cinnabarStart = incr(cinnabarDir).length();
            int redisStart = incr(Path.of(redis.dir().getPath())).length();
            steps.run(c, r);
            c.call("SELECT", "0");
            r.call("SELECT", "0");
            String expected = normalised(AofTestSupport.commands(waitForFile(Path.of(redis.dir().getPath()))
                    .substring(redisStart)));
            String actual = normalised(AofTestSupport.commands(incr(cinnabarDir).substring(cinnabarStart)));
            return new String[] {expected, actual};
        }
    }

    private static String waitForFile(Path dir) throws Exception {
        Thread.sleep(50);
        return incr(dir);
    }

    private static List<String> sortedLines(String reply) {
        List<String> lines = new ArrayList<>(List.of(reply.split("\r\n")));
        lines.sort(null);
        return lines;
    }

    /** The payload bytes of a DUMP reply ($n\r\n<bytes>\r\n, read as ISO-8859-1). */
    private static byte[] dumpBytes(String reply) {
        int start = reply.indexOf("\r\n") + 2;
        return reply.substring(start, reply.length() - 2).getBytes(StandardCharsets.ISO_8859_1);
    }
}
