package dev.cinnabar.diagnostics;

import dev.cinnabar.testing.ReferenceVersion;
import dev.cinnabar.testing.RespTree;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SLOWLOG against a real redis-server: what is logged (and with which arguments, trimmed and redacted as Redis
 * does), in which order, the thresholds and length limit, and the errors of SLOWLOG GET.
 */
class SlowLogTest extends PairedDebugServers {
    @Override
    protected String[] baseline() {
        return new String[] {"CONFIG", "SET", "slowlog-log-slower-than", "0", "slowlog-max-len", "128"};
    }

    @Override
    protected String[] reset() {
        return new String[] {"SLOWLOG", "RESET"};
    }

    @Test
    void logsEveryCommandAtThresholdZeroWithTrimmedAndRedactedArguments() throws IOException {
        c.same("CLIENT", "SETNAME", "slowpoke");
        List<String> many = new ArrayList<>(List.of("RPUSH", "list"));
        for (int i = 0; i < 40; i++) many.add("e" + i);
        c.same(many.toArray(new String[0]));
        c.same("SET", "big", "x".repeat(200));
        c.same("AUTH", "not-the-password");
        c.same("CONFIG", "SET", "requirepass", "s3cret", "maxmemory-policy", "noeviction");
        c.same("CONFIG", "SET", "requirepass", "");
        c.same("MULTI");
        c.same("INCR", "n");
        c.same("EXEC"); // EXEC itself is not logged (skip_slowlog), the commands it ran are
        c.same("EVAL", "return redis.call('get', KEYS[1])", "1", "n");
        assertEquals(entries(c.redis().call("SLOWLOG", "GET", "-1")), entries(c.cinnabar().call("SLOWLOG", "GET", "-1")));
        List<String> ours = entries(c.cinnabar().call("SLOWLOG", "GET", "-1"));
        assertTrue(ours.contains("[SET, big, " + "x".repeat(128) + "... (72 more bytes)] slowpoke"), ours.toString());
        assertTrue(ours.contains("[AUTH, (redacted)] slowpoke"), ours.toString());
        assertTrue(ours.contains("[CONFIG, SET, requirepass, (redacted), maxmemory-policy, noeviction] slowpoke"),
                ours.toString());
        String rpush = ours.stream().filter(e -> e.startsWith("[RPUSH")).findFirst().orElseThrow();
        assertTrue(rpush.endsWith(", e28, ... (11 more arguments)] slowpoke"), rpush);
    }

    @Test
    void newestFirstWithIncreasingIdsAndTheLengthLimit() throws IOException {
        c.both("CONFIG", "SET", "slowlog-max-len", "3");
        for (int i = 0; i < 5; i++) c.same("SET", "k" + i, "v");
        c.same("SLOWLOG", "LEN");
        c.redis().call("SLOWLOG", "GET"); // the same commands on both
        RespTree log = RespTree.parse(c.cinnabar().call("SLOWLOG", "GET"));
        assertEquals(3, log.children().size());
        long newest = Long.parseLong(log.children().get(0).children().get(0).text());
        long oldest = Long.parseLong(log.children().get(2).children().get(0).text());
        assertEquals(newest - 2, oldest);
        assertEquals(List.of("SLOWLOG", "LEN"), log.children().get(0).children().get(3).strings());
        long seconds = Long.parseLong(log.children().get(0).children().get(1).text());
        assertTrue(Math.abs(seconds - System.currentTimeMillis() / 1000) < 60);
        assertTrue(log.children().get(0).children().get(4).text().matches("127\\.0\\.0\\.1:\\d+"));
        assertEquals(entries(c.redis().call("SLOWLOG", "GET", "1")), entries(c.cinnabar().call("SLOWLOG", "GET", "1")));
        assertEquals(entries(c.redis().call("SLOWLOG", "GET", "2")), entries(c.cinnabar().call("SLOWLOG", "GET", "2")));
        // a shorter limit shows only when the next command completes
        c.both("CONFIG", "SET", "slowlog-max-len", "1");
        c.same("SLOWLOG", "LEN");
    }

