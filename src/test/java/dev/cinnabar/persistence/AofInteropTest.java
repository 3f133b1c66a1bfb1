package dev.cinnabar.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.testing.RealRedis;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.TestServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * AOF directories exchanged with real redis-server: what Redis 7.0 writes (RDB base, incremental files, after a
 * rewrite too) Cinnabar loads; what Cinnabar writes Redis loads (7.0 with an AOF-format base, since 7.0 cannot
 * read RDB 11; 7.2 with the RDB base when its binary is there), and redis-check-aof accepts Cinnabar's files.
 */
class AofInteropTest {
    private static final String REDIS_72 = RealRedis.redis72Binary();
    private Path dir;

    @BeforeEach
    void makeDir() throws Exception {
        dir = Files.createTempDirectory("cinnabar-aof-interop");
    }

    @AfterEach
    void removeDir() throws Exception {
        AofTestSupport.deleteTree(dir);
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void cinnabarLoadsWhatRedisWrote() throws Exception {
        String expected;
        try (RealRedis redis = RealRedis.start("--appendonly", "yes", "--appendfsync", "always");
             RespConnection r = new RespConnection(redis.port())) {
            AofRoundTripTest.writeEverything(r);
            r.call("BGREWRITEAOF");
            AofRoundTripTest.waitForRewrite(r);
            r.call("SET", "after-rewrite", "1");
            r.call("SADD", "after-rewrite-set", "a", "b");
            r.call("EXPIRE", "after-rewrite-set", "9000");
            expected = AofRoundTripTest.describe(r);
            copyTree(redis.dir().toPath().resolve("appendonlydir"), dir.resolve("appendonlydir"));
        }
        try (CinnabarServer s = TestServer.start("dir " + dir, "appendonly yes");
             RespConnection c = new RespConnection(s.port())) {
            assertEquals(expected, AofRoundTripTest.describe(c));
        }
    }

    private String writeWithCinnabar(String... config) throws Exception {
        String[] lines = Stream.concat(Stream.of("dir " + dir, "appendonly yes"), Stream.of(config))
                .toArray(String[]::new);
        String expected;
        try (CinnabarServer s = TestServer.start(lines); RespConnection c = new RespConnection(s.port())) {
            AofRoundTripTest.writeEverything(c);
            c.call("BGREWRITEAOF");
            AofRoundTripTest.waitForRewrite(c);
            c.call("SET", "after-rewrite", "1");
            c.call("RPUSH", "after-rewrite-list", "a", "b");
            expected = AofRoundTripTest.describe(c);
        }
        return expected;
    }

    private void assertRedisLoads(String binary, String expected) throws Exception {
        try (RealRedis redis = RealRedis.startBinary(binary, "--appendonly", "yes", "--dir", dir.toString());
             RespConnection r = new RespConnection(redis.port())) {
            // redis-server accepts connections while it loads, answering -LOADING until it is done
            for (int i = 0; i < 500 && !r.call("PING").equals("+PONG\r\n"); i++) Thread.sleep(20);
            assertEquals(expected, AofRoundTripTest.describe(r));
        }
    }

    @Test
    void redis70LoadsAnAofFormatBase() throws Exception {
        String expected = writeWithCinnabar("aof-use-rdb-preamble no");
        assertCheckAofAccepts("/usr/bin/redis-check-aof");
        assertRedisLoads("/usr/bin/redis-server", expected);
    }

    /** The RDB preamble is written as RDB version 10, so 7.0 loads it too. */
    @Test
    void redis70LoadsAnRdbBase() throws Exception {
        String expected = writeWithCinnabar();
        assertCheckAofAccepts("/usr/bin/redis-check-aof");
        assertRedisLoads("/usr/bin/redis-server", expected);
    }

    @Test
    void redis72LoadsAnRdbBase() throws Exception {
        assumeTrue(REDIS_72 != null, "no Redis 7.2 binary (REDIS_72_SERVER)");
        String expected = writeWithCinnabar();
        assertCheckAofAccepts(REDIS_72.replace("redis-server", "redis-check-aof"));
        assertRedisLoads(REDIS_72, expected);
    }

    private void assertCheckAofAccepts(String tool) throws Exception {
        if (!new File(tool).canExecute()) return;
        Path manifest = dir.resolve("appendonlydir").resolve("appendonly.aof.manifest");
        Process p = new ProcessBuilder(tool, manifest.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("is valid"), out);
    }
}
