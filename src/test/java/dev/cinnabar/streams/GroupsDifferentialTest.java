package dev.cinnabar.streams;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.PairedConnections;
import dev.cinnabar.testing.Differential;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.ReferenceVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Consumer groups against a real Redis 7.2 (RESP2 and RESP3): XGROUP and its subcommands, XREADGROUP (new entries,
 * history, NOACK, errors), XACK, XPENDING, XCLAIM, XAUTOCLAIM and XINFO GROUPS / CONSUMERS / STREAM FULL, with
 * explicit IDs. Times are the only thing normalised: idle times are rounded to seconds, absolute times masked.
 */
class GroupsDifferentialTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private PairedConnections pair;

    @AfterEach
    void close() throws IOException {
        if (pair != null) pair.close();
    }

    private void open(int protocol) throws IOException {
        pair = PairedConnections.open(cinnabar, redis, protocol);
        pair.both("FLUSHALL");
    }

    private static final Pattern ABSOLUTE_TIME = Pattern.compile(":1\\d{12}\r\n");
    private static final Pattern IDLE = Pattern.compile("(idle\r\n|inactive\r\n):(\\d+)\r\n");
    private static final Pattern PENDING_IDLE =
            Pattern.compile("(\\*4\r\n\\$\\d+\r\n\\d+-\\d+\r\n\\$\\d+\r\n[^\r]*\r\n):(\\d+)\r\n");

    /** Masks absolute times and rounds idle times (XINFO CONSUMERS, XPENDING) to whole seconds. */
    static String normalizeTimes(String reply) {
        String r = ABSOLUTE_TIME.matcher(reply).replaceAll(":T\r\n");
        r = round(IDLE.matcher(r));
        return round(PENDING_IDLE.matcher(r));
    }

    private static String round(Matcher m) {
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            long seconds = (Long.parseLong(m.group(2)) + 500) / 1000;
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + ":~" + seconds + "s\r\n"));
        }
        m.appendTail(out);
        return out.toString();
    }

    private void run(String... lines) throws IOException {
        boolean is72 = ReferenceVersion.of(pair.redis()).is72();
        for (String line : lines) {
            String[] command = line.split(" ");
            if (is72 || !(line.startsWith("XINFO") || line.endsWith("HELP"))) {
                pair.same(GroupsDifferentialTest::normalizeTimes, command);
            } else {
                String expected = normalizeTimes(pair.redis().call(command));
                String actual = normalizeTimes(as70(pair.cinnabar().call(command)));
                assertEquals(Differential.printable(expected), Differential.printable(actual), "reply to " + line);
            }
        }
    }

    /**
     * Redis 7.2 added a consumer's "inactive" time to XINFO CONSUMERS and its "active-time" to XINFO STREAM FULL;
     * against a 7.0 reference the rest of the reply is compared without them (the fields themselves are compared
     * with a 7.2 reference only); HELP's last line became "Print this help." in 7.2.
     */
    static String as70(String reply) {
        return reply.replace("+    Print this help.", "+    Prints this help.").replace("$8\r\ninactive\r\n", "\u0000").replaceAll("\u0000:[^\r]*\r\n", "")
                .replace("$11\r\nactive-time\r\n", "\u0000").replaceAll("\u0000:[^\r]*\r\n", "")
                .replace("*8\r\n$4\r\nname", "*6\r\n$4\r\nname").replace("%4\r\n$4\r\nname", "%3\r\n$4\r\nname")
                .replace("*10\r\n$4\r\nname", "*8\r\n$4\r\nname").replace("%5\r\n$4\r\nname", "%4\r\n$4\r\nname");
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void xgroup(int protocol) throws IOException {
        open(protocol);
        run("XGROUP CREATE s g $", "XGROUP CREATE s g $ MKSTREAM", "XGROUP CREATE s g $ MKSTREAM", "TYPE s",
                "XGROUP CREATE s g2 0 ENTRIESREAD 5", "XGROUP CREATE s g3 0 ENTRIESREAD -1",
                "XGROUP CREATE s g4 0 ENTRIESREAD -2", "XGROUP CREATE s g4 0 ENTRIESREAD x", "XGROUP CREATE s g4 0 FOO",
                "XGROUP CREATE s g4 0 ENTRIESREAD", "XGROUP CREATE s g4 bad", "XGROUP CREATE s g4 -", "XGROUP CREATE s g4 +",
                "XADD s 1-1 a 1", "XADD s 2-1 a 2", "XGROUP CREATE s g5 $", "XINFO GROUPS s",
                "XGROUP SETID s g 1-1", "XGROUP SETID s g -", "XGROUP SETID s g +", "XGROUP SETID s g $ ENTRIESREAD 2",
                "XGROUP SETID s g 0 MKSTREAM", "XGROUP SETID s nog 0", "XGROUP SETID nokey g 0", "XGROUP SETID s g bad",
                "XINFO GROUPS s", "XGROUP CREATECONSUMER s g c1", "XGROUP CREATECONSUMER s g c1",
                "XGROUP CREATECONSUMER s nog c1", "XGROUP CREATECONSUMER nokey g c1", "XINFO CONSUMERS s g",
                "XGROUP DELCONSUMER s g c1", "XGROUP DELCONSUMER s g c1", "XGROUP DELCONSUMER s nog c1",
                "XGROUP DESTROY s g5", "XGROUP DESTROY s g5", "XGROUP DESTROY nokey g", "XGROUP HELP", "XGROUP FOO",
                "XGROUP CREATE s", "XGROUP DESTROY s g x", "XGROUP CREATECONSUMER s g", "SET str x",
                "XGROUP CREATE str g $", "XGROUP CREATE str g $ MKSTREAM", "XINFO GROUPS str", "XINFO GROUPS nokey",
                "XINFO CONSUMERS s nog", "XINFO CONSUMERS nokey g", "XINFO STREAM s FULL");
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void readAckPending(int protocol) throws IOException {
        open(protocol);
        for (int i = 1; i <= 10; i++) pair.both("XADD", "s", i + "-0", "f", "v" + i);
        pair.both("XADD", "t", "1-0", "x", "y");
        run("XGROUP CREATE s g 0", "XGROUP CREATE t g 0",
                "XREADGROUP GROUP g alice COUNT 3 STREAMS s >", "XREADGROUP GROUP g bob COUNT 2 STREAMS s >",
                "XREADGROUP GROUP g alice STREAMS s 0", "XREADGROUP GROUP g alice STREAMS s 2-0",
                "XREADGROUP GROUP g alice COUNT 1 STREAMS s 0", "XREADGROUP GROUP g carol STREAMS s 0",
                "XREADGROUP GROUP g alice COUNT 2 STREAMS s t > >", "XREADGROUP GROUP g alice NOACK COUNT 1 STREAMS s >",
                "XPENDING s g", "XPENDING s g - + 10", "XPENDING s g - + 10 alice", "XPENDING s g - + 10 nobody",
                "XPENDING s g - + 2", "XPENDING s g (1-0 (5-0 10", "XPENDING s g IDLE 0 - + 10",
                "XPENDING s g IDLE 100000 - + 10", "XPENDING s g - + -1", "XPENDING s g 5 1 10",
                "XPENDING s g - + x", "XPENDING s g IDLE x - + 10", "XPENDING s g IDLE 10 - +", "XPENDING s g - +",
                "XPENDING s g - + 10 alice extra", "XPENDING s nog", "XPENDING nokey g", "XPENDING s g (- + 10",
                "XPENDING s g - (0-0 10", "XINFO GROUPS s", "XINFO CONSUMERS s g",
                "XACK s g 1-0 2-0 99-0", "XACK s g 1-0", "XACK s g bad", "XACK s nog 1-0", "XACK nokey g 1-0",
                "XPENDING s g", "XDEL s 4-0", "XREADGROUP GROUP g bob STREAMS s 0", "XINFO GROUPS s",
                "XREADGROUP GROUP g alice STREAMS s $", "XREADGROUP GROUP g alice STREAMS s", "XREADGROUP STREAMS s >",
                "XREADGROUP GROUP g STREAMS s >", "XREADGROUP GROUP nog alice STREAMS s >",
                "XREADGROUP GROUP g alice STREAMS nokey >", "XREADGROUP GROUP g alice STREAMS s bad",
                "XREADGROUP GROUP g alice STREAMS s >", "XREADGROUP GROUP g alice BLOCK 10 STREAMS s >",
                "SET str x", "XREADGROUP GROUP g alice STREAMS str >", "XACK str g 1-0", "XPENDING str g",
                "XINFO STREAM s FULL", "XINFO STREAM s FULL COUNT 1", "XINFO STREAM t FULL");
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void lagAndEntriesRead(int protocol) throws IOException {
        open(protocol);
        run("XADD s 1-0 a 1", "XADD s 2-0 a 1", "XADD s 3-0 a 1", "XADD s 4-0 a 1", "XGROUP CREATE s g 0",
                "XGROUP CREATE s h $", "XGROUP CREATE s k 2-0", "XINFO GROUPS s",
                "XREADGROUP GROUP g c COUNT 1 STREAMS s >", "XINFO GROUPS s", "XDEL s 3-0", "XINFO GROUPS s",
                "XREADGROUP GROUP g c STREAMS s >", "XREADGROUP GROUP k c STREAMS s >", "XINFO GROUPS s",
                "XDEL s 1-0", "XINFO GROUPS s", "XADD s 5-0 a 1", "XINFO GROUPS s", "XGROUP SETID s g 0",
                "XINFO GROUPS s", "XGROUP SETID s g 2-0 ENTRIESREAD 1", "XINFO GROUPS s", "XTRIM s MAXLEN 1",
                "XINFO GROUPS s", "XSETID s 9-0 ENTRIESADDED 20 MAXDELETEDID 8-0", "XINFO GROUPS s",
                "XREADGROUP GROUP h c STREAMS s >", "XINFO GROUPS s", "XINFO STREAM s FULL");
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void claims(int protocol) throws IOException {
        open(protocol);
        for (int i = 1; i <= 8; i++) pair.both("XADD", "s", i + "-0", "f", "v" + i);
        run("XGROUP CREATE s g 0", "XREADGROUP GROUP g alice COUNT 6 STREAMS s >",
                "XCLAIM s g bob 0 1-0 2-0", "XPENDING s g - + 10", "XCLAIM s g bob 100000 3-0", "XCLAIM s g bob 0 3-0 JUSTID",
                "XPENDING s g - + 10", "XCLAIM s g bob 0 4-0 RETRYCOUNT 7 IDLE 5000", "XPENDING s g - + 10",
                "XCLAIM s g carol 0 5-0 TIME 1000", "XPENDING s g - + 10",
                "XCLAIM s g carol 0 7-0", "XCLAIM s g carol 0 7-0 FORCE", "XPENDING s g - + 10",
                "XCLAIM s g carol 0 7-0 FORCE JUSTID", "XCLAIM s g carol 0 99-0 FORCE",
                "XCLAIM s g dave 0 6-0 LASTID 8-0", "XINFO GROUPS s", "XCLAIM s g dave 0 6-0 LASTID 1-0",
                "XCLAIM s g dave x 6-0", "XCLAIM s g dave -5 6-0", "XCLAIM s g dave 0 6-0 IDLE x",
                "XCLAIM s g dave 0 6-0 TIME x", "XCLAIM s g dave 0 6-0 RETRYCOUNT x", "XCLAIM s g dave 0 6-0 LASTID x",
                "XCLAIM s g dave 0 6-0 FOO", "XCLAIM s g dave 0 6-0 IDLE", "XCLAIM s g dave 0 FOO 6-0",
                "XCLAIM s nog dave 0 6-0", "XCLAIM nokey g dave 0 6-0", "XDEL s 1-0", "XCLAIM s g dave 0 1-0 2-0",
                "XPENDING s g - + 10", "XINFO CONSUMERS s g",
                "XAUTOCLAIM s g erin 0 0 COUNT 2", "XAUTOCLAIM s g erin 0 0 COUNT 2 JUSTID", "XPENDING s g - + 10",
                "XDEL s 3-0 5-0", "XAUTOCLAIM s g erin 0 0", "XAUTOCLAIM s g erin 0 0 COUNT 1", "XAUTOCLAIM s g erin 100000 0",
                "XAUTOCLAIM s g erin 0 (2-0", "XAUTOCLAIM s g erin 0 99-0", "XAUTOCLAIM s g erin 0 0 COUNT 0",
                "XAUTOCLAIM s g erin 0 0 COUNT x", "XAUTOCLAIM s g erin 0 0 COUNT -1", "XAUTOCLAIM s g erin x 0",
                "XAUTOCLAIM s g erin 0 x", "XAUTOCLAIM s g erin 0 0 FOO", "XAUTOCLAIM s g erin 0 0 COUNT",
                "XAUTOCLAIM s nog erin 0 0", "XAUTOCLAIM nokey g erin 0 0", "XAUTOCLAIM s g erin 0 (18446744073709551615-18446744073709551615",
                "XAUTOCLAIM s g erin 0 0 COUNT 9223372036854775807", "XINFO CONSUMERS s g", "XINFO STREAM s FULL",
                "SET str x", "XCLAIM str g a 0 1-0", "XAUTOCLAIM str g a 0 0",
                "COPY s copy", "XINFO STREAM copy FULL", "XACK copy g 6-0 7-0", "XPENDING copy g - + 10",
                "XPENDING s g - + 10", "XADD copy 9-0 f v", "XLEN s", "XLEN copy", "RENAME copy moved",
                "XINFO GROUPS moved", "OBJECT ENCODING moved", "TYPE moved");
    }
}
