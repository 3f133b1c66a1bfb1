package dev.cinnabar.connection;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RespConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
            try (RespConnection pusher = cinnabar.connect()) {
                assertEquals(":1\r\n", pusher.call("RPUSH", "list", "x"));
                assertEquals(":1\r\n", pusher.call("PUBLISH", "ch", "m"));
            }
            assertEquals("*2\r\n$4\r\nlist\r\n$1\r\nx\r\n", blocked.readReply());
            assertEquals("*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\nm\r\n", subscriber.readReply());
            // the monitor, idle as long as the idle client, is still there and saw it all
            assertTrue(monitor.readReply().contains("\"SUBSCRIBE\" \"ch\""));
            assertTrue(monitor.readReply().contains("\"BLPOP\" \"list\" \"0\""));
            assertTrue(monitor.readReply().contains("\"RPUSH\" \"list\" \"x\""));
        }
    }
}
