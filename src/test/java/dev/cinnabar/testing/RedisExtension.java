package dev.cinnabar.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real redis-server (the reference) on a free port for a whole test class:
 * {@code @RegisterExtension static final RedisExtension redis = new RedisExtension("--option", "value");}
 */
public final class RedisExtension implements BeforeAllCallback, AfterAllCallback {
    private final String[] args;
    private RealRedis redis;

    public RedisExtension(String... args) {
        this.args = args;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        redis = RealRedis.start(args);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (redis != null) redis.close();
    }

    public int port() {
        return redis.port();
    }

    /** A new raw connection to the server; the caller closes it. */
    public RespConnection connect() throws java.io.IOException {
        return new RespConnection(port());
    }
}
