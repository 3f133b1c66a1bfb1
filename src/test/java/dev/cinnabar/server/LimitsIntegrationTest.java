package dev.cinnabar.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.testing.PairedConnections;
import dev.cinnabar.testing.RealRedis;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Connection limits and the configuration changes that must take effect while clients are connected. */
class LimitsIntegrationTest {

    static long infoField(RespConnection c, String section, String name) throws IOException {
        Matcher m = Pattern.compile("\r\n" + name + ":(-?\\d+)\r\n").matcher(c.call("INFO", section));
        assertTrue(m.find(), name);
        return Long.parseLong(m.group(1));
    }

    @Test
    void maxclientsRejectsWithRedisErrorAndCanBeRaised() throws Exception {
        try (CinnabarServer server = TestServer.start("maxclients 2");
             RespConnection first = new RespConnection(server.port());
             RespConnection second = new RespConnection(server.port())) {
            assertEquals("+PONG\r\n", second.call("PING"));
            try (RespConnection third = new RespConnection(server.port())) {
                assertEquals("-ERR max number of clients reached\r\n", third.readReply());
                assertTrue(third.isClosedByServer(2000));
            }
            assertEquals(1, infoField(first, "stats", "rejected_connections"));
            assertEquals("+OK\r\n", first.call("CONFIG", "SET", "maxclients", "3"));
            try (RespConnection third = new RespConnection(server.port())) {
                assertEquals("+PONG\r\n", third.call("PING"));
                assertEquals(3, infoField(third, "clients", "connected_clients"));
                assertEquals(3, infoField(third, "clients", "maxclients"));
            }
        }
    }

    @Test
    void idleClientsAreClosedAfterTimeout() throws Exception {
        try (CinnabarServer server = TestServer.start("hz 100");
             RespConnection idle = new RespConnection(server.port());
             RespConnection active = new RespConnection(server.port())) {
            idle.call("PING");
            assertEquals("+OK\r\n", active.call("CONFIG", "SET", "timeout", "1"));
            long deadline = System.currentTimeMillis() + 2600;
            while (System.currentTimeMillis() < deadline) {
                assertEquals("+PONG\r\n", active.call("PING"));
                Thread.sleep(200);
            }
            assertTrue(idle.isClosedByServer(2000), "idle for more than the timeout");
            assertEquals("+PONG\r\n", active.call("PING"), "kept busy, so kept");
            assertEquals("+OK\r\n", active.call("CONFIG", "SET", "timeout", "0"));
        }
    }

