package dev.cinnabar.zsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.Differential;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.ReferenceVersion;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.ScriptDifferential;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The sorted-set commands against a real redis-server, over RESP2 and RESP3: scripted edge cases, then seeded
 * random command sequences over a few keys with random options, bad arguments, WRONGTYPE, OBJECT ENCODING checks
 * and small encoding thresholds set with CONFIG SET so that conversions happen often. ZRANDMEMBER is compared by
 * shape; ZSCAN by the set of elements a full iteration returns. The reference may be Redis 7.0 (the packaged one) or
 * a 7.2 build (REDIS_SERVER): replies are compared byte for byte with a 7.2 reference, and doubles by value with 7.0,
 * which prints them with more digits (see {@link RespText}); the sequences use the behaviours where 7.0 and 7.2
 * differ (ZADD of more pairs than zset-max-listpack-entries, a limit of 0) only with a 7.2 reference. See
 * {@link ReferenceVersion} for the one place where early 7.2 releases differ from the final ones.
 */
class ZsetDifferentialTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    /** The reference's version, read when the first pair of connections opens. */
    private static ReferenceVersion reference;

    /** -Dzsets.trace=file writes every command with both replies there, for debugging a failing seed. */
    private static final java.io.PrintStream TRACE = traceStream();

    private static java.io.PrintStream traceStream() {
        String file = System.getProperty("zsets.trace");
        try {
            return file == null ? null : new java.io.PrintStream(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---- the runner ---------------------------------------------------------------------------------------------

    private static final class Pair implements AutoCloseable {
        final RespConnection c, r;
        /** The last commands sent, shown when a reply differs. */
        final java.util.ArrayDeque<String> history = new java.util.ArrayDeque<>();

        Pair(int protocol) throws IOException {
            c = cinnabar.connect();
            r = redis.connect();
            if (reference == null) reference = ReferenceVersion.of(r);
            for (RespConnection x : List.of(c, r)) {
                x.call("FLUSHALL");
                x.call("CONFIG", "SET", "zset-max-listpack-entries", "128");
                x.call("CONFIG", "SET", "zset-max-listpack-value", "64");
                x.call("HELLO", String.valueOf(protocol));
            }
        }

        /** Sends the command to both and compares the replies (canonical doubles); returns Cinnabar's reply. */
        String same(byte[][] cmd) throws IOException {
            String expected = r.call(cmd), actual = c.call(cmd);
            history.addLast(describe(cmd));
            if (TRACE != null) TRACE.println(describe(cmd) + "\n  R: " + Differential.printable(expected).replace("\n", " ") + "\n  C: " + Differential.printable(actual).replace("\n", " "));
            if (history.size() > 40) history.removeFirst();
            String name = new String(cmd[0], StandardCharsets.UTF_8).toLowerCase();
            if (name.equals("zrandmember")) {
                assertEquals(Differential.printable(RespText.shape(expected)), Differential.printable(RespText.shape(actual)),
                        "shape of the reply to " + describe(cmd));
                checkDistinct(cmd, actual);
            } else if (reference.is72()) {
                assertEquals(Differential.printable(expected), Differential.printable(actual), () -> context(cmd));
            } else {
                assertEquals(Differential.printable(RespText.canonical(expected)),
                        Differential.printable(RespText.canonical(actual)), () -> context(cmd));
            }
            return actual;
        }

        /**
         * A command whose reply Cinnabar must give whatever the reference: compared with the reference too, except
         * with a 7.2.0-7.2.4 one, whose ZRANGESTORE BYSCORE/BYLEX results differ in encoding (see ReferenceVersion).
         */
        void expect(byte[][] cmd, String reply) throws IOException {
            if (!reference.storesRangeByScoreOrLexAsSkipList()) {
                assertEquals(Differential.printable(reply), Differential.printable(same(cmd)));
                return;
            }
            r.call(cmd);
            history.addLast(describe(cmd));
            assertEquals(Differential.printable(reply), Differential.printable(c.call(cmd)), () -> context(cmd));
        }

        /**
         * A generated command. With a 7.2.0-7.2.4 reference a ZRANGESTORE BYSCORE/BYLEX stores into a scratch key
         * that is read back (members only) and deleted at once, so the reference's skip-list encoding of the
         * result (which also keeps -0 scores a listpack turns into 0) does not leak into later replies.
         */
        void sameGenerated(List<String> cmd) throws IOException {
            if (cmd.get(0).equals("ZSCANALL")) {
                sameScan(cmd.get(1), cmd.get(2), cmd.get(3));
            } else if (cmd.get(0).equals("ZRANGESTORE") && reference.storesRangeByScoreOrLexAsSkipList()
                    && (cmd.contains("BYSCORE") || cmd.contains("BYLEX"))) {
                List<String> scratch = new ArrayList<>(cmd);
                scratch.set(1, "scratch");
                same(bytes(scratch.toArray(String[]::new)));
                same(bytes("ZRANGE", "scratch", "0", "-1"));
                same(bytes("DEL", "scratch"));
            } else {
                same(bytes(cmd.toArray(String[]::new)));
            }
        }

        private String context(byte[][] cmd) {
            return "after\n  " + String.join("\n  ", history) + "\nreply to " + describe(cmd);
        }

        /** A whole ZSCAN iteration on each side; the elements seen must be the same sets. */
        void sameScan(String key, String... options) throws IOException {
            assertEquals(scanAll(r, key, options), scanAll(c, key, options), "ZSCAN " + key + " " + String.join(" ", options));
        }

        @Override
        public void close() throws IOException {
            c.close();
            r.close();
        }
    }

    /** A positive ZRANDMEMBER count gives distinct members. */
    private static void checkDistinct(byte[][] cmd, String reply) {
        if (cmd.length < 3 || reply.startsWith("-")) return;
        long count;
        try {
            count = Long.parseLong(new String(cmd[2], StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            return;
        }
        if (count <= 0) return;
        List<String> all = RespText.strings(reply);
        boolean withScores = cmd.length == 4;
        Set<String> members = new HashSet<>();
        for (int i = 0; i < all.size(); i += withScores ? 2 : 1) members.add(all.get(i));
        assertEquals(all.size() / (withScores ? 2 : 1), members.size(), "distinct members from " + describe(cmd));
    }

    private static Set<String> scanAll(RespConnection conn, String key, String... options) throws IOException {
        Set<String> seen = new TreeSet<>();
        String cursor = "0";
        int calls = 0;
        do {
            String[] cmd = new String[3 + options.length];
            cmd[0] = "ZSCAN";
            cmd[1] = key;
            cmd[2] = cursor;
            System.arraycopy(options, 0, cmd, 3, options.length);
            String reply = conn.call(cmd);
            if (reply.startsWith("-")) return Set.of(reply);
            List<String> strings = RespText.strings(reply);
            cursor = strings.get(0);
            for (int i = 1; i + 1 < strings.size(); i += 2) seen.add(strings.get(i) + "=" + strings.get(i + 1));
            assertTrue(++calls < 100_000, "ZSCAN does not end");
        } while (!cursor.equals("0"));
        return seen;
    }

    private static String describe(byte[][] cmd) {
        StringBuilder sb = new StringBuilder();
        for (byte[] arg : cmd) sb.append(sb.isEmpty() ? "" : " ").append(new String(arg, StandardCharsets.ISO_8859_1));
        return sb.toString();
    }

    /**
     * One command per line; words split on spaces; "" is an empty argument, \xHH a byte, \s a space. A line ending
     * in "=> text" must get the bulk string text from Cinnabar (see {@link Pair#expect}).
     */
    private static void script(String text) throws IOException {
        for (int protocol : new int[] {2, 3}) {
            try (Pair pair = new Pair(protocol)) {
                for (String line : text.split("\n")) {
                    String t = line.strip();
                    if (t.isEmpty() || t.startsWith("#")) continue;
                    int arrow = t.indexOf(" => ");
                    String[] words = (arrow < 0 ? t : t.substring(0, arrow)).split(" +");
                    byte[][] args = new byte[words.length][];
                    for (int i = 0; i < words.length; i++) args[i] = ScriptDifferential.unescape(words[i]);
                    if (arrow < 0) {
                        pair.same(args);
                    } else {
                        String answer = t.substring(arrow + 4);
                        pair.expect(args, "$" + answer.length() + "\r\n" + answer + "\r\n");
                    }
                }
            }
        }
    }

    // ---- scripted edge cases ------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"128", "0"})
    void zaddOptionsAndErrors(String entries) throws IOException {
        script("CONFIG SET zset-max-listpack-entries " + entries + """

                ZADD z 1 a
                ZADD z 1
                ZADD z
                ZADD z nx
                ZADD z nx xx 1 a
                ZADD z gt lt 1 a
                ZADD z gt nx 1 a
                ZADD z lt nx 1 a
                ZADD z incr 1 a 2 b
                ZADD z incr nx xx 1 a
                ZADD z abc a
                ZADD z 1 a abc b
                ZADD z nan a
                ZADD z 1e400 a
                ZADD z 1e-400 a
                ZADD z \\s1 a
                ZADD z 1\\s a
                ZADD z 1d a
                ZADD z 0x a
                ZADD z "" a
                ZADD z 0x10 hex 0x1p-2 hexfrac 1e-310 tiny 1e-300 small
                ZADD z -0 negzero +5 plus .5 half 5. five -.5e1 minusfive
                ZADD z inf i1 -INF i2 +infinity i3 1e300 big 123456789012345678 bigint 9007199254740993 odd
                ZRANGE z 0 -1 WITHSCORES
                ZADD z xx 10 a 20 newone
                ZADD z xx ch 10 a 11 a
                ZADD z ch 10 a 12 b
                ZADD z gt ch 5 a 50 b
                ZADD z lt ch 5 a 50 b
                ZADD z gt xx ch 100 a
                ZADD z nx ch 1 a 1 c
                ZADD z incr 5 a
                ZADD z incr nx 5 a
                ZADD z incr xx 5 nope
                ZADD z incr gt -1 a
                ZADD z incr lt -1 a
                ZADD z incr +inf x
                ZADD z incr -inf x
                ZINCRBY z -inf x
                ZINCRBY z 1 i1
                ZINCRBY z -inf i1
                ZSCORE z i1
                ZINCRBY z abc a
                ZINCRBY z nx a
                ZINCRBY z incr a
                ZINCRBY z 1e400 a
                ZINCRBY nokey 3 m
                ZADD nokey2 xx 1 a
                ZADD nokey2 xx incr 1 a
                EXISTS nokey2
                ZRANGE z 0 -1 WITHSCORES
                ZCARD z
                OBJECT ENCODING z
                SET s v
                ZADD s 1 a
                ZADD s abc a
                ZINCRBY s 1 a
                ZADD s xx nx 1 a
                """);
    }

    @ParameterizedTest
    @ValueSource(strings = {"128", "1"})
    void lookupsAndRemoval(String entries) throws IOException {
        script("CONFIG SET zset-max-listpack-entries " + entries + """

                ZADD z 1 a 2 b 3 c -0 zero 1 aa
                ZSCORE z a
                ZSCORE z zero
                ZSCORE z nope
                ZSCORE nokey a
                ZMSCORE z a nope b
                ZMSCORE nokey a b
                ZRANK z a
                ZRANK z nope
                ZREVRANK z a
                ZRANK nokey a
                ZCARD z
                ZCARD nokey
                ZREM z a nope a
                ZREM nokey a
                ZREM z b c zero aa more
                EXISTS z
                SET s v
                ZSCORE s a
                ZMSCORE s a
                ZRANK s a
                ZREVRANK s a
                ZCARD s
                ZREM s a
                ZADD z -0 negzero
                ZSCORE z negzero
                ZRANGE z 0 -1 WITHSCORES
                ZINCRBY z 0 negzero
                OBJECT ENCODING z
                """);
    }

    @ParameterizedTest
    @ValueSource(strings = {"128", "2"})
    void ranges(String entries) throws IOException {
        script("CONFIG SET zset-max-listpack-entries " + entries + """

                ZADD z 1 a 2 b 3 c 4 d 5 e 5 f 5 g -inf m +inf n 2.5 h
                ZRANGE z 0 -1
                ZRANGE z 0 -1 WITHSCORES
                ZRANGE z -3 -1 withscores
                ZRANGE z -100 100
                ZRANGE z 5 2
                ZRANGE z 20 30
                ZRANGE z 0 0 REV WITHSCORES
                ZRANGE z 1 3 rev
                ZRANGE z a b
                ZRANGE z 0 9223372036854775807
                ZRANGE z -9223372036854775808 -1
                ZRANGE z 0 -1 LIMIT 0 1
                ZRANGE z 0 -1 LIMIT 0 -1
                ZRANGE z 0 -1 LIMIT 0
                ZRANGE z 0 -1 BYSCORE
                ZRANGE z (1 5 BYSCORE
                ZRANGE z 1 (5 BYSCORE WITHSCORES
                ZRANGE z (1 (5 BYSCORE LIMIT 1 2
                ZRANGE z 5 1 BYSCORE REV
                ZRANGE z +inf -inf BYSCORE REV LIMIT 2 3 WITHSCORES
                ZRANGE z -inf +inf BYSCORE LIMIT -1 3
                ZRANGE z -inf +inf BYSCORE LIMIT 3 -1
                ZRANGE z -inf +inf BYSCORE LIMIT 3 0
                ZRANGE z -inf +inf BYSCORE LIMIT 100 1
                ZRANGE z -inf +inf BYSCORE LIMIT 9 10
                ZRANGE z -inf +inf BYSCORE LIMIT a 1
                ZRANGE z -inf +inf BYSCORE LIMIT 1 a
                ZRANGE z -inf +inf BYSCORE BYLEX
                ZRANGE z -inf +inf BYSCORE REV REV
                ZRANGE z [a [c BYLEX
                ZRANGE z [a [c BYLEX WITHSCORES
                ZRANGE z 1 2 WITHSCORES WITHSCORES
                ZRANGE z 1 2 FOO
                ZRANGE z abc 2 BYSCORE
                ZRANGE z 1 nan BYSCORE
                ZRANGE z ( 5 BYSCORE
                ZRANGE z "" 5 BYSCORE
                ZRANGE z \\s1 0x5 BYSCORE
                ZRANGE z 1\\x00junk 5 BYSCORE
                ZRANGE z 1e400 -1e400 BYSCORE REV
                ZRANGE z (-0 (5 BYSCORE
                ZRANGEBYSCORE z -inf +inf
                ZRANGEBYSCORE z -inf +inf WITHSCORES LIMIT 2 2
                ZRANGEBYSCORE z 2 4 REV
                ZRANGEBYSCORE z 2 4 BYSCORE
                ZREVRANGEBYSCORE z +inf -inf WITHSCORES
                ZREVRANGEBYSCORE z 4 2 LIMIT 1 1
                ZREVRANGEBYSCORE z 2 4
                ZREVRANGE z 0 2 WITHSCORES
                ZREVRANGE z 0 2 LIMIT 0 1
                ZREVRANGE z 0 2 REV
                ZCOUNT z -inf +inf
                ZCOUNT z (1 (5
                ZCOUNT z 5 5
                ZCOUNT z (5 5
                ZCOUNT z 6 1
                ZCOUNT z a 1
                ZCOUNT nokey 1 2
                ZCOUNT nokey a 2
                ZRANGE nokey 0 -1
                ZRANGE nokey a b
                ZRANGEBYSCORE nokey 0 1
                SET s v
                ZRANGE s 0 -1
                ZRANGE s a b
                ZRANGEBYSCORE s 0 1
                ZCOUNT s 0 1
                ZCOUNT s a 1
                """);
    }

    @ParameterizedTest
    @ValueSource(strings = {"128", "2"})
    void lexRanges(String entries) throws IOException {
        script("CONFIG SET zset-max-listpack-entries " + entries + """

                ZADD z 0 a 0 b 0 c 0 d 0 e 0 aa 0 ab 0 \\xff 0 "" 0 é
                ZRANGEBYLEX z - +
                ZRANGEBYLEX z [a [c
                ZRANGEBYLEX z (a (c
                ZRANGEBYLEX z [aa +
                ZRANGEBYLEX z - [aa LIMIT 1 2
                ZRANGEBYLEX z - + LIMIT 0 -1
                ZRANGEBYLEX z - + LIMIT -1 1
                ZRANGEBYLEX z - + LIMIT 20 1
                ZRANGEBYLEX z [c [a
                ZRANGEBYLEX z [a [a
                ZRANGEBYLEX z (a [a
                ZRANGEBYLEX z - -
                ZRANGEBYLEX z + +
                ZRANGEBYLEX z + -
                ZRANGEBYLEX z [ +
                ZRANGEBYLEX z ( +
                ZRANGEBYLEX z a +
                ZRANGEBYLEX z "" +
                ZRANGEBYLEX z +x +
                ZRANGEBYLEX z -\\x00 +\\x00
                ZRANGEBYLEX z [\\x00 +
                ZRANGEBYLEX z - + WITHSCORES
                ZREVRANGEBYLEX z + -
                ZREVRANGEBYLEX z [c [a
                ZREVRANGEBYLEX z + - LIMIT 2 3
                ZREVRANGEBYLEX z [a [c
                ZRANGE z + - BYLEX REV LIMIT 1 3
                ZRANGE z [b (e BYLEX
                ZLEXCOUNT z - +
                ZLEXCOUNT z [a (b
                ZLEXCOUNT z [b [a
                ZLEXCOUNT z a b
                ZLEXCOUNT nokey - +
                ZLEXCOUNT nokey a b
                ZRANGEBYLEX nokey - +
                ZREMRANGEBYLEX z [aa [ab
                ZREMRANGEBYLEX z (d +
                ZREMRANGEBYLEX z a b
                ZREMRANGEBYLEX nokey - +
                ZRANGE z 0 -1
                ZREMRANGEBYLEX z - +
                EXISTS z
                SET s v
                ZRANGEBYLEX s - +
                ZLEXCOUNT s - +
                ZREMRANGEBYLEX s - +
                ZREMRANGEBYLEX s a +
                """);
    }

    @ParameterizedTest
    @ValueSource(strings = {"128", "3"})
    void rangeRemovalAndStore(String entries) throws IOException {
        script("CONFIG SET zset-max-listpack-entries " + entries + """

                ZADD z 1 a 2 b 3 c 4 d 5 e 6 f 7 g
                ZREMRANGEBYRANK z 0 0
                ZREMRANGEBYRANK z -1 -1
                ZREMRANGEBYRANK z 10 20
                ZREMRANGEBYRANK z 3 1
                ZREMRANGEBYRANK z a 1
                ZREMRANGEBYRANK nokey 0 1
                ZRANGE z 0 -1
                ZREMRANGEBYSCORE z (2 4
                ZREMRANGEBYSCORE z 10 20
                ZREMRANGEBYSCORE z a 1
                ZREMRANGEBYSCORE nokey a 1
                ZRANGE z 0 -1 WITHSCORES
                ZREMRANGEBYSCORE z -inf +inf
                EXISTS z
                ZADD src 1 a 2 b 3 c 4 d 5 e
                ZRANGESTORE dst src 0 -1
                OBJECT ENCODING dst
                ZRANGE dst 0 -1 WITHSCORES
                ZRANGESTORE dst src 1 3 REV
                ZRANGE dst 0 -1 WITHSCORES
                ZRANGESTORE dst src (1 +inf BYSCORE LIMIT 1 2
                ZRANGE dst 0 -1 WITHSCORES
                # listpack from Redis 7.2.5 on (skiplist in 7.2.0-7.2.4, see ReferenceVersion)
                OBJECT ENCODING dst => listpack
                ZRANGESTORE dst src [b [d BYLEX
                OBJECT ENCODING dst => listpack
                ZRANGE dst 0 -1 WITHSCORES
                ZRANGESTORE dst src 5 1 BYSCORE REV
                ZRANGE dst 0 -1 WITHSCORES
                ZRANGESTORE dst src 0 -1 WITHSCORES
                ZRANGESTORE dst src 0 -1 LIMIT 0 1
                ZRANGESTORE dst src a b
                ZRANGESTORE dst src 10 20
                EXISTS dst
                SET dst v
                ZRANGESTORE dst nokey 0 -1
                EXISTS dst
                SET dst v
                EXPIRE dst 100
                ZRANGESTORE dst src 0 0
                TTL dst
                TYPE dst
                ZRANGESTORE src src 1 2
                ZRANGE src 0 -1 WITHSCORES
                SET s v
                ZRANGESTORE dst s 0 -1
                ZRANGESTORE s src 0 -1
                TYPE s
                """);
    }

    @ParameterizedTest
    @CsvSource({"128,64", "2,64", "128,1"})
    void setOperations(String entries, String value) throws IOException {
        script("CONFIG SET zset-max-listpack-entries " + entries + "\nCONFIG SET zset-max-listpack-value " + value + """

                ZADD a 1 x 2 y 3 z +inf w
                ZADD b 10 y 20 z 30 v -inf w
                ZADD c 5 z
                ZUNION 2 a b
                ZUNION 2 a b WITHSCORES
                ZUNION 3 a b c WITHSCORES AGGREGATE MAX
                ZUNION 3 a b c WITHSCORES AGGREGATE min WEIGHTS 1 -1 0
                ZUNION 2 a b WEIGHTS 2 inf WITHSCORES
                ZUNION 2 a b WEIGHTS 0 0 WITHSCORES
                ZUNION 2 a nokey WITHSCORES
                ZUNION 1 nokey
                ZUNION 0 a
                ZUNION -1 a
                ZUNION a a
                ZUNION 3 a b
                ZUNION 2 a b WEIGHTS 1
                ZUNION 2 a b WEIGHTS 1 x
                ZUNION 2 a b AGGREGATE avg
                ZUNION 2 a b AGGREGATE
                ZUNION 2 a b LIMIT 1
                ZUNION 2 a b WITHSCORES WITHSCORES
                ZUNION 2 a b foo
                ZINTER 2 a b WITHSCORES
                ZINTER 3 a b c WITHSCORES
                ZINTER 2 a a WITHSCORES
                ZINTER 2 a a WEIGHTS 1 2 WITHSCORES AGGREGATE sum
                ZINTER 2 a nokey
                ZINTER 2 a b WEIGHTS 1 -1 WITHSCORES
                ZDIFF 2 a b WITHSCORES
                ZDIFF 2 b a WITHSCORES
                ZDIFF 1 a WITHSCORES
                ZDIFF 2 a a
                ZDIFF 2 nokey a
                ZDIFF 2 a b WEIGHTS 1 1
                ZDIFF 2 a b AGGREGATE SUM
                ZINTERCARD 2 a b
                ZINTERCARD 2 a b LIMIT 1
                ZINTERCARD 2 a b LIMIT 0
                ZINTERCARD 2 a b LIMIT -1
                ZINTERCARD 2 a b LIMIT x
                ZINTERCARD 2 a b WITHSCORES
                ZINTERCARD 0 a
                ZINTERCARD 3 a b
                ZUNIONSTORE d 2 a b
                ZRANGE d 0 -1 WITHSCORES
                OBJECT ENCODING d
                ZUNIONSTORE d 2 a b WITHSCORES
                ZINTERSTORE d 2 a b AGGREGATE MAX
                ZRANGE d 0 -1 WITHSCORES
                OBJECT ENCODING d
                ZDIFFSTORE d 2 a b
                ZRANGE d 0 -1 WITHSCORES
                ZDIFFSTORE d 2 a a
                EXISTS d
                ZUNIONSTORE d 1 nokey
                ZADD long 1 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
                ZUNIONSTORE d 2 a long
                OBJECT ENCODING d
                ZDIFFSTORE d 2 long a
                OBJECT ENCODING d
                ZUNIONSTORE a 2 a b
                ZRANGE a 0 -1 WITHSCORES
                SET s v
                ZUNION 2 a s
                ZUNIONSTORE d 2 s a
                ZINTER 2 a s
                ZDIFF 2 s a
                ZINTERCARD 2 a s
                ZUNION 2 s a foo
                ZUNIONSTORE s 1 a
                TYPE s
                """);
    }

    @ParameterizedTest
    @ValueSource(strings = {"128", "2"})
    void pops(String entries) throws IOException {
        script("CONFIG SET zset-max-listpack-entries " + entries + """

                ZADD z 1 a 2 b 3 c 4 d 5 e
                ZPOPMIN z
                ZPOPMAX z
                ZPOPMIN z 2
                ZPOPMAX z 0
                ZPOPMIN z -1
                ZPOPMIN z a
                ZPOPMIN z 1 2
                ZPOPMAX z 10
                EXISTS z
                ZPOPMIN nokey
                ZPOPMIN nokey 2
                ZADD z 1 a 2 b 3 c
                ZMPOP 1 z MIN
                ZMPOP 2 nokey z MAX COUNT 5
                ZMPOP 1 z MIN
                ZMPOP 2 nokey z MIN
                ZMPOP 0 z MIN
                ZMPOP -1 z MIN
                ZMPOP a z MIN
                ZMPOP 2 z MIN
                ZMPOP 1 z MID
                ZMPOP 1 z MIN COUNT
                ZMPOP 1 z MIN COUNT 0
                ZMPOP 1 z MIN COUNT -1
                ZMPOP 1 z MIN COUNT a
                ZMPOP 1 z MIN COUNT 1 COUNT 1
                ZMPOP 1 z MIN foo
                ZMPOP 9223372036854775807 z MIN
                ZMPOP 4 z MIN
                ZUNION 9223372036854775807 z
                SET s v
                ZPOPMIN s
                ZPOPMAX s 2
                ZMPOP 2 nokey s MIN
                ZADD z 1 a
                ZMPOP 2 s z MIN
                ZMPOP 2 z s MIN
                """);
    }

    @ParameterizedTest
    @ValueSource(strings = {"128", "2"})
    void randomMemberShapesAndScan(String entries) throws IOException {
        script("CONFIG SET zset-max-listpack-entries " + entries + """

                ZADD z 1 a 2 b 3 c 4 d 5 e
                ZRANDMEMBER z
                ZRANDMEMBER z 0
                ZRANDMEMBER z 1
                ZRANDMEMBER z 3
                ZRANDMEMBER z 3 WITHSCORES
                ZRANDMEMBER z 5 WITHSCORES
                ZRANDMEMBER z 10 withscores
                ZRANDMEMBER z -3
                ZRANDMEMBER z -10 WITHSCORES
                ZRANDMEMBER z 1 foo
                ZRANDMEMBER z 1 WITHSCORES foo
                ZRANDMEMBER z a
                ZRANDMEMBER z -9223372036854775808
                ZRANDMEMBER z 9223372036854775807 WITHSCORES
                ZRANDMEMBER z -4611686018427387904 WITHSCORES
                ZRANDMEMBER z 4611686018427387904 WITHSCORES
                ZRANDMEMBER nokey
                ZRANDMEMBER nokey 5
                ZRANDMEMBER nokey 5 WITHSCORES
                SET s v
                ZRANDMEMBER s
                ZRANDMEMBER s 0
                ZRANDMEMBER s 3
                ZSCAN z abc
                ZSCAN nokey 0
                ZSCAN nokey abc
                ZSCAN nokey 0 COUNT 0
                ZSCAN s 0
                ZSCAN s 0 COUNT 0
                ZSCAN z 0 COUNT 0
                ZSCAN z 0 MATCH
                ZSCAN z 0 TYPE zset
                """);
        for (int protocol : new int[] {2, 3}) {
            try (Pair pair = new Pair(protocol)) {
                for (RespConnection x : List.of(pair.c, pair.r)) {
                    x.call("CONFIG", "SET", "zset-max-listpack-entries", entries);
                    for (int i = 0; i < 300; i++) x.call("ZADD", "z", String.valueOf(i * 0.5), "m" + i);
                }
                pair.same(bytes("OBJECT", "ENCODING", "z"));
                pair.sameScan("z");
                pair.sameScan("z", "COUNT", "3");
                pair.sameScan("z", "MATCH", "m1*");
                pair.sameScan("z", "MATCH", "*5", "COUNT", "1000");
            }
        }
    }

    // ---- random sequences ---------------------------------------------------------------------------------------

    private static final String[] KEYS = {"z1", "z2", "z3"};
    private static final String[] LEX_KEYS = {"l1", "l2"};
    private static final String[] SCORES = {"0", "-0", "1", "-1", "2", "2.5", "0.25", "-3.75", "10", "1e-300", "1e300",
            "+inf", "-inf", "inf", "123456789012345678", "0x10", "1.5e2", "7", "3", "4", "5"};
    private static final String[] BAD_SCORES = {"nan", "abc", "", " 1", "1e400", "(1"};
    private static final String[] BOUNDS = {"-inf", "+inf", "0", "1", "(1", "2.5", "(2.5", "-0", "(0", "10", "(10",
            "1e300", "-1", "(-1", "(", "5", "3", "37.5", "(60", "99.75"};
    private static final String[] BAD_BOUNDS = {"abc", "nan", "[1", "((1"};
    private static final String[] LEX_BOUNDS = {"-", "+", "[a", "(a", "[b", "(b", "[m", "(m", "[ab", "(zz", "[", "(",
            "[m1", "(m25", "[m999", "(m5"};
    private static final String[] BAD_LEX = {"a", "", "+a", "-x"};
    private static final String[] INDEXES = {"0", "1", "2", "-1", "-2", "-5", "5", "100", "-100", "9223372036854775807",
            "500", "-700", "1200"};
    private static final String[] MEMBERS;

    static {
        List<String> m = new ArrayList<>();
        for (char ch = 'a'; ch <= 'l'; ch++) m.add(String.valueOf(ch));
        m.addAll(List.of("ab", "abc", "b1", "1", "-5", "10", "\u00e9t\u00e9", "x".repeat(70), "y".repeat(5)));
        MEMBERS = m.toArray(String[]::new);
    }

    private static final class Generator {
        final Random rnd;
        final String[] members;
        long maxEntries = 128;

        Generator(long seed) {
            this(seed, MEMBERS);
        }

        Generator(long seed, String[] members) {
            this.rnd = new Random(seed);
            this.members = members;
        }

        String pick(String... options) {
            return options[rnd.nextInt(options.length)];
        }

        boolean chance(int percent) {
            return rnd.nextInt(100) < percent;
        }

        String key() {
            int r = rnd.nextInt(100);
            if (r < 3) return "str";
            if (r < 6) return "nokey";
            return pick(KEYS);
        }

        String score() {
            return chance(3) ? pick(BAD_SCORES) : pick(SCORES);
        }

        String bound() {
            return chance(4) ? pick(BAD_BOUNDS) : pick(BOUNDS);
        }

        String lexBound() {
            return chance(4) ? pick(BAD_LEX) : pick(LEX_BOUNDS);
        }

        String index() {
            return chance(3) ? "x" : pick(INDEXES);
        }

        /** With a 7.0 reference, pairs kept within the listpack limit: beyond it 7.2 converts early, 7.0 does not. */
        int pairs() {
            return 1 + rnd.nextInt((int) (reference.is72() ? 6 : Math.max(1, Math.min(6, maxEntries))));
        }

        List<String> limit(List<String> cmd) {
            if (chance(40)) {
                cmd.add("LIMIT");
                cmd.add(pick("0", "1", "2", "-1", "5", "x", "300"));
                cmd.add(pick("0", "1", "3", "-1", "10", "50"));
            }
            return cmd;
        }

        List<String> next() {
            int op = rnd.nextInt(46);
            List<String> c = new ArrayList<>();
            switch (op) {
                case 0, 1, 2, 3 -> {
                    c.add("ZADD");
                    c.add(key());
                    if (chance(15)) c.add("NX");
                    if (chance(15)) c.add("XX");
                    if (chance(10)) c.add("GT");
                    if (chance(10)) c.add("LT");
                    if (chance(15)) c.add("CH");
                    boolean incr = chance(10);
                    if (incr) c.add("INCR");
                    int n = incr && chance(80) ? 1 : pairs();
                    for (int i = 0; i < n; i++) {
                        c.add(score());
                        c.add(pick(members));
                    }
                    if (chance(2)) c.remove(c.size() - 1);
                }
                case 4 -> {
                    c.add("ZADD");
                    c.add(pick(LEX_KEYS));
                    if (chance(20)) c.add(pick("NX", "XX", "CH"));
                    int n = pairs();
                    for (int i = 0; i < n; i++) {
                        c.add(pick("0", "-0"));
                        c.add(pick(members));
                    }
                }
                case 5 -> c.addAll(List.of("ZINCRBY", key(), score(), pick(members)));
                case 6 -> {
                    c.addAll(List.of("ZREM", chance(20) ? pick(LEX_KEYS) : key()));
                    for (int i = rnd.nextInt(3); i >= 0; i--) c.add(pick(members));
                }
                case 7 -> c.addAll(List.of("ZSCORE", key(), pick(members)));
                case 8 -> {
                    c.addAll(List.of("ZMSCORE", key()));
                    for (int i = rnd.nextInt(3); i >= 0; i--) c.add(pick(members));
                }
                case 9 -> c.addAll(List.of("ZCARD", key()));
                case 10 -> c.addAll(List.of(pick("ZRANK", "ZREVRANK"), key(), pick(members)));
                case 11 -> c.addAll(List.of("ZCOUNT", key(), bound(), bound()));
                case 12 -> c.addAll(List.of("ZLEXCOUNT", pick(LEX_KEYS), lexBound(), lexBound()));
                case 13, 14, 15 -> {
                    c.addAll(List.of("ZRANGE", key()));
                    int kind = rnd.nextInt(3);
                    if (kind == 0) {
                        c.add(index());
                        c.add(index());
                    } else {
                        c.add(bound());
                        c.add(bound());
                        c.add("BYSCORE");
                    }
                    if (kind == 0 && chance(10)) c.add("BYSCORE");
                    if (chance(30)) c.add("REV");
                    if (chance(50)) c.add("WITHSCORES");
                    if (kind > 0 || chance(5)) limit(c);
                    if (chance(3)) c.add("BOGUS");
                }
                case 16 -> {
                    c.addAll(List.of("ZRANGE", pick(LEX_KEYS), lexBound(), lexBound(), "BYLEX"));
                    if (chance(30)) c.add("REV");
                    if (chance(5)) c.add("WITHSCORES");
                    limit(c);
                }
                case 17 -> c.addAll(limit(new ArrayList<>(List.of("ZRANGEBYSCORE", key(), bound(), bound(), "WITHSCORES"))));
                case 18 -> c.addAll(limit(new ArrayList<>(List.of("ZREVRANGEBYSCORE", key(), bound(), bound()))));
                case 19 -> c.addAll(limit(new ArrayList<>(List.of(pick("ZRANGEBYLEX", "ZREVRANGEBYLEX"), pick(LEX_KEYS),
                        lexBound(), lexBound()))));
                case 20 -> {
                    c.addAll(List.of("ZREVRANGE", key(), index(), index()));
                    if (chance(50)) c.add("WITHSCORES");
                }
                case 21 -> {
                    boolean lex = chance(30);
                    c.addAll(List.of("ZRANGESTORE", lex ? pick(LEX_KEYS) : pick(KEYS), lex ? pick(LEX_KEYS) : key()));
                    int kind = lex ? 2 : rnd.nextInt(2);
                    if (kind == 0) {
                        c.add(index());
                        c.add(index());
                    } else if (kind == 1) {
                        c.add(bound());
                        c.add(bound());
                        c.add("BYSCORE");
                    } else {
                        c.add(lexBound());
                        c.add(lexBound());
                        c.add("BYLEX");
                    }
                    if (chance(30)) c.add("REV");
                    if (kind > 0) limit(c);
                }
                case 22 -> c.addAll(List.of("ZREMRANGEBYRANK", chance(20) ? pick(LEX_KEYS) : key(), index(), index()));
                case 23 -> c.addAll(List.of("ZREMRANGEBYSCORE", key(), bound(), bound()));
                case 24 -> c.addAll(List.of("ZREMRANGEBYLEX", pick(LEX_KEYS), lexBound(), lexBound()));
                case 25, 26 -> {
                    c.add(pick("ZPOPMIN", "ZPOPMAX"));
                    c.add(chance(20) ? pick(LEX_KEYS) : key());
                    if (chance(60)) c.add(pick("0", "1", "2", "5", "-1", "x"));
                }
                case 27 -> {
                    c.add("ZMPOP");
                    int n = 1 + rnd.nextInt(3);
                    c.add(chance(5) ? pick("0", "-1", "x") : String.valueOf(n));
                    for (int i = 0; i < n; i++) c.add(key());
                    c.add(chance(5) ? "MID" : pick("MIN", "MAX"));
                    if (chance(50)) {
                        c.add("COUNT");
                        c.add(pick("1", "2", "10", "0", "x"));
                    }
                }
                case 28, 29, 30, 31 -> setOperation(c);
                case 32 -> {
                    c.add("ZRANDMEMBER");
                    c.add(key());
                    if (chance(80)) {
                        c.add(pick("0", "1", "2", "3", "20", "-2", "-20", "x"));
                        if (chance(50)) c.add("WITHSCORES");
                    }
                }
                case 33, 34 -> c.addAll(List.of("OBJECT", "ENCODING", chance(30) ? pick(LEX_KEYS) : pick(KEYS)));
                case 35 -> c.addAll(List.of("TYPE", key()));
                case 36 -> {
                    // 0 only with a 7.2 reference: from 7.2 any ZADD to a listpack converts it when the limit is 0
                    // (7.0 waits for a new member).
                    maxEntries = Long.parseLong(reference.is72() ? pick("0", "1", "2", "3", "5", "128")
                            : pick("1", "2", "3", "5", "128"));
                    c.addAll(List.of("CONFIG", "SET", "zset-max-listpack-entries", String.valueOf(maxEntries)));
                }
                case 37 -> c.addAll(List.of("CONFIG", "SET", "zset-max-listpack-value", pick("0", "1", "3", "64")));
                case 38 -> {
                    if (chance(50)) c.addAll(List.of("ZSCAN", key(), pick("x", "0"), "COUNT", "0"));
                    else c.addAll(List.of("ZSCANALL", key(), "COUNT", pick("1", "5")));
                }
                case 39 -> c.addAll(List.of("DEL", pick(KEYS)));
                case 40, 41, 42, 43 -> {
                    c.addAll(List.of("ZRANGE", chance(30) ? pick(LEX_KEYS) : pick(KEYS), "0", "-1", "WITHSCORES"));
                }
                default -> {
                    c.addAll(List.of("ZRANGE", pick(LEX_KEYS), "-", "+", "BYLEX"));
                }
            }
            return c;
        }

        void setOperation(List<String> c) {
            int kind = rnd.nextInt(7);
            String[] names = {"ZUNION", "ZINTER", "ZDIFF", "ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE", "ZINTERCARD"};
            c.add(names[kind]);
            if (kind >= 3 && kind <= 5) c.add(pick(KEYS));
            int n = 1 + rnd.nextInt(3);
            c.add(chance(4) ? pick("0", "x", "9") : String.valueOf(n));
            for (int i = 0; i < n; i++) c.add(chance(20) ? pick(LEX_KEYS) : key());
            boolean diff = kind == 2 || kind == 5;
            if (!diff && kind != 6 && chance(40)) {
                c.add("WEIGHTS");
                for (int i = 0; i < n; i++) c.add(chance(3) ? "x" : pick("1", "2", "-1", "0", "0.5", "inf"));
            }
            if (!diff && kind != 6 && chance(40)) {
                c.add("AGGREGATE");
                c.add(pick("SUM", "MIN", "MAX", "sum", "avg"));
            }
            if (kind < 3 && chance(50)) c.add("WITHSCORES");
            if (kind == 6 && chance(50)) {
                c.add("LIMIT");
                c.add(pick("0", "1", "2", "-1", "x"));
            }
        }
    }

    private static byte[][] bytes(String... words) {
        byte[][] args = new byte[words.length][];
        for (int i = 0; i < words.length; i++) args[i] = words[i].getBytes(StandardCharsets.UTF_8);
        return args;
    }

    /** Six seeds by default; -Dzsets.seeds=N runs more (each alternately in RESP2 and RESP3). */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> seeds() {
        int n = Integer.getInteger("zsets.seeds", 6);
        return java.util.stream.IntStream.rangeClosed(1, n)
                .mapToObj(i -> org.junit.jupiter.params.provider.Arguments.of((long) i, i % 2 == 0 ? 3 : 2));
    }

    /**
     * Sets of thousands of members (skip lists, with ranks, ranges and offsets far from the ends), loaded with
     * random dyadic scores, then random commands over members of those sets.
     */
    /** Two seeds by default; -Dzsets.largeSeeds=N runs more. */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> largeSeeds() {
        int n = Integer.getInteger("zsets.largeSeeds", 2);
        return java.util.stream.IntStream.rangeClosed(1, n)
                .mapToObj(i -> org.junit.jupiter.params.provider.Arguments.of(1000L + i, i % 2 == 0 ? 3 : 2));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("largeSeeds")
    void largeSets(long seed, int protocol) throws IOException {
        String[] pool = new String[3000];
        for (int i = 0; i < pool.length; i++) pool[i] = "m" + i;
        Random rnd = new Random(seed);
        try (Pair pair = new Pair(protocol)) {
            for (RespConnection x : List.of(pair.c, pair.r)) {
                java.io.ByteArrayOutputStream batch = new java.io.ByteArrayOutputStream();
                Random load = new Random(seed);
                for (int i = 0; i < 2500; i++) {
                    String score = String.valueOf(load.nextInt(400) / 4.0);
                    batch.writeBytes(RespConnection.encode("ZADD", KEYS[i % 3], score, pool[load.nextInt(pool.length)]));
                    batch.writeBytes(RespConnection.encode("ZADD", LEX_KEYS[i % 2], "0", pool[load.nextInt(pool.length)]));
                }
                x.sendRaw(batch.toByteArray());
                for (int i = 0; i < 5000; i++) x.readReply();
            }
            pair.same(bytes("SET", "str", "v"));
            for (String key : KEYS) pair.same(bytes("OBJECT", "ENCODING", key));
            Generator gen = new Generator(rnd.nextLong(), pool);
            for (int i = 0; i < 1500; i++) {
                List<String> cmd = gen.next();
                if (cmd.get(0).equals("CONFIG")) continue;
                pair.sameGenerated(cmd);
            }
            for (String key : KEYS) pair.same(bytes("ZRANGE", key, "0", "-1", "WITHSCORES"));
            for (String key : LEX_KEYS) pair.same(bytes("ZRANGE", key, "0", "-1"));
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("seeds")
    void randomSequences(long seed, int protocol) throws IOException {
        Generator gen = new Generator(seed);
        try (Pair pair = new Pair(protocol)) {
            pair.same(bytes("SET", "str", "v"));
            for (int i = 0; i < 1500; i++) {
                pair.sameGenerated(gen.next());
                if (i % 100 == 99) {
                    pair.same(bytes("SET", "str", "v"));
                    for (String key : KEYS) pair.sameScan(key);
                }
            }
            for (String key : KEYS) pair.same(bytes("ZRANGE", key, "0", "-1", "WITHSCORES"));
        }
    }
}
