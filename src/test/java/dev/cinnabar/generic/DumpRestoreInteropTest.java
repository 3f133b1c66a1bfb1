package dev.cinnabar.generic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.persistence.rdb.Crc64;
import dev.cinnabar.testing.RealRedis;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * DUMP payloads move between Cinnabar and a real redis-server in both directions, for strings in every RDB
 * encoding, and Cinnabar writes exactly the bytes Redis writes (apart from the RDB version in the footer: the
 * reference server is Redis 7.0, RDB version 10, while Cinnabar follows 7.2's version 11).
 */
class DumpRestoreInteropTest {
    static CinnabarServer cinnabar;
    static RealRedis redis;
    static RespConnection toCinnabar;
    static RespConnection toRedis;

    @BeforeAll
    static void start() throws Exception {
        cinnabar = TestServer.start();
        redis = RealRedis.start();
        toCinnabar = new RespConnection(cinnabar.port());
        toRedis = new RespConnection(redis.port());
    }

    @AfterAll
    static void stop() throws Exception {
        if (toCinnabar != null) toCinnabar.close();
        if (toRedis != null) toRedis.close();
        if (cinnabar != null) cinnabar.close();
        if (redis != null) redis.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static List<byte[]> samples() {
        List<byte[]> values = new ArrayList<>();
        for (String s : new String[] {"", "0", "1", "-1", "127", "128", "-128", "-129", "255", "256", "32767",
            "32768", "-32768", "-32769", "65535", "2147483647", "2147483648", "-2147483648", "-2147483649",
            "9223372036854775807", "-9223372036854775808", "99999999999999999999", "01", "+1", " 1", "1 ", "-0",
            "1.5", "1e3", "0x10", "hello", "hello world"}) {
            values.add(b(s));
        }
        for (int n : new int[] {20, 21, 22, 51, 63, 64, 100, 16383, 16384, 70_000}) values.add(b("a".repeat(n)));
        values.add(b("ab".repeat(1000)));
        values.add(b("The quick brown fox jumps over the lazy dog. ".repeat(50)));
        values.add(b("0123456789".repeat(3)));
        Random rnd = new Random(99);
        for (int n : new int[] {1, 21, 100, 5000, 20_000}) {
            byte[] random = new byte[n];
            rnd.nextBytes(random);
            values.add(random);                                        // incompressible: stored raw
            byte[] lowEntropy = new byte[n];
            for (int i = 0; i < n; i++) lowEntropy[i] = (byte) rnd.nextInt(3);
            values.add(lowEntropy);                                    // compressible binary
        }
        byte[] allBytes = new byte[256 * 4];
        for (int i = 0; i < allBytes.length; i++) allBytes[i] = (byte) i;
        values.add(allBytes);
        byte[] periodic = new byte[10_000];                            // matches further back than LZF's window
        for (int i = 0; i < periodic.length; i++) periodic[i] = (byte) ((i / 9000) + (i % 7 == 0 ? rnd.nextInt(256) : 0));
        values.add(periodic);
        return values;
    }

    /** The payload bytes of a bulk-string reply. */
    private static byte[] bulkPayload(String reply) {
        assertTrue(reply.startsWith("$"), reply);
        int header = reply.indexOf("\r\n");
        int length = Integer.parseInt(reply.substring(1, header));
        return Arrays.copyOfRange(b(reply), header + 2, header + 2 + length);
    }

    private static String bulk(byte[] value) {
        return "$" + value.length + "\r\n" + new String(value, StandardCharsets.ISO_8859_1) + "\r\n";
    }

    private static byte[] body(byte[] payload) {
        return Arrays.copyOf(payload, payload.length - 10);
    }

    /** The same payload re-labelled with another RDB version, with its checksum recomputed. */
    static byte[] withVersion(byte[] payload, int version) {
        byte[] p = payload.clone();
        int footer = p.length - 10;
        p[footer] = (byte) version;
        p[footer + 1] = (byte) (version >>> 8);
        long crc = Crc64.update(0, p, 0, p.length - 8);
        for (int i = 0; i < 8; i++) p[footer + 2 + i] = (byte) (crc >>> (8 * i));
        return p;
    }

    @Test
    void redisPayloadsRestoreIntoCinnabar() throws Exception {
        int i = 0;
        for (byte[] value : samples()) {
            byte[] key = b("r2c:" + i++);
            assertEquals("+OK\r\n", toRedis.call(b("SET"), key, value));
            byte[] payload = bulkPayload(toRedis.call(b("DUMP"), key));
            assertEquals("+OK\r\n", toCinnabar.call(b("RESTORE"), key, b("0"), payload, b("REPLACE")));
            assertEquals(bulk(value), toCinnabar.call(b("GET"), key), "value #" + (i - 1));
            assertEquals(toRedis.call(b("OBJECT"), b("ENCODING"), key), toCinnabar.call(b("OBJECT"), b("ENCODING"), key));
        }
    }

    @Test
    void cinnabarPayloadsRestoreIntoRedis() throws Exception {
        int i = 0;
        for (byte[] value : samples()) {
            byte[] key = b("c2r:" + i++);
            assertEquals("+OK\r\n", toCinnabar.call(b("SET"), key, value));
            byte[] payload = bulkPayload(toCinnabar.call(b("DUMP"), key));
            assertEquals(11, payload[payload.length - 10], "Cinnabar writes RDB version 11, like Redis 7.2");
            byte[] forRedis70 = withVersion(payload, 10);
            assertEquals("+OK\r\n", toRedis.call(b("RESTORE"), key, b("0"), forRedis70, b("REPLACE")));
            assertEquals(bulk(value), toRedis.call(b("GET"), key), "value #" + (i - 1));
        }
    }

    @Test
    void cinnabarWritesTheSameBytesAsRedis() throws Exception {
        int i = 0;
        for (byte[] value : samples()) {
            byte[] key = b("same:" + i++);
            toRedis.call(b("SET"), key, value);
            toCinnabar.call(b("SET"), key, value);
            byte[] fromRedis = bulkPayload(toRedis.call(b("DUMP"), key));
            byte[] fromCinnabar = bulkPayload(toCinnabar.call(b("DUMP"), key));
            assertArrayEquals(body(fromRedis), body(fromCinnabar), "value #" + (i - 1));
        }
    }

    @Test
    void roundTripThroughBothServersKeepsTtlAndValue() throws Exception {
        byte[] value = b("x".repeat(300));
        toCinnabar.call(b("SET"), b("ttl"), value);
        byte[] payload = bulkPayload(toCinnabar.call(b("DUMP"), b("ttl")));
        assertEquals("+OK\r\n", toRedis.call(b("RESTORE"), b("ttl"), b("50000"), withVersion(payload, 10), b("REPLACE")));
        byte[] back = bulkPayload(toRedis.call(b("DUMP"), b("ttl")));
        assertEquals("+OK\r\n", toCinnabar.call(b("RESTORE"), b("ttl2"), b("50000"), back));
        assertEquals(bulk(value), toCinnabar.call(b("GET"), b("ttl2")));
        long pttl = Long.parseLong(toCinnabar.call("PTTL", "ttl2").substring(1).trim());
        assertTrue(pttl > 40_000 && pttl <= 50_000, "PTTL " + pttl);
    }

    @Test
    void streamPayloadsFromRedisRestore() throws Exception {
        toRedis.call("DEL", "stream");
        toRedis.call("XADD", "stream", "1-1", "f", "v");
        byte[] payload = bulkPayload(toRedis.call(b("DUMP"), b("stream")));
        assertEquals("+OK\r\n", toCinnabar.call(b("RESTORE"), b("other:stream"), b("0"), payload));
        assertEquals(toRedis.call("XRANGE", "stream", "-", "+"), toCinnabar.call("XRANGE", "other:stream", "-", "+"));
    }

    @Test
    void payloadsFromANewerRdbVersionAreRefused() throws Exception {
        toCinnabar.call("SET", "v", "value");
        byte[] payload = bulkPayload(toCinnabar.call(b("DUMP"), b("v")));
        assertEquals("-ERR DUMP payload version or checksum are wrong\r\n",
                toCinnabar.call(b("RESTORE"), b("v12"), b("0"), withVersion(payload, 12)));
        assertEquals("+OK\r\n", toCinnabar.call(b("RESTORE"), b("v9"), b("0"), withVersion(payload, 9)));
    }
}
