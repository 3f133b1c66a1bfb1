package dev.cinnabar.testing;

import dev.cinnabar.CinnabarServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One in-process Cinnabar on a free port for a whole test class:
 * {@code @RegisterExtension static final CinnabarExtension cinnabar = new CinnabarExtension("config line", ...);}
 */
public final class CinnabarExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private final String[] configLines;
    private CinnabarServer server;
    private redis.clients.jedis.Jedis jedis;
    private RespConnection shared;
    private boolean flushBeforeEach;

    public CinnabarExtension(String... configLines) {
        this.configLines = configLines;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = TestServer.start(configLines);
    }

    /** Empties every database before each test of the class (FLUSHALL), so tests start from a clean server. */
    public CinnabarExtension flushingBeforeEach() {
        flushBeforeEach = true;
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (!flushBeforeEach) return;
        try (RespConnection c = connect()) {
            c.call("FLUSHALL");
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (jedis != null) jedis.close();
        if (shared != null) {
            try {
                shared.close();
            } catch (java.io.IOException ignored) {
                // the server goes next anyway
            }
        }
        if (server != null) server.close();
    }

    public CinnabarServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    /** One Jedis client for the class, opened on first use and closed with the server. */
    public redis.clients.jedis.Jedis jedis() {
        if (jedis == null) jedis = new redis.clients.jedis.Jedis("127.0.0.1", port());
        return jedis;
    }

    /** One raw connection for the class, opened on first use and closed with the server. */
    public RespConnection shared() throws java.io.IOException {
        if (shared == null) shared = connect();
        return shared;
    }

    /** A new raw connection to the server; the caller closes it. */
    public RespConnection connect() throws java.io.IOException {
        return new RespConnection(port());
    }
}
