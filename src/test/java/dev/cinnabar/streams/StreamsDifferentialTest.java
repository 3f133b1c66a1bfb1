package dev.cinnabar.streams;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.PairedConnections;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.ReferenceVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stream commands without consumer groups against a real redis-server, RESP2 and RESP3, with explicit IDs:
 * every option and error of XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM, XSETID, XINFO STREAM and non-blocking XREAD,
 * and node layouts compared through XINFO STREAM's radix tree counts with small node limits.
 */
class StreamsDifferentialTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private PairedConnections pair;

    @AfterEach
    void close() throws IOException {
        if (pair != null) {
            pair.both("CONFIG", "SET", "stream-node-max-entries", "100");
            pair.both("CONFIG", "SET", "stream-node-max-bytes", "4096");
            pair.close();
        }
    }

    private void open(int protocol) throws IOException {
        pair = PairedConnections.open(cinnabar, redis, protocol);
        pair.both("FLUSHALL");
    }

    /**
     * Replies where Redis 7.0 answers otherwise than 7.2, with the 7.2 answer: an ID that would pass the largest
     * sequence of its millisecond is "equal or smaller" (7.0 reports "too large" by mistake), XSETID below the
     * largest deleted ID is refused (7.0 accepts it), and the HELP trailer says "Print" (7.0: "Prints").
     */
    private static final java.util.Map<String, String> CHANGED_IN_72 = java.util.Map.of(
            "XADD big 9-* b 2", "-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n",
            "XSETID s 6-0", "-ERR The ID specified in XSETID is smaller than current max_deleted_entry_id\r\n",
            "XSETID s 5-5", "-ERR The ID specified in XSETID is smaller than current max_deleted_entry_id\r\n");

    private void same(String line) throws IOException {
        String[] command = line.split(" ");
        String expected72 = CHANGED_IN_72.get(line);
        boolean help = line.endsWith(" HELP");
        if ((expected72 != null || help) && !ReferenceVersion.of(pair.redis()).is72()) {
            pair.redis().call(command);
            String actual = pair.cinnabar().call(command);
            if (help) assertTrue(actual.endsWith("+HELP\r\n+    Print this help.\r\n"), actual);
            else assertEquals(expected72, actual);
            return;
        }
        pair.same(command);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void xaddAndIds(int protocol) throws IOException {
        open(protocol);
        for (String c : new String[] {
                "XADD s 1-1 a 1", "XADD s 1-1 a 1", "XADD s 1-0 a 1", "XADD s 0-0 a 1", "XADD s 0 a 1", "XADD s 1-* a 2",
                "XADD s 1-* b 3 c 4", "XADD s 5-* a 1", "XADD s 5 a 1", "XADD s 5-5 a 1", "XADD s 18446744073709551615-1 a 1",
                "XADD s 18446744073709551616-0 a 1", "XADD s 01-1 a 1", "XADD s +7-1 a 1", "XADD s -1 a 1", "XADD s 7--1 a 1",
                "XADD s 7--01 a 1", "XADD s abc a 1", "XADD s 1-x a 1", "XADD s - a 1", "XADD s + a 1",
                "XADD s 6-0 a", "XADD s 6-0", "XADD s 6-0 a 1 b", "XADD s MAXLEN 5", "XADD s NOMKSTREAM",
                "XADD n NOMKSTREAM 1-1 a 1", "EXISTS n", "XLEN s", "XLEN nokey", "SET str x", "XADD str 1-1 a 1",
                "XLEN str", "XRANGE str - +", "XADD z 0-* a 1", "XADD z 0-* a 1", "XRANGE z - +",
                "XADD m 18446744073709551615-18446744073709551615 a 1", "XADD m 18446744073709551615-* a 1",
                "XADD m 5-* a 1", "XADD big 9-* a 1", "XADD big 9-18446744073709551615 a 1", "XADD big 9-* b 2",
                "XADD s 100-1 123 456 -5 x 9223372036854775807 9223372036854775808", "XRANGE s 100 100",
                "XADD s 101-1 a 1 a 2", "XRANGE s 101 101", "OBJECT ENCODING s", "TYPE s",
        }) same(c);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void ranges(int protocol) throws IOException {
        open(protocol);
        for (int i = 1; i <= 30; i++) pair.both("XADD", "s", i + "-" + (i % 3), "f", "v" + i, "g", String.valueOf(i));
        for (String c : new String[] {
                "XRANGE s - +", "XREVRANGE s + -", "XRANGE s 5 10", "XRANGE s 5-1 10-0", "XRANGE s (5-2 (10-1",
                "XRANGE s (5 (10", "XREVRANGE s 10 5", "XREVRANGE s (10-1 (5-2", "XRANGE s - + COUNT 3",
                "XRANGE s - + COUNT 0", "XRANGE s - + COUNT -1", "XREVRANGE s + - COUNT 4", "XRANGE s - + COUNT x",
                "XRANGE s - + LIMIT 3", "XRANGE s - + COUNT", "XRANGE s - + COUNT 2 COUNT 3", "XRANGE s 20 10",
                "XRANGE s (- +", "XRANGE s - (+", "XRANGE s (18446744073709551615-18446744073709551615 +",
                "XRANGE s - (0-0", "XRANGE s ( +", "XRANGE s (( +", "XRANGE s x +", "XRANGE s - y",
                "XRANGE nokey - +", "XREVRANGE nokey + -", "XRANGE nokey - + COUNT 0", "XRANGE s 7-18446744073709551615 8",
                "XRANGE s 0 0", "XREVRANGE s 30 30", "XRANGE s 29 +", "XREVRANGE s 2 -",
        }) same(c);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void deleteTrimAndInfo(int protocol) throws IOException {
        open(protocol);
        pair.both("CONFIG", "SET", "stream-node-max-entries", "4");
        for (int i = 1; i <= 40; i++) pair.both("XADD", "s", i + "-1", "f", "v" + i);
        for (String c : new String[] {
                "XINFO STREAM s", "XDEL s 1-1", "XDEL s 1-1", "XDEL s 2-1 3-1 99-1", "XDEL s 4-1 bad", "XDEL s -",
                "XDEL nokey bad", "XINFO STREAM s", "XDEL s 10-1", "XINFO STREAM s", "XLEN s", "XRANGE s - + COUNT 5",
                "XTRIM s MAXLEN 30", "XINFO STREAM s", "XTRIM s MAXLEN ~ 20", "XINFO STREAM s", "XLEN s",
                "XTRIM s MINID 25", "XINFO STREAM s", "XTRIM s MINID ~ 30-1", "XINFO STREAM s", "XTRIM s MAXLEN = 8",
                "XTRIM s MAXLEN ~ 2 LIMIT 1", "XTRIM s MAXLEN ~ 2 LIMIT 4", "XINFO STREAM s", "XTRIM s MAXLEN 2 LIMIT 4",
                "XTRIM s", "XTRIM s LIMIT 5", "XTRIM s MAXLEN -1", "XTRIM s MAXLEN x", "XTRIM s MAXLEN 1 MINID 1",
                "XTRIM s MINID 1 MAXLEN 1", "XTRIM s MINID x", "XTRIM s MINID -", "XTRIM s MAXLEN ~ 1 LIMIT -1",
                "XTRIM s MAXLEN ~ 1 LIMIT x", "XTRIM s FOO", "XTRIM nokey MAXLEN 1", "XTRIM nokey FOO",
                "XTRIM s MAXLEN 0", "XINFO STREAM s", "XLEN s", "EXISTS s", "XADD s 50-1 a b", "XINFO STREAM s FULL",
                "XINFO STREAM s FULL COUNT 0", "XINFO STREAM s FULL COUNT -3", "XINFO STREAM s FULL COUNT x",
                "XINFO STREAM s FULL FOO 1", "XINFO STREAM s FOO", "XINFO STREAM s FULL COUNT", "XINFO STREAM nokey",
                "SET str x", "XINFO STREAM str", "XDEL str 1", "XTRIM str MAXLEN 1", "XINFO HELP", "XINFO FOO s",
        }) same(c);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void xaddTrimming(int protocol) throws IOException {
        open(protocol);
        pair.both("CONFIG", "SET", "stream-node-max-entries", "3");
        for (String c : new String[] {
                "XADD s MAXLEN 2 1-1 a 1", "XADD s MAXLEN 2 2-1 a 1", "XADD s MAXLEN 2 3-1 a 1", "XRANGE s - +",
                "XADD s MAXLEN ~ 2 4-1 a 1", "XADD s MAXLEN ~ 2 5-1 a 1", "XADD s MAXLEN ~ 2 6-1 a 1",
                "XADD s MAXLEN ~ 2 7-1 a 1", "XINFO STREAM s", "XADD s MINID 6 8-1 a 1", "XINFO STREAM s",
                "XADD s MINID ~ 8 9-1 a 1", "XADD s MAXLEN = 1 10-1 a 1", "XINFO STREAM s", "XADD s LIMIT 5 11-1 a 1",
                "XADD s MAXLEN 1 LIMIT 5 11-1 a 1", "XADD s MAXLEN ~ 1 LIMIT 5 NOMKSTREAM 11-1 a 1",
                "XADD s MAXLEN 1 MINID 1 12-1 a 1", "XADD s MAXLEN -1 12-1 a 1", "XADD s MAXLEN ~ x 12-1 a 1",
                "XADD s MINID - 12-1 a 1", "XADD s MAXLEN 0 13-1 a 1", "XLEN s", "XINFO STREAM s",
                "XADD s MAXLEN ~ 0 14-1 a 1", "XADD s MAXLEN ~ 0 LIMIT 0 15-1 a 1", "XINFO STREAM s",
        }) same(c);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void xsetid(int protocol) throws IOException {
        open(protocol);
        for (String c : new String[] {
                "XSETID s 1-1", "XADD s 5-1 a 1", "XADD s 6-1 a 1", "XSETID s 5-0", "XSETID s 6-1", "XSETID s 10-0",
                "XINFO STREAM s", "XADD s 9-0 a 1", "XSETID s 11 ENTRIESADDED 1", "XSETID s 11 ENTRIESADDED -1",
                "XSETID s 11 ENTRIESADDED x", "XSETID s 11 ENTRIESADDED 9 MAXDELETEDID 3-0", "XINFO STREAM s",
                "XSETID s 11 MAXDELETEDID 12-0", "XSETID s 10-9 MAXDELETEDID 2-0", "XSETID s 12 MAXDELETEDID 4-0",
                "XSETID s 12 FOO", "XSETID s 12 ENTRIESADDED", "XSETID s -", "XSETID s +", "XDEL s 6-1",
                "XINFO STREAM s", "XSETID s 6-0", "XDEL s 5-1", "XSETID s 5-5", "XSETID s 12-0",
                "XINFO STREAM s", "SET str x", "XSETID str 1-1", "XSETID nokey x",
        }) same(c);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void xreadWithoutBlocking(int protocol) throws IOException {
        open(protocol);
        for (String c : new String[] {
                "XADD a 1-1 f 1", "XADD a 2-1 f 2", "XADD b 3-1 g 3",
                "XREAD STREAMS a 0", "XREAD STREAMS a b 0 0", "XREAD COUNT 1 STREAMS a b 0 0", "XREAD STREAMS a b $ $",
                "XREAD STREAMS a nokey 1-1 0", "XREAD STREAMS a b 2-1 3-1", "XREAD STREAMS a b", "XREAD STREAMS a",
                "XREAD STREAMS", "XREAD COUNT x STREAMS a 0", "XREAD COUNT -5 STREAMS a 0", "XREAD FOO STREAMS a 0",
                "XREAD GROUP g c STREAMS a 0", "XREAD NOACK STREAMS a 0", "XREAD STREAMS a >", "XREAD STREAMS a -",
                "XREAD STREAMS a +", "XREAD STREAMS a x", "XREAD BLOCK x STREAMS a $", "XREAD BLOCK -1 STREAMS a $",
                "XREAD COUNT 1", "SET str x", "XREAD STREAMS str 0", "XREAD STREAMS a str 0 0",
                "XREAD STREAMS a a 0 1-1", "MULTI", "XREAD BLOCK 0 STREAMS a $", "XREAD BLOCK 10 STREAMS a 0", "EXEC",
        }) same(c);
    }
}
