package dev.cinnabar.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RespConnection;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.support.caching.CacheAccessor;
import io.lettuce.core.support.caching.CacheFrontend;
import io.lettuce.core.support.caching.ClientSideCaching;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real client library's client-side cache on Cinnabar: Lettuce's {@link ClientSideCaching} over RESP3 serves
 * repeated reads from its local map and drops an entry when the server's invalidation arrives. (Jedis 8 refuses
 * client-side caching below Redis 7.4, so it cannot be used against a 7.2 server.)
 */
class ClientSideCacheLibraryTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();

    @Test
    void lettuceCacheIsInvalidatedWhenAnotherClientWrites() throws Exception {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(cinnabar.port())
                .withTimeout(Duration.ofSeconds(10)).build());
        Map<String, String> local = new ConcurrentHashMap<>();
        try (StatefulRedisConnection<String, String> connection = client.connect();
             RespConnection writer = cinnabar.connect()) {
            writer.call("SET", "cached", "v1");
            CacheFrontend<String, String> cache = ClientSideCaching.enable(CacheAccessor.forMap(local), connection,
                    TrackingArgs.Builder.enabled());
            assertEquals("v1", cache.get("cached"));
            assertEquals("v1", local.get("cached"));
            // served locally: the server's value may change behind the cache only through an invalidation
            assertTrue(writer.call("INFO", "stats").contains("tracking_total_keys:1"));
            writer.call("SET", "cached", "v2");
            for (int i = 0; i < 200 && local.containsKey("cached"); i++) Thread.sleep(10);
            assertFalse(local.containsKey("cached"));
            assertEquals("v2", cache.get("cached"));
            // read again, so tracked again: the next write invalidates it again
            writer.call("SET", "cached", "v3");
            for (int i = 0; i < 200 && local.containsKey("cached"); i++) Thread.sleep(10);
            assertFalse(local.containsKey("cached"));
            assertEquals("v3", cache.get("cached"));
            cache.close();
        } finally {
            client.shutdown();
        }
    }
}
