package dev.cinnabar.hashes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.RespTree;
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

/**
 * The hash commands over raw RESP against Cinnabar: exact reply bytes in RESP2 and RESP3, the behaviour that a
 * differential test against the installed redis-server cannot show (Redis 7.2's conversion rule, large hashes,
 * HRANDFIELD's guarantees, whole HSCAN iterations) and binary safety.
 */
class HashCommandsIntegrationTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    static RespConnection c;

    @BeforeEach
    void flush() throws IOException {
        c = cinnabar.shared();
        c.call("HELLO", "2");
        c.call("FLUSHALL");
    }

    @AfterEach
    void restoreLimits() throws IOException {
        c.call("CONFIG", "SET", "hash-max-listpack-entries", "512");
        c.call("CONFIG", "SET", "hash-max-listpack-value", "64");
    }

    private static String bulk(String s) {
        return "$" + s.getBytes(StandardCharsets.UTF_8).length + "\r\n" + s + "\r\n";
    }

    private static void load(String key, int fields) throws IOException {
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        for (int i = 0; i < fields; i++) {
            batch.writeBytes(RespConnection.encode("HSET", key, "field:" + i, "value:" + i));
        }
        c.sendRaw(batch.toByteArray());
        for (int i = 0; i < fields; i++) c.readReply();
    }

    @Test
    void repliesInBothProtocols() throws IOException {
        assertEquals(":2\r\n", c.call("HSET", "h", "a", "1", "b", "2"));
        assertEquals(":0\r\n", c.call("HSET", "h", "a", "10"));
        assertEquals("+OK\r\n", c.call("HMSET", "h", "c", "3"));
        assertEquals("*6\r\n" + bulk("a") + bulk("10") + bulk("b") + bulk("2") + bulk("c") + bulk("3"),
                c.call("HGETALL", "h"));
        assertEquals("$-1\r\n", c.call("HGET", "h", "zz"));
        assertEquals("*2\r\n$-1\r\n" + bulk("2"), c.call("HMGET", "h", "zz", "b"));
        assertEquals("*0\r\n", c.call("HGETALL", "missing"));
        assertEquals("*6\r\n" + bulk("a") + bulk("10") + bulk("b") + bulk("2") + bulk("c") + bulk("3"),
                c.call("HRANDFIELD", "h", "3", "WITHVALUES"));

        c.call("HELLO", "3");
        assertEquals("%3\r\n" + bulk("a") + bulk("10") + bulk("b") + bulk("2") + bulk("c") + bulk("3"),
                c.call("HGETALL", "h"));
        assertEquals("%0\r\n", c.call("HGETALL", "missing"));
        assertEquals("*0\r\n", c.call("HKEYS", "missing"));
        assertEquals("_\r\n", c.call("HGET", "h", "zz"));
        assertEquals("*2\r\n_\r\n" + bulk("2"), c.call("HMGET", "h", "zz", "b"));
        assertEquals("_\r\n", c.call("HRANDFIELD", "missing"));
        assertEquals("*3\r\n*2\r\n" + bulk("a") + bulk("10") + "*2\r\n" + bulk("b") + bulk("2") + "*2\r\n" + bulk("c")
                + bulk("3"), c.call("HRANDFIELD", "h", "10", "WITHVALUES"));
        assertEquals("*3\r\n" + bulk("a") + bulk("b") + bulk("c"), c.call("HRANDFIELD", "h", "10"));
        assertEquals("*2\r\n" + bulk("0") + "*6\r\n" + bulk("a") + bulk("10") + bulk("b") + bulk("2") + bulk("c")
                + bulk("3"), c.call("HSCAN", "h", "0"));
        assertEquals(":1\r\n", c.call("HEXISTS", "h", "a"));
    }

    @Test
    void moreArgumentPairsThanAListpackHoldsConvertAtOnceAsInRedis72() throws IOException {
        c.call("CONFIG", "SET", "hash-max-listpack-entries", "2");
        assertEquals(":1\r\n", c.call("HSET", "dup", "a", "1", "a", "2", "a", "3"));
        assertEquals(bulk("hashtable"), c.call("OBJECT", "ENCODING", "dup"));
        assertEquals(":1\r\n", c.call("HLEN", "dup"));
        assertEquals(bulk("3"), c.call("HGET", "dup", "a"));
        assertEquals(":2\r\n", c.call("HSET", "two", "a", "1", "b", "2"));
        assertEquals(bulk("listpack"), c.call("OBJECT", "ENCODING", "two"));
    }

    @Test
    void defaultLimitsAre512FieldsAnd64Bytes() throws IOException {
        load("h", 512);
        assertEquals(bulk("listpack"), c.call("OBJECT", "ENCODING", "h"));
        assertEquals(":1\r\n", c.call("HSET", "h", "one more", "x"));
        assertEquals(bulk("hashtable"), c.call("OBJECT", "ENCODING", "h"));
        assertEquals(":513\r\n", c.call("HLEN", "h"));
        assertEquals(bulk("value:77"), c.call("HGET", "h", "field:77"));

        c.call("HSET", "v", "a", "x".repeat(64));
        assertEquals(bulk("listpack"), c.call("OBJECT", "ENCODING", "v"));
        c.call("HSET", "v", "a", "x".repeat(65));
        assertEquals(bulk("hashtable"), c.call("OBJECT", "ENCODING", "v"));
        c.call("HSET", "v", "a", "short");
        assertEquals(bulk("hashtable"), c.call("OBJECT", "ENCODING", "v"));
    }

    @Test
    void emptiedHashesAreDeletedInBothEncodings() throws IOException {
        c.call("HSET", "small", "a", "1", "b", "2");
        assertEquals(":2\r\n", c.call("HDEL", "small", "a", "b", "c"));
        assertEquals(":0\r\n", c.call("EXISTS", "small"));
        load("big", 600);
        List<String> fields = new ArrayList<>(List.of("HDEL", "big"));
        for (int i = 0; i < 600; i++) fields.add("field:" + i);
        assertEquals(":600\r\n", c.call(fields.toArray(String[]::new)));
        assertEquals(":0\r\n", c.call("EXISTS", "big"));
        assertEquals("+none\r\n", c.call("TYPE", "big"));
    }

    @Test
    void typeCopyAndExpiry() throws IOException {
        c.call("HSET", "h", "a", "1");
        assertEquals("+hash\r\n", c.call("TYPE", "h"));
        assertEquals(":1\r\n", c.call("COPY", "h", "h2"));
        c.call("HSET", "h2", "a", "changed", "b", "2");
        assertEquals(bulk("1"), c.call("HGET", "h", "a"));
        assertEquals(":1\r\n", c.call("HLEN", "h"));
        load("big", 1000);
        c.call("COPY", "big", "big2");
        c.call("HDEL", "big2", "field:1");
        assertEquals(":1000\r\n", c.call("HLEN", "big"));
        assertEquals(":999\r\n", c.call("HLEN", "big2"));
        assertEquals(bulk("hashtable"), c.call("OBJECT", "ENCODING", "big2"));
        assertEquals(":1\r\n", c.call("PEXPIRE", "h", "1"));
        c.call("HSET", "h", "b", "2");                              // a write keeps the TTL
        assertTrue(Long.parseLong(c.call("PTTL", "h").substring(1).trim()) <= 1);
    }

    @Test
    void hashtableScanReturnsEveryFieldOfAWholeIteration() throws IOException {
        load("h", 3000);
        Map<String, String> seen = new HashMap<>();
        String cursor = "0";
        int calls = 0;
        do {
            RespTree reply = RespTree.parse(c.call("HSCAN", "h", cursor, "COUNT", "50"));
            cursor = reply.children().get(0).text();
            List<String> elements = reply.children().get(1).strings();
            for (int i = 0; i < elements.size(); i += 2) seen.put(elements.get(i), elements.get(i + 1));
            calls++;
        } while (!cursor.equals("0"));
        assertEquals(3000, seen.size());
        assertEquals("value:2999", seen.get("field:2999"));
        assertTrue(calls > 10, "a hashtable is walked a part at a time");

        Set<String> matched = new HashSet<>();
        cursor = "0";
        do {
            RespTree reply = RespTree.parse(c.call("HSCAN", "h", cursor, "MATCH", "field:1?", "COUNT", "1000"));
            cursor = reply.children().get(0).text();
            List<String> elements = reply.children().get(1).strings();
            for (int i = 0; i < elements.size(); i += 2) matched.add(elements.get(i));
        } while (!cursor.equals("0"));
        assertEquals(Set.of("field:10", "field:11", "field:12", "field:13", "field:14", "field:15", "field:16",
                "field:17", "field:18", "field:19"), matched);
    }

    @Test
    void randomFieldsFollowRedisRules() throws IOException {
        load("big", 1000);
        for (String count : new String[] {"100", "500", "999"}) {     // drawing distinct ones, and copy-and-drop
            List<String> fields = RespTree.parse(c.call("HRANDFIELD", "big", count)).strings();
            assertEquals(Integer.parseInt(count), fields.size());
            assertEquals(fields.size(), new HashSet<>(fields).size(), "distinct fields");
            for (String f : fields) assertTrue(f.startsWith("field:"));
        }
        RespTree pairs = RespTree.parse(c.call("HRANDFIELD", "big", "300", "WITHVALUES"));
        assertEquals(600, pairs.children().size());
        for (int i = 0; i < 600; i += 2) {
            assertEquals(pairs.children().get(i).text().replace("field", "value"), pairs.children().get(i + 1).text());
        }

        c.call("HSET", "small", "a", "1", "b", "2", "c", "3", "d", "4");
        List<String> repeated = RespTree.parse(c.call("HRANDFIELD", "small", "-2000")).strings();
        assertEquals(2000, repeated.size());
        assertEquals(Set.of("a", "b", "c", "d"), new HashSet<>(repeated), "every field drawn at some point");
        List<String> some = RespTree.parse(c.call("HRANDFIELD", "small", "2")).strings();
        assertEquals(2, new HashSet<>(some).size());
        assertTrue(List.of("a", "b", "c", "d").indexOf(some.get(0)) < List.of("a", "b", "c", "d").indexOf(some.get(1)),
                "a listpack sample keeps the hash's order");
        List<String> bigRepeated = RespTree.parse(c.call("HRANDFIELD", "big", "-50", "WITHVALUES")).strings();
        assertEquals(100, bigRepeated.size());

        Set<String> single = new HashSet<>();
        for (int i = 0; i < 200; i++) single.add(c.call("HRANDFIELD", "small"));
        assertEquals(4, single.size());
        assertNotEquals("", c.call("HRANDFIELD", "big"));
    }

    @Test
    void fieldsAndValuesAreBinarySafe() throws IOException {
        byte[] field = {0, '\r', '\n', (byte) 0xff, ' '};
        byte[] value = {(byte) 0x80, 0, 0, '$', '-', '1'};
        byte[] key = "bin".getBytes(StandardCharsets.UTF_8);
        assertEquals(":1\r\n", c.call("HSET".getBytes(StandardCharsets.UTF_8), key, field, value));
        String expected = "$6\r\n" + new String(value, StandardCharsets.ISO_8859_1) + "\r\n";
        assertEquals(expected, c.call("HGET".getBytes(StandardCharsets.UTF_8), key, field));
        assertEquals(":6\r\n", c.call("HSTRLEN".getBytes(StandardCharsets.UTF_8), key, field));
        c.call("CONFIG", "SET", "hash-max-listpack-entries", "0");
        byte[] key2 = "bin2".getBytes(StandardCharsets.UTF_8);
        c.call("HSET".getBytes(StandardCharsets.UTF_8), key2, field, value);
        assertEquals(bulk("hashtable"), c.call("OBJECT", "ENCODING", "bin2"));
        assertEquals(expected, c.call("HGET".getBytes(StandardCharsets.UTF_8), key2, field));
    }

    @Test
    void countersKeepExactArithmetic() throws IOException {
        assertEquals(bulk("10.5"), c.call("HINCRBYFLOAT", "h", "f", "10.5"));
        assertEquals(bulk("10.6"), c.call("HINCRBYFLOAT", "h", "f", "0.1"));
        // long double arithmetic, as Redis
        assertEquals(bulk("5010.60000000000000009"), c.call("HINCRBYFLOAT", "h", "f", "5.0e3"));
        assertEquals(":-9223372036854775808\r\n", c.call("HINCRBY", "h", "n", "-9223372036854775808"));
        assertEquals("-ERR increment or decrement would overflow\r\n", c.call("HINCRBY", "h", "n", "-1"));
        c.call("HSET", "h", "s", "abc");
        assertEquals("-ERR hash value is not a float\r\n", c.call("HINCRBYFLOAT", "h", "s", "1"));
        assertEquals("-ERR hash value is not an integer\r\n", c.call("HINCRBY", "h", "f", "1"));
        assertEquals("-ERR value is NaN or Infinity\r\n", c.call("HINCRBYFLOAT", "h", "f", "inf"));
    }
}
