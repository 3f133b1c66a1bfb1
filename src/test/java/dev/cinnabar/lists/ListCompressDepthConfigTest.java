package dev.cinnabar.lists;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.server.Server;
import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RespConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** list-compress-depth given in the configuration file, and lists keeping the depth they were created with. */
class ListCompressDepthConfigTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension("list-compress-depth 2",
            "list-max-listpack-size 4");

    private static ListValue list(String key) {
        Server server = cinnabar.server().server();
        server.executionLock().lock();
        try {
            return (ListValue) server.keyspace().db(0).peek(key.getBytes(StandardCharsets.UTF_8));
        } finally {
            server.executionLock().unlock();
        }
    }

    private static void fill(RespConnection c, String key) throws IOException {
        for (int i = 0; i < 100; i++) c.call("RPUSH", key, "some-compressible-element-" + "z".repeat(20) + i);
    }

    @Test
    void theConfiguredDepthAppliesToNewListsOnly() throws IOException {
        try (RespConnection c = cinnabar.connect()) {
            assertEquals("*2\r\n$19\r\nlist-compress-depth\r\n$1\r\n2\r\n", c.call("CONFIG", "GET", "list-compress-depth"));
            c.call("DEL", "old", "new");
            fill(c, "old");
            ListValue old = list("old");
            assertEquals(2, old.compressDepth());
            assertEquals(old.nodeCount() - 4, old.compressedNodeCount());
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "list-compress-depth", "0"));
            fill(c, "new");
            fill(c, "old");
            assertEquals(0, list("new").compressedNodeCount());
            assertEquals(2, list("old").compressDepth(), "an existing list keeps its depth");
            assertEquals(list("old").nodeCount() - 4, list("old").compressedNodeCount());
            assertTrue(list("old").storedBytes() < list("new").storedBytes() * 2 * 0.8);
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "list-compress-depth", "2"));
        }
    }
}
