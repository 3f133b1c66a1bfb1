package dev.cinnabar.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cinnabar.testing.CinnabarExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the scripts in clients/ — redis-py, ioredis and node-redis with their default settings — against Cinnabar.
 * CI installs the libraries (.ci/run); elsewhere a missing library skips its test, under CI it fails.
 */
class ClientLibrariesTest {
    @RegisterExtension
    static final CinnabarExtension server = new CinnabarExtension();

    @Test
    void redisPy() throws Exception {
        requireAvailable(run(List.of("/usr/bin/python3", "-c", "import redis")) == 0, "python3-redis");
        assertScriptPasses(List.of("/usr/bin/python3", "clients/redis-py-check.py"), "redis-py ok");
    }

    @Test
    void redisPyCollectionPatterns() throws Exception {
        requireAvailable(run(List.of("/usr/bin/python3", "-c", "import redis")) == 0, "python3-redis");
        assertScriptPasses(List.of("/usr/bin/python3", "clients/redis-py-collections.py"), "redis-py collections ok");
    }

    @Test
    void ioredisCollectionPatterns() throws Exception {
        requireAvailable(new File("clients/node_modules/ioredis").isDirectory(), "ioredis (npm install in clients/)");
        assertScriptPasses(List.of("node", "clients/ioredis-collections.js"), "ioredis collections ok");
    }

    @Test
    void ioredis() throws Exception {
        requireAvailable(new File("clients/node_modules/ioredis").isDirectory(), "ioredis (npm install in clients/)");
        assertScriptPasses(List.of("node", "clients/ioredis-check.js"), "ioredis ok");
    }

    @Test
    void nodeRedis() throws Exception {
        requireAvailable(new File("clients/node_modules/redis").isDirectory(), "node-redis (npm install in clients/)");
        assertScriptPasses(List.of("node", "clients/node-redis-check.js"), "node-redis ok");
    }

    private static void requireAvailable(boolean available, String what) {
        if (System.getenv("CI") != null) assertTrue(available, what + " must be installed in CI");
        assumeTrue(available, what + " is not installed");
    }

    private static void assertScriptPasses(List<String> command, String expected) throws Exception {
        List<String> full = new java.util.ArrayList<>(command);
        full.add(String.valueOf(server.port()));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "client script timed out");
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.exitValue(), output);
        assertEquals(expected, output);
    }

    private static int run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }
}
