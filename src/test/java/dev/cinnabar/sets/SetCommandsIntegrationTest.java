package dev.cinnabar.sets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.Differential;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.RespTree;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The set commands over raw RESP, in RESP2 and RESP3, against replies recorded from Redis 7.2 (whose set
 * encodings, listpack included, the installed reference may predate). Expected replies are written compactly:
 * {@code :3} an integer, {@code +OK} a status, {@code -ERR ...} an error, {@code nil} the null reply,
 * {@code ~a b c} a set of bulk strings (an array in RESP2), {@code *a b} an array of bulk strings, {@code *:1 0}
 * an array of integers, {@code @0 a b} an SSCAN reply (cursor, then members), anything else one bulk string
 * ({@code $} prefixing one that would read as something else).
 * Members of hashtables come in an unspecified order and are compared sorted ({@link #checkSorted}).
 */
class SetCommandsIntegrationTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();

    private RespConnection connection;
    private int protocol;

    /** A fresh connection in the protocol, after FLUSHALL and with the default encoding limits. */
    private RespConnection open(int protocol) throws IOException {
        this.protocol = protocol;
        connection = cinnabar.connect();
        connection.call("HELLO", String.valueOf(protocol));
        connection.call("FLUSHALL");
        resetLimits(connection);
        return connection;
    }

    @AfterEach
    void close() throws IOException {
        if (connection == null) return;
        resetLimits(connection);
        connection.close();
    }

    private static void resetLimits(RespConnection c) throws IOException {
        c.call("CONFIG", "SET", "set-max-intset-entries", "512");
        c.call("CONFIG", "SET", "set-max-listpack-entries", "128");
        c.call("CONFIG", "SET", "set-max-listpack-value", "64");
    }

    private void check(RespConnection c, String expected, String... cmd) throws IOException {
        assertEquals(Differential.printable(resp(expected)), Differential.printable(c.call(cmd)),
                String.join(" ", cmd));
    }

    /** Like {@link #check} for a reply whose elements come in hash order: same type and elements, any order. */
    private void checkSorted(RespConnection c, String expected, String... cmd) throws IOException {
        RespTree want = RespTree.parse(resp(expected)), got = RespTree.parse(c.call(cmd));
        assertEquals(want.type(), got.type(), String.join(" ", cmd));
        assertEquals(new TreeSet<>(want.strings()), new TreeSet<>(got.strings()), String.join(" ", cmd));
        assertEquals(want.strings().size(), got.strings().size(), String.join(" ", cmd));
    }

    /** Single SPOPs empty the set, in some order, and then the key is gone. */
    private void checkPopsAll(RespConnection c, String key, String... members) throws IOException {
        List<String> popped = new ArrayList<>();
        for (int i = 0; i < members.length; i++) popped.add(RespTree.parse(c.call("SPOP", key)).text());
        assertEquals(new TreeSet<>(List.of(members)), new TreeSet<>(popped));
        check(c, ":0", "EXISTS", key);
    }

    private String resp(String compact) {
        if (compact.equals("nil")) return protocol == 3 ? "_\r\n" : "$-1\r\n";
        char first = compact.charAt(0);
        if (first == ':' || first == '+' || first == '-') return compact + "\r\n";
        if (first == '$') return bulk(compact.substring(1));
        if (first == '@') {
            String[] parts = compact.substring(1).split(" ", 2);
            return "*2\r\n" + bulk(parts[0]) + resp("*" + (parts.length > 1 ? parts[1] : ""));
        }
        if (first == '~' || first == '*') {
            char type = first == '~' && protocol == 3 ? '~' : '*';
            String body = compact.substring(1);
            if (body.isEmpty()) return type + "0\r\n";
            boolean integers = body.startsWith(":");
            List<String> items = Arrays.asList((integers ? body.substring(1) : body).split(" ", -1));
            StringBuilder sb = new StringBuilder().append(type).append(items.size()).append("\r\n");
            for (String item : items) sb.append(integers ? ":" + item + "\r\n" : bulk(item));
            return sb.toString();
        }
        return bulk(compact);
    }

    private static String bulk(String s) {
        return "$" + s.length() + "\r\n" + s + "\r\n";
    }

    /** SADD, SREM, SCARD, SISMEMBER, SMISMEMBER, SMEMBERS; an emptied set is deleted; WRONGTYPE. */
    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void basicsAndWrongType(int protocol) throws IOException {
        RespConnection c = open(protocol);
        check(c, ":3", "sadd", "s", "3", "1", "2", "2");
        check(c, ":1", "sadd", "s", "2", "4");
        check(c, ":4", "scard", "s");
        check(c, ":1", "sismember", "s", "4");
        check(c, ":0", "sismember", "s", "5");
        check(c, ":0", "sismember", "nokey", "1");
        check(c, "*:1 0 1", "smismember", "s", "1", "5", "4");
        check(c, "*:0 0", "smismember", "nokey", "1", "2");
        check(c, "~1 2 3 4", "smembers", "s");
        check(c, "+set", "type", "s");
        check(c, "intset", "object", "encoding", "s");
        check(c, ":2", "srem", "s", "1", "9", "3");
        check(c, ":0", "srem", "nokey", "a");
        check(c, "~2 4", "smembers", "s");
        check(c, ":2", "srem", "s", "2", "4", "5");
        check(c, ":0", "exists", "s");
        check(c, ":0", "scard", "s");
        check(c, "~", "smembers", "s");
        check(c, "+OK", "set", "str", "x");
        check(c, "-WRONGTYPE Operation against a key holding the wrong kind of value", "sadd", "str", "a");
        check(c, "-WRONGTYPE Operation against a key holding the wrong kind of value", "srem", "str", "a");
        check(c, "-WRONGTYPE Operation against a key holding the wrong kind of value", "sismember", "str", "a");
        check(c, "-WRONGTYPE Operation against a key holding the wrong kind of value", "smismember", "str", "a");
        check(c, "-WRONGTYPE Operation against a key holding the wrong kind of value", "scard", "str");
        check(c, "-WRONGTYPE Operation against a key holding the wrong kind of value", "smembers", "str");
        check(c, "-WRONGTYPE Operation against a key holding the wrong kind of value", "smove", "str", "s", "a");
        check(c, ":1", "sadd", "s", "");
        assertEquals((protocol == 3 ? "~" : "*") + "1\r\n$0\r\n\r\n", c.call("smembers", "s"));   // the empty member
        check(c, ":1", "sismember", "s", "");
    }

    /** Intsets keep members sorted whatever their width, take only canonical integers, and convert by Redis 7.2's rules (to listpack when the listpack limits allow, else to hashtable; up front when SADD brings more members than the limit). */
    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void intsetEncoding(int protocol) throws IOException {
        RespConnection c = open(protocol);
        check(c, ":6", "sadd", "i", "5", "-3", "100", "0", "-32768", "32767");
        check(c, "~-32768 -3 0 5 100 32767", "smembers", "i");
        check(c, "intset", "object", "encoding", "i");
        check(c, ":2", "sadd", "i", "2147483647", "-2147483648");
        check(c, "~-2147483648 -32768 -3 0 5 100 32767 2147483647", "smembers", "i");
        check(c, ":2", "sadd", "i", "9223372036854775807", "-9223372036854775808");
        check(c, "~-9223372036854775808 -2147483648 -32768 -3 0 5 100 32767 2147483647 9223372036854775807", "smembers", "i");
        check(c, "intset", "object", "encoding", "i");
        check(c, ":3", "srem", "i", "9223372036854775807", "-9223372036854775808", "0");
        check(c, "~-2147483648 -32768 -3 5 100 32767 2147483647", "smembers", "i");
        check(c, ":1", "sadd", "i", "9223372036854775808");
        check(c, "listpack", "object", "encoding", "i");
        check(c, "~-2147483648 -32768 -3 5 100 32767 2147483647 9223372036854775808", "smembers", "i");
        check(c, ":2", "sadd", "j", "1", "2");
        check(c, ":1", "sadd", "j", "007");
        check(c, "listpack", "object", "encoding", "j");
        check(c, "~1 2 007", "smembers", "j");
        check(c, ":2", "sadd", "k", "1", "2");
        check(c, ":3", "sadd", "k", "+5", "-0", "1.0");
        check(c, "~1 2 +5 -0 1.0", "smembers", "k");
        check(c, "listpack", "object", "encoding", "k");
        check(c, ":1", "sismember", "k", "1");
        check(c, ":0", "sismember", "k", "01");
        check(c, "+OK", "config", "set", "set-max-intset-entries", "3");
        check(c, ":3", "sadd", "l", "1", "2", "3");
        check(c, "intset", "object", "encoding", "l");
        check(c, ":1", "sadd", "l", "4");
        check(c, "hashtable", "object", "encoding", "l");
        checkSorted(c, "~1 4 2 3", "smembers", "l");
        check(c, ":1", "sadd", "m", "1");
        check(c, ":0", "sadd", "m", "1", "1", "1", "1");
        check(c, "hashtable", "object", "encoding", "m");
        check(c, ":1", "sadd", "n", "1", "1", "1", "1");
        check(c, "listpack", "object", "encoding", "n");
        check(c, ":6", "sadd", "o", "x", "1", "2", "3", "4", "5");
        check(c, "listpack", "object", "encoding", "o");
        check(c, "+OK", "config", "set", "set-max-listpack-entries", "3");
        check(c, ":2", "sadd", "p", "1", "2");
        check(c, ":2", "sadd", "p", "3", "4");
        check(c, "hashtable", "object", "encoding", "p");
        check(c, ":3", "sadd", "q", "1", "2", "3");
        check(c, ":1", "sadd", "q", "a");
        check(c, "hashtable", "object", "encoding", "q");
        check(c, ":2", "sadd", "r", "1", "2");
        check(c, ":1", "sadd", "r", "a");
        check(c, "listpack", "object", "encoding", "r");
        check(c, "~1 2 a", "smembers", "r");
        check(c, "+OK", "config", "set", "set-max-listpack-entries", "128");
        check(c, "+OK", "config", "set", "set-max-listpack-value", "4");
        check(c, ":2", "sadd", "t", "12345", "1");
        check(c, ":1", "sadd", "t", "a");
        check(c, "hashtable", "object", "encoding", "t");
        check(c, ":2", "sadd", "u", "-1234", "1");
        check(c, ":1", "sadd", "u", "a");
        check(c, "hashtable", "object", "encoding", "u");
        checkSorted(c, "~1 a -1234", "smembers", "u");
        check(c, ":1", "sadd", "v", "1");
        check(c, ":1", "sadd", "v", "abcde");
        check(c, "hashtable", "object", "encoding", "v");
        check(c, "+OK", "config", "set", "set-max-listpack-value", "0");
        check(c, ":1", "sadd", "w", "1");
        check(c, ":1", "sadd", "w", "");
        check(c, "hashtable", "object", "encoding", "w");
    }

    /** Listpacks keep insertion order and convert to hashtables past set-max-listpack-entries or -value, read at each write. */
    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void listpackEncoding(int protocol) throws IOException {
        RespConnection c = open(protocol);
        check(c, "+OK", "config", "set", "set-max-listpack-entries", "4");
        check(c, "+OK", "config", "set", "set-max-listpack-value", "8");
        check(c, ":3", "sadd", "l", "d", "b", "c");
        check(c, "~d b c", "smembers", "l");
        check(c, "listpack", "object", "encoding", "l");
        check(c, ":1", "srem", "l", "b");
        check(c, ":2", "sadd", "l", "a", "b");
        check(c, "~d c a b", "smembers", "l");
        check(c, "listpack", "object", "encoding", "l");
        check(c, ":1", "sadd", "l", "e");
        check(c, "hashtable", "object", "encoding", "l");
        check(c, ":5", "scard", "l");
        check(c, ":1", "sadd", "m", "abcdefgh");
        check(c, "listpack", "object", "encoding", "m");
        check(c, ":1", "sadd", "m", "abcdefghi");
        check(c, "hashtable", "object", "encoding", "m");
        check(c, ":5", "sadd", "n", "a", "b", "c", "d", "e");
        check(c, "hashtable", "object", "encoding", "n");
        check(c, ":1", "sadd", "o", "a");
        check(c, ":4", "sadd", "o", "1", "2", "3", "4");
        check(c, "hashtable", "object", "encoding", "o");
        check(c, ":2", "sadd", "p", "1", "a");
        check(c, "listpack", "object", "encoding", "p");
        check(c, "~1 a", "smembers", "p");
        check(c, "+OK", "config", "set", "set-max-listpack-entries", "2");
        check(c, ":1", "sadd", "p", "b");
        check(c, "hashtable", "object", "encoding", "p");
    }

    /** SMOVE: missing source before the destination's type, same key, destination created with a one-member SADD's encoding. */
    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void smove(int protocol) throws IOException {
        RespConnection c = open(protocol);
        check(c, ":3", "sadd", "a", "1", "2", "3");
        check(c, ":2", "sadd", "b", "x", "y");
        check(c, ":1", "smove", "a", "b", "2");
        check(c, "~1 3", "smembers", "a");
        check(c, "~x y 2", "smembers", "b");
        check(c, "listpack", "object", "encoding", "b");
        check(c, ":0", "smove", "a", "b", "9");
        check(c, ":0", "smove", "nokey", "b", "1");
        check(c, ":1", "smove", "a", "a", "1");
        check(c, ":0", "smove", "a", "a", "9");
        check(c, ":1", "smove", "a", "c", "1");
        check(c, "~1", "smembers", "c");
        check(c, "intset", "object", "encoding", "c");
        check(c, ":1", "smove", "b", "d", "x");
        check(c, "listpack", "object", "encoding", "d");
        check(c, ":1", "smove", "a", "c", "3");
        check(c, ":0", "exists", "a");
        check(c, "~1 3", "smembers", "c");
        check(c, ":1", "smove", "c", "b", "1");
        check(c, "~y 2 1", "smembers", "b");
        check(c, ":1", "sadd", "e", "5");
        check(c, ":0", "smove", "e", "b", "y");
        check(c, "~5", "smembers", "e");
        check(c, "+OK", "set", "str", "v");
        check(c, "-WRONGTYPE Operation against a key holding the wrong kind of value", "smove", "str", "b", "1");
        check(c, "-WRONGTYPE Operation against a key holding the wrong kind of value", "smove", "b", "str", "x");
        check(c, ":0", "smove", "nokey", "str", "x");
        check(c, ":0", "smove", "b", "b", "x");
        check(c, "+OK", "config", "set", "set-max-listpack-value", "3");
        check(c, ":1", "sadd", "f", "abcd");
        check(c, "hashtable", "object", "encoding", "f");
        check(c, ":1", "smove", "f", "g", "abcd");
        check(c, "hashtable", "object", "encoding", "g");
        check(c, "+OK", "config", "set", "set-max-intset-entries", "0");
        check(c, ":1", "sadd", "h", "7");
        check(c, "listpack", "object", "encoding", "h");
        check(c, ":1", "smove", "h", "i", "7");
        check(c, "listpack", "object", "encoding", "i");
    }

    /** SPOP without and with count: null and empty-set replies, errors, whole-set pops in SUNION order deleting the key. */
    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void spopShapesAndErrors(int protocol) throws IOException {
        RespConnection c = open(protocol);
        check(c, "nil", "spop", "nokey");
        check(c, "~", "spop", "nokey", "0");
        check(c, "~", "spop", "nokey", "5");
        check(c, "-ERR value is out of range, must be positive", "spop", "nokey", "-1");
        check(c, "-ERR value is out of range, must be positive", "spop", "nokey", "abc");
        check(c, ":3", "sadd", "s", "1", "2", "3");
        check(c, "~", "spop", "s", "0");
        check(c, "-ERR value is out of range, must be positive", "spop", "s", "-1");
        check(c, "-ERR value is out of range, must be positive", "spop", "s", "1.5");
        check(c, "-ERR value is out of range, must be positive", "spop", "s", "9223372036854775808");
        check(c, "-ERR syntax error", "spop", "s", "1", "2");
        check(c, "~1 2 3", "spop", "s", "3");
        check(c, ":0", "exists", "s");
        check(c, ":3", "sadd", "s", "3", "1", "2");
        check(c, "~1 2 3", "spop", "s", "10");
        check(c, ":0", "exists", "s");
        check(c, ":3", "sadd", "l", "c", "a", "b");
        check(c, "~c a b", "spop", "l", "3");
        check(c, ":4", "sadd", "m", "5", "x", "1", "y");
        check(c, "~5 x 1 y", "spop", "m", "4");
        check(c, ":6", "sadd", "n", "1", "2", "3", "x", "4", "5");
        check(c, "~1 2 3 x 4 5", "spop", "n", "100");
        check(c, ":2", "sadd", "o", "a", "1");
        checkPopsAll(c, "o", "a", "1");
        check(c, ":0", "exists", "o");
        check(c, "+OK", "set", "str", "v");
        check(c, "-WRONGTYPE Operation against a key holding the wrong kind of value", "spop", "str");
        check(c, "-WRONGTYPE Operation against a key holding the wrong kind of value", "spop", "str", "2");
        check(c, "-ERR value is out of range, must be positive", "spop", "str", "-1");
        check(c, "+OK", "config", "set", "set-max-listpack-entries", "3");
        check(c, ":6", "sadd", "p", "1", "2", "a", "3", "4", "5");
        check(c, "hashtable", "object", "encoding", "p");
        checkSorted(c, "~5 a 3 1 4 2", "spop", "p", "6");
        check(c, ":6", "sadd", "q", "5", "4", "b", "3", "2", "1");
        checkSorted(c, "~4 5 3 b 1 2", "spop", "q", "10");
    }

    /** SRANDMEMBER: null and empty-array replies, count range errors, whole set in its order. */
    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void srandmemberShapesAndErrors(int protocol) throws IOException {
        RespConnection c = open(protocol);
        check(c, "nil", "srandmember", "nokey");
        check(c, "*", "srandmember", "nokey", "0");
        check(c, "*", "srandmember", "nokey", "5");
        check(c, "*", "srandmember", "nokey", "-5");
        check(c, "-ERR value is not an integer or out of range", "srandmember", "nokey", "abc");
        check(c, "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807", "srandmember", "nokey", "-9223372036854775808");
        check(c, ":3", "sadd", "s", "3", "1", "2");
        check(c, "*", "srandmember", "s", "0");
        check(c, "*1 2 3", "srandmember", "s", "3");
        check(c, "*1 2 3", "srandmember", "s", "100");
        check(c, "*1 2 3", "srandmember", "s", "9223372036854775807");
        check(c, "-ERR value is not an integer or out of range", "srandmember", "s", "abc");
        check(c, "-ERR value is not an integer or out of range", "srandmember", "s", "1.0");
        check(c, "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807", "srandmember", "s", "-9223372036854775808");
        check(c, "-ERR value is not an integer or out of range", "srandmember", "s", "9223372036854775808");
        check(c, "-ERR syntax error", "srandmember", "s", "1", "2");
        check(c, ":3", "sadd", "l", "c", "a", "b");
        check(c, "*c a b", "srandmember", "l", "3");
        check(c, "*c a b", "srandmember", "l", "5");
        check(c, "+OK", "set", "str", "v");
        check(c, "-WRONGTYPE Operation against a key holding the wrong kind of value", "srandmember", "str");
        check(c, "-WRONGTYPE Operation against a key holding the wrong kind of value", "srandmember", "str", "2");
        check(c, "-ERR value is not an integer or out of range", "srandmember", "str", "abc");
    }

    /** SINTER, SINTERCARD, SINTERSTORE, SUNION(STORE), SDIFF(STORE): member order of compact results, errors, WRONGTYPE after missing keys, stores overwriting and deleting. */
    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void setAlgebra(int protocol) throws IOException {
        RespConnection c = open(protocol);
        check(c, ":4", "sadd", "a", "5", "1", "3", "2");
        check(c, ":4", "sadd", "b", "3", "5", "7", "1");
        check(c, ":4", "sadd", "c", "x", "3", "y", "1");
        check(c, "~1 3 5", "sinter", "a", "b");
        check(c, "~1 3 5", "sinter", "b", "a");
        check(c, "~1 3", "sinter", "a", "c");
        check(c, "~3 1", "sinter", "c", "a");
        check(c, "~3 1", "sinter", "c", "b", "a");
        check(c, "~", "sinter", "a", "nokey");
        check(c, "~", "sinter", "nokey", "a");
        check(c, "~1 2 3 5", "sinter", "a");
        check(c, "~1 2 3 5", "sinter", "a", "a");
        check(c, ":3", "sinterstore", "d", "a", "b");
        check(c, "intset", "object", "encoding", "d");
        check(c, "~1 3 5", "smembers", "d");
        check(c, ":2", "sinterstore", "d", "c", "a");
        check(c, "intset", "object", "encoding", "d");
        check(c, "~1 3", "smembers", "d");
        check(c, ":4", "sinterstore", "d", "c", "c");
        check(c, "listpack", "object", "encoding", "d");
        check(c, "~x 3 y 1", "smembers", "d");
        check(c, ":0", "sinterstore", "d", "a", "nokey");
        check(c, ":0", "exists", "d");
        check(c, ":4", "sinterstore", "a", "a", "a");
        check(c, "~1 2 3 5", "smembers", "a");
        check(c, ":4", "sintercard", "1", "a");
        check(c, ":3", "sintercard", "2", "a", "b");
        check(c, ":1", "sintercard", "2", "a", "b", "limit", "1");
        check(c, ":3", "sintercard", "2", "a", "b", "limit", "0");
        check(c, ":2", "sintercard", "2", "a", "b", "LIMIT", "2");
        check(c, ":0", "sintercard", "2", "a", "nokey");
        check(c, ":0", "sintercard", "1", "nokey");
        check(c, "-ERR numkeys should be greater than 0", "sintercard", "0", "a");
        check(c, "-ERR numkeys should be greater than 0", "sintercard", "-1", "a");
        check(c, "-ERR numkeys should be greater than 0", "sintercard", "abc", "a");
        check(c, "-ERR Number of keys can't be greater than number of args", "sintercard", "3", "a", "b");
        check(c, "-ERR numkeys should be greater than 0", "sintercard", "9223372036854775808", "a");
        check(c, "-ERR syntax error", "sintercard", "1", "a", "limit");
        check(c, "-ERR LIMIT can't be negative", "sintercard", "1", "a", "limit", "-1");
        check(c, "-ERR LIMIT can't be negative", "sintercard", "1", "a", "limit", "abc");
        check(c, ":2", "sintercard", "1", "a", "limit", "1", "limit", "2");
        check(c, "-ERR syntax error", "sintercard", "1", "a", "foo");
        check(c, ":0", "sintercard", "2", "a", "limit");
        check(c, "~1 2 3 5 7", "sunion", "a", "b");
        check(c, "~x 3 y 1 2 5", "sunion", "c", "a");
        check(c, "~1 2 3 5 x y", "sunion", "a", "c");
        check(c, "~1 2 3 5", "sunion", "nokey", "a");
        check(c, "~", "sunion", "nokey");
        check(c, ":6", "sunionstore", "u", "a", "c");
        check(c, "listpack", "object", "encoding", "u");
        check(c, "~1 2 3 5 x y", "smembers", "u");
        check(c, ":5", "sunionstore", "u", "a", "b");
        check(c, "intset", "object", "encoding", "u");
        check(c, "~1 2 3 5 7", "smembers", "u");
        check(c, ":0", "sunionstore", "u", "nokey");
        check(c, ":0", "exists", "u");
        check(c, "~2", "sdiff", "a", "b");
        check(c, "~x y", "sdiff", "c", "a");
        check(c, "~2 5", "sdiff", "a", "c");
        check(c, "~1 2 3 5", "sdiff", "a", "nokey");
        check(c, "~", "sdiff", "nokey", "a");
        check(c, "~", "sdiff", "a", "a");
        check(c, "~", "sdiff", "a", "b", "a");
        check(c, ":2", "sdiffstore", "e", "c", "a");
        check(c, "listpack", "object", "encoding", "e");
        check(c, "~x y", "smembers", "e");
        check(c, ":2", "sdiffstore", "e", "a", "c");
        check(c, "intset", "object", "encoding", "e");
        check(c, "~2 5", "smembers", "e");
        check(c, ":0", "sdiffstore", "e", "a", "a");
        check(c, ":0", "exists", "e");
        check(c, "+OK", "set", "str", "v");
        check(c, "-WRONGTYPE Operation against a key holding the wrong kind of value", "sinter", "a", "str");
        check(c, "-WRONGTYPE Operation against a key holding the wrong kind of value", "sinter", "nokey", "str");
        check(c, "-WRONGTYPE Operation against a key holding the wrong kind of value", "sintercard", "2", "nokey", "str");
        check(c, "-WRONGTYPE Operation against a key holding the wrong kind of value", "sinterstore", "d", "nokey", "str");
        check(c, "-WRONGTYPE Operation against a key holding the wrong kind of value", "sunion", "a", "str");
        check(c, "-WRONGTYPE Operation against a key holding the wrong kind of value", "sunionstore", "u", "str");
        check(c, "-WRONGTYPE Operation against a key holding the wrong kind of value", "sdiff", "str", "a");
        check(c, "-WRONGTYPE Operation against a key holding the wrong kind of value", "sdiff", "nokey", "str");
        check(c, "-WRONGTYPE Operation against a key holding the wrong kind of value", "sdiffstore", "e", "a", "str");
        check(c, ":3", "sinterstore", "str", "a", "b");
        check(c, "+set", "type", "str");
        check(c, "~1 3 5", "smembers", "str");
        check(c, ":1", "sadd", "str2", "z");
        check(c, "+OK", "set", "str2", "v");
        check(c, ":4", "sunionstore", "str2", "a");
        check(c, "+set", "type", "str2");
        check(c, ":0", "sdiffstore", "str2", "nokey");
        check(c, ":0", "exists", "str2");
        check(c, "+OK", "set", "str3", "v");
        check(c, ":0", "sinterstore", "str3", "nokey", "a");
        check(c, ":0", "exists", "str3");
    }

    /** Encodings of stored results: intersections become intsets when all integers; unions and differences grow from an intset; SDIFF's algorithm choice shows in the encoding. */
    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void storedResultEncodings(int protocol) throws IOException {
        RespConnection c = open(protocol);
        check(c, "+OK", "config", "set", "set-max-intset-entries", "4");
        check(c, "+OK", "config", "set", "set-max-listpack-entries", "6");
        check(c, "+OK", "config", "set", "set-max-listpack-value", "5");
        check(c, ":12", "sadd", "big", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12");
        check(c, ":1", "sadd", "big", "x");
        check(c, ":3", "sadd", "small", "1", "2", "3");
        check(c, ":3", "sinterstore", "d", "big", "small");
        check(c, "intset", "object", "encoding", "d");
        check(c, ":3", "sinterstore", "d", "small", "big");
        check(c, "intset", "object", "encoding", "d");
        check(c, ":1", "srem", "big", "x");
        check(c, ":12", "sinterstore", "d", "big", "big");
        check(c, "hashtable", "object", "encoding", "d");
        check(c, ":3", "sadd", "mixed", "1", "2", "x");
        check(c, ":3", "sinterstore", "d", "mixed", "mixed");
        check(c, "listpack", "object", "encoding", "d");
        check(c, "~1 2 x", "smembers", "d");
        check(c, ":5", "sadd", "ints", "1", "2", "3", "4", "5");
        check(c, "listpack", "object", "encoding", "ints");
        check(c, ":5", "sunionstore", "u", "ints");
        check(c, "hashtable", "object", "encoding", "u");
        check(c, ":4", "sunionstore", "u", "small", "mixed");
        check(c, "listpack", "object", "encoding", "u");
        check(c, "~1 2 3 x", "smembers", "u");
        check(c, ":1", "sadd", "longint", "123456");
        check(c, ":4", "sunionstore", "u", "longint", "mixed");
        check(c, "hashtable", "object", "encoding", "u");
        check(c, ":4", "sunionstore", "u", "mixed", "longint");
        check(c, "hashtable", "object", "encoding", "u");
        checkSorted(c, "~1 123456 x 2", "smembers", "u");
        check(c, ":6", "sadd", "p1", "a", "b", "c", "d", "e", "f");
        check(c, ":5", "sadd", "p2", "a", "b", "c", "d", "e");
        check(c, ":1", "sdiffstore", "q", "p1", "p2");
        check(c, "listpack", "object", "encoding", "q");
        check(c, "~f", "smembers", "q");
        check(c, ":12", "sadd", "n1", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12");
        check(c, ":20", "sadd", "n2", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "13", "14", "15", "16", "17", "18", "19", "20", "21");
        check(c, ":1", "sdiffstore", "q", "n1", "n2");
        check(c, "intset", "object", "encoding", "q");
        check(c, "~12", "smembers", "q");
        check(c, ":1", "sdiffstore", "q", "n1", "nokey", "n2");
        check(c, "intset", "object", "encoding", "q");
    }

    /** SSCAN: cursor checked first, then the key, then the options; compact sets answer everything with cursor 0. */
    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void sscan(int protocol) throws IOException {
        RespConnection c = open(protocol);
        check(c, ":5", "sadd", "i", "3", "1", "2", "10", "20");
        check(c, "@0 1 2 3 10 20", "sscan", "i", "0");
        check(c, "@0 1 10", "sscan", "i", "0", "match", "1*");
        check(c, "@0 10 20", "sscan", "i", "0", "MATCH", "*0", "COUNT", "1");
        check(c, "@0 1 2 3 10 20", "sscan", "i", "0", "count", "100");
        check(c, "@0 1 2 3 10 20", "sscan", "i", "5");
        check(c, "@0 1 2 3 10 20", "sscan", "i", "18446744073709551615");
        check(c, "-ERR invalid cursor", "sscan", "i", "18446744073709551616");
        check(c, "@0 1 2 3 10 20", "sscan", "i", "-1");
        check(c, "-ERR invalid cursor", "sscan", "i", "abc");
        check(c, "@0 1 2 3 10 20", "sscan", "i", "");
        check(c, "-ERR syntax error", "sscan", "i", "0", "count", "0");
        check(c, "-ERR syntax error", "sscan", "i", "0", "count", "-1");
        check(c, "-ERR value is not an integer or out of range", "sscan", "i", "0", "count", "abc");
        check(c, "-ERR syntax error", "sscan", "i", "0", "match");
        check(c, "-ERR syntax error", "sscan", "i", "0", "type", "set");
        check(c, "-ERR syntax error", "sscan", "i", "0", "foo", "bar");
        check(c, ":4", "sadd", "l", "b", "a", "c", "ab");
        check(c, "@0 b a c ab", "sscan", "l", "0");
        check(c, "@0 a ab", "sscan", "l", "0", "match", "a*");
        check(c, "@0 b a", "sscan", "l", "0", "match", "[ab]");
        check(c, "@0 b a c ab", "sscan", "l", "0", "match", "*");
        check(c, "@0", "sscan", "nokey", "0");
        check(c, "@0", "sscan", "nokey", "0", "count", "0");
        check(c, "-ERR invalid cursor", "sscan", "nokey", "abc");
        check(c, "+OK", "set", "str", "v");
        check(c, "-WRONGTYPE Operation against a key holding the wrong kind of value", "sscan", "str", "0");
        check(c, "-ERR invalid cursor", "sscan", "str", "abc");
        check(c, "-WRONGTYPE Operation against a key holding the wrong kind of value", "sscan", "str", "0", "count", "0");
    }

    /** Wrong numbers of arguments. */
    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void arity(int protocol) throws IOException {
        RespConnection c = open(protocol);
        check(c, "-ERR wrong number of arguments for 'sadd' command", "sadd", "s");
        check(c, "-ERR wrong number of arguments for 'sadd' command", "sadd");
        check(c, "-ERR wrong number of arguments for 'srem' command", "srem", "s");
        check(c, "-ERR wrong number of arguments for 'sismember' command", "sismember", "s");
        check(c, "-ERR wrong number of arguments for 'sismember' command", "sismember", "s", "a", "b");
        check(c, "-ERR wrong number of arguments for 'smismember' command", "smismember", "s");
        check(c, "-ERR wrong number of arguments for 'scard' command", "scard");
        check(c, "-ERR wrong number of arguments for 'scard' command", "scard", "s", "t");
        check(c, "-ERR wrong number of arguments for 'smembers' command", "smembers");
        check(c, "-ERR wrong number of arguments for 'smembers' command", "smembers", "s", "t");
        check(c, "-ERR wrong number of arguments for 'spop' command", "spop");
        check(c, "-ERR wrong number of arguments for 'srandmember' command", "srandmember");
        check(c, "-ERR wrong number of arguments for 'smove' command", "smove", "s", "t");
        check(c, "-ERR wrong number of arguments for 'smove' command", "smove", "s", "t", "a", "b");
        check(c, "-ERR wrong number of arguments for 'sinter' command", "sinter");
        check(c, "-ERR wrong number of arguments for 'sinterstore' command", "sinterstore", "d");
        check(c, "-ERR wrong number of arguments for 'sintercard' command", "sintercard", "1");
        check(c, "-ERR wrong number of arguments for 'sunion' command", "sunion");
        check(c, "-ERR wrong number of arguments for 'sunionstore' command", "sunionstore", "d");
        check(c, "-ERR wrong number of arguments for 'sdiff' command", "sdiff");
        check(c, "-ERR wrong number of arguments for 'sdiffstore' command", "sdiffstore", "d");
        check(c, "-ERR wrong number of arguments for 'sscan' command", "sscan", "s");
    }
}
