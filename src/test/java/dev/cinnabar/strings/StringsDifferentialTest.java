package dev.cinnabar.strings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.testing.Differential;
import dev.cinnabar.testing.RealRedis;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.ScriptDifferential;
import dev.cinnabar.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The string commands against a real redis-server, byte for byte, over RESP2 and RESP3. Both servers run with
 * proto-max-bulk-len at its minimum (1 MB) so that the size limits can be reached cheaply.
 */
class StringsDifferentialTest {
    private static final String LIMIT = "1mb";
    static CinnabarServer cinnabar;
    static RealRedis redis;

    @BeforeAll
    static void start() throws Exception {
        cinnabar = TestServer.start("proto-max-bulk-len " + LIMIT);
        redis = RealRedis.start("--proto-max-bulk-len", LIMIT);
    }

    @AfterAll
    static void stop() {
        if (cinnabar != null) cinnabar.close();
        if (redis != null) redis.close();
    }

    // ---- the runner -------------------------------------------------------------------------------------------

    /**
     * Runs a script on both servers, in RESP2 and in RESP3, each time on a fresh connection after FLUSHALL.
     * One command per line; arguments are separated by spaces, {@code ""} is an empty argument, {@code \xHH} a
     * byte and {@code \s} a space. "SLEEP ms" pauses instead of sending a command.
     */
    private static void same(String script) throws Exception {
        same(ScriptDifferential.parse(script));
    }

    private static void same(List<byte[][]> commands) throws Exception {
        for (boolean resp3 : new boolean[] {false, true}) {
            List<String> expected = run(redis.port(), false, resp3, commands);
            List<String> actual = run(cinnabar.port(), true, resp3, commands);
            for (int i = 0; i < commands.size(); i++) {
                assertEquals(Differential.printable(expected.get(i)), Differential.printable(actual.get(i)),
                        (resp3 ? "RESP3" : "RESP2") + " reply to " + ScriptDifferential.describe(commands.get(i))
                                + " (command #" + i + ")");
            }
        }
    }

    private static List<String> run(int port, boolean isCinnabar, boolean resp3, List<byte[][]> commands)
            throws IOException, InterruptedException {
        List<String> replies = new ArrayList<>();
        try (RespConnection c = new RespConnection(port)) {
            c.call("FLUSHALL");
            if (resp3) c.call("HELLO", "3");
            for (byte[][] cmd : commands) {
                if (new String(cmd[0], StandardCharsets.ISO_8859_1).equals("SLEEP")) {
                    Thread.sleep(Long.parseLong(new String(cmd[1], StandardCharsets.ISO_8859_1)));
                    replies.add("");
                } else {
                    replies.add(c.call(cmd));
                }
            }
        }
        return replies;
    }

    private static byte[][] cmd(String... args) {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) bytes[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
        return bytes;
    }

    // ---- GET / SET ----------------------------------------------------------------------------------------------

    @Test
    void getAndSet() throws Exception {
        same("""
                GET missing
                SET k v
                GET k
                SET k ""
                GET k
                SET k hello\\sworld\\x00\\xff
                GET k
                SET k 12345
                GET k
                SET k -0
                GET k
                get k
                sEt K v2
                GET K
                GET
                SET k
                GET k extra
                """);
    }

    @Test
    void setOptions() throws Exception {
        same("""
                SET k v NX
                SET k v2 NX
                GET k
                SET k v3 XX
                GET k
                SET missing v XX
                GET missing
                SET k v NX XX
                SET k v XX NX
                SET k v nx nx
                SET k v xx XX
                SET k v GET
                SET k v2 get GET
                SET k2 v GET
                SET k2 v3 NX GET
                SET k3 v XX GET
                GET k3
                SET k3 v NX GET
                GET k3
                SET k v KEEPTTL
                SET k v keepttl KEEPTTL
                SET k v KEEPTTL EX 10
                SET k v EX 10 KEEPTTL
                SET k v PX 10 KEEPTTL
                SET k v EX 10 PX 10
                SET k v PX 10 EX 10
                SET k v EX 10 EXAT 10
                SET k v PXAT 10 EXAT 10
                SET k v EX 10 EX 20
                SET k v PX 100000 px 200000
                SET k v EX
                SET k v PX
                SET k v EXAT
                SET k v PXAT
                SET k v EX 10 GET NX
                SET k v PERSIST
                SET k v BOGUS
                SET k v EX 10 BOGUS
                SET k v EX abc
                SET k v EX 1.5
                SET k v EX ""
                SET k v EX 0
                SET k v EX -1
                SET k v PX 0
                SET k v PX -5
                SET k v EXAT 0
                SET k v PXAT -1
                SET k v EX 9223372036854775807
                SET k v EX 9223372036854775
                SET k v EX 9223372036854776
                SET k v PX 9223372036854775807
                SET k v PX 9223372036854775000
                SET k v EXAT 9223372036854775
                SET k v EXAT 9223372036854776
                SET k v PXAT 9223372036854775807
                SET k v EX 99999999999999999999
                SET k v EX 100 GET
                GET k
                SET k v PXAT 1
                GET k
                SET k v EXAT 1 GET
                GET k
                SET k v EX 1000
                SET k v2 KEEPTTL GET
                SET k v3 XX GET
                """);
    }

