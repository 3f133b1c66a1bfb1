package dev.cinnabar.strings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.keyspace.RedisValue;
import dev.cinnabar.keyspace.Values;
import dev.cinnabar.server.Server;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * The string commands over raw RESP against an in-process server, for what a differential test cannot show:
 * replies on keys of other types, TTLs and encodings of what is stored, and the cost of repeated appends.
 */
class StringCommandsIntegrationTest {
    private static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    static CinnabarServer cinnabar;
    static RespConnection c;

    /** A value of another type; no other type exists in this package, and the string commands must refuse it. */
    private record OtherType() implements RedisValue {
        @Override
        public String typeName() {
            return "list";
        }

        @Override
        public long memoryUsage(int samples) {
            return 16;
        }

        @Override
        public String encoding() {
            return "listpack";
        }

        @Override
        public RedisValue copy() {
            return new OtherType();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        cinnabar = TestServer.start();
        c = new RespConnection(cinnabar.port());
    }

    @AfterAll
    static void stop() throws Exception {
        c.close();
        cinnabar.close();
    }

    @BeforeEach
    void flush() throws Exception {
        assertEquals("+OK\r\n", c.call("FLUSHALL"));
    }

    private static <T> T inServer(Function<Database, T> action) {
        Server server = cinnabar.server();
        server.executionLock().lock();
        try {
            return action.apply(server.keyspace().db(0));
        } finally {
            server.executionLock().unlock();
        }
    }

    private static void storeOtherType(String key) {
        inServer(db -> {
            db.set(bytes(key), new OtherType(), false);
            return null;
        });
    }

    private static Object stored(String key) {
        return inServer(db -> db.peek(bytes(key)));
    }

