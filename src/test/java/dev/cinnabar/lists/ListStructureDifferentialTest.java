package dev.cinnabar.lists;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cinnabar.server.Server;
import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.Differential;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.RespConnection;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Checks, after every command of a random sequence, that each list has exactly the internal layout Redis 7.2
 * gives it: the encoding, and for a quicklist the number of nodes, their fill and their total listpack bytes
 * (what Redis's DEBUG OBJECT reports as ql_nodes, ql_listpack_max and ql_uncompressed_size). Matching node
 * layouts is what makes OBJECT ENCODING agree after any later shrink. Needs a Redis 7.2 reference (REDIS_SERVER):
 * quicklist node rules changed in 7.2.
 */
class ListStructureDifferentialTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension("enable-debug-command yes",
            "dir " + tempDir());   // DEBUG RELOAD writes its dump.rdb there
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension("--enable-debug-command", "yes");

    private static final String[] KEYS = {"la", "lb", "lc"};

    private static String tempDir() {
        try {
            Path dir = Files.createTempDirectory("cinnabar-list-structure");
            dir.toFile().deleteOnExit();
            return dir.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
    private static final String[] FILLS = {"-1", "-2", "0", "1", "2", "3", "4", "5", "7"};

    @BeforeAll
    static void requireRedis72() throws IOException {
        try (RespConnection c = redis.connect()) {
            String info = c.call("INFO", "server");
            int at = info.indexOf("redis_version:") + "redis_version:".length();
            String[] v = info.substring(at, info.indexOf('\r', at)).split("\\.");
            int major = Integer.parseInt(v[0]);
            Assumptions.assumeTrue(major > 7 || (major == 7 && Integer.parseInt(v[1]) >= 2),
                    "the reference redis-server predates 7.2's list encodings");
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 14})
    void layoutsMatchAfterEveryCommand(long seed) throws IOException {
        Random random = new Random(seed);
        try (RespConnection ours = cinnabar.connect(); RespConnection theirs = redis.connect()) {
            for (RespConnection c : List.of(ours, theirs)) c.call("FLUSHALL");
            for (int i = 0; i < 2500; i++) runAndCompare(ours, theirs, next(random), i, false);
        }
    }

    /**
     * Runs a command on both servers and compares the replies, then every key's layout, and with dumps its DUMP
     * payload too.
     */
    private static void runAndCompare(RespConnection ours, RespConnection theirs, String[] command, int i,
                                      boolean dumps) throws IOException {
        String after = " after " + String.join(" ", abbreviate(command)) + " (command #" + i + ")";
        String expected = theirs.call(command);
        String actual = ours.call(command);
        assertEquals(Differential.printable(expected), Differential.printable(actual), "reply" + after);
        for (String key : KEYS) {
            assertEquals(redisLayout(theirs, key), cinnabarLayout(key), "layout of " + key + after);
            if (dumps) {
                assertEquals(Differential.printable(theirs.call("DUMP", key)),
                        Differential.printable(ours.call("DUMP", key)), "DUMP of " + key + after);
            }
        }
    }

    /**
     * With list-compress-depth, which nodes are compressed must be Redis's too: with rdbcompression off, DUMP writes
     * exactly the compressed nodes as LZF blobs and the others raw, so comparing DUMP payloads after every command
     * compares the compression state node by node (reads included, since iterating may compress a node). The depth
     * also changes at run time, which only affects lists created afterwards.
     */
    @ParameterizedTest(name = "list-compress-depth {0}")
    @ValueSource(ints = {1, 2, 3})
    void compressedNodesMatchAfterEveryCommand(int depth) throws IOException {
        Random random = new Random(depth * 31L);
        try (RespConnection ours = cinnabar.connect(); RespConnection theirs = redis.connect()) {
            for (RespConnection c : List.of(ours, theirs)) {
                c.call("FLUSHALL");
                c.call("CONFIG", "SET", "rdbcompression", "no");
                c.call("CONFIG", "SET", "list-compress-depth", String.valueOf(depth));
            }
            for (int i = 0; i < 2500; i++) runAndCompare(ours, theirs, nextWithReads(random, depth), i, true);
        } finally {
            restoreDefaults();
        }
    }

    /**
     * DUMP of a list saved with one depth, RESTOREd under another: the payloads are Redis's (compressed nodes as LZF
     * blobs), and loading compresses by the depth configured at load time, on both servers and with either
     * server's payload.
     */
    @ParameterizedTest(name = "saved with depth {0}")
    @ValueSource(ints = {0, 1, 2})
    void restoreCompressesByTheCurrentDepth(int savedDepth) throws IOException {
        try (RespConnection ours = cinnabar.connect(); RespConnection theirs = redis.connect()) {
            List<RespConnection> both = List.of(ours, theirs);
            for (RespConnection c : both) {
                c.call("FLUSHALL");
                c.call("CONFIG", "SET", "rdbcompression", "no");
                c.call("CONFIG", "SET", "list-max-listpack-size", "4");
                c.call("CONFIG", "SET", "list-compress-depth", String.valueOf(savedDepth));
                for (int i = 0; i < 60; i++) c.call("RPUSH", "la", "element-" + "e".repeat(i % 30) + i, String.valueOf(i));
            }
            String payload = theirs.call("DUMP", "la");
            assertEquals(Differential.printable(payload), Differential.printable(ours.call("DUMP", "la")));
            byte[] raw = bulkBytes(payload);
            for (int loadDepth = 0; loadDepth <= 3; loadDepth++) {
                for (RespConnection c : both) {
                    c.call("CONFIG", "SET", "list-compress-depth", String.valueOf(loadDepth));
                    c.call("DEL", "lb");
                    assertEquals("+OK\r\n", c.call("RESTORE".getBytes(), "lb".getBytes(), "0".getBytes(), raw));
                    c.call("CONFIG", "SET", "rdbcompression", "yes");
                }
                assertEquals(Differential.printable(theirs.call("DUMP", "lb")), Differential.printable(ours.call("DUMP", "lb")),
                        "DUMP with rdbcompression, loaded under depth " + loadDepth);
                for (RespConnection c : both) c.call("CONFIG", "SET", "rdbcompression", "no");
                assertEquals(Differential.printable(theirs.call("DUMP", "lb")), Differential.printable(ours.call("DUMP", "lb")),
                        "DUMP without rdbcompression, loaded under depth " + loadDepth);
                assertEquals(theirs.call("LRANGE", "lb", "0", "-1"), ours.call("LRANGE", "lb", "0", "-1"));
                assertEquals(redisLayout(theirs, "lb"), cinnabarLayout("lb"));
            }
        } finally {
            restoreDefaults();
        }
    }

    /** The bytes of a bulk string reply. */
    private static byte[] bulkBytes(String reply) {
        int body = reply.indexOf("\r\n") + 2;
        return reply.substring(body, reply.length() - 2).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The random writes of {@link #next}, plus reads that walk nodes and changes of the compress depth. */
    private static String[] nextWithReads(Random random, int depth) {
        String key = KEYS[random.nextInt(KEYS.length)];
        int r = random.nextInt(100);
        if (r < 3) return new String[] {"CONFIG", "SET", "list-compress-depth", String.valueOf(random.nextInt(depth + 2))};
        if (r < 8) return new String[] {"LRANGE", key, String.valueOf(random.nextInt(30) - 15), String.valueOf(random.nextInt(30) - 15)};
        if (r < 12) return new String[] {"LINDEX", key, String.valueOf(random.nextInt(41) - 20)};
        if (r < 15) return new String[] {"LPOS", key, element(random), "RANK", String.valueOf(random.nextBoolean() ? 1 : -1), "COUNT", "0"};
        if (r < 17) return new String[] {"SORT", key, "BY", "nosort", "STORE", KEYS[random.nextInt(KEYS.length)]};
        if (r < 18) return new String[] {"DEBUG", "RELOAD"};
        return next(random);
    }

    /**
     * Pushes and inserts single elements of many sizes, checking the layout after each, so that nodes fill up to
     * every distance from the limit: an off-by-one in the size accounting shows as a node created one element
     * early or late.
     */
    @ParameterizedTest(name = "list-max-listpack-size {0}")
    @ValueSource(ints = {-1, 100})
    void nodeBoundaries(int fill) throws IOException {
        try (RespConnection ours = cinnabar.connect(); RespConnection theirs = redis.connect()) {
            for (RespConnection c : List.of(ours, theirs)) {
                c.call("FLUSHALL");
                c.call("CONFIG", "SET", "list-max-listpack-size", String.valueOf(fill));
            }
            int step = 0;
            for (int size : new int[] {1, 2, 3, 5, 8, 13, 40, 63, 64, 100, 127}) {
                String element = "e".repeat(size);
                for (RespConnection c : List.of(ours, theirs)) c.call("DEL", "la");
                long nodeBytes = fill < 0 ? 4096 : Math.min(8192, fill * (size + 2L));
                long commands = 3 * nodeBytes / (size + 2) + 3; // enough for three full nodes
                for (int i = 0; i < commands; i++) {
                    String[] command = switch (i % 6) {
                        case 0, 1, 2 -> new String[] {"RPUSH", "la", element};
                        case 3 -> new String[] {"LPUSH", "la", element};
                        case 4 -> new String[] {"LINSERT", "la", "AFTER", element, String.valueOf(i)};
                        default -> new String[] {"LINSERT", "la", "BEFORE", String.valueOf(i - 1), element};
                    };
                    assertEquals(theirs.call(command), ours.call(command), String.join(" ", abbreviate(command)));
                    assertEquals(redisLayout(theirs, "la"), cinnabarLayout("la"),
                            "layout after " + String.join(" ", abbreviate(command)) + " (step " + step++ + ")");
                }
            }
        } finally {
            restoreDefaults();
        }
    }

    /** Puts back on both servers the settings the tests change. */
    private static void restoreDefaults() throws IOException {
        for (int port : new int[] {cinnabar.port(), redis.port()}) {
            try (RespConnection c = new RespConnection(port)) {
                c.call("CONFIG", "SET", "rdbcompression", "yes");
                c.call("CONFIG", "SET", "list-compress-depth", "0");
                c.call("CONFIG", "SET", "list-max-listpack-size", "-2");
            }
        }
    }

    private static String redisLayout(RespConnection redis, String key) throws IOException {
        String reply = redis.call("DEBUG", "OBJECT", key);
        if (reply.startsWith("-")) return "none";
        if (!reply.contains("encoding:quicklist")) return field(reply, "encoding");
        return "quicklist nodes:" + field(reply, "ql_nodes") + " fill:" + field(reply, "ql_listpack_max")
                + " bytes:" + field(reply, "ql_uncompressed_size");
    }

    private static String field(String reply, String name) {
        int at = reply.indexOf(" " + name + ":") + name.length() + 2;
        int end = at;
        while (end < reply.length() && reply.charAt(end) != ' ' && reply.charAt(end) != '\r') end++;
        return reply.substring(at, end);
    }

    private static String cinnabarLayout(String key) {
        Server server = cinnabar.server().server();
        server.executionLock().lock();
        try {
            Object value = server.keyspace().db(0).peek(key.getBytes(StandardCharsets.UTF_8));
            return value == null ? "none" : ((ListValue) value).layout();
        } finally {
            server.executionLock().unlock();
        }
    }

    private static String[] abbreviate(String[] command) {
        String[] shown = command.clone();
        for (int i = 0; i < shown.length; i++) {
            if (shown[i].length() > 20) shown[i] = shown[i].charAt(0) + "*" + shown[i].length();
        }
        return shown;
    }

    private static String[] next(Random random) {
        String key = KEYS[random.nextInt(KEYS.length)];
        int r = random.nextInt(100);
        if (r < 4) return new String[] {"CONFIG", "SET", "list-max-listpack-size", FILLS[random.nextInt(FILLS.length)]};
        if (r < 30) {
            List<String> c = new ArrayList<>(List.of(random.nextBoolean() ? "LPUSH" : "RPUSH", key));
            int n = random.nextInt(8) == 0 ? 10 + random.nextInt(40) : 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) c.add(element(random));
            return c.toArray(String[]::new);
        }
        if (r < 48) {
            return new String[] {"LINSERT", key, random.nextBoolean() ? "BEFORE" : "AFTER", element(random),
                    element(random)};
        }
        if (r < 58) return new String[] {"LSET", key, String.valueOf(random.nextInt(41) - 20), element(random)};
        if (r < 66) return new String[] {"LREM", key, String.valueOf(random.nextInt(7) - 3), element(random)};
        if (r < 76) {
            return new String[] {random.nextBoolean() ? "LPOP" : "RPOP", key, String.valueOf(1 + random.nextInt(6))};
        }
        if (r < 80) {
            return new String[] {"LTRIM", key, String.valueOf(random.nextInt(4)), String.valueOf(-1 - random.nextInt(4))};
        }
        if (r < 90) {
            String[] ends = {"LEFT", "RIGHT"};
            return new String[] {"LMOVE", key, KEYS[random.nextInt(KEYS.length)], ends[random.nextInt(2)],
                    ends[random.nextInt(2)]};
        }
        if (r < 94) return new String[] {"COPY", key, KEYS[random.nextInt(KEYS.length)], "REPLACE"};
        return new String[] {"LMPOP", "2", key, KEYS[random.nextInt(KEYS.length)], random.nextBoolean() ? "LEFT"
                : "RIGHT", "COUNT", String.valueOf(1 + random.nextInt(5))};
    }

    private static String element(Random random) {
        int r = random.nextInt(20);
        if (r < 8) return String.valueOf((char) ('a' + random.nextInt(4)));
        if (r < 12) return String.valueOf(random.nextInt(300) - 100);
        if (r < 14) return String.valueOf(random.nextLong());
        if (r < 17) return "m".repeat(10 + random.nextInt(100));
        if (r < 19) return "b".repeat(200 + random.nextInt(900));
        return "h".repeat(1000 + random.nextInt(4000));
    }
}
