package dev.cinnabar.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.PairedConnections;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.ReferenceVersion;
import dev.cinnabar.testing.RespConnection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * DEBUG DIGEST / DIGEST-VALUE / OBJECT / PROTOCOL / POPULATE compared with a real redis-server: the same dataset
 * must give the same digests, serialized lengths and encodings.
 */
class DebugDifferentialTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension("enable-debug-command yes");
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension("--enable-debug-command", "yes");

    /** What differs by nature: the value's address and its LRU clock fields. */
    private static final UnaryOperator<String> WITHOUT_ADDRESS_AND_CLOCK =
            s -> s.replaceAll("Value at:0x[0-9a-f]+ ", "").replaceAll(" lru:\\d+ lru_seconds_idle:\\d+", "");

    @BeforeEach
    void flush() throws Exception {
        try (PairedConnections c = PairedConnections.open(cinnabar, redis, 2)) {
            c.both("FLUSHALL");
            c.both("CONFIG", "SET", "list-max-listpack-size", "-2");
        }
    }

    private static List<String[]> dataset(boolean large) {
        List<String[]> commands = new ArrayList<>();
        int n = large ? 300 : 3;
        for (int i = 0; i < n; i++) {
            commands.add(new String[] {"RPUSH", "list", "e" + i, String.valueOf(i * 7)});
            commands.add(new String[] {"SADD", "intset", String.valueOf(i * 3 - 5)});
            commands.add(new String[] {"SADD", "set", "m" + i});
            commands.add(new String[] {"HSET", "hash", "f" + i, "v" + i, "n" + i, String.valueOf(i)});
            commands.add(new String[] {"ZADD", "zset", (i * 1.25 - 3) + "", "z" + i, "1e" + (i % 30), "p" + i});
            commands.add(new String[] {"XADD", "stream", (i + 1) + "-" + i % 3, "field", "v" + i, "f" + i % 2, "x"});
            commands.add(new String[] {"PFADD", "hll", "h" + i});
            commands.add(new String[] {"GEOADD", "geo", String.valueOf(13 + i % 100 * 0.01), "38.1", "g" + i});
        }
        commands.add(new String[] {"SET", "string", "hello"});
        commands.add(new String[] {"SET", "int", "12345"});
        commands.add(new String[] {"SET", "shared", "12"});
        commands.add(new String[] {"SET", "long", "x".repeat(100)});
        commands.add(new String[] {"SET", "compressible", "a".repeat(1000)});
        commands.add(new String[] {"EXPIRE", "string", "1000"});
        commands.add(new String[] {"PEXPIRE", "hash", "100000"});
        commands.add(new String[] {"SELECT", "5"});
        commands.add(new String[] {"SET", "string", "in db 5"});
        commands.add(new String[] {"SELECT", "0"});
        return commands;
    }

    private static final String[] KEYS =
            {"string", "int", "shared", "long", "compressible", "list", "intset", "set", "hash", "zset", "stream", "hll", "geo"};

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void digestsAndObjectsMatch(boolean large) throws Exception {
        try (PairedConnections c = PairedConnections.open(cinnabar, redis, 2)) {
            for (String[] command : dataset(large)) c.both(command);
            // 7.0 printed scores with %.17g in digests and had no listpack lists or sets
            boolean is72 = ReferenceVersion.of(c.redis()).is72();
            if (is72) c.same("DEBUG", "DIGEST");
            for (String key : KEYS) {
                if (is72 || !(key.equals("zset") || key.equals("geo"))) c.same("DEBUG", "DIGEST-VALUE", key);
                if (is72) c.same(WITHOUT_ADDRESS_AND_CLOCK, "DEBUG", "OBJECT", key);
            }
            c.same("DEBUG", "DIGEST-VALUE", "string", "nosuchkey", "list");
            c.same("DEBUG", "DIGEST-VALUE");
            c.same("DEBUG", "OBJECT", "nosuchkey");
        }
    }

    @Test
    void quicklistFieldsMatch() throws Exception {
        try (PairedConnections c = PairedConnections.open(cinnabar, redis, 2)) {
            c.both("CONFIG", "SET", "list-max-listpack-size", "5");
            for (int i = 0; i < 23; i++) c.both("RPUSH", "ql", "element-" + i);
            c.same(WITHOUT_ADDRESS_AND_CLOCK, "DEBUG", "OBJECT", "ql");
            c.same("DEBUG", "DIGEST-VALUE", "ql");
        }
    }

    @Test
    void emptyDatasetDigestIsZeros() throws Exception {
        try (PairedConnections c = PairedConnections.open(cinnabar, redis, 2)) {
            assertEquals("+" + "0".repeat(40) + "\r\n", c.same("DEBUG", "DIGEST"));
            c.both("SET", "k", "v");
            c.same("DEBUG", "DIGEST");
            c.both("SELECT", "1");
            c.same("DEBUG", "DIGEST"); // the database index is part of the digest
            c.both("SET", "k", "v");
            c.same("DEBUG", "DIGEST");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void protocolRepliesMatch(int protocol) throws Exception {
        try (PairedConnections c = PairedConnections.open(cinnabar, redis, protocol)) {
            for (String type : new String[] {"string", "integer", "double", "bignum", "null", "array", "set",
                    "map", "attrib", "true", "false", "verbatim", "STRING", "nosuchtype"}) {
                c.same("DEBUG", "PROTOCOL", type);
            }
            if (protocol == 2) {
                c.same("DEBUG", "PROTOCOL", "push");
            } else {
                String command = "*3\r\n$5\r\nDEBUG\r\n$8\r\nPROTOCOL\r\n$4\r\npush\r\n";
                c.cinnabar().sendRaw(command);
                // Redis 7.2 sends the push after the command's reply (7.0 sent it first)
                assertEquals("$40\r\nSome real reply following the push reply\r\n", c.cinnabar().readReply());
                assertEquals(">2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n", c.cinnabar().readReply());
                if (ReferenceVersion.of(c.redis()).is72()) {
                    c.redis().sendRaw(command);
                    assertEquals("$40\r\nSome real reply following the push reply\r\n", c.redis().readReply());
                    assertEquals(">2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n", c.redis().readReply());
                }
            }
            c.same("DEBUG", "PROTOCOL");
        }
    }

    @Test
    void populateAndSmallSubcommandsMatch() throws Exception {
        try (PairedConnections c = PairedConnections.open(cinnabar, redis, 2)) {
            c.both("SET", "key:3", "kept");
            c.same("DEBUG", "POPULATE", "10");
            c.same("DBSIZE");
            c.same("GET", "key:3");
            c.same("GET", "key:7");
            c.same("DEBUG", "POPULATE", "3", "p", "12");
            c.same("GET", "p:2");
            c.same("DEBUG", "POPULATE", "2", "q", "3");
            c.same("GET", "q:1");
            c.same("DEBUG", "POPULATE", "-1");
            c.same("DEBUG", "POPULATE", "x");
            c.same("DEBUG", "POPULATE", "1", "p", "-5");
            c.same("DEBUG", "DIGEST");
            c.same("DEBUG", "ERROR", "SOMECODE some message");
            c.same("DEBUG", "ERROR", "two\r\nlines");
            c.both("CONFIG", "RESETSTAT");
            c.same("DEBUG", "ERROR", "ERR counted nowhere");
            c.same(DebugDifferentialTest::debugCommandStats, "INFO", "commandstats");
            c.same("INFO", "errorstats");
            c.same("DEBUG", "LOG", "hello");
            c.same("DEBUG", "SET-DISABLE-DENY-SCRIPTS", "0");
            c.same("DEBUG", "OBJECT");
            c.same("DEBUG", "DIGEST", "extra");
            c.same("DEBUG", "NOSUCHSUBCOMMAND");
        }
    }

    /** The DEBUG line of INFO commandstats without its timings. */
    private static String debugCommandStats(String info) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("cmdstat_debug:calls=\\d+,usec=\\d+,usec_per_call=[\\d.]+,(.*)\r").matcher(info);
        return m.find() ? m.group(1) : "no DEBUG line";
    }

    @Test
    void scriptsMayCallDebugOnlyWhenDenyScriptsIsDisabled() throws Exception {
        try (PairedConnections c = PairedConnections.open(cinnabar, redis, 2)) {
            String script = "return redis.call('debug', 'protocol', 'integer')";
            c.same("EVAL", script, "0");
            c.same("DEBUG", "SET-DISABLE-DENY-SCRIPTS", "1");
            c.same("EVAL", script, "0");
            c.same("DEBUG", "SET-DISABLE-DENY-SCRIPTS", "0");
            c.same("EVAL", script, "0");
        }
    }

    @Test
    void sharedIntegersReportTheirRefcount() throws Exception {
        try (RespConnection conn = cinnabar.connect()) {
            conn.call("SET", "small", "42");
            conn.call("SET", "big", "20000");
            assertTrue(conn.call("DEBUG", "OBJECT", "small").contains(" refcount:2147483647 encoding:int "));
            assertTrue(conn.call("DEBUG", "OBJECT", "big").contains(" refcount:1 encoding:int "));
        }
    }
}
