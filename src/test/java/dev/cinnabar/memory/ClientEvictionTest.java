package dev.cinnabar.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.PairedConnections;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.RespConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;

/** maxmemory-clients: the biggest clients are disconnected, except those with CLIENT NO-EVICT on. */
class ClientEvictionTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private static long info(RespConnection c, String field) throws IOException {
        for (String line : c.call("INFO", "stats").split("\r\n")) {
            if (line.startsWith(field + ":")) return Long.parseLong(line.substring(field.length() + 1));
        }
        throw new AssertionError("no " + field);
    }

    /** Starts a request whose argument never completes: what was sent waits in the client's query buffer. */
    private static void sendHalfOfABigRequest(RespConnection c, int bytes) throws IOException {
        c.sendRaw("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$10000000\r\n");
        c.sendRaw("x".repeat(bytes));
    }

    @Test
    void theBiggestClientGoesUnlessItSetNoEvict() throws Exception {
        try (RespConnection admin = cinnabar.connect();
             RespConnection big = cinnabar.connect();
             RespConnection protectedBig = cinnabar.connect()) {
            admin.call("CLIENT", "NO-EVICT", "on");
            assertEquals("+OK\r\n", protectedBig.call("CLIENT", "NO-EVICT", "on"));
            sendHalfOfABigRequest(protectedBig, 1_000_000);
            Thread.sleep(300);
            admin.call("CONFIG", "SET", "maxmemory-clients", "4mb");
            try {
                Thread.sleep(300);
                assertFalse(protectedBig.isClosedByServer(100), "a NO-EVICT client stays");
                assertEquals(0, info(admin, "evicted_clients"));
                sendHalfOfABigRequest(big, 5_000_000);
                assertTrue(big.isClosedByServer(5000), "the biggest evictable client goes");
                assertEquals(1, info(admin, "evicted_clients"));
                assertTrue(admin.call("CLIENT", "LIST").contains("flags=e"));
            } finally {
                admin.call("CONFIG", "SET", "maxmemory-clients", "0");
            }
        }
    }

    @Test
    void configurationLikeRedis() throws Exception {
        try (PairedConnections c = PairedConnections.open(cinnabar, redis, 2)) {
            for (String value : new String[] {"10%", "100%", "101%", "-1%", "%", "1gb", "abc", "5", "0"}) {
                c.same("CONFIG", "SET", "maxmemory-clients", value);
                c.same("CONFIG", "GET", "maxmemory-clients");
            }
        }
    }
}
