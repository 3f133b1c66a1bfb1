package dev.cinnabar.connection;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RespConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The timeout setting closes idle clients, except monitors, Pub/Sub subscribers and blocked clients (as Redis). */
class IdleTimeoutTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension("timeout 1");

    @Test
    void idleClientsAreClosedButNotMonitorsSubscribersOrBlockedClients() throws Exception {
        try (RespConnection idle = cinnabar.connect(); RespConnection monitor = cinnabar.connect();
             RespConnection subscriber = cinnabar.connect(); RespConnection blocked = cinnabar.connect()) {
            assertEquals("+PONG\r\n", idle.call("PING"));
            assertEquals("+OK\r\n", monitor.call("MONITOR"));
            subscriber.call("SUBSCRIBE", "ch");
            blocked.send("BLPOP", "list", "0");
            assertTrue(idle.isClosedByServer(3500), "idle past the timeout");
            assertFalse(monitor.isClosedByServer(100));
            assertFalse(subscriber.isClosedByServer(100));
            try (RespConnection pusher = cinnabar.connect()) {
                assertEquals(":1\r\n", pusher.call("RPUSH", "list", "x"));
            }
            assertEquals("*2\r\n$4\r\nlist\r\n$1\r\nx\r\n", blocked.readReply());
            // the monitor saw the push; it was idle as long as the idle client, and is still there
            assertTrue(monitor.readReply().contains("\"RPUSH\" \"list\" \"x\""));
        }
    }
}
