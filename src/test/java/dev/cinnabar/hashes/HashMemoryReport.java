package dev.cinnabar.hashes;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.server.MemoryUsage;
import dev.cinnabar.testing.RealRedis;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.TestServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints the memory that hashes take in Cinnabar (Java heap used after full collections, this JVM hosting the
 * server) and in redis-server (used_memory), for the same data loaded the same way:
 * one hash of 1,000,000 fields ("element:NNNNNN" -> "xxx"), and 100,000 small five-field session hashes.
 * Not a test: run it by hand on the test class path, with the server's JVM options (compact object headers and
 * its collector: G1's 1 MB regions for small heaps would count the large hash-table arrays' humongous regions).
 * Arguments: the field count of the big hash, the number of session hashes.
 */
public final class HashMemoryReport {
    private static final int BATCH = 2_000;

    public static void main(String[] args) throws Exception {
        int fields = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        List<byte[][]> bigHash = new ArrayList<>();
        for (int i = 0; i < fields; i++) {
            bigHash.add(args("HSET", "bighash", String.format("element:%06d", i), "xxx"));
        }
        List<byte[][]> sessionHashes = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            sessionHashes.add(args("HSET", String.format("session:%06d", i),
                    "user", "user:" + (100000 + i), "created", "1700000000", "last_seen", "1700003600",
                    "ip", "10.0.0." + (i % 250), "role", "member"));
        }
        try (CinnabarServer cinnabar = TestServer.start(); RealRedis redis = RealRedis.start()) {
            report("1 hash x " + fields + " fields", fields, "field", bigHash, cinnabar.port(), redis.port());
            report(sessions + " hashes x 5 fields", sessions, "hash", sessionHashes, cinnabar.port(), redis.port());
        }
    }

    private static void report(String what, int units, String unit, List<byte[][]> commands, int cinnabarPort,
            int redisPort) throws IOException {
        long before = settledHeap(cinnabarPort);
        load(cinnabarPort, commands);
        long after = settledHeap(cinnabarPort);
        String key = new String(commands.get(0)[1], StandardCharsets.UTF_8);
        String encodingReply = call(cinnabarPort, "OBJECT", "ENCODING", key);
        String encoding = encodingReply.substring(encodingReply.indexOf('\n') + 1).trim();
        long redisBefore = usedMemory(redisPort);
        load(redisPort, commands);
        long redisAfter = usedMemory(redisPort);
        System.out.printf("%s (%s): Cinnabar %.1f bytes per %s, redis-server %.1f bytes per %s%n", what,
                encoding, (after - before) / (double) units, unit, (redisAfter - redisBefore) / (double) units, unit);
    }

    private static long settledHeap(int port) throws IOException {
        call(port, "PING");
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, MemoryUsage.heapUsed());
        }
        return used;
    }

    private static long usedMemory(int port) throws IOException {
        String info = call(port, "INFO", "memory");
        for (String line : info.split("\r\n")) {
            if (line.startsWith("used_memory:")) return Long.parseLong(line.substring("used_memory:".length()));
        }
        throw new IOException("no used_memory in INFO");
    }

    private static void load(int port, List<byte[][]> commands) throws IOException {
        try (RespConnection c = new RespConnection(port)) {
            for (int from = 0; from < commands.size(); from += BATCH) {
                int to = Math.min(commands.size(), from + BATCH);
                ByteArrayOutputStream batch = new ByteArrayOutputStream();
                for (int i = from; i < to; i++) batch.writeBytes(RespConnection.encode(commands.get(i)));
                c.sendRaw(batch.toByteArray());
                for (int i = from; i < to; i++) c.readReply();
            }
        }
    }

    private static String call(int port, String... command) throws IOException {
        try (RespConnection c = new RespConnection(port)) {
            return c.call(command);
        }
    }

    private static byte[][] args(String... words) {
        byte[][] out = new byte[words.length][];
        for (int i = 0; i < words.length; i++) out[i] = words[i].getBytes(StandardCharsets.UTF_8);
        return out;
    }
}
