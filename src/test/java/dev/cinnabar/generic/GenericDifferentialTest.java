package dev.cinnabar.generic;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.testing.Differential;
import dev.cinnabar.testing.RealRedis;
import dev.cinnabar.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

/** The generic key commands compared byte for byte with a real redis-server, over RESP2 and RESP3. */
class GenericDifferentialTest {
    static CinnabarServer cinnabar;
    static RealRedis redis;

    @BeforeAll
    static void start() throws Exception {
        cinnabar = TestServer.start();
        redis = RealRedis.start();
    }

    @AfterAll
    static void stop() {
        if (cinnabar != null) cinnabar.close();
        if (redis != null) redis.close();
    }

    private static Differential diff(int protocol) {
        return Differential.forProtocol(cinnabar.port(), redis.port(), protocol);
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void delExistsTypeTouch(int protocol) throws Exception {
        diff(protocol).assertSameReplies("""
                DEL
                DEL nokey
                SET a 1
                SET b 2
                DEL a b c a
                EXISTS a
                SET a 1
                EXISTS a a b nokey
                EXISTS
                TYPE a
                TYPE nokey
                TYPE
                TYPE a b
                TOUCH a nokey a
                TOUCH
                UNLINK a nokey
                UNLINK
                EXISTS a
                DBSIZE
                DBSIZE x
                """);
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void renameAndRenamenx(int protocol) throws Exception {
        diff(protocol).assertSameReplies("""
                RENAME nokey x
                RENAMENX nokey x
                SET a 1
                RENAME a a
                RENAMENX a a
                RENAME a b
                GET a
                GET b
                SET c 3
                RENAMENX b c
                RENAMENX b d
                GET d
                RENAME d c
                GET c
                EXISTS d
                SET e 5
                EXPIRE e 100
                RENAME e f
                TTL f
                TTL e
                SET g 1
                RENAME f g
                TTL g
                RENAME a
                RENAME a b c
                RENAMENX a
                """);
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void move(int protocol) throws Exception {
        diff(protocol).assertSameReplies("""
                MOVE nokey 1
                SET a 1
                MOVE a 1
                MOVE a 1
                EXISTS a
                SELECT 1
                GET a
                MOVE a 0
                SELECT 0
                GET a
                MOVE a 0
                MOVE nokey 0
                MOVE a 16
                MOVE a -1
                MOVE a abc
                MOVE a 99999999999
                MOVE a 2147483648
                MOVE a -2147483649
                SET e 1
                EXPIRE e 100
                MOVE e 2
                SELECT 2
                TTL e
                SELECT 3
                SET x 3
                SELECT 0
                SET x 0
                MOVE x 3
                GET x
                SELECT 3
                GET x
                FLUSHDB
                MOVE
                MOVE a
                MOVE a 1 2
                """);
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void copy(int protocol) throws Exception {
        diff(protocol).assertSameReplies("""
                COPY a b
                SET a 1
                COPY a a
                COPY a b
                COPY a b
                SET a 2
                COPY a b REPLACE
                GET b
                COPY a b DB
                COPY a b DB 1
                COPY a b DB 1
                COPY a a DB 1
                COPY a a DB 0
                COPY a b db 1 replace
                COPY a b REPLACE DB 1 REPLACE
                COPY a b DB 16
                COPY a b DB -1
                COPY a b DB x
                COPY a b DB 99999999999
                COPY a b DB 0 REPLACE x
                COPY a b foo
                COPY a b DB 1 DB 2
                COPY nokey a DB 1 REPLACE
                SELECT 1
                GET a
                GET b
                SELECT 2
                GET b
                SELECT 0
                EXPIRE a 100
                COPY a c
                TTL c
                COPY a c DB 3 REPLACE
                SELECT 3
                TTL c
                COPY
                COPY a
                """);
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void swapdb(int protocol) throws Exception {
        diff(protocol).assertSameReplies("""
                SET a 0
                SELECT 1
                SET b 1
                SWAPDB 0 1
                GET a
                GET b
                SELECT 0
                GET a
                GET b
                SWAPDB 0 0
                GET b
                SWAPDB 0 16
                SWAPDB 16 0
                SWAPDB -1 0
                SWAPDB a 0
                SWAPDB 0 b
                SWAPDB a b
                SWAPDB 99999999999 0
                SWAPDB 0 99999999999
                SET e 1
                EXPIRE e 100
                SWAPDB 0 5
                SELECT 5
                TTL e
                SWAPDB 0
                SWAPDB 0 1 2
                """);
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void expireOptions(int protocol) throws Exception {
        diff(protocol).assertSameReplies("""
                EXPIRE nokey 10
                EXPIRE nokey 10 NX
                SET a 1
                EXPIRE a 100 XX
                EXPIRE a 100 GT
                EXPIRE a 100 LT
                TTL a
                PERSIST a
                EXPIRE a 100 NX
                TTL a
                EXPIRE a 100 NX
                EXPIRE a 200 XX
                TTL a
                EXPIRE a 100 GT
                EXPIRE a 300 GT
                TTL a
                EXPIRE a 400 LT
                EXPIRE a 300 LT
                EXPIRE a 250 lt
                TTL a
                EXPIRE a 10 XX GT
                EXPIRE a 1000 xx gt
                TTL a
                EXPIRE a 10 NX XX
                EXPIRE a 10 NX GT
                EXPIRE a 10 NX LT
                EXPIRE a 10 GT LT
                EXPIRE a 10 XX NX
                EXPIRE a 10 FOO
                EXPIRE a 10 NX FOO
                EXPIRE a 10 nx nx
                PEXPIRE a 10 FOO
                EXPIREAT a 10 BAR
                PEXPIREAT a 10 GT LT
                EXPIRE a abc
                EXPIRE a 1.5
                EXPIRE a 10 NX abc
                EXPIRE nokey abc
                EXPIRE nokey 10 FOO
                EXPIRE
                EXPIRE a
                PEXPIRE a
                """);
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void expireInThePastDeletesAndOverflowIsAnError(int protocol) throws Exception {
        diff(protocol).assertSameReplies("""
                SET a 1
                EXPIRE a -1
                EXISTS a
                SET a 1
                EXPIREAT a 1
                EXISTS a
                SET a 1
                PEXPIRE a 0
                EXISTS a
                SET a 1
                PEXPIREAT a 0
                EXISTS a
                SET a 1
                EXPIRE a 0 XX
                EXISTS a
                EXPIRE a -5 GT
                EXPIRE a -5 LT
                EXISTS a
                SET a 1
                EXPIRE a 100
                EXPIRE a -5 GT
                EXPIRE a -5 LT
                EXISTS a
                SET a 1
                EXPIRE a 9223372036854775807
                EXPIRE a -9223372036854775808
                EXPIRE a 9223372036854776
                EXPIRE a 9223372036854775
                EXPIRE a -9223372036854775
                EXPIRE a 9223372036854775808
                PEXPIRE a 9223372036854775807
                PEXPIRE a 9223372036854775000
                PEXPIRE a -9223372036854775808
                EXISTS a
                SET a 1
                EXPIREAT a 9223372036854776
                EXPIREAT a -9223372036854776
                EXPIREAT a 9223372036854775
                EXPIRETIME a
                PEXPIRETIME a
                PEXPIREAT a 9223372036854775807
                EXPIRETIME a
                PEXPIRETIME a
                PEXPIREAT a 4102444800123
                EXPIRETIME a
                PEXPIRETIME a
                PEXPIREAT a 4102444800500
                EXPIRETIME a
                PEXPIREAT a 4102444800499
                EXPIRETIME a
                EXPIREAT a 4102444800
                PEXPIRETIME a
                EXISTS a
                """);
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void ttlAndPersist(int protocol) throws Exception {
        diff(protocol).assertSameReplies("""
                TTL nokey
                PTTL nokey
                EXPIRETIME nokey
                PEXPIRETIME nokey
                SET a 1
                TTL a
                PTTL a
                EXPIRETIME a
                PEXPIRETIME a
                EXPIRE a 1000
                TTL a
                EXPIRE a 1000000000
                TTL a
                PERSIST a
                PERSIST a
                PERSIST nokey
                TTL a
                SET b 2
                EXPIRE b 100
                TTL b
                SET b 3
                TTL b
                TTL
                TTL a b
                PERSIST
                PERSIST a b
                EXPIRETIME
                """);
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void keysScanRandomkeyDbsize(int protocol) throws Exception {
        diff(protocol).assertSameReplies("""
                DBSIZE
                RANDOMKEY
                KEYS *
                KEYS
                SCAN 0
                SCAN abc
                SCAN -1
                SCAN +0
                SCAN 007
                SCAN 18446744073709551615
                SCAN 18446744073709551616
                SCAN -18446744073709551615
                SCAN -18446744073709551616
                SCAN 1x
                SCAN 0x10
                SCAN +
                SCAN -
                SCAN 0 COUNT 0
                SCAN 0 COUNT -1
                SCAN 0 COUNT abc
                SCAN 0 COUNT 99999999999999999999
                SCAN 0 COUNT
                SCAN 0 MATCH
                SCAN 0 TYPE
                SCAN 0 FOO bar
                SCAN abc COUNT 0
                SCAN
                SET a 1
                SCAN 0
                SCAN 0 TYPE string
                SCAN 0 TYPE STRING
                SCAN 0 TYPE list
                SCAN 0 TYPE hash
                SCAN 0 TYPE foo
                SCAN 0 MATCH b*
                SCAN 0 MATCH a
                SCAN 0 MATCH * COUNT 1000 TYPE string
                SCAN 0 match a count 5 type string match b
                RANDOMKEY
                RANDOMKEY x
                KEYS a
                KEYS *
                KEYS b
                DBSIZE
                PEXPIRE a 1
                PING
                """);
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void scanCursorEdgeCases(int protocol) throws Exception {
        diff(protocol).assertSameBinaryReplies(List.of(
                args("SET", "only", "1"),
                args("SCAN", ""),
                args("SCAN", new byte[] {'0', 0, 'x'}),
                args("SCAN", new byte[] {0}),
                args("SCAN", "\t0"),
                args("SCAN", "0\n"),
                args("SCAN", "", "COUNT", "0"),
                args("SCAN", "0", "COUNT", "1", "COUNT", "100"),
                args("SCAN", "0", "MATCH", "", "COUNT", "100"),
                args("SCAN", "0", "TYPE", "", "COUNT", "100"),
                args("SCAN", "0", "COUNT", "9223372036854775807"),
                args("SCAN", "0", "COUNT", "9223372036854775808")));
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void object(int protocol) throws Exception {
        diff(protocol).assertSameReplies(List.of(
                new String[] {"OBJECT", "ENCODING", "nokey"},
                new String[] {"OBJECT", "REFCOUNT", "nokey"},
                new String[] {"OBJECT", "IDLETIME", "nokey"},
                new String[] {"OBJECT", "FREQ", "nokey"},
                new String[] {"SET", "i", "1"},
                new String[] {"SET", "big", "9999"},
                new String[] {"SET", "bigger", "10000"},
                new String[] {"SET", "neg", "-1"},
                new String[] {"SET", "long", "12345678901234567890"},
                new String[] {"SET", "max", "9223372036854775807"},
                new String[] {"SET", "lead", "01"},
                new String[] {"SET", "s", "hello"},
                new String[] {"SET", "e44", "x".repeat(44)},
                new String[] {"SET", "r45", "x".repeat(45)},
                new String[] {"SET", "empty", ""},
                new String[] {"OBJECT", "ENCODING", "i"},
                new String[] {"OBJECT", "ENCODING", "big"},
                new String[] {"OBJECT", "ENCODING", "bigger"},
                new String[] {"OBJECT", "ENCODING", "neg"},
                new String[] {"OBJECT", "ENCODING", "long"},
                new String[] {"OBJECT", "ENCODING", "max"},
                new String[] {"OBJECT", "ENCODING", "lead"},
                new String[] {"OBJECT", "ENCODING", "s"},
                new String[] {"OBJECT", "ENCODING", "e44"},
                new String[] {"OBJECT", "ENCODING", "r45"},
                new String[] {"OBJECT", "ENCODING", "empty"},
                new String[] {"object", "encoding", "s"},
                new String[] {"OBJECT", "REFCOUNT", "i"},
                new String[] {"OBJECT", "REFCOUNT", "big"},
                new String[] {"OBJECT", "REFCOUNT", "bigger"},
                new String[] {"OBJECT", "REFCOUNT", "neg"},
                new String[] {"OBJECT", "REFCOUNT", "s"},
                new String[] {"OBJECT", "REFCOUNT", "r45"},
                new String[] {"OBJECT", "IDLETIME", "s"},
                new String[] {"OBJECT", "FREQ", "s"},
                new String[] {"OBJECT"},
                new String[] {"OBJECT", "FOO"},
                new String[] {"OBJECT", "FOO", "s"},
                new String[] {"OBJECT", "ENCODING"},
                new String[] {"OBJECT", "ENCODING", "s", "x"},
                new String[] {"OBJECT", "HELP", "x"},
                new String[] {"OBJECT", "REFCOUNT"},
                new String[] {"OBJECT", "IDLETIME"},
                new String[] {"OBJECT", "FREQ"}));
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void dumpAndRestoreErrors(int protocol) throws Exception {
        diff(protocol).assertSameReplies("""
                DUMP nokey
                DUMP
                DUMP a b
                SET a hello
                RESTORE a 0 xxx
                RESTORE a 0 xxx REPLACE
                RESTORE b 0 xxx
                RESTORE b 0 xxxxxxxxxxxxxxxxxxxxxxxxxxx
                RESTORE b -1 xxx
                RESTORE a -1 xxx
                RESTORE b abc xxx
                RESTORE a abc xxx
                RESTORE b 0 xxx REPLACE FOO
                RESTORE b 0 xxx IDLETIME -1
                RESTORE b 0 xxx IDLETIME abc
                RESTORE b 0 xxx IDLETIME
                RESTORE b 0 xxx FREQ 256
                RESTORE b 0 xxx FREQ -1
                RESTORE b 0 xxx FREQ x
                RESTORE b 0 xxx FREQ 1 IDLETIME 1
                RESTORE b 0 xxx IDLETIME 1 FREQ 1
                RESTORE b 0 xxx IDLETIME 1 IDLETIME 2 ABSTTL REPLACE
                RESTORE b 0 xxx FREQ 1 FREQ 2 absttl replace
                RESTORE a 0 xxx FOO
                RESTORE a abc xxx FREQ 300
                RESTORE b 0
                RESTORE
                """);
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void restoreOfValidPayloads(int protocol) throws Exception {
        // Payloads made by Redis 7.0 (RDB version 10), accepted by both servers.
        byte[] hello = java.util.HexFormat.of().parseHex("000568656c6c6f0a006372df766534200a");
        byte[] one = java.util.HexFormat.of().parseHex("00c0010a002678e7b6d10111fc");
        byte[] corrupt = hello.clone();
        corrupt[3] ^= 1;
        long future = 4102444800000L;
        diff(protocol).assertSameBinaryReplies(List.of(
                args("RESTORE", "k", "0", hello),
                args("GET", "k"),
                args("TTL", "k"),
                args("RESTORE", "k", "0", hello),
                args("RESTORE", "k", "0", one, "REPLACE"),
                args("GET", "k"),
                args("OBJECT", "ENCODING", "k"),
                args("RESTORE", "t", "100000", hello),
                args("TTL", "t"),
                args("RESTORE", "t", "100000", hello, "REPLACE"),
                args("RESTORE", "t", Long.toString(future), hello, "REPLACE", "ABSTTL"),
                args("PEXPIRETIME", "t"),
                args("RESTORE", "past", "1", hello, "ABSTTL"),
                args("EXISTS", "past"),
                args("RESTORE", "t", "1", hello, "ABSTTL", "REPLACE"),
                args("EXISTS", "t"),
                args("RESTORE", "i", "0", hello, "IDLETIME", "1000"),
                args("OBJECT", "IDLETIME", "i"),
                args("RESTORE", "f", "0", hello, "FREQ", "100"),
                args("OBJECT", "IDLETIME", "f"),
                args("RESTORE", "c", "0", corrupt),
                args("RESTORE", "c", "0", java.util.Arrays.copyOf(hello, 9)),
                args("RESTORE", "c", "0", new byte[0]),
                args("EXISTS", "c")));
    }

    static byte[][] args(Object... parts) {
        byte[][] out = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            out[i] = parts[i] instanceof byte[] b ? b
                    : ((String) parts[i]).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return out;
    }
}
