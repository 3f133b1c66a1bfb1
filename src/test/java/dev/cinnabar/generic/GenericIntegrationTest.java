package dev.cinnabar.generic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/** The generic commands over raw RESP against an in-process server: expiry over time, access tracking, SCAN. */
class GenericIntegrationTest {
    static final byte[] HELLO_PAYLOAD = HexFormat.of().parseHex("000568656c6c6f0a006372df766534200a");

    static CinnabarServer server;
    static RespConnection c;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("enable-debug-command yes");
        c = new RespConnection(server.port());
    }

    @AfterAll
    static void stop() throws Exception {
        if (c != null) c.close();
        if (server != null) server.close();
    }

    @BeforeEach
    void clean() throws Exception {
        c.call("DEBUG", "SET-ACTIVE-EXPIRE", "1");
        c.call("CLIENT", "NO-TOUCH", "OFF");
        c.call("SELECT", "0");
        c.call("FLUSHALL");
    }

    private static long integer(String reply) {
        assertTrue(reply.startsWith(":"), reply);
        return Long.parseLong(reply.substring(1).trim());
    }

    @Test
    void keysWithATtlDisappearWithoutBeingTouched() throws Exception {
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        for (int i = 0; i < 2000; i++) {
            batch.writeBytes(RespConnection.encode("SET", "volatile:" + i, "v"));
            batch.writeBytes(RespConnection.encode("PEXPIRE", "volatile:" + i, "200"));
        }
        for (int i = 0; i < 100; i++) batch.writeBytes(RespConnection.encode("SET", "stays:" + i, "v"));
        c.sendRaw(batch.toByteArray());
        for (int i = 0; i < 4100; i++) c.readReply();
        assertEquals(":2100\r\n", c.call("DBSIZE"));
        long expiredBefore = server.server().keyspace().stats.expiredKeys;
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            while (integer(c.call("DBSIZE")) > 100) Thread.sleep(50);   // DBSIZE does not look at any key
        });
        assertEquals(":100\r\n", c.call("DBSIZE"));
        assertEquals(2000, server.server().keyspace().stats.expiredKeys - expiredBefore);
    }

    @Test
    void expiredKeysVanishOnAccessWhenActiveExpiryIsOff() throws Exception {
        c.call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
        c.call("SET", "a", "1");
        c.call("SET", "b", "1");
        c.call("SET", "live", "1");
        c.call("PEXPIRE", "a", "20");
        c.call("PEXPIRE", "b", "20");
        Thread.sleep(60);
        assertEquals(":3\r\n", c.call("DBSIZE"), "nothing has touched the keys yet");
        assertEquals("*1\r\n$4\r\nlive\r\n", c.call("KEYS", "*"), "KEYS skips expired keys");
        assertEquals("*2\r\n$1\r\n0\r\n*1\r\n$4\r\nlive\r\n", c.call("SCAN", "0", "COUNT", "100"));
        assertEquals(":1\r\n", c.call("DBSIZE"), "SCAN deleted the expired keys it saw");
        c.call("SET", "c", "1");
        c.call("PEXPIRE", "c", "20");
        Thread.sleep(60);
        assertEquals(":0\r\n", c.call("EXISTS", "c"));
        assertEquals(":1\r\n", c.call("DBSIZE"));
    }

    @Test
    void randomkeyReturnsNullWhenAllKeysAreExpired() throws Exception {
        c.call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
        for (int i = 0; i < 5000; i++) {
            c.send("SET", "k" + i, "v");
            c.send("PEXPIRE", "k" + i, "10");
        }
        for (int i = 0; i < 10_000; i++) c.readReply();
        Thread.sleep(50);
        assertEquals(":5000\r\n", c.call("DBSIZE"));
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertEquals("$-1\r\n", c.call("RANDOMKEY")));
        assertEquals(":0\r\n", c.call("DBSIZE"));
    }

    @Test
    void scanSkipsExpiredKeysAndFiltersByTypeAfterFetching() throws Exception {
        c.call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
        for (int i = 0; i < 50; i++) c.call("SET", "s" + i, "v");
        for (int i = 0; i < 50; i += 2) c.call("PEXPIRE", "s" + i, "5");
        Thread.sleep(30);
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        do {
            String reply = c.call("SCAN", cursor, "COUNT", "7", "TYPE", "string");
            List<String> keys = KeysScanDifferentialTest.bulks(reply, reply.indexOf("*", 1));
            int eol = reply.indexOf("\r\n", 4);
            cursor = reply.substring(eol + 2, reply.indexOf("\r\n", eol + 2));
            seen.addAll(keys);
        } while (!cursor.equals("0"));
        assertEquals(25, seen.size());
        for (String k : seen) assertTrue(Integer.parseInt(k.substring(1)) % 2 == 1, k);
    }

    @Test
    void scanReturnsEveryStableKeyWhileAnotherClientResizesTheKeyspace() throws Exception {
        for (int i = 0; i < 3000; i++) c.send("SET", "stable:" + i, "v");
        for (int i = 0; i < 3000; i++) c.readReply();
        Set<String> seen = new HashSet<>();
        try (RespConnection other = new RespConnection(server.port())) {
            String cursor = "0";
            int round = 0, churn = 0;
            do {
                String reply = c.call("SCAN", cursor, "COUNT", "20");
                int eol = reply.indexOf("\r\n", 4);
                cursor = reply.substring(eol + 2, reply.indexOf("\r\n", eol + 2));
                seen.addAll(KeysScanDifferentialTest.bulks(reply, reply.indexOf("*", 1)));
                // Grow the keyspace by tens of thousands of keys, then delete them again, while the scan runs.
                ByteArrayOutputStream batch = new ByteArrayOutputStream();
                int n = 0;
                for (int i = 0; i < 400; i++, n++) {
                    if ((round / 40) % 2 == 0) batch.writeBytes(RespConnection.encode("SET", "churn:" + churn++, "v"));
                    else if (churn > 0) batch.writeBytes(RespConnection.encode("DEL", "churn:" + --churn));
                    else n--;
                }
                other.sendRaw(batch.toByteArray());
                for (int i = 0; i < n; i++) other.readReply();
                round++;
            } while (!cursor.equals("0"));
        }
        for (int i = 0; i < 3000; i++) assertTrue(seen.contains("stable:" + i), "missed stable:" + i);
    }

    @Test
    void accessTimeIsKeptByInspectionAndUpdatedByAccess() throws Exception {
        assertEquals("+OK\r\n", c.call("RESTORE".getBytes(StandardCharsets.US_ASCII), bytes("k"), bytes("0"),
                HELLO_PAYLOAD, bytes("IDLETIME"), bytes("100")));
        assertEquals(":100\r\n", c.call("OBJECT", "IDLETIME", "k"));
        c.call("EXISTS", "k");
        c.call("TYPE", "k");
        c.call("TTL", "k");
        c.call("OBJECT", "ENCODING", "k");
        c.call("SCAN", "0");
        c.call("KEYS", "*");
        assertEquals(":100\r\n", c.call("OBJECT", "IDLETIME", "k"), "inspection is not an access");
        c.call("GET", "k");
        assertEquals(":0\r\n", c.call("OBJECT", "IDLETIME", "k"));

        c.call("RESTORE".getBytes(StandardCharsets.US_ASCII), bytes("k"), bytes("0"), HELLO_PAYLOAD,
                bytes("IDLETIME"), bytes("100"), bytes("REPLACE"));
        c.call("CLIENT", "NO-TOUCH", "ON");
        c.call("GET", "k");
        c.call("EXPIRE", "k", "1000");
        assertEquals(":100\r\n", c.call("OBJECT", "IDLETIME", "k"), "a NO-TOUCH client does not touch");
        assertEquals(":1\r\n", c.call("TOUCH", "k", "missing"));
        assertEquals(":0\r\n", c.call("OBJECT", "IDLETIME", "k"), "TOUCH touches even for a NO-TOUCH client");
    }

    @Test
    void renamedMovedAndCopiedKeysStartWithFreshAccessTime() throws Exception {
        for (String k : new String[] {"r", "m", "c"}) {
            c.call("RESTORE".getBytes(StandardCharsets.US_ASCII), bytes(k), bytes("0"), HELLO_PAYLOAD,
                    bytes("IDLETIME"), bytes("500"));
        }
        c.call("CLIENT", "NO-TOUCH", "ON");   // so lookups do not reset it
        c.call("RENAME", "r", "r2");
        c.call("MOVE", "m", "1");
        c.call("COPY", "c", "c2");
        assertEquals(":0\r\n", c.call("OBJECT", "IDLETIME", "r2"));
        assertEquals(":0\r\n", c.call("OBJECT", "IDLETIME", "c2"));
        assertEquals(":500\r\n", c.call("OBJECT", "IDLETIME", "c"));
        c.call("SELECT", "1");
        assertEquals(":0\r\n", c.call("OBJECT", "IDLETIME", "m"));
    }

    @Test
    void underAnLfuPolicyRenamedAndMovedKeysStartWithTheInitialFrequency() throws Exception {
        // Redis 7.2 behaviour (7.0 kept the counter): a key added to a database gets fresh access data.
        try (CinnabarServer lfu = TestServer.start("maxmemory-policy volatile-lfu");
             RespConnection l = new RespConnection(lfu.port())) {
            l.call(bytes("RESTORE"), bytes("a"), bytes("0"), HELLO_PAYLOAD, bytes("FREQ"), bytes("200"));
            l.call(bytes("RESTORE"), bytes("b"), bytes("0"), HELLO_PAYLOAD, bytes("FREQ"), bytes("200"));
            assertEquals(":200\r\n", l.call("OBJECT", "FREQ", "a"));
            l.call("RENAME", "a", "a2");
            l.call("MOVE", "b", "3");
            assertEquals(":5\r\n", l.call("OBJECT", "FREQ", "a2"));
            l.call("SELECT", "3");
            assertEquals(":5\r\n", l.call("OBJECT", "FREQ", "b"));
            assertTrue(l.call("OBJECT", "IDLETIME", "b").startsWith("-ERR An LFU maxmemory policy is selected"));
        }
    }

    @Test
    void swapdbChangesWhatOtherClientsSee() throws Exception {
        try (RespConnection other = new RespConnection(server.port())) {
            other.call("SELECT", "1");
            other.call("SET", "in1", "x");
            c.call("SET", "in0", "y");
            assertEquals("+OK\r\n", c.call("SWAPDB", "0", "1"));
            assertEquals("$1\r\ny\r\n", other.call("GET", "in0"));
            assertEquals("$1\r\nx\r\n", c.call("GET", "in1"));
        }
    }

    @Test
    void objectHelpIsRedis72Text() throws Exception {
        String reply = c.call("object", "help");
        assertTrue(reply.startsWith("*15\r\n+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"
                + "+ENCODING <key>\r\n"), reply);
        assertTrue(reply.endsWith("+HELP\r\n+    Print this help.\r\n"), reply);
    }

    @Test
    void largeInputs() throws Exception {
        String[] del = new String[10_001];
        del[0] = "DEL";
        for (int i = 1; i < del.length; i++) del[i] = "k" + (i % 5000);
        for (int i = 0; i < 5000; i++) c.send("SET", "k" + i, "v");
        for (int i = 0; i < 5000; i++) c.readReply();
        assertEquals(":5000\r\n", c.call(del));

        byte[] big = new byte[3_000_000];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i % 251);
        c.call(bytes("SET"), bytes("big"), big);
        String dump = c.call("DUMP", "big");
        int header = dump.indexOf("\r\n");
        byte[] payload = dump.substring(header + 2, dump.length() - 2).getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(payload.length < big.length / 10, "a periodic value compresses: " + payload.length);
        assertEquals("+OK\r\n", c.call(bytes("RESTORE"), bytes("big2"), bytes("0"), payload));
        assertEquals(c.call("GET", "big"), c.call("GET", "big2"));

        String option = "x".repeat(100_000);
        c.call("SET", "e", "1");
        assertEquals("-ERR Unsupported option " + option + "\r\n", c.call("EXPIRE", "e", "10", option));
        assertEquals("-ERR Unsupported option a\r\n",
                c.call(bytes("EXPIRE"), bytes("e"), bytes("10"), new byte[] {'a', 0, 'b'}), "printed as a C string");
    }

    @Test
    void scanCursorParsingFollowsStrtoul() throws Exception {
        assertEquals("*2\r\n$1\r\n0\r\n*0\r\n", c.call(bytes("SCAN"), new byte[0]), "an empty cursor is 0");
        assertEquals("*2\r\n$1\r\n0\r\n*0\r\n", c.call(bytes("SCAN"), new byte[] {'5', 0, 'x'}), "stops at NUL");
        assertEquals("-ERR invalid cursor\r\n", c.call("SCAN", " 1"));
        assertEquals("-ERR invalid cursor\r\n", c.call("SCAN", "1 "));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
