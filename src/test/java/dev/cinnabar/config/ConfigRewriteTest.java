package dev.cinnabar.config;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.testing.RespConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CONFIG REWRITE compared with a real redis-server: both start from the same file, get the same CONFIG SETs and
 * rewrite; the files must then be the same, comments, layout and order included (the lines appended after the
 * signature are compared as a set: Redis appends them in its hash table's order), for the parameters both know.
 */
class ConfigRewriteTest {
    private static final String TEMPLATE = """
            # A hand-written config
            # with comments

            port PORT
            bind 127.0.0.1
            save ""
            dir "DIR"
               maxmemory-policy   allkeys-lru
            hash-max-ziplist-entries 64
            timeout 0


            # tuning
            hz 10
            notify-keyspace-events Ex
            client-output-buffer-limit pubsub 32mb 8mb 60
            lfu-log-factor 10
            lfu-log-factor 10
            loglevel notice
            # the end""";

    private static final String[][] SETS = {
            {"maxmemory-policy", "volatile-lru"},
            {"hash-max-listpack-entries", "128"},
            {"timeout", "300"},
            {"notify-keyspace-events", ""},
            {"client-output-buffer-limit", "normal 1mb 512kb 10 pubsub 64mb 16mb 90"},
            {"slowlog-max-len", "256"},
            {"latency-monitor-threshold", "5"},
            {"lfu-log-factor", "20"},
            {"proto-max-bulk-len", "1gb"},
            {"loglevel", "warning"},
    };

    @Test
    void rewriteMatchesRedis(@TempDir Path dir) throws Exception {
        String ours = rewriteWithCinnabar(dir.resolve("cinnabar"));
        String theirs = rewriteWithRedis(dir.resolve("redis"));
        List<String> ourLines = masked(ours), theirLines = masked(theirs);
        int ourTail = ourLines.indexOf(ConfigRewrite.SIGNATURE), theirTail = theirLines.indexOf(ConfigRewrite.SIGNATURE);
        assertTrue(ourTail > 0 && theirTail > 0, ours);
        assertEquals(theirLines.subList(0, theirTail), ourLines.subList(0, ourTail), ours);
        ServerConfig known = new ServerConfig();
        TreeSet<String> theirAppended = new TreeSet<>();
        for (String line : theirLines.subList(theirTail, theirLines.size())) {
            if (known.find(line.split(" ")[0]) != null) theirAppended.add(line); // users: see the test below
        }
        TreeSet<String> ourAppended = new TreeSet<>(ourLines.subList(ourTail + 1, ourLines.size()));
        ourAppended.remove(""); // the end of the last line
        ourAppended.removeIf(line -> line.startsWith("user "));
        assertEquals(theirAppended, ourAppended, ours);
        assertTrue(ours.contains("\nmaxmemory-policy volatile-lru\nhash-max-listpack-entries 128\ntimeout 300\n"), ours);
        assertTrue(ours.contains("\nnotify-keyspace-events \"\"\n"), ours);
        assertTrue(ours.contains("\nslowlog-max-len 256\n"), ours);
    }

    @Test
    void rewrittenFileLoadsToTheSameConfiguration(@TempDir Path dir) throws Exception {
        String text = rewriteWithCinnabar(dir);
        ServerConfig reloaded = new ServerConfig();
        new ConfigLoader(reloaded).loadText(text);
        assertEquals("volatile-lru", reloaded.maxmemoryPolicy.value());
        assertEquals("normal 1048576 524288 10 slave 268435456 67108864 60 pubsub 67108864 16777216 90",
                reloaded.clientOutputBufferLimit.get());
        assertEquals(1L << 30, reloaded.protoMaxBulkLen.value());
        // every parameter reads back as it was set
        ServerConfig live = new ServerConfig();
        new ConfigLoader(live).loadText(text);
        for (String[] set : SETS) live.setAll(List.of(live.find(set[0])), List.of(set[1]));
        for (ConfigParam p : live.all()) assertEquals(p.get(), reloaded.find(p.name()).get(), p.name());
    }

    @Test
    void unknownDirectivesAreCommentedOutAndOtherDirectivesKept() {
        ServerConfig config = new ServerConfig();
        String text = ConfigRewrite.rewrittenText(config, List.of(), "nosuch-option 1\nrename-command FLUSHALL \"\"\n"
                + "# keep me\nbind 127.0.0.1 -::1\n\n\n\ntimeout 0\ntimeout 5\n");
        assertTrue(text.startsWith("# ??? nosuch-option 1\nrename-command FLUSHALL \"\"\n# keep me\n\n"), text);
        assertTrue(text.contains("\ntimeout 0\n\n"), text); // the default stays in place, the duplicate goes
        assertTrue(!text.contains("bind"), text); // the default bind is dropped, as Redis does
    }

    @Test
    void withoutAConfigFileItIsAnError() throws Exception {
        try (CinnabarServer server = dev.cinnabar.testing.TestServer.start();
             RespConnection c = new RespConnection(server.port())) {
            assertEquals("-ERR The server is running without a config file\r\n", c.call("CONFIG", "REWRITE"));
        }
    }

    /** Without an aclfile the users are written as "user" lines (ACL LIST's), replacing those of the file. */
    @Test
    void usersAreWrittenAsTheirAclListLines(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("cinnabar.conf");
        Files.writeString(file, TEMPLATE.replace("PORT", String.valueOf(freePort())).replace("DIR", dir.toString())
                + "\nuser alice on >secret ~app:* +get\nuser carol on nopass +@all\n");
        ServerConfig config = new ServerConfig();
        new ConfigLoader(config).loadArguments(new String[] {file.toString()}, null);
        try (CinnabarServer server = CinnabarServer.start(config); RespConnection c = new RespConnection(server.port())) {
            assertEquals("+OK\r\n", c.call("ACL", "SETUSER", "bob", "on", ">pw", "~*", "+@read"));
            assertEquals(":1\r\n", c.call("ACL", "DELUSER", "carol"));
            assertEquals("+OK\r\n", c.call("CONFIG", "REWRITE"));
            List<String> expected = new ArrayList<>();
            for (String line : c.call("ACL", "LIST").split("\r\n")) if (line.startsWith("user ")) expected.add(line);
            List<String> written = new ArrayList<>();
            for (String line : Files.readAllLines(file)) if (line.startsWith("user ")) written.add(line);
            assertEquals(expected, written);
            assertEquals(3, written.size(), written.toString()); // alice, bob, default
        }
    }

    private static String rewriteWithCinnabar(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path file = dir.resolve("cinnabar.conf");
        Files.writeString(file, TEMPLATE.replace("PORT", String.valueOf(freePort())).replace("DIR", dir.toString()));
        ServerConfig config = new ServerConfig();
        new ConfigLoader(config).loadArguments(new String[] {file.toString()}, null);
        try (CinnabarServer server = CinnabarServer.start(config); RespConnection c = new RespConnection(server.port())) {
            applySets(c);
        }
        return Files.readString(file, StandardCharsets.ISO_8859_1);
    }

    private static String rewriteWithRedis(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path file = dir.resolve("redis.conf");
        int port = freePort();
        Files.writeString(file, TEMPLATE.replace("PORT", String.valueOf(port)).replace("DIR", dir.toString()));
        String binary = System.getenv().getOrDefault("REDIS_SERVER", "redis-server");
        Process p = new ProcessBuilder(binary, file.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        try {
            awaitPort(port, p);
            try (RespConnection c = new RespConnection(port)) {
                applySets(c);
            }
        } finally {
            p.destroy();
            p.waitFor();
        }
        return Files.readString(file, StandardCharsets.ISO_8859_1);
    }

    private static void applySets(RespConnection c) throws IOException {
        for (String[] set : SETS) assertEquals("+OK\r\n", c.call("CONFIG", "SET", set[0], set[1]), set[0]);
        assertEquals("+OK\r\n", c.call("CONFIG", "REWRITE"));
    }

    /** The lines of a rewritten file, with the lines naming the server's own port and directory masked. */
    private static List<String> masked(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("port ")) line = "port P";
            if (line.startsWith("dir ")) line = "dir D";
            out.add(line);
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(int port, Process p) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline && p.isAlive()) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IOException("redis-server did not start");
    }

}
