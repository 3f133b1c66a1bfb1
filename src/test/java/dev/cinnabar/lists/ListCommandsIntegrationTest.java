package dev.cinnabar.lists;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RespConnection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.args.ListPosition;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.LPosParams;
import redis.clients.jedis.util.KeyValue;

import java.io.IOException;
import java.util.List;

/** The list commands over TCP: exact reply bytes in RESP2 and RESP3, and the way a Java client uses them. */
class ListCommandsIntegrationTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();

    @BeforeEach
    void flush() {
        cinnabar.jedis().flushAll();
    }

    private static String call(RespConnection c, String... args) throws IOException {
        return c.call(args);
    }

    @Test
    void pushPopAndTheirReplies() throws IOException {
        try (RespConnection c = cinnabar.connect()) {
            assertEquals(":3\r\n", call(c, "RPUSH", "l", "a", "b", "c"));
            assertEquals(":4\r\n", call(c, "LPUSH", "l", "z"));
            assertEquals(":0\r\n", call(c, "LPUSHX", "none", "a"));
            assertEquals(":0\r\n", call(c, "EXISTS", "none"));
            assertEquals(":5\r\n", call(c, "RPUSHX", "l", "d"));
            assertEquals("$1\r\nz\r\n", call(c, "LPOP", "l"));
            assertEquals("*2\r\n$1\r\nd\r\n$1\r\nc\r\n", call(c, "RPOP", "l", "2"));
            assertEquals("*0\r\n", call(c, "LPOP", "l", "0"));
            assertEquals("-ERR value is out of range, must be positive\r\n", call(c, "LPOP", "l", "-1"));
            assertEquals("-ERR wrong number of arguments for 'rpop' command\r\n", call(c, "RPOP", "l", "1", "2"));
            assertEquals("*2\r\n$1\r\na\r\n$1\r\nb\r\n", call(c, "LPOP", "l", "10"));
            assertEquals(":0\r\n", call(c, "EXISTS", "l"), "an emptied list is deleted");
        }
    }

    @Test
    void nullRepliesInBothProtocols() throws IOException {
        try (RespConnection c = cinnabar.connect()) {
            c.call("RPUSH", "l", "a");
            for (int protocol : new int[] {2, 3}) {
                c.call("HELLO", String.valueOf(protocol));
                String nullBulk = protocol == 2 ? "$-1\r\n" : "_\r\n";
                String nullArray = protocol == 2 ? "*-1\r\n" : "_\r\n";
                assertEquals(nullBulk, call(c, "LPOP", "none"));
                assertEquals(nullArray, call(c, "LPOP", "none", "1"));
                assertEquals(nullArray, call(c, "LPOP", "none", "0"));
                assertEquals(nullBulk, call(c, "LINDEX", "l", "5"));
                assertEquals(nullBulk, call(c, "LPOS", "l", "x"));
                assertEquals("*0\r\n", call(c, "LPOS", "l", "x", "COUNT", "0"));
                assertEquals(nullArray, call(c, "LMPOP", "1", "none", "LEFT"));
                assertEquals(nullBulk, call(c, "RPOPLPUSH", "none", "l"));
                assertEquals(nullBulk, call(c, "LMOVE", "none", "l", "LEFT", "LEFT"));
                assertEquals("*0\r\n", call(c, "LRANGE", "none", "0", "-1"));
            }
        }
    }

    @Test
    void integersAndBinaryElementsComeBackAsSent() throws IOException {
        try (RespConnection c = cinnabar.connect()) {
            byte[] binary = {0, (byte) 0xFF, '\r', '\n', 'x'};
            c.call("RPUSH".getBytes(), "l".getBytes(), "9223372036854775807".getBytes(),
                    "-9223372036854775808".getBytes(), "007".getBytes(), "-0".getBytes(), "-4096".getBytes(), binary);
            assertEquals("*6\r\n$19\r\n9223372036854775807\r\n$20\r\n-9223372036854775808\r\n$3\r\n007\r\n"
                    + "$2\r\n-0\r\n$5\r\n-4096\r\n$5\r\n\0\u00ff\r\nx\r\n", call(c, "LRANGE", "l", "0", "-1"));
            String big = "q".repeat(100_000);
            c.call("LPUSH", "l", big);
            assertEquals("$100000\r\n" + big + "\r\n", call(c, "LINDEX", "l", "0"));
        }
    }

    @Test
    void rangesIndexesAndTrims() throws IOException {
        try (RespConnection c = cinnabar.connect()) {
            c.call("RPUSH", "l", "0", "1", "2", "3", "4", "5");
            assertEquals("*2\r\n$1\r\n4\r\n$1\r\n5\r\n", call(c, "LRANGE", "l", "-2", "100"));
            assertEquals("*0\r\n", call(c, "LRANGE", "l", "4", "2"));
            assertEquals("-ERR value is not an integer or out of range\r\n", call(c, "LRANGE", "l", "x", "1"));
            assertEquals("$1\r\n5\r\n", call(c, "LINDEX", "l", "-1"));
            assertEquals("+OK\r\n", call(c, "LSET", "l", "-1", "five"));
            assertEquals("-ERR index out of range\r\n", call(c, "LSET", "l", "6", "x"));
            assertEquals("-ERR no such key\r\n", call(c, "LSET", "none", "0", "x"));
            // Redis 7.2 keeps the low 32 bits of the index: 2^32 is index 0
            assertEquals("+OK\r\n", call(c, "LSET", "l", "4294967296", "zero"));
            assertEquals("$4\r\nzero\r\n", call(c, "LINDEX", "l", "0"));
            assertEquals("+OK\r\n", call(c, "LTRIM", "l", "1", "-2"));
            assertEquals("*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n", call(c, "LRANGE", "l", "0", "-1"));
            assertEquals("+OK\r\n", call(c, "LTRIM", "l", "3", "1"));
            assertEquals(":0\r\n", call(c, "EXISTS", "l"));
        }
    }

    @Test
    void searchInsertAndRemove() throws IOException {
        try (RespConnection c = cinnabar.connect()) {
            c.call("RPUSH", "l", "a", "b", "a", "c", "a");
            assertEquals(":2\r\n", call(c, "LPOS", "l", "a", "RANK", "2"));
            assertEquals("*2\r\n:4\r\n:2\r\n", call(c, "LPOS", "l", "a", "RANK", "-1", "COUNT", "2"));
            assertEquals("*1\r\n:0\r\n", call(c, "LPOS", "l", "a", "COUNT", "0", "MAXLEN", "2"));
            assertEquals("-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... "
                    + "or use negative to start from the end of the list\r\n", call(c, "LPOS", "l", "a", "RANK", "0"));
            assertEquals("-ERR value is out of range, value must between -9223372036854775807 and "
                    + "9223372036854775807\r\n", call(c, "LPOS", "l", "a", "RANK", "-9223372036854775808"));
            assertEquals("-ERR COUNT can't be negative\r\n", call(c, "LPOS", "l", "a", "COUNT", "-1"));
            assertEquals("-ERR MAXLEN can't be negative\r\n", call(c, "LPOS", "l", "a", "MAXLEN", "x"));
            assertEquals(":6\r\n", call(c, "LINSERT", "l", "AFTER", "c", "d"));
            assertEquals(":-1\r\n", call(c, "LINSERT", "l", "BEFORE", "zz", "d"));
            assertEquals(":0\r\n", call(c, "LINSERT", "none", "BEFORE", "a", "d"));
            assertEquals("-ERR syntax error\r\n", call(c, "LINSERT", "l", "INSIDE", "a", "d"));
            assertEquals(":2\r\n", call(c, "LREM", "l", "-2", "a"));
            assertEquals("*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n", call(c, "LRANGE", "l", "0", "-1"));
        }
    }

    @Test
    void movesAndMultiPops() throws IOException {
        try (RespConnection c = cinnabar.connect()) {
            c.call("RPUSH", "src", "1", "2", "3");
            assertEquals("$1\r\n3\r\n", call(c, "RPOPLPUSH", "src", "dst"));
            assertEquals("$1\r\n1\r\n", call(c, "LMOVE", "src", "dst", "LEFT", "RIGHT"));
            assertEquals("*2\r\n$1\r\n3\r\n$1\r\n1\r\n", call(c, "LRANGE", "dst", "0", "-1"));
            assertEquals("$1\r\n2\r\n", call(c, "LMOVE", "src", "src", "RIGHT", "LEFT"), "rotation of a list");
            c.call("SET", "str", "x");
            assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
                    call(c, "LMOVE", "src", "str", "LEFT", "LEFT"));
            assertEquals("*1\r\n$1\r\n2\r\n", call(c, "LRANGE", "src", "0", "-1"), "nothing moved on an error");
            assertEquals("*2\r\n$3\r\ndst\r\n*2\r\n$1\r\n1\r\n$1\r\n3\r\n",
                    call(c, "LMPOP", "2", "none", "dst", "RIGHT", "COUNT", "5"));
            assertEquals("-ERR numkeys should be greater than 0\r\n", call(c, "LMPOP", "0", "src", "LEFT"));
            assertEquals("-ERR count should be greater than 0\r\n",
                    call(c, "LMPOP", "1", "src", "LEFT", "COUNT", "0"));
            assertEquals("-ERR syntax error\r\n", call(c, "LMPOP", "5", "src", "LEFT"));
            assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
                    call(c, "LMPOP", "2", "str", "src", "LEFT"));
        }
    }

    @Test
    void wrongTypeEverywhere() throws IOException {
        try (RespConnection c = cinnabar.connect()) {
            c.call("SET", "s", "x");
            String wrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
            for (String[] command : new String[][] {{"LPUSH", "s", "a"}, {"RPUSHX", "s", "a"}, {"LPOP", "s"},
                    {"LLEN", "s"}, {"LRANGE", "s", "0", "1"}, {"LINDEX", "s", "0"}, {"LSET", "s", "0", "a"},
                    {"LINSERT", "s", "BEFORE", "a", "b"}, {"LREM", "s", "0", "a"}, {"LTRIM", "s", "0", "1"},
                    {"LPOS", "s", "a"}, {"RPOPLPUSH", "s", "d"}, {"LMPOP", "1", "s", "LEFT"}}) {
                assertEquals(wrongType, c.call(command), String.join(" ", command));
            }
            c.call("RPUSH", "l", "a");
            assertEquals("+list\r\n", call(c, "TYPE", "l"));
        }
    }

    @Test
    void jedisQueuesAndCappedLists() {
        Jedis jedis = cinnabar.jedis();
        // a work queue with a processing list, as reliable queues do it
        jedis.lpush("jobs", "j1", "j2", "j3");
        assertEquals("j1", jedis.lmove("jobs", "processing", ListDirection.RIGHT, ListDirection.LEFT));
        assertEquals("j2", jedis.rpoplpush("jobs", "processing"));
        assertEquals(List.of("j2", "j1"), jedis.lrange("processing", 0, -1));
        assertEquals(1, jedis.lrem("processing", 1, "j1"));
        // a capped log
        for (int i = 0; i < 150; i++) {
            jedis.lpush("log", "entry:" + i);
            jedis.ltrim("log", 0, 99);
        }
        assertEquals(100, jedis.llen("log"));
        assertEquals("entry:149", jedis.lindex("log", 0));
        assertEquals("entry:50", jedis.lindex("log", -1));
        assertEquals(Long.valueOf(3), jedis.lpos("log", "entry:146"));
        assertEquals(List.of(0L), jedis.lpos("log", "entry:149", LPosParams.lPosParams().rank(1), 5));
        assertEquals(101, jedis.linsert("log", ListPosition.AFTER, "entry:149", "marker"));
        assertEquals("marker", jedis.lindex("log", 1));
        jedis.lset("log", 1, "changed");
        assertEquals(List.of("entry:149", "changed"), jedis.lrange("log", 0, 1));
        KeyValue<String, List<String>> popped = jedis.lmpop(ListDirection.LEFT, 2, "none", "log");
        assertEquals("log", popped.getKey());
        assertEquals(List.of("entry:149", "changed"), popped.getValue());
        assertEquals(List.of("entry:50", "entry:51"), jedis.rpop("log", 2));
        assertNull(jedis.lpop("none"));
        assertEquals(1, jedis.lrem("processing", 0, "j2"));
        assertFalse(jedis.exists("processing"), "an emptied list is deleted");
        jedis.set("text", "x");
        assertThrows(JedisDataException.class, () -> jedis.rpush("text", "a"));
    }
}
