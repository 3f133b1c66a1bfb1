package dev.cinnabar.network;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RespConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that pipelines requests for large values and does not read the replies: with a hard output limit it
 * is disconnected at the limit; without one (the normal class's default) it is throttled, its replies waiting
 * in the socket and its further requests in its query buffer, so the server's memory stays bounded; once it
 * reads, it receives every reply.
 */
class SlowConsumerTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();

    private static final Pattern OMEM = Pattern.compile(" omem=(\\d+) ");

    @Test
    void unlimitedClientIsThrottledNotBufferedAndGetsEveryReply() throws Exception {
        int size = 1 << 20, requests = 300; // 300 MB of replies asked for
        try (RespConnection control = cinnabar.connect(); RespConnection slow = cinnabar.connect()) {
            assertEquals("+OK\r\n", control.call("CONFIG", "SET", "client-output-buffer-limit", "normal 0 0 0"));
            assertEquals("+OK\r\n", control.call("SET", "big", "v".repeat(size)));
            assertEquals("+OK\r\n", slow.call("CLIENT", "SETNAME", "slow"));
            slow.sendRaw(pipeline(requests, "GET", "big"));
            Thread.sleep(1000);
            String line = clientLine(control, "slow");
            assertNotNull(line, "still connected");
            long omem = field(line);
            assertTrue(omem < 8L * size, "pending output stays bounded, was " + omem);
            assertTrue(line.contains(" flags=N "), line);
            assertEquals("+PONG\r\n", control.call("PING"), "others are served meanwhile");
            for (int i = 0; i < requests; i++) {
                String reply = slow.readReply();
                assertEquals(size + 2 + ("$" + size + "\r\n").length(), reply.length(), "reply " + i);
            }
            assertEquals("+PONG\r\n", slow.call("PING"));
        }
    }

    @Test
    void hardLimitDisconnectsTheClient() throws Exception {
        int size = 256 * 1024, requests = 400; // 100 MB asked for, 1 MB allowed
        try (RespConnection control = cinnabar.connect(); RespConnection slow = cinnabar.connect()) {
            assertEquals("+OK\r\n", control.call("CONFIG", "SET", "client-output-buffer-limit", "normal 1mb 0 0"));
            try {
                assertEquals("+OK\r\n", control.call("SET", "big", "v".repeat(size)));
                assertEquals("+OK\r\n", slow.call("CLIENT", "SETNAME", "slow"));
                slow.sendRaw(pipeline(requests, "GET", "big"));
                long deadline = System.currentTimeMillis() + 10_000;
                while (clientLine(control, "slow") != null && System.currentTimeMillis() < deadline) Thread.sleep(50);
                assertNull(clientLine(control, "slow"), "closed for its output buffer");
                assertEquals("+PONG\r\n", control.call("PING"));
            } finally {
                control.call("CONFIG", "SET", "client-output-buffer-limit", "normal 0 0 0");
            }
        }
    }

    private static byte[] pipeline(int times, String... command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] one = RespConnection.encode(command);
        for (int i = 0; i < times; i++) out.writeBytes(one);
        return out.toByteArray();
    }

    /** The CLIENT LIST line of the client with this name, or null. */
    private static String clientLine(RespConnection control, String name) throws IOException {
        for (String line : control.call("CLIENT", "LIST").split("\n")) {
            if (line.contains(" name=" + name + " ")) return line;
        }
        return null;
    }

    private static long field(String line) {
        Matcher m = OMEM.matcher(line);
        assertTrue(m.find(), line);
        return Long.parseLong(m.group(1));
    }
}