    @Test
    void expiringKeysDisappear() throws Exception {
        same("""
                SET a 1 PX 30
                SETEX b 100 2
                PSETEX c 30 3
                SET d 4 PX 30
                SET d 5 KEEPTTL
                SET e 5 PX 30
                SET e 6
                SET f 7 PX 30
                GETEX f PERSIST
                SET g 8 PX 30
                GETSET g 9
                SET h 1 PX 30
                INCR h
                APPEND h x
                SLEEP 80
                MGET a b c d e f g h
                """);
    }

    @Test
    void setnxSetexPsetex() throws Exception {
        same("""
                SETNX k v
                SETNX k v2
                GET k
                SETNX k
                SETEX k 10 v3
                GET k
                SETEX k 0 v
                SETEX k -10 v
                SETEX k abc v
                SETEX k 9223372036854775807 v
                SETEX k 10
                SETEX k 10 v extra
                PSETEX k 10000 v4
                GET k
                PSETEX k 0 v
                PSETEX k -1 v
                PSETEX k 9223372036854775807 v
                PSETEX k 1.5 v
                PSETEX k
                """);
    }

    @Test
    void getexGetdelGetset() throws Exception {
        same("""
                GETEX missing
                GETEX missing EX 10
                GETEX missing EX 0
                GETEX missing BOGUS
                SET k v
                GETEX k
                GETEX k EX 100
                GETEX k PX 100000
                GETEX k EXAT 99999999999
                GETEX k PXAT 99999999999999
                GETEX k PERSIST
                GETEX k persist PERSIST
                GETEX k EX 10 PERSIST
                GETEX k PERSIST EX 10
                GETEX k EX 10 PX 10
                GETEX k EX 10 EX 20
                GETEX k KEEPTTL
                GETEX k NX
                GETEX k GET
                GETEX k EX
                GETEX k EX 0
                GETEX k EX -1
                GETEX k PX abc
                GETEX k EX 9223372036854775807
                GETEX k EXAT 9223372036854776
                GET k
                GETEX k PXAT 1
                GET k
                SET k v
                GETEX k EXAT 1
                GET k
                GETEX
                GETDEL missing
                SET k v
                GETDEL k
                GETDEL k
                GET k
                GETDEL k extra
                GETSET k v1
                GETSET k v2
                GET k
                GETSET k
                """);
    }

    @Test
    void msetMgetMsetnx() throws Exception {
        same("""
                MSET a 1 b 2 c 3
                MGET a b c d
                MGET d
                MSET a
                MSET a 1 b
                MSET
                MSET a 1 a 2
                GET a
                MSETNX x 1 y 2
                MSETNX y 3 z 4
                MGET x y z
                MSETNX z 1 z 2
                GET z
                MSETNX a
                MSETNX a 1 b
                MGET
                APPEND r hello
                SETRANGE r 10 x
                MGET r a
                """);
    }

    // ---- APPEND / STRLEN / GETRANGE / SETRANGE ----------------------------------------------------------------

    @Test
    void appendAndStrlen() throws Exception {
        same("""
                APPEND k hello
                APPEND k \\sworld
                GET k
                STRLEN k
                STRLEN missing
                APPEND k ""
                STRLEN k
                APPEND empty ""
                GET empty
                STRLEN empty
                SET n 12
                APPEND n 34
                INCR n
                APPEND n \\x00
                STRLEN n
                INCR n
                STRLEN
                APPEND k
                STRLEN k extra
                """);
    }

