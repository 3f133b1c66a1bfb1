package dev.cinnabar.diagnostics;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.ReferenceVersion;
import dev.cinnabar.testing.RespConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MONITOR's feed compared line by line with a real redis-server (timestamps and client ports masked): what is
 * shown, in which order (Redis 7.2: the commands EXEC runs before EXEC, scripts before their commands), which
 * arguments are redacted, and what is never shown (admin commands).
 */
class MonitorTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private static final Pattern LINE = Pattern.compile("\\+(\\d+)\\.(\\d{6}) \\[(\\d+) ([^\\]]+)\\] (.*)\r\n");

    /** The commands a client sends while another monitors; every reply is read before the next command. */
    private static final String[][] SESSION = {
            {"SET", "k", "v"},
            {"GET", "k"},
            {"MULTI"}, {"SET", "a", "1"}, {"INCR", "a"}, {"EXEC"},
            {"EVAL", "redis.call('set', KEYS[1], ARGV[1]); return redis.call('get', KEYS[1])", "1", "s", "x y"},
            {"AUTH", "secret"},
            {"AUTH", "user", "secret"},
            {"HELLO", "2", "AUTH", "default", "pw"},
            {"CONFIG", "GET", "maxmemory"},
            {"DEBUG", "SLEEP", "0"},
            {"CLIENT", "SETNAME", "watched"},
            {"SELECT", "1"}, {"SET", "quote\"d", "new\nline\u0001"}, {"SELECT", "0"},
            {"BLPOP", "nolist", "0.05"},
            {"MULTI"}, {"NOSUCHCOMMAND"}, {"EXEC"},
            {"MULTI"}, {"MONITOR"}, {"EXEC"},
            {"PING"},
    };

    @Test
    void feedMatchesRedis() throws Exception {
        List<String> ours = session(cinnabar.port(), SESSION);
        List<String> theirs = session(redis.port(), SESSION);
        boolean reference72;
        try (RespConnection r = redis.connect()) {
            reference72 = ReferenceVersion.of(r).is72();
        }
        if (reference72) assertEquals(theirs, ours);
        // Redis 7.2's order, asserted directly (7.0 showed EXEC and scripts before their commands)
        assertEquals(List.of(
                "[0 client] \"SET\" \"k\" \"v\"",
                "[0 client] \"GET\" \"k\"",
                "[0 client] \"MULTI\"",
                "[0 client] \"SET\" \"a\" \"1\"",
                "[0 client] \"INCR\" \"a\"",
                "[0 client] \"EXEC\"",
                "[0 client] \"EVAL\" \"redis.call('set', KEYS[1], ARGV[1]); return redis.call('get', KEYS[1])\" \"1\" \"s\" \"x y\"",
                "[0 lua] \"set\" \"s\" \"x y\"",
                "[0 lua] \"get\" \"s\"",
                "[0 client] \"AUTH\" \"(redacted)\"",
                "[0 client] \"AUTH\" \"(redacted)\" \"(redacted)\"",
                "[0 client] \"HELLO\" \"2\" \"AUTH\" \"(redacted)\" \"(redacted)\"",
                "[0 client] \"CLIENT\" \"SETNAME\" \"watched\"",
                "[1 client] \"SELECT\" \"1\"",
                "[1 client] \"SET\" \"quote\\\"d\" \"new\\nline\\x01\"",
                "[0 client] \"SELECT\" \"0\"",
                "[0 client] \"BLPOP\" \"nolist\" \"0.05\"",
                "[0 client] \"MULTI\"",
                "[0 client] \"EXEC\"",
                "[0 client] \"MULTI\"",
                "[0 client] \"EXEC\"",
                "[0 client] \"PING\""), ours);
        if (!reference72) assertEquals(ours.size(), theirs.size());
    }

    @Test
    void aServedBlockedCommandIsShownOnceAndAPausedOneNever() throws Exception {
        // (CLIENT PAUSE and UNPAUSE are admin commands: not shown; 7.0 showed the paused command when it ran)
        boolean reference72;
        try (RespConnection r = redis.connect()) {
            reference72 = ReferenceVersion.of(r).is72();
        }
        List<String> expected = List.of(
                "[0 client] \"BLPOP\" \"list\" \"0\"",
                "[0 client] \"RPUSH\" \"list\" \"x\"",
                "[0 client] \"MULTI\"",
                "[0 client] \"SET\" \"k\" \"w\"",
                "[0 client] \"GET\" \"k\"");
        for (int port : reference72 ? new int[] {redis.port(), cinnabar.port()} : new int[] {cinnabar.port()}) {
            try (RespConnection monitor = new RespConnection(port); RespConnection a = new RespConnection(port);
                 RespConnection b = new RespConnection(port)) {
                assertEquals("+OK\r\n", monitor.call("MONITOR"));
                a.send("BLPOP", "list", "0");
                Thread.sleep(50);
                b.call("RPUSH", "list", "x");
                a.readReply();
                b.call("CLIENT", "PAUSE", "100000", "WRITE");
                a.send("SET", "k", "v");
                Thread.sleep(50);
                b.call("CLIENT", "UNPAUSE");
                assertEquals("+OK\r\n", a.readReply());
                // an EXEC that waited is not shown either, the commands it runs are
                a.call("MULTI");
                a.call("SET", "k", "w");
                a.call("GET", "k");
                b.call("CLIENT", "PAUSE", "100000", "WRITE");
                a.send("EXEC");
                Thread.sleep(50);
                b.call("CLIENT", "UNPAUSE");
                a.readReply();
                List<String> lines = new ArrayList<>();
                for (int i = 0; i < expected.size(); i++) lines.add(mask(monitor.readReply()));
                assertEquals(expected, lines, "port " + port);
                assertTrue(monitor.nothingReceivedWithin(100));
            }
        }
    }

    @Test
    void monitorRepliesOkOnceAndSeesItsOwnCommands() throws Exception {
        try (RespConnection monitor = cinnabar.connect()) {
            assertEquals("+OK\r\n", monitor.call("MONITOR"));
            monitor.send("MONITOR"); // already monitoring: no reply, and MONITOR is admin, so not shown either
            monitor.send("PING");
            assertEquals("+PONG\r\n", monitor.readReply());
            assertEquals("[0 client] \"PING\"", mask(monitor.readReply()));
            String info = monitor.call("CLIENT", "INFO");
            assertTrue(info.contains(" flags=O "), "monitors carry the O flag: " + info);
            assertTrue(monitor.readReply().endsWith("\"CLIENT\" \"INFO\"\r\n"));
            assertEquals("+RESET\r\n", monitor.call("RESET")); // leaves MONITOR mode
            assertEquals("+PONG\r\n", monitor.call("PING"));
            assertTrue(monitor.nothingReceivedWithin(100), "no more lines");
        }
    }

    @Test
    void unixSocketClientsAreNamedAfterTheSocket() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("monitor-unix");
        String socket = dir.resolve("s.sock").toString();
        int port;
        try (var probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        // with a unix socket, port 0 means no TCP listener at all, as in Redis
        try (var server = dev.cinnabar.testing.TestServer.start("unixsocket " + socket, "port " + port);
             RespConnection monitor = new RespConnection(port)) {
            assertEquals("+OK\r\n", monitor.call("MONITOR"));
            try (var channel = java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(socket))) {
                channel.write(java.nio.ByteBuffer.wrap(RespConnection.encode("PING")));
                channel.read(java.nio.ByteBuffer.allocate(16));
            }
            assertEquals("[0 unix:" + socket + "] \"PING\"", mask(monitor.readReply()));
        }
    }

    /** Runs the session on a server while a second connection monitors; returns the monitor's masked lines. */
    static List<String> session(int port, String[][] commands) throws IOException {
        try (RespConnection monitor = new RespConnection(port); RespConnection client = new RespConnection(port)) {
            assertEquals("+OK\r\n", monitor.call("MONITOR"));
            for (String[] command : commands) client.call(command);
            client.call("ECHO", "end-of-session");
            List<String> lines = new ArrayList<>();
            while (true) {
                String line = mask(monitor.readReply());
                if (line.endsWith("\"ECHO\" \"end-of-session\"")) return lines;
                lines.add(line);
            }
        }
    }

    /** A monitor line without its timestamp, with TCP clients named "client". */
    static String mask(String line) {
        Matcher m = LINE.matcher(line);
        assertTrue(m.matches(), "not a monitor line: " + line);
        String origin = m.group(4).matches("127\\.0\\.0\\.1:\\d+") ? "client" : m.group(4);
        long seconds = Long.parseLong(m.group(1));
        assertTrue(Math.abs(seconds - System.currentTimeMillis() / 1000) < 60, "a current timestamp: " + line);
        return "[" + m.group(3) + " " + origin + "] " + m.group(5);
    }
}