    @Test
    void thresholdsAndReset() throws IOException {
        c.both("CONFIG", "SET", "slowlog-log-slower-than", "-1");
        c.same("SLOWLOG", "RESET");
        c.same("DEBUG", "SLEEP", "0.02");
        c.same("SLOWLOG", "LEN"); // disabled: nothing, however slow
        c.both("CONFIG", "SET", "slowlog-log-slower-than", "15000");
        c.same("PING");
        c.same("DEBUG", "SLEEP", "0.02");
        c.same("SLOWLOG", "LEN");
        c.redis().call("SLOWLOG", "GET");
        RespTree entry = RespTree.parse(c.cinnabar().call("SLOWLOG", "GET")).children().get(0);
        assertEquals(List.of("DEBUG", "SLEEP", "0.02"), entry.children().get(3).strings());
        assertTrue(Long.parseLong(entry.children().get(2).text()) >= 20000, entry.toString());
        c.same("SLOWLOG", "RESET");
        c.same("SLOWLOG", "LEN");
        c.same("SLOWLOG", "GET");
    }

    @Test
    void aBlockedCommandIsLoggedOnceWhenItGivesUp() throws IOException {
        c.same("BLPOP", "nothing", "0.05");
        List<String> ours = entries(c.cinnabar().call("SLOWLOG", "GET"));
        List<String> theirs = entries(c.redis().call("SLOWLOG", "GET"));
        // Redis 7.0 did not log a blocked command that timed out; 7.2 does
        if (ReferenceVersion.of(c.redis()).is72()) assertEquals(theirs, ours);
        assertEquals(List.of("[BLPOP, nothing, 0.05] ", "[SLOWLOG, RESET] "), ours);
    }

    @Test
    void errorsAndHelp() throws IOException {
        c.same("SLOWLOG", "GET", "-2");
        c.same("SLOWLOG", "GET", "abc");
        c.same("SLOWLOG", "GET", "1", "2");
        c.same("SLOWLOG", "LEN", "x");
        c.same("SLOWLOG", "NOPE");
        c.same("SLOWLOG");
        // Redis 7.0 words the HELP entry the older way
        assertEquals(c.redis().call("SLOWLOG", "HELP").replace("Prints this help.", "Print this help."),
                c.cinnabar().call("SLOWLOG", "HELP"));
        c.same("CONFIG", "SET", "slowlog-log-slower-than", "-2");
        c.same("CONFIG", "SET", "slowlog-max-len", "-1");
        c.same("CONFIG", "GET", "slowlog-max-len");
        c.same("CONFIG", "GET", "slowlog-log-slower-than");
    }

    @Test
    void replayingTheAofAtStartIsNotLogged(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String[] config = {"appendonly yes", "appendfsync always", "dir " + dir, "slowlog-log-slower-than 0",
                "latency-monitor-threshold 1"};
        try (var server = dev.cinnabar.testing.TestServer.start(config);
             var conn = new dev.cinnabar.testing.RespConnection(server.port())) {
            for (int i = 0; i < 20; i++) conn.call("SET", "k" + i, "v");
            assertTrue(Long.parseLong(conn.call("SLOWLOG", "LEN").substring(1).trim()) > 0);
        }
        try (var server = dev.cinnabar.testing.TestServer.start(config);
             var conn = new dev.cinnabar.testing.RespConnection(server.port())) {
            assertEquals(":0\r\n", conn.call("SLOWLOG", "LEN"));
            assertEquals("*0\r\n", conn.call("LATENCY", "LATEST"));
            assertEquals(":20\r\n", conn.call("DBSIZE"));
        }
    }

    /** Each entry's arguments and client name (ids, times, durations and ports differ between servers). */
    static List<String> entries(String reply) {
        List<String> out = new ArrayList<>();
        for (RespTree e : RespTree.parse(reply).children()) {
            out.add(e.children().get(3).strings() + " " + e.children().get(5).text());
        }
        return out;
    }

}