    @Test
    void getrange() throws Exception {
        same("""
                GETRANGE missing 0 -1
                SET k "Hello"
                SET k This\\sis\\sa\\sstring
                GETRANGE k 0 3
                GETRANGE k -3 -1
                GETRANGE k 0 -1
                GETRANGE k 10 100
                GETRANGE k 100 200
                GETRANGE k -100 -50
                GETRANGE k -1 -5
                GETRANGE k -5 -1
                GETRANGE k 5 3
                GETRANGE k -100 100
                GETRANGE k 0 0
                GETRANGE k -9223372036854775808 9223372036854775807
                GETRANGE k 9223372036854775807 -9223372036854775808
                GETRANGE k a 1
                GETRANGE k 1 b
                GETRANGE k 1.5 2
                GETRANGE k 0 99999999999999999999
                SUBSTR k 0 3
                SUBSTR k -3 -1
                SET e ""
                GETRANGE e 0 -1
                GETRANGE e 0 0
                GETRANGE e -1 -1
                SET n 1234567
                GETRANGE n 1 3
                GETRANGE n -2 -1
                GETRANGE k 0
                SUBSTR k 0
                GETRANGE k 0 1 2
                """);
    }

    @Test
    void getrangeMatchesRedisOnRandomIndexes() throws Exception {
        Random random = new Random(7);
        List<byte[][]> commands = new ArrayList<>();
        commands.add(cmd("SET", "k", "0123456789abcdefghij"));
        commands.add(cmd("SET", "e", ""));
        for (int i = 0; i < 300; i++) {
            String key = i % 10 == 0 ? "e" : "k";
            commands.add(cmd("GETRANGE", key, Integer.toString(random.nextInt(50) - 25),
                    Integer.toString(random.nextInt(50) - 25)));
        }
        same(commands);
    }

    @Test
    void setrange() throws Exception {
        same("""
                SETRANGE missing 0 ""
                GET missing
                SETRANGE missing 5 ""
                GET missing
                SETRANGE k 5 hello
                GET k
                STRLEN k
                SETRANGE k 0 HE
                GET k
                SETRANGE k 8 LLO-world
                GET k
                SETRANGE k 3 ""
                SETRANGE k 100 ""
                STRLEN k
                SETRANGE k -1 x
                SETRANGE k -1 ""
                SETRANGE missing2 -1 x
                SETRANGE k abc x
                SETRANGE k 1.5 x
                SETRANGE k 99999999999999999999 x
                SET n 12345
                SETRANGE n 1 0
                GET n
                INCR n
                SETRANGE n 0 ""
                SETRANGE k 1048575 x
                STRLEN k
                SETRANGE k 1048576 x
                SETRANGE k 1048575 xy
                SETRANGE k 9223372036854775807 x
                SETRANGE big 1048576 x
                SETRANGE big 1048576 ""
                SETRANGE big 9223372036854775807 x
                SETRANGE big 9223372036854775807 ""
                GET big
                SETRANGE k 0
                SETRANGE k 0 a b
                """);
    }

    @Test
    void appendBeyondTheSizeLimit() throws Exception {
        String half = "x".repeat(512 * 1024);
        List<byte[][]> commands = new ArrayList<>();
        commands.add(cmd("APPEND", "k", half));
        commands.add(cmd("APPEND", "k", half));
        commands.add(cmd("STRLEN", "k"));
        commands.add(cmd("APPEND", "k", "y"));
        commands.add(cmd("APPEND", "k", ""));
        commands.add(cmd("STRLEN", "k"));
        same(commands);
    }

    // ---- counters -----------------------------------------------------------------------------------------------

    @Test
    void incrAndDecr() throws Exception {
        same("""
                INCR k
                INCR k
                DECR k
                DECR k
                DECR k
                INCRBY k 100
                INCRBY k -200
                DECRBY k 50
                DECRBY k -1000
                GET k
                INCRBY k 0
                SET k 9223372036854775806
                INCR k
                INCR k
                GET k
                INCRBY k -1
                SET k -9223372036854775807
                DECR k
                DECR k
                INCRBY k 9223372036854775807
                DECRBY k -9223372036854775807
                SET k 0
                DECRBY k -9223372036854775808
                DECRBY k 9223372036854775807
                INCRBY k -9223372036854775808
                DECRBY k 9223372036854775808
                INCRBY k 9223372036854775808
                INCRBY k abc
                INCRBY k 1.5
                INCRBY k ""
                INCRBY k \\s1
                INCRBY k +1
                INCRBY k 01
                INCRBY k -0
                DECRBY k x
                SET s hello
                INCR s
                DECR s
                INCRBY s 1
                SET s 1.5
                INCR s
                SET s \\s1
                INCR s
                SET s 1\\s
                INCR s
                SET s +1
                INCR s
                SET s 007
                INCR s
                SET s -0
                INCR s
                SET s ""
                INCR s
                SET s 99999999999999999999
                INCR s
                SET s 1\\x00
                INCR s
                APPEND r 4
                APPEND r 2
                INCR r
                GET r
                INCR
                INCR k extra
                INCRBY k
                DECRBY k 1 2
                """);
    }

