package dev.cinnabar.network;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RespConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** client-output-buffer-limit enforcement: clients that do not read their replies are closed. */
class OutputBufferLimitTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension(
            "client-output-buffer-limit pubsub 1mb 256kb 1");

    /** A raw client that reads (almost) nothing: a small receive buffer, so the server's unsent bytes pile up. */
    private static Socket slowClient(String name) throws Exception {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", cinnabar.port()));
        s.getOutputStream().write(RespConnection.encode("CLIENT", "SETNAME", name));
        byte[] ok = s.getInputStream().readNBytes(5);
        assertEquals("+OK\r\n", new String(ok, StandardCharsets.US_ASCII));
        return s;
    }

    private static boolean listed(RespConnection c, String name) throws Exception {
        return c.call("CLIENT", "LIST").contains("name=" + name + " ");
    }

    private static long omem(RespConnection c, String name) throws Exception {
        Matcher m = Pattern.compile("name=" + name + " .* omem=(\\d+)").matcher(c.call("CLIENT", "LIST"));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static void subscribe(Socket s, String channel) throws Exception {
        s.getOutputStream().write(RespConnection.encode("SUBSCRIBE", channel));
        s.getInputStream().readNBytes(("*3\r\n$9\r\nsubscribe\r\n$" + channel.length() + "\r\n" + channel + "\r\n:1\r\n").length());
    }

    @Test
    void slowSubscriberIsClosedAtTheHardLimit() throws Exception {
        try (RespConnection publisher = cinnabar.connect(); Socket sub = slowClient("slowsub")) {
            subscribe(sub, "big");
            byte[] message = new byte[100_000];
            Arrays.fill(message, (byte) 'x');
            Runtime rt = Runtime.getRuntime();
            for (int i = 0; i < 200 && listed(publisher, "slowsub"); i++) {
                publisher.call("PUBLISH".getBytes(), "big".getBytes(), message);
            }
            assertFalse(listed(publisher, "slowsub"));
            // the publisher keeps working, and later messages reach nobody
            assertEquals(":0\r\n", publisher.call("PUBLISH".getBytes(), "big".getBytes(), message));
            assertEquals("+PONG\r\n", publisher.call("PING"));
            assertTrue(rt.totalMemory() - rt.freeMemory() < rt.maxMemory());
        }
    }

    @Test
    void aboveTheSoftLimitTheSubscriberIsClosedOnlyAfterTheSeconds() throws Exception {
        try (RespConnection publisher = cinnabar.connect(); Socket sub = slowClient("softsub")) {
            subscribe(sub, "soft");
            byte[] message = new byte[50_000];
            // above 256kb of unsent output (what the kernel buffers absorb aside), well under 1mb
            for (int i = 0; i < 400 && omem(publisher, "softsub") < 300_000; i++) {
                publisher.call("PUBLISH".getBytes(), "soft".getBytes(), message);
            }
            assertTrue(omem(publisher, "softsub") >= 300_000);
            long start = System.currentTimeMillis();
            publisher.call("PUBLISH", "soft", "x");
            assertTrue(listed(publisher, "softsub"), "closed before the soft seconds passed");
            while (listed(publisher, "softsub") && System.currentTimeMillis() - start < 5000) {
                Thread.sleep(100);
                publisher.call("PUBLISH", "soft", "x"); // limits are checked when output is added
            }
            long elapsed = System.currentTimeMillis() - start;
            assertFalse(listed(publisher, "softsub"));
            assertTrue(elapsed >= 900, "closed after " + elapsed + " ms");
        }
    }

    @Test
    void normalClientPipeliningBigRepliesIsClosed() throws Exception {
        try (RespConnection c = cinnabar.connect(); Socket greedy = slowClient("greedy")) {
            byte[] value = new byte[200_000];
            c.call("SET".getBytes(), "bigvalue".getBytes(), value);
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "client-output-buffer-limit", "normal 2mb 0 0"));
            try {
                OutputStream out = greedy.getOutputStream();
                byte[] get = RespConnection.encode("GET", "bigvalue");
                try {
                    for (int i = 0; i < 200 && listed(c, "greedy"); i++) out.write(get);
                } catch (java.io.IOException closed) {
                    // the server may close while we still write
                }
                long deadline = System.currentTimeMillis() + 5000;
                while (listed(c, "greedy") && System.currentTimeMillis() < deadline) Thread.sleep(50);
                assertFalse(listed(c, "greedy"));
                InputStream in = greedy.getInputStream();
                // what it finally reads is far less than the 40 MB it asked for
                long read = 0;
                try {
                    for (int n; (n = in.read(new byte[65536])) > 0; ) read += n;
                } catch (java.io.IOException reset) {
                    // connection reset: fine
                }
                assertTrue(read < 4_000_000, "read " + read);
            } finally {
                c.call("CONFIG", "SET", "client-output-buffer-limit", "normal 0 0 0");
            }
        }
    }
}