    @Test
    void queryBufferLimitClosesTheClient() throws Exception {
        try (CinnabarServer server = TestServer.start();
             RespConnection admin = new RespConnection(server.port());
             RespConnection big = new RespConnection(server.port())) {
            assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "client-query-buffer-limit", "1mb"));
            big.sendRaw("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2000000\r\n");
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'x');
            assertThrows(IOException.class, () -> {
                for (int i = 0; i < 40; i++) big.sendRaw(chunk);
                big.readReply();
            });
            assertEquals("$-1\r\n", admin.call("GET", "k"));
        }
    }

    @Test
    void protoMaxBulkLenAppliesToConnectedClients() throws Exception {
        try (CinnabarServer server = TestServer.start();
             RespConnection admin = new RespConnection(server.port());
             RespConnection existing = new RespConnection(server.port())) {
            existing.call("PING");
            assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "proto-max-bulk-len", "1mb"));
            existing.sendRaw("*2\r\n$4\r\nECHO\r\n$1048577\r\n");
            assertEquals("-ERR Protocol error: invalid bulk length\r\n", existing.readReply());
            assertTrue(existing.isClosedByServer(2000));
            try (RespConnection c = new RespConnection(server.port())) {
                assertTrue(c.call("ECHO", "x".repeat(1048576)).startsWith("$1048576\r\n"), "at the limit is fine");
            }
        }
    }

    @Test
    void protocolLimitErrorsMatchRedis() throws Exception {
        try (CinnabarServer server = TestServer.start("proto-max-bulk-len 1mb");
             RealRedis redis = RealRedis.start("--proto-max-bulk-len", "1mb")) {
            for (String bad : new String[] {"*2\r\n$4\r\nECHO\r\n$1048577\r\n", "*2\r\n$4\r\nECHO\r\n$-2\r\n",
                    "*2\r\n$4\r\nECHO\r\n$abc\r\n", "*3000000000\r\n", "*1\r\n+PING\r\n"}) {
                try (PairedConnections c = new PairedConnections(server.port(), redis.port())) {
                    c.sameRaw(bad, 1);
                    assertTrue(c.cinnabar().isClosedByServer(2000));
                }
            }
        }
    }

    @Test
    void requirepassChangeAppliesToNewConnectionsOnly() throws Exception {
        try (CinnabarServer server = TestServer.start();
             RespConnection before = new RespConnection(server.port())) {
            assertEquals("+OK\r\n", before.call("CONFIG", "SET", "requirepass", "pw"));
            assertEquals("+PONG\r\n", before.call("PING"), "connected while no password was needed");
            try (RespConnection after = new RespConnection(server.port())) {
                assertEquals("-NOAUTH Authentication required.\r\n", after.call("PING"));
                assertEquals("+OK\r\n", before.call("CONFIG", "SET", "requirepass", ""));
                assertEquals("+PONG\r\n", after.call("PING"), "no password: nobody needs to log in");
                // but HELLO still wants the login it never did, as in Redis
                assertTrue(after.call("HELLO", "3").startsWith("-NOAUTH HELLO must be called"));
                assertEquals("+OK\r\n", after.call("AUTH", "default", "whatever"));
                assertTrue(after.call("HELLO", "3").startsWith("%7\r\n"));
            }
        }
    }

    @Test
    void failedLoginsAreCounted() throws Exception {
        try (CinnabarServer server = TestServer.start("requirepass pw");
             RespConnection c = new RespConnection(server.port())) {
            c.call("AUTH", "nope");
            c.call("HELLO", "3", "AUTH", "default", "nope");
            c.call("AUTH", "pw");
            assertEquals(2, infoField(c, "stats", "acl_access_denied_auth"));
            assertTrue(c.call("INFO", "errorstats").contains("errorstat_WRONGPASS:count=2\r\n"));
        }
    }

    @Test
    void hzChangesTheCronRateAndIsClamped() throws Exception {
        try (CinnabarServer server = TestServer.start();
             RespConnection c = new RespConnection(server.port())) {
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "hz", "200"));
            assertEquals(200, infoField(c, "server", "hz"));
            long before = infoField(c, "stats", "eventloop_cycles");
            Thread.sleep(1000);
            long cycles = infoField(c, "stats", "eventloop_cycles") - before;
            assertTrue(cycles > 50, "cron runs about 200 times a second, ran " + cycles);
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "hz", "100000"));
            assertEquals("*2\r\n$2\r\nhz\r\n$3\r\n500\r\n", c.call("CONFIG", "GET", "hz"));
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "hz", "0"));
            assertEquals("*2\r\n$2\r\nhz\r\n$1\r\n1\r\n", c.call("CONFIG", "GET", "hz"));
        }
    }

    @Test
    void loglevelTakesEffect() throws Exception {
        try (CinnabarServer server = TestServer.start();
             RespConnection c = new RespConnection(server.port())) {
            try {
                assertEquals("+OK\r\n", c.call("CONFIG", "SET", "loglevel", "warning"));
                assertFalse(Log.isEnabled(Log.Level.NOTICE));
                assertTrue(Log.isEnabled(Log.Level.WARNING));
                assertEquals("+OK\r\n", c.call("CONFIG", "SET", "loglevel", "debug"));
                assertTrue(Log.isEnabled(Log.Level.DEBUG));
            } finally {
                c.call("CONFIG", "SET", "loglevel", "notice");
            }
        }
    }

    @Test
    void portCanBeChangedAndAFailedRebindKeepsTheOldOne() throws Exception {
        try (CinnabarServer server = TestServer.start();
             RespConnection c = new RespConnection(server.port());
             ServerSocket taken = new ServerSocket(0)) {
            int oldPort = server.port();
            int newPort = RealRedis.freePort();
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "port", String.valueOf(newPort)));
            assertEquals("+PONG\r\n", c.call("PING"), "existing connections stay");
            try (RespConnection moved = new RespConnection(newPort)) {
                assertEquals("+PONG\r\n", moved.call("PING"));
                assertEquals(newPort, infoField(moved, "server", "tcp_port"));
            }
            assertThrows(IOException.class, () -> new RespConnection(oldPort).close());
            assertEquals("-ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this "
                    + "port. Check server logs.\r\n", c.call("CONFIG", "SET", "port", String.valueOf(taken.getLocalPort())));
            assertEquals("$" + String.valueOf(newPort).length() + "\r\n" + newPort + "\r\n",
                    c.call("CONFIG", "GET", "port").substring("*2\r\n$4\r\nport\r\n".length()));
            try (RespConnection stillThere = new RespConnection(newPort)) {
                assertEquals("+PONG\r\n", stillThere.call("PING"));
            }
        }
    }

    @Test
    void bindCanBeChangedAndAFailedBindKeepsTheOldAddresses() throws Exception {
        try (CinnabarServer server = TestServer.start(); RespConnection c = new RespConnection(server.port())) {
            // 192.0.2.1 is reserved for documentation: no interface has it
            assertEquals("-ERR CONFIG SET failed (possibly related to argument 'bind') - Failed to bind to "
                    + "specified addresses.\r\n", c.call("CONFIG", "SET", "bind", "192.0.2.1"));
            assertEquals("*2\r\n$4\r\nbind\r\n$9\r\n127.0.0.1\r\n", c.call("CONFIG", "GET", "bind"));
            try (RespConnection again = new RespConnection(server.port())) {
                assertEquals("+PONG\r\n", again.call("PING"));
            }
            // an optional address that cannot be bound is skipped, as with "-::1" in the default
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "bind", "127.0.0.1 -192.0.2.1"));
            try (RespConnection again = new RespConnection(server.port())) {
                assertEquals("+PONG\r\n", again.call("PING"));
                assertTrue(again.call("INFO", "server").contains("listener0:name=tcp,bind=127.0.0.1,bind=-192.0.2.1,port="));
            }
        }
    }

    @Test
    void aServerThatWouldListenNowhereRefusesToStart() {
        // "bind" with no address (the config line reset by TestServer's own "bind 127.0.0.1") and no unix socket
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TestServer.start("bind"));
        assertEquals("Configured to not listen anywhere, exiting.", e.getMessage());
    }
}