    @Test
    void incrbyfloat() throws Exception {
        same("""
                INCRBYFLOAT k 0.1
                INCRBYFLOAT k 0.1
                INCRBYFLOAT k 0.1
                SET k 0
                INCRBYFLOAT k 0.1
                SET k 10.50
                INCRBYFLOAT k 0.1
                INCRBYFLOAT k -5.0e3
                INCRBYFLOAT k 5.0E3
                INCRBYFLOAT k 2.0e-3
                INCRBYFLOAT k 1e-20
                SET k 5
                INCRBYFLOAT k 0
                INCRBYFLOAT k 3
                INCRBYFLOAT k -8
                INCRBYFLOAT k -0
                INCRBYFLOAT k 0x10
                INCRBYFLOAT k 0x1.8p1
                INCRBYFLOAT k .5
                INCRBYFLOAT k 5.
                INCRBYFLOAT k +1
                INCRBYFLOAT k 1e308
                INCRBYFLOAT k 1e308
                INCRBYFLOAT k 1e4000
                INCRBYFLOAT k -1e4000
                INCRBYFLOAT k 1e5000
                INCRBYFLOAT k 1e-5000
                INCRBYFLOAT k 0e99999
                SET k 1
                INCRBYFLOAT k 1e4932
                INCRBYFLOAT k inf
                INCRBYFLOAT k -inf
                INCRBYFLOAT k Infinity
                INCRBYFLOAT k nan
                INCRBYFLOAT k NaN
                INCRBYFLOAT k abc
                INCRBYFLOAT k ""
                INCRBYFLOAT k \\s1
                INCRBYFLOAT k 1\\s
                INCRBYFLOAT k 1\\x00
                INCRBYFLOAT k 1e
                INCRBYFLOAT k 1.2.3
                INCRBYFLOAT k 0x
                INCRBYFLOAT k --1
                GET k
                SET s hello
                INCRBYFLOAT s 1
                SET s inf
                INCRBYFLOAT s 1
                SET s \\s1
                INCRBYFLOAT s 1
                SET s 1e5000
                INCRBYFLOAT s 1
                SET s 1.5e3
                INCRBYFLOAT s 0
                SET s 0.000003814697265625
                INCRBYFLOAT s 0
                SET s 0.000011444091796875
                INCRBYFLOAT s 0
                SET s -0.000000000000000001
                INCRBYFLOAT s 0
                SET s 9223372036854775807
                INCRBYFLOAT s 1
                INCRBYFLOAT s 0.5
                SET s 123456789012345678901234567890
                INCRBYFLOAT s 1
                SET s 1.18973149535723176502e+4932
                INCRBYFLOAT s 0
                INCRBYFLOAT s 1e4932
                SET s 3.6e-4951
                INCRBYFLOAT s 0
                SET s 1e-4960
                INCRBYFLOAT s 0
                INCRBYFLOAT
                INCRBYFLOAT k
                INCRBYFLOAT k 1 2
                """);
    }

    @Test
    void incrbyfloatRepeatedlyMatchesRedis() throws Exception {
        List<byte[][]> commands = new ArrayList<>();
        for (int i = 0; i < 60; i++) commands.add(cmd("INCRBYFLOAT", "a", "1.1"));
        for (int i = 0; i < 40; i++) commands.add(cmd("INCRBYFLOAT", "b", "0.1"));
        for (int i = 0; i < 40; i++) commands.add(cmd("INCRBYFLOAT", "c", "-0.3"));
        same(commands);
    }