    private static long expireAt(String key) {
        return inServer(db -> db.expireAt(bytes(key)));
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String bulk(String s) {
        return "$" + s.length() + "\r\n" + s + "\r\n";
    }

    // ---- wrong type ---------------------------------------------------------------------------------------------

    @Test
    void commandsReadingTheValueRefuseOtherTypes() throws Exception {
        storeOtherType("l");
        String[][] refused = {
                {"GET", "l"}, {"GETEX", "l"}, {"GETEX", "l", "PERSIST"}, {"GETDEL", "l"}, {"GETSET", "l", "v"},
                {"SET", "l", "v", "GET"}, {"APPEND", "l", "x"}, {"STRLEN", "l"}, {"GETRANGE", "l", "0", "-1"},
                {"SUBSTR", "l", "0", "1"}, {"SETRANGE", "l", "0", "x"}, {"SETRANGE", "l", "0", ""}, {"INCR", "l"},
                {"DECR", "l"}, {"INCRBY", "l", "2"}, {"DECRBY", "l", "2"}, {"INCRBYFLOAT", "l", "1.5"},
        };
        for (String[] command : refused) assertEquals(WRONGTYPE, c.call(command), String.join(" ", command));
        assertInstanceOf(OtherType.class, stored("l"), "nothing replaced the value");
    }

    @Test
    void argumentErrorsComeBeforeTheTypeCheckWhereRedisParsesFirst() throws Exception {
        storeOtherType("l");
        assertEquals("-ERR syntax error\r\n", c.call("GETEX", "l", "BOGUS"));
        assertEquals("-ERR value is not an integer or out of range\r\n", c.call("GETRANGE", "l", "x", "1"));
        assertEquals("-ERR offset is out of range\r\n", c.call("SETRANGE", "l", "-1", "x"));
        assertEquals("-ERR value is not an integer or out of range\r\n", c.call("INCRBY", "l", "x"));
        assertEquals("-ERR invalid expire time in 'set' command\r\n", c.call("SET", "l", "v", "EX", "0", "GET"));
        // GETEX checks the type before the expire time
        assertEquals(WRONGTYPE, c.call("GETEX", "l", "EX", "0"));
    }

    @Test
    void commandsThatOverwriteIgnoreTheOldType() throws Exception {
        storeOtherType("l");
        assertEquals("+OK\r\n", c.call("SET", "l", "v"));
        assertEquals(bulk("v"), c.call("GET", "l"));
        storeOtherType("l");
        assertEquals("+OK\r\n", c.call("MSET", "l", "w"));
        assertEquals(bulk("w"), c.call("GET", "l"));
        storeOtherType("l");
        assertEquals("+OK\r\n", c.call("SETEX", "l", "100", "x"));
        assertEquals(bulk("x"), c.call("GET", "l"));
    }

    @Test
    void conditionalSetsSeeKeysOfOtherTypes() throws Exception {
        storeOtherType("l");
        assertEquals(":0\r\n", c.call("SETNX", "l", "v"));
        assertEquals("$-1\r\n", c.call("SET", "l", "v", "NX"));
        assertEquals(":0\r\n", c.call("MSETNX", "a", "1", "l", "v"));
        assertEquals("$-1\r\n", c.call("GET", "a"));
        assertEquals("+OK\r\n", c.call("SET", "l", "v", "XX"));
        assertEquals(bulk("v"), c.call("GET", "l"));
    }

    @Test
    void mgetAnswersNullForOtherTypesAndLcsRefusesThem() throws Exception {
        storeOtherType("l");
        c.call("SET", "s", "abc");
        assertEquals("*3\r\n$3\r\nabc\r\n$-1\r\n$-1\r\n", c.call("MGET", "s", "l", "missing"));
        String error = "-ERR The specified keys must contain string values\r\n";
        assertEquals(error, c.call("LCS", "s", "l"));
        assertEquals(error, c.call("LCS", "l", "s"));
        assertEquals(error, c.call("LCS", "l", "missing", "BOGUS"));
    }

    // ---- TTLs ---------------------------------------------------------------------------------------------------

    @Test
    void setExpireOptions() throws Exception {
        long before = now();
        c.call("SET", "ex", "v", "EX", "100");
        c.call("SET", "px", "v", "PX", "5000");
        c.call("SET", "exat", "v", "EXAT", "4000000000");
        c.call("SET", "pxat", "v", "PXAT", "4000000000123");
        c.call("SETEX", "setex", "100", "v");
        c.call("PSETEX", "psetex", "5000", "v");
        long after = now();
        assertBetween(before + 100_000, after + 100_000, expireAt("ex"));
        assertBetween(before + 5_000, after + 5_000, expireAt("px"));
        assertEquals(4_000_000_000_000L, expireAt("exat"));
        assertEquals(4_000_000_000_123L, expireAt("pxat"));
        assertBetween(before + 100_000, after + 100_000, expireAt("setex"));
        assertBetween(before + 5_000, after + 5_000, expireAt("psetex"));
    }

    private static void assertBetween(long low, long high, long actual) {
        assertTrue(actual >= low && actual <= high, actual + " not in [" + low + ", " + high + "]");
    }

    @Test
    void writesThatKeepOrDropTheTtl() throws Exception {
        String[][] keeping = {
                {"SET", "k", "v2", "KEEPTTL"}, {"SET", "k", "v2", "XX", "KEEPTTL"}, {"APPEND", "k", "x"},
                {"SETRANGE", "k", "1", "x"}, {"INCR", "n"}, {"INCRBY", "n", "5"}, {"DECR", "n"},
                {"INCRBYFLOAT", "n", "1.5"}, {"GETEX", "k"}, {"GET", "k"},
        };
        for (String[] command : keeping) {
            c.call("SET", "k", "v", "EXAT", "4000000000");
            c.call("SET", "n", "10", "EXAT", "4000000000");
            c.call(command);
            String key = command[1];
            assertEquals(4_000_000_000_000L, expireAt(key), String.join(" ", command) + " keeps the TTL");
        }
        String[][] dropping = {
                {"SET", "k", "v2"}, {"SET", "k", "v2", "XX"}, {"SET", "k", "v2", "GET"}, {"GETSET", "k", "v2"},
                {"MSET", "k", "v2"}, {"GETEX", "k", "PERSIST"},
        };
        for (String[] command : dropping) {
            c.call("SET", "k", "v", "EXAT", "4000000000");
            c.call(command);
            assertEquals(-1, expireAt("k"), String.join(" ", command) + " drops the TTL");
        }
    }

    @Test
    void getexSetsTheTtl() throws Exception {
        c.call("SET", "k", "v");
        long before = now();
        assertEquals(bulk("v"), c.call("GETEX", "k", "EX", "100"));
        assertBetween(before + 100_000, now() + 100_000, expireAt("k"));
        assertEquals(bulk("v"), c.call("GETEX", "k", "PXAT", "4000000000123"));
        assertEquals(4_000_000_000_123L, expireAt("k"));
        assertEquals(bulk("v"), c.call("GETEX", "k", "EXAT", "4000000001"));
        assertEquals(4_000_000_001_000L, expireAt("k"));
        assertEquals(bulk("v"), c.call("GETEX", "k", "PX", "100"));
        assertTrue(expireAt("k") <= now() + 100);
        assertEquals(bulk("v"), c.call("GETEX", "k", "PERSIST"));
        assertEquals(-1, expireAt("k"));
        assertEquals(bulk("v"), c.call("GETEX", "k", "PXAT", "1"));
        assertNull(stored("k"), "a past timestamp deletes the key");
    }

    @Test
    void aKeySetWithAPastTimestampIsGone() throws Exception {
        assertEquals("+OK\r\n", c.call("SET", "k", "v", "PXAT", "1"));
        assertEquals("$-1\r\n", c.call("GET", "k"));
        assertEquals("+OK\r\n", c.call("SET", "k", "v", "PX", "1"));
        Thread.sleep(5);
        assertEquals(":0\r\n", c.call("STRLEN", "k"));
    }

    // ---- encodings ----------------------------------------------------------------------------------------------

    @Test
    void storedRepresentationsReportRedisEncodings() throws Exception {
        c.call("SET", "int", "12345");
        c.call("SET", "emb", "hello");
        c.call("SET", "raw", "x".repeat(45));
        c.call("APPEND", "appended", "12");
        c.call("SET", "grown", "ab");
        c.call("APPEND", "grown", "cd");
        c.call("SET", "num", "1");
        c.call("APPEND", "num", "");
        c.call("SETRANGE", "created", "2", "x");
        c.call("SET", "untouched", "5");
        c.call("SETRANGE", "untouched", "0", "");
        c.call("SET", "ranged", "hello");
        c.call("SETRANGE", "ranged", "0", "H");
        c.call("INCR", "counter");
        c.call("SET", "float", "1.5");
        c.call("INCRBYFLOAT", "float", "1.5");
        c.call("SET", "float2", "1");
        c.call("INCRBYFLOAT", "float2", "0.5");
        c.call("SET", "afterIncr", "x");
        c.call("APPEND", "afterIncr", "1");
        c.call("SETRANGE", "afterIncr", "0", "1");
        c.call("INCR", "afterIncr");
        assertEncoding("int", "int");
        assertEncoding("embstr", "emb");
        assertEncoding("raw", "raw");
        assertEncoding("int", "appended");
        assertEncoding("raw", "grown");
        assertEncoding("raw", "num");
        assertEncoding("raw", "created");
        assertEncoding("int", "untouched");
        assertEncoding("raw", "ranged");
        assertEncoding("int", "counter");
        assertEncoding("embstr", "float");
        assertEncoding("embstr", "float2");
        assertEncoding("int", "afterIncr");
        c.call("APPEND", "float", "0");
        assertEncoding("raw", "float");
        for (String key : new String[] {"int", "grown", "float", "created"}) {
            assertEquals("string", Values.typeName(stored(key)));
            assertTrue(Strings.isString(stored(key)));
        }
        assertFalse(Strings.isString(new OtherType()));
    }

    private static void assertEncoding(String expected, String key) {
        assertEquals(expected, Values.encoding(stored(key)), "encoding of " + key);
    }

    // ---- in-place modification ----------------------------------------------------------------------------------

    @Test
    void repeatedAppendsGrowOneBufferInPlace() throws Exception {
        int appends = 100_000;
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        for (int i = 0; i < appends; i++) batch.writeBytes(RespConnection.encode("APPEND", "k", "0123456789"));
        c.call("SET", "k", "start");
        c.sendRaw(batch.toByteArray());
        for (int i = 0; i < appends; i++) assertEquals(":" + (5 + 10L * (i + 1)) + "\r\n", c.readReply());
        StringValue value = assertInstanceOf(StringValue.class, stored("k"));
        assertEquals(5 + 10 * appends, value.length());
        assertTrue(value.buffer().length < 2 * value.length() + 1024 * 1024, "spare room stays bounded");
        String reply = c.call("GETRANGE", "k", "0", "24");
        assertEquals(bulk("start01234567890123456789"), reply);
        assertEquals(":" + (5 + 10 * appends) + "\r\n", c.call("STRLEN", "k"));
    }

    @Test
    void setrangeOverwritesAndPadsWithZeros() throws Exception {
        assertEquals(":8\r\n", c.call("SETRANGE", "k", "5", "abc"));
        assertEquals("$8\r\n\0\0\0\0\0abc\r\n", c.call("GET", "k"));
        StringValue value = assertInstanceOf(StringValue.class, stored("k"));
        assertSame(value, stored("k"));
        assertEquals(":8\r\n", c.call("SETRANGE", "k", "0", "XY"));
        assertSame(value, stored("k"), "modified in place");
        assertEquals(":12\r\n", c.call("SETRANGE", "k", "10", "zz"));
        assertEquals("$12\r\nXY\0\0\0abc\0\0zz\r\n", c.call("GET", "k"));
    }

    @Test
    void sizeLimitIsProtoMaxBulkLen() throws Exception {
        // the default limit, 512 MB, refused before anything is allocated (the differential test covers 1 MB)
        String tooLong = "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n";
        assertEquals(tooLong, c.call("SETRANGE", "k", "536870912", "x"));
        assertEquals(tooLong, c.call("SETRANGE", "k", "536870911", "xy"));
        assertNull(stored("k"));
        c.call("SET", "k", "abc");
        assertEquals(tooLong, c.call("SETRANGE", "k", "9223372036854775807", "x"));
        assertEquals(bulk("abc"), c.call("GET", "k"));
    }

    // ---- RESP3 --------------------------------------------------------------------------------------------------

    @Test
    void resp3NullsAndLcsMap() throws Exception {
        try (RespConnection r = new RespConnection(cinnabar.port())) {
            r.call("HELLO", "3");
            assertEquals("_\r\n", r.call("GET", "missing"));
            assertEquals("_\r\n", r.call("SET", "k", "v", "XX"));
            assertEquals("*2\r\n_\r\n_\r\n", r.call("MGET", "a", "b"));
            r.call("MSET", "a", "ohmytext", "b", "mynewtext");
            assertEquals("%2\r\n$7\r\nmatches\r\n*2\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n"
                    + "*3\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n:2\r\n$3\r\nlen\r\n:6\r\n",
                    r.call("LCS", "a", "b", "IDX", "WITHMATCHLEN"));
        }
    }
}
