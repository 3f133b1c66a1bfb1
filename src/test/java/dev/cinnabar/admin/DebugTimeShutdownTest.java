package dev.cinnabar.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.testing.PairedConnections;
import dev.cinnabar.testing.RealRedis;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** DEBUG (and its enable-debug-command gate), TIME and SHUTDOWN. */
class DebugTimeShutdownTest {

    @Test
    void debugIsDisabledByDefaultLikeRedis() throws Exception {
        try (CinnabarServer server = TestServer.start(); RealRedis redis = RealRedis.start();
             PairedConnections c = new PairedConnections(server.port(), redis.port())) {
            c.same("DEBUG", "SLEEP", "0");
            c.same("DEBUG", "HELP");
            c.same("DEBUG");
            c.same("debug", "nosuch");
            assertTrue(c.cinnabar().call("INFO", "commandstats").contains("cmdstat_debug:calls=0,usec=0,usec_per_call=0.00,"
                    + "rejected_calls=4,failed_calls=0"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "local"})
    void debugWhenEnabled(String setting) throws Exception {
        try (CinnabarServer server = TestServer.start("enable-debug-command " + setting);
             RealRedis redis = RealRedis.start("--enable-debug-command", setting);
             PairedConnections c = new PairedConnections(server.port(), redis.port())) {
            c.same("DEBUG", "SLEEP", "0");
            c.same("DEBUG", "SLEEP", "0.01");
            c.same("DEBUG", "SLEEP", "abc");
            c.same("DEBUG", "SLEEP");
            c.same("DEBUG", "SLEEP", "1", "2");
            c.same("DEBUG", "SET-ACTIVE-EXPIRE", "1");
            c.same("DEBUG", "set-active-expire", "x");
            c.same("DEBUG", "SET-ACTIVE-EXPIRE", "1");
            c.same("DEBUG", "NOSUCH", "x");
            c.same("DEBUG", "HELP", "x");
            c.same("DEBUG");
            // help: Redis's words for the subcommands that exist, in Redis's order
            List<String> theirs = List.of(c.redis().call("DEBUG", "HELP")
                    .replace("Prints this help.", "Print this help.").split("\r\n"));
            String ours = c.cinnabar().call("DEBUG", "HELP");
            assertTrue(ours.matches("(?s)\\*\\d+\r\n\\+DEBUG <subcommand> \\[<arg> \\[value\\] \\[opt\\] \\.\\.\\.\\]\\. Subcommands are:\r\n.*"), ours);
            int at = 0;
            for (String line : ours.substring(ours.indexOf("\r\n") + 2).split("\r\n")) {
                int found = theirs.subList(at, theirs.size()).indexOf(line);
                assertTrue(found >= 0, "not in Redis's DEBUG HELP, or out of order: " + line);
                at += found + 1;
            }
        }
    }

    @Test
    void debugSleepBlocksTheServer() throws Exception {
        try (CinnabarServer server = TestServer.start("enable-debug-command yes");
             RespConnection sleeper = new RespConnection(server.port());
             RespConnection other = new RespConnection(server.port())) {
            sleeper.send("DEBUG", "SLEEP", "0.5");
            Thread.sleep(100);
            long start = System.nanoTime();
            assertEquals("+PONG\r\n", other.call("PING"));
            assertTrue(System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(250), "waited for the sleep");
            assertEquals("+OK\r\n", sleeper.readReply());
        }
    }

    @Test
    void setActiveExpireTurnsTheExpireCycleOff() throws Exception {
        try (CinnabarServer server = TestServer.start("enable-debug-command yes");
             RespConnection c = new RespConnection(server.port())) {
            assertEquals("+OK\r\n", c.call("DEBUG", "SET-ACTIVE-EXPIRE", "0"));
            assertFalse(server.server().keyspace().activeExpireEnabled());
            assertEquals("+OK\r\n", c.call("DEBUG", "SET-ACTIVE-EXPIRE", "1"));
            assertTrue(server.server().keyspace().activeExpireEnabled());
            assertEquals("+OK\r\n", c.call("DEBUG", "SET-ACTIVE-EXPIRE", "junk"));
            assertFalse(server.server().keyspace().activeExpireEnabled(), "atoi: no digits is 0");
            assertEquals("+OK\r\n", c.call("DEBUG", "SET-ACTIVE-EXPIRE", " 7x"));
            assertTrue(server.server().keyspace().activeExpireEnabled());
        }
    }

    @Test
    void strtodAndAtoiReadLeadingNumbers() {
        assertEquals(0.5, DebugCommands.leadingDouble("0.5"));
        assertEquals(2.0, DebugCommands.leadingDouble("  2seconds"));
        assertEquals(-1e3, DebugCommands.leadingDouble("-1e3"));
        assertEquals(0.25, DebugCommands.leadingDouble(".25"));
        assertEquals(0.0, DebugCommands.leadingDouble("abc"));
        assertEquals(12, DebugCommands.leadingInt("12abc"));
        assertEquals(-3, DebugCommands.leadingInt(" -3"));
        assertEquals(0, DebugCommands.leadingInt("x1"));
        assertEquals(1, DebugCommands.leadingInt("99999999999999999999999"));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void timeIsNowInSecondsAndMicroseconds(int protocol) throws Exception {
        try (CinnabarServer server = TestServer.start(); RespConnection c = new RespConnection(server.port())) {
            c.call("HELLO", String.valueOf(protocol));
            String reply = c.call("TIME");
            Matcher m = Pattern.compile("\\*2\r\n\\$10\r\n(\\d{10})\r\n\\$\\d\r\n(\\d{1,6})\r\n").matcher(reply);
            assertTrue(m.matches(), reply);
            long micros = Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2));
            assertTrue(Math.abs(micros / 1000 - System.currentTimeMillis()) < 2000);
            assertEquals("-ERR wrong number of arguments for 'time' command\r\n", c.call("TIME", "now"));
        }
    }

    @Test
    void shutdownErrorsMatchRedis() throws Exception {
        try (CinnabarServer server = TestServer.start(); RealRedis redis = RealRedis.start();
             PairedConnections c = new PairedConnections(server.port(), redis.port())) {
            c.same("SHUTDOWN", "bogus");
            c.same("SHUTDOWN", "SAVE", "NOSAVE");
            c.same("SHUTDOWN", "ABORT", "NOW");
            c.same("SHUTDOWN", "FORCE", "ABORT");
            c.same("SHUTDOWN", "ABORT");
            c.same("PING");
        }
    }

    @Test
    void shutdownSaveFailsWhenTheDumpCannotBeWrittenUnlessForced() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("cinnabar-shutdown");
        try (CinnabarServer server = TestServer.start("dir " + dir); RespConnection c = new RespConnection(server.port())) {
            java.nio.file.Files.delete(dir); // the save has nowhere to go
            CountDownLatch stopped = new CountDownLatch(1);
            server.server().onShutdown(stopped::countDown);
            assertEquals("-ERR Errors trying to SHUTDOWN. Check logs.\r\n", c.call("SHUTDOWN", "SAVE"));
            assertEquals("-ERR Errors trying to SHUTDOWN. Check logs.\r\n", c.call("shutdown", "now", "save"));
            assertEquals(1, stopped.getCount(), "still running");
            assertEquals("+PONG\r\n", c.call("PING"));
            c.send("SHUTDOWN", "SAVE", "FORCE");
            assertTrue(stopped.await(5, TimeUnit.SECONDS));
            assertTrue(c.isClosedByServer(2000), "no reply: the connection closes");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "NOSAVE", "NOW", "NOSAVE NOW FORCE"})
    void shutdownStopsTheServer(String flags) throws Exception {
        CinnabarServer server = TestServer.start();
        CountDownLatch stopped = new CountDownLatch(1);
        server.server().onShutdown(() -> new Thread(() -> {
            server.close();
            stopped.countDown();
        }).start());
        int port = server.port();
        try (RespConnection c = new RespConnection(port)) {
            String[] command = ("SHUTDOWN " + flags).strip().split(" ");
            c.send(command);
            assertTrue(stopped.await(5, TimeUnit.SECONDS));
            assertTrue(c.isClosedByServer(2000));
        }
        try {
            new RespConnection(port).close();
            throw new AssertionError("still listening");
        } catch (java.io.IOException expected) {
            // refused: the server is gone
        }
    }
}
