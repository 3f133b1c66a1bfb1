package dev.cinnabar.zsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.keyspace.Database;
import dev.cinnabar.protocol.Reply;
import dev.cinnabar.server.Server;
import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RespConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Sorted sets over raw RESP against an in-process server, for what the differential test cannot compare with the
 * 7.0 reference server: Redis 7.2's behaviour (ZRANK WITHSCORE, its double printing, its encoding conversions), the
 * contents of random replies, large sets, plain sets as inputs, and the serving half of the blocking pops.
 */
class ZsetIntegrationTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();

    private RespConnection c;

    @BeforeEach
    void open() throws IOException {
        c = cinnabar.connect();
        c.call("FLUSHALL");
        c.call("CONFIG", "SET", "zset-max-listpack-entries", "128");
        c.call("CONFIG", "SET", "zset-max-listpack-value", "64");
    }

    @AfterEach
    void close() throws IOException {
        c.close();
    }

    private String encoding(String key) throws IOException {
        return c.call("OBJECT", "ENCODING", key);
    }

    private static String bulk(String s) {
        return "$" + s.length() + "\r\n" + s + "\r\n";
    }

    private <T> T underLock(Function<Database, T> action) {
        Server server = cinnabar.server().server();
        server.executionLock().lock();
        try {
            return action.apply(server.keyspace().db(0));
        } finally {
            server.executionLock().unlock();
        }
    }

    // ---- Redis 7.2 behaviour ------------------------------------------------------------------------------------

    @Test
    void rankWithScore() throws IOException {
        c.call("ZADD", "z", "1.5", "a", "2", "b", "3", "c");
        assertEquals(":1\r\n", c.call("ZRANK", "z", "b"));
        assertEquals("*2\r\n:1\r\n$1\r\n2\r\n", c.call("ZRANK", "z", "b", "WITHSCORE"));
        assertEquals("*2\r\n:2\r\n$3\r\n1.5\r\n", c.call("ZREVRANK", "z", "a", "withscore"));
        assertEquals("*-1\r\n", c.call("ZRANK", "z", "nope", "WITHSCORE"));
        assertEquals("*-1\r\n", c.call("ZRANK", "nokey", "a", "WITHSCORE"));
        assertEquals("$-1\r\n", c.call("ZRANK", "nokey", "a"));
        assertEquals("-ERR syntax error\r\n", c.call("ZRANK", "z", "a", "WITHSCORES"));
        assertEquals("-ERR wrong number of arguments for 'zrank' command\r\n", c.call("ZRANK", "z", "a", "WITHSCORE", "x"));
        assertEquals("-ERR wrong number of arguments for 'zrevrank' command\r\n", c.call("ZREVRANK", "z"));
        c.call("HELLO", "3");
        assertEquals("*2\r\n:1\r\n,2\r\n", c.call("ZRANK", "z", "b", "WITHSCORE"));
        assertEquals("_\r\n", c.call("ZRANK", "z", "nope", "WITHSCORE"));
        assertEquals("_\r\n", c.call("ZREVRANK", "z", "nope"));
    }

    @Test
    void scoresPrintAsRedis72PrintsThem() throws IOException {
        c.call("ZADD", "z", "1.1", "a", "1e20", "b", "0.1", "c", "-inf", "d", "1e-300", "e", "-0", "f");
        assertEquals(bulk("1.1"), c.call("ZSCORE", "z", "a"));
        assertEquals(bulk("1e+20"), c.call("ZSCORE", "z", "b"));
        assertEquals(bulk("0.30000000000000004"), c.call("ZINCRBY", "z", "0.2", "c"));
        assertEquals(bulk("-inf"), c.call("ZSCORE", "z", "d"));
        assertEquals(bulk("1e-300"), c.call("ZSCORE", "z", "e"));
        assertEquals(bulk("0"), c.call("ZSCORE", "z", "f"));      // a listpack keeps -0 as 0
        c.call("HELLO", "3");
        assertEquals(",1.1\r\n", c.call("ZSCORE", "z", "a"));
        assertEquals(",-inf\r\n", c.call("ZSCORE", "z", "d"));
        assertEquals("*2\r\n,1.1\r\n_\r\n", c.call("ZMSCORE", "z", "a", "nope"));
        assertEquals("*1\r\n*2\r\n$1\r\nd\r\n,-inf\r\n", c.call("ZRANGE", "z", "0", "0", "WITHSCORES"));
        // ZSCAN replies with strings even in RESP3
        assertTrue(c.call("ZSCAN", "z", "0").contains("$1\r\na\r\n$3\r\n1.1\r\n"));
    }

    @Test
    void negativeZeroSurvivesInASkipListOnly() throws IOException {
        c.call("CONFIG", "SET", "zset-max-listpack-entries", "0");
        c.call("ZADD", "z", "-0", "a");
        assertEquals("\"skiplist\"", unquote(encoding("z")));
        assertEquals(bulk("-0"), c.call("ZSCORE", "z", "a"));
        assertEquals(bulk("0"), c.call("ZINCRBY", "z", "0", "a"));   // -0 + 0 is 0, which equals -0: no update
        assertEquals(bulk("-0"), c.call("ZSCORE", "z", "a"));
    }

    private static String unquote(String bulkReply) {
        String body = bulkReply.substring(bulkReply.indexOf("\r\n") + 2).trim();
        return "\"" + body + "\"";
    }

    @Test
    void zaddConvertsAsRedis72() throws IOException {
        // a new key sized by the number of pairs, even when they repeat one member
        List<String> cmd = new ArrayList<>(List.of("ZADD", "dup"));
        for (int i = 0; i < 129; i++) cmd.addAll(List.of("1", "same"));
        assertEquals(":1\r\n", c.call(cmd.toArray(String[]::new)));
        assertEquals("$8\r\nskiplist\r\n", encoding("dup"));
        // an existing listpack is converted by a write of more pairs than the limit, before any is added
        c.call("ZADD", "lp", "1", "same");
        assertEquals("$8\r\nlistpack\r\n", encoding("lp"));
        cmd.set(1, "lp");
        assertEquals(":0\r\n", c.call(cmd.toArray(String[]::new)));
        assertEquals("$8\r\nskiplist\r\n", encoding("lp"));
        // with a limit of 0 any write converts, even one that changes nothing
        c.call("ZADD", "small", "1", "a");
        c.call("CONFIG", "SET", "zset-max-listpack-entries", "0");
        assertEquals("$8\r\nlistpack\r\n", encoding("small"));
        assertEquals(":0\r\n", c.call("ZADD", "small", "XX", "1", "a"));
        assertEquals("$8\r\nskiplist\r\n", encoding("small"));
        // the first member's length decides a new key's encoding
        c.call("CONFIG", "SET", "zset-max-listpack-entries", "128");
        c.call("ZADD", "long", "1", "x".repeat(65));
        assertEquals("$8\r\nskiplist\r\n", encoding("long"));
    }

    @Test
    void thresholdsAreExactAndReadAtEachWrite() throws IOException {
        for (int i = 0; i < 128; i++) c.call("ZADD", "z", String.valueOf(i), "m" + i);
        assertEquals("$8\r\nlistpack\r\n", encoding("z"));
        c.call("ZADD", "z", "1000", "m128");
        assertEquals("$8\r\nskiplist\r\n", encoding("z"));
        c.call("ZREMRANGEBYRANK", "z", "0", "-3");
        assertEquals("$8\r\nskiplist\r\n", encoding("z"));        // never back by removal
        c.call("ZADD", "v", "1", "x".repeat(64));
        assertEquals("$8\r\nlistpack\r\n", encoding("v"));
        c.call("ZADD", "v", "1", "y".repeat(65));
        assertEquals("$8\r\nskiplist\r\n", encoding("v"));
        c.call("CONFIG", "SET", "zset-max-ziplist-entries", "2");   // the old name
        c.call("ZADD", "w", "1", "a", "2", "b");
        assertEquals("$8\r\nlistpack\r\n", encoding("w"));
        c.call("ZADD", "w", "3", "c");
        assertEquals("$8\r\nskiplist\r\n", encoding("w"));
        assertEquals("+zset\r\n", c.call("TYPE", "w"));
    }

    @Test
    void storedResultsComeBackToListpackWhenSmall() throws IOException {
        for (int i = 0; i < 200; i++) c.call("ZADD", "big", String.valueOf(i), "m" + i);
        assertEquals("$8\r\nskiplist\r\n", encoding("big"));
        c.call("ZRANGESTORE", "r", "big", "0", "9");
        assertEquals("$8\r\nlistpack\r\n", encoding("r"));
        c.call("ZRANGESTORE", "r", "big", "0", "+inf", "BYSCORE", "LIMIT", "0", "10");
        assertEquals("$8\r\nlistpack\r\n", encoding("r"));
        c.call("ZRANGESTORE", "r", "big", "0", "+inf", "BYSCORE");
        assertEquals("$8\r\nskiplist\r\n", encoding("r"));
        c.call("ZADD", "few", "1", "m1", "2", "m2");
        assertEquals(":2\r\n", c.call("ZINTERSTORE", "i", "2", "big", "few"));
        assertEquals("$8\r\nlistpack\r\n", encoding("i"));
        assertEquals(":200\r\n", c.call("ZUNIONSTORE", "u", "2", "big", "few"));
        assertEquals("$8\r\nskiplist\r\n", encoding("u"));
        assertEquals(":198\r\n", c.call("ZDIFFSTORE", "d", "2", "big", "few"));
        c.call("ZREMRANGEBYRANK", "big", "3", "-1");
        assertEquals(":3\r\n", c.call("ZUNIONSTORE", "u", "1", "big"));
        assertEquals("$8\r\nlistpack\r\n", encoding("u"));
    }

    @Test
    void incrementToNaNIsRefused() throws IOException {
        c.call("ZADD", "z", "+inf", "a");
        assertEquals("-ERR resulting score is not a number (NaN)\r\n", c.call("ZINCRBY", "z", "-inf", "a"));
        assertEquals("-ERR resulting score is not a number (NaN)\r\n", c.call("ZADD", "z", "INCR", "-inf", "a"));
        assertEquals(bulk("inf"), c.call("ZSCORE", "z", "a"));
        assertEquals("-ERR value is not a valid float\r\n", c.call("ZADD", "z", "nan", "a"));
    }

    // ---- large sets ---------------------------------------------------------------------------------------------

    @Test
    void largeSetRanksAndRangesMatchASortedModel() throws IOException {
        TreeSet<String> model = new TreeSet<>((a, b) -> {
            int cmp = Integer.compare(score(a), score(b));
            return cmp != 0 ? cmp : a.compareTo(b);
        });
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        for (int i = 0; i < 5000; i++) {
            String m = String.format("m%05d", (i * 7919) % 5000);
            batch.writeBytes(RespConnection.encode("ZADD", "z", String.valueOf(score(m)), m));
            model.add(m);
        }
        c.sendRaw(batch.toByteArray());
        for (int i = 0; i < 5000; i++) c.readReply();
        assertEquals("$8\r\nskiplist\r\n", encoding("z"));
        List<String> ordered = new ArrayList<>(model);
        for (int rank : new int[] {0, 1, 77, 2500, 4998, 4999}) {
            String m = ordered.get(rank);
            assertEquals(":" + rank + "\r\n", c.call("ZRANK", "z", m));
            assertEquals(":" + (4999 - rank) + "\r\n", c.call("ZREVRANK", "z", m));
            assertEquals("*1\r\n" + bulk(m), c.call("ZRANGE", "z", String.valueOf(rank), String.valueOf(rank)));
        }
        StringBuilder expected = new StringBuilder("*3\r\n");
        for (int i = 1000; i < 1003; i++) expected.append(bulk(ordered.get(i)));
        assertEquals(expected.toString(), c.call("ZRANGE", "z", "1000", "1002"));
        long inRange = ordered.stream().filter(m -> score(m) >= 10 && score(m) < 20).count();
        assertEquals(":" + inRange + "\r\n", c.call("ZCOUNT", "z", "10", "(20"));
        String firstOfTen = ordered.stream().filter(m -> score(m) >= 10).findFirst().orElseThrow();
        int skipTo = ordered.indexOf(firstOfTen) + 5;
        assertEquals("*1\r\n" + bulk(ordered.get(skipTo)), c.call("ZRANGEBYSCORE", "z", "10", "+inf", "LIMIT", "5", "1"));
        assertEquals(":" + inRange + "\r\n", c.call("ZREMRANGEBYSCORE", "z", "10", "(20"));
        assertEquals(":" + (5000 - inRange) + "\r\n", c.call("ZCARD", "z"));
        assertEquals(":100\r\n", c.call("ZREMRANGEBYRANK", "z", "0", "99"));
        assertEquals("*2\r\n" + bulk(ordered.get(4999)) + bulk("99"), c.call("ZPOPMAX", "z"));
    }

    private static int score(String member) {
        return Integer.parseInt(member.substring(1)) % 100;
    }

    @Test
    void scanOfALargeSetSeesEveryMemberOnce() throws IOException {
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        for (int i = 0; i < 3000; i++) batch.writeBytes(RespConnection.encode("ZADD", "z", String.valueOf(i), "m" + i));
        c.sendRaw(batch.toByteArray());
        for (int i = 0; i < 3000; i++) c.readReply();
        Map<String, String> seen = new HashMap<>();
        String cursor = "0";
        int calls = 0;
        do {
            List<String> strings = RespText.strings(c.call("ZSCAN", "z", cursor, "COUNT", "50"));
            cursor = strings.get(0);
            for (int i = 1; i < strings.size(); i += 2) seen.put(strings.get(i), strings.get(i + 1));
            calls++;
        } while (!cursor.equals("0"));
        assertEquals(3000, seen.size());
        assertEquals("1234", seen.get("m1234"));
        assertTrue(calls > 10, "COUNT bounds the work of one call");
        List<String> matched = RespText.strings(c.call("ZSCAN", "z", "0", "MATCH", "m12*", "COUNT", "100000"));
        assertEquals("0", matched.get(0));
        assertEquals(2 * 111, matched.size() - 1);      // m12, m120-m129, m1200-m1299
    }

    // ---- random replies -----------------------------------------------------------------------------------------

    @Test
    void randomMembersComeFromTheSet() throws IOException {
        for (String size : new String[] {"5", "300"}) {
            c.call("DEL", "z");
            int n = Integer.parseInt(size);
            for (int i = 0; i < n; i++) c.call("ZADD", "z", String.valueOf(i), "m" + i);
            Predicate<String> member = m -> m.startsWith("m") && Integer.parseInt(m.substring(1)) < n;
            assertTrue(member.test(RespText.strings(c.call("ZRANDMEMBER", "z")).get(0)));
            for (String count : new String[] {"1", "3", "100", "299", "1000", "-7", "-500"}) {
                List<String> reply = RespText.strings(c.call("ZRANDMEMBER", "z", count, "WITHSCORES"));
                long wanted = Long.parseLong(count);
                long expected = wanted < 0 ? -wanted : Math.min(wanted, n);
                assertEquals(expected * 2, reply.size(), "ZRANDMEMBER " + count + " on " + n);
                Set<String> distinct = new HashSet<>();
                for (int i = 0; i < reply.size(); i += 2) {
                    String m = reply.get(i);
                    assertTrue(member.test(m), m);
                    assertEquals(m.substring(1), reply.get(i + 1));
                    distinct.add(m);
                }
                if (wanted > 0) assertEquals(expected, distinct.size());
            }
            // asking for all of them gives the whole set in order
            List<String> all = RespText.strings(c.call("ZRANDMEMBER", "z", size));
            for (int i = 0; i < n; i++) assertEquals("m" + i, all.get(i));
        }
        c.call("HELLO", "3");
        assertEquals("*1\r\n*2\r\n", c.call("ZRANDMEMBER", "z", "1", "WITHSCORES").substring(0, 8));
    }

    // ---- plain sets as inputs -----------------------------------------------------------------------------------

    @Test
    void plainSetsCountWithScoreOne() throws IOException {
        c.call("SADD", "s", "a", "b", "x");
        c.call("ZADD", "z", "5", "a", "7", "b", "9", "c");
        assertEquals("*8\r\n" + bulk("a") + bulk("1") + bulk("b") + bulk("1") + bulk("x") + bulk("1") + bulk("c") + bulk("9"),
                c.call("ZUNION", "2", "s", "z", "WITHSCORES", "AGGREGATE", "MIN"));
        assertEquals("*8\r\n" + bulk("x") + bulk("1") + bulk("a") + bulk("6") + bulk("b") + bulk("8") + bulk("c") + bulk("9"),
                c.call("ZUNION", "2", "s", "z", "WITHSCORES"));
        assertEquals("*4\r\n" + bulk("a") + bulk("7") + bulk("b") + bulk("9"),
                c.call("ZINTER", "2", "s", "z", "WEIGHTS", "2", "1", "WITHSCORES"));
        assertEquals("*2\r\n" + bulk("x") + bulk("1"), c.call("ZDIFF", "2", "s", "z", "WITHSCORES"));
        assertEquals(":2\r\n", c.call("ZINTERCARD", "2", "z", "s"));
        assertEquals(":3\r\n", c.call("ZUNIONSTORE", "dst", "1", "s"));
        assertEquals("$8\r\nlistpack\r\n", encoding("dst"));
        assertEquals("+zset\r\n", c.call("TYPE", "dst"));
        // a set is still not a sorted set for the other commands
        assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", c.call("ZCARD", "s"));
    }

    // ---- pops and the blocking variants' serving half -----------------------------------------------------------

    @Test
    void popRepliesInBothProtocols() throws IOException {
        c.call("ZADD", "z", "1", "a", "2", "b", "3", "c");
        assertEquals("*2\r\n" + bulk("a") + bulk("1"), c.call("ZPOPMIN", "z"));
        c.call("HELLO", "3");
        assertEquals("*2\r\n" + bulk("c") + ",3\r\n", c.call("ZPOPMAX", "z"));
        assertEquals("*1\r\n*2\r\n" + bulk("b") + ",2\r\n", c.call("ZPOPMAX", "z", "5"));
        assertEquals(":0\r\n", c.call("EXISTS", "z"));
        c.call("ZADD", "z", "1", "a", "2", "b");
        assertEquals("*2\r\n" + bulk("z") + "*2\r\n*2\r\n" + bulk("b") + ",2\r\n*2\r\n" + bulk("a") + ",1\r\n",
                c.call("ZMPOP", "2", "nokey", "z", "MAX", "COUNT", "10"));
        assertEquals("_\r\n", c.call("ZMPOP", "1", "z", "MIN"));
    }

    @Test
    void blockingPopsAreServedWithTheirReplyShapes() throws IOException {
        c.call("ZADD", "z", "1", "a", "2.5", "b", "3", "c");
        byte[] key = "z".getBytes(StandardCharsets.UTF_8);
        assertEquals("*3\r\n" + bulk("z") + bulk("a") + bulk("1"),
                serve(2, (db, reply) -> PopCommands.serveBzpop(db, key, false, reply)));
        assertEquals("*3\r\n" + bulk("z") + bulk("c") + ",3\r\n",
                serve(3, (db, reply) -> PopCommands.serveBzpop(db, key, true, reply)));
        assertEquals("*2\r\n" + bulk("z") + "*1\r\n*2\r\n" + bulk("b") + bulk("2.5"),
                serve(2, (db, reply) -> PopCommands.serveBzmpop(db, key, false, 10, reply)));
        assertEquals(":0\r\n", c.call("EXISTS", "z"));
    }

    private interface Serve {
        void run(Database db, Reply reply);
    }

    private String serve(int protocol, Serve serve) {
        return underLock(db -> {
            ByteBuf out = Unpooled.buffer();
            Reply reply = new Reply();
            reply.setProtocol(protocol);
            reply.target(out);
            serve.run(db, reply);
            return out.toString(StandardCharsets.ISO_8859_1);
        });
    }

    @Test
    void copyKeepsTheEncodingAndIsIndependent() throws IOException {
        for (int i = 0; i < 200; i++) c.call("ZADD", "big", String.valueOf(i), "m" + i);
        c.call("ZADD", "small", "1", "a");
        c.call("COPY", "big", "big2");
        c.call("COPY", "small", "small2");
        assertEquals("$8\r\nskiplist\r\n", encoding("big2"));
        assertEquals("$8\r\nlistpack\r\n", encoding("small2"));
        c.call("ZADD", "big2", "-1", "m5");
        c.call("ZADD", "small2", "9", "a");
        assertEquals(bulk("5"), c.call("ZSCORE", "big", "m5"));
        assertEquals(bulk("1"), c.call("ZSCORE", "small", "a"));
        assertEquals(":0\r\n", c.call("ZRANK", "big2", "m5"));
    }
}