    @Test
    void incrbyfloatRandomIncrementsMatchRedis() throws Exception {
        Random random = new Random(42);
        List<byte[][]> commands = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String key = "k" + random.nextInt(4);
            String increment = switch (random.nextInt(9)) {
                case 0 -> Long.toString(random.nextLong() >> random.nextInt(64));
                case 1 -> String.format("%.3f", (random.nextDouble() - 0.5) * 2000);
                case 2 -> (random.nextInt(2000) - 1000) + "." + random.nextInt(100) + "e" + (random.nextInt(40) - 20);
                case 3 -> random.nextInt(10) + "." + random.nextInt(10) + "E" + (random.nextInt(10) - 5);
                case 4 -> Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(30) - 15));
                case 5 -> "0x" + Integer.toHexString(random.nextInt(1 << 20)) + "p" + (random.nextInt(40) - 20);
                case 6 -> "1.1";
                case 7 -> "-" + random.nextInt(1000) + ".0" + random.nextInt(1000);
                default -> "0." + Long.toString(Math.abs(random.nextLong()));
            };
            commands.add(cmd("INCRBYFLOAT", key, increment));
            if (random.nextInt(50) == 0) commands.add(cmd("SET", key, Integer.toString(random.nextInt(100))));
        }
        commands.add(cmd("MGET", "k0", "k1", "k2", "k3"));
        same(commands);
    }

    // ---- LCS ----------------------------------------------------------------------------------------------------

    @Test
    void lcs() throws Exception {
        same("""
                LCS a b
                LCS a b LEN
                LCS a b IDX
                MSET key1 ohmytext key2 mynewtext
                LCS key1 key2
                LCS key1 key2 LEN
                LCS key1 key2 IDX
                LCS key1 key2 IDX MINMATCHLEN 4
                LCS key1 key2 IDX MINMATCHLEN 4 WITHMATCHLEN
                LCS key1 key2 IDX WITHMATCHLEN
                LCS key1 key2 idx minmatchlen 0 withmatchlen
                LCS key1 key2 IDX MINMATCHLEN -5
                LCS key1 key2 IDX MINMATCHLEN 100
                LCS key1 key2 WITHMATCHLEN
                LCS key1 key2 MINMATCHLEN 2
                LCS key1 key2 LEN WITHMATCHLEN
                LCS key1 key2 LEN IDX
                LCS key1 key2 IDX LEN
                LCS key1 key2 IDX MINMATCHLEN
                LCS key1 key2 IDX MINMATCHLEN abc
                LCS key1 key2 IDX MINMATCHLEN 1.5
                LCS key1 key2 BOGUS
                LCS key1 key2 IDX IDX LEN
                LCS key1 missing
                LCS missing key1 IDX
                LCS key1 key1 IDX WITHMATCHLEN
                MSET x ABCBDAB y BDCABA
                LCS x y
                LCS x y IDX WITHMATCHLEN
                LCS y x IDX WITHMATCHLEN
                MSET p aaaa q aa
                LCS p q IDX WITHMATCHLEN
                LCS q p IDX WITHMATCHLEN
                SET e ""
                LCS e key1
                LCS e e IDX
                LCS key1
                LCS
                """);
    }

    @Test
    void lcsMatchesRedisOnRandomStrings() throws Exception {
        Random random = new Random(3);
        List<byte[][]> commands = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String a = randomString(random, random.nextInt(40), 1 + random.nextInt(4));
            String b = randomString(random, random.nextInt(40), 1 + random.nextInt(4));
            commands.add(cmd("MSET", "a", a.isEmpty() ? "" : a, "b", b));
            commands.add(cmd("LCS", "a", "b"));
            commands.add(cmd("LCS", "a", "b", "LEN"));
            commands.add(cmd("LCS", "a", "b", "IDX", "WITHMATCHLEN"));
            commands.add(cmd("LCS", "b", "a", "IDX", "MINMATCHLEN", Integer.toString(random.nextInt(4))));
        }
        same(commands);
    }

    private static String randomString(Random random, int length, int alphabet) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) sb.append((char) ('a' + random.nextInt(alphabet)));
        return sb.toString();
    }

    @Test
    void lcsRefusesTablesBeyondTheSizeLimit() throws Exception {
        // (n+1)^2 * 4 bytes against a 1 MB limit: 511 fits, 512 does not
        List<byte[][]> commands = new ArrayList<>();
        commands.add(cmd("SET", "a", "ab".repeat(255) + "a"));
        commands.add(cmd("SET", "b", "ba".repeat(255) + "b"));
        commands.add(cmd("LCS", "a", "b", "LEN"));
        commands.add(cmd("SET", "c", "ab".repeat(256)));
        commands.add(cmd("SET", "d", "ba".repeat(256)));
        commands.add(cmd("LCS", "c", "d", "LEN"));
        commands.add(cmd("LCS", "c", "d", "IDX"));
        commands.add(cmd("LCS", "c", "missing"));
        same(commands);
    }

    @Test
    void unknownAndArityErrors() throws Exception {
        same("""
                GETEX
                GETDEL
                GETSET k
                SETNX k
                SETEX k 1
                PSETEX k 1
                MGET
                MSETNX
                APPEND k
                STRLEN
                INCR
                DECR
                INCRBY k
                DECRBY k
                INCRBYFLOAT k
                GETRANGE k 0
                SUBSTR k
                SETRANGE k 0
                LCS k
                """);
    }
}
