package dev.cinnabar.tls;

import dev.cinnabar.config.ServerConfig;
import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.PairedConnections;
import dev.cinnabar.testing.RedisExtension;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The tls-* parameters as CONFIG shows and checks them, and the parsing of their values. */
class TlsConfigTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    @Test
    void everyTlsParameterWithRedisDefaults() {
        try (Jedis ours = cinnabar.jedis(); Jedis theirs = new Jedis("127.0.0.1", redis.port())) {
            assertEquals(new TreeMap<>(theirs.configGet("tls-*")), new TreeMap<>(ours.configGet("tls-*")));
            Map<String, String> ourDefaults = ours.configGet("tls-*");
            assertEquals(20, ourDefaults.size());
        }
    }

    @Test
    void valuesAreCheckedLikeRedis() throws Exception {
        try (PairedConnections c = new PairedConnections(cinnabar.port(), redis.port())) {
            c.same("CONFIG", "SET", "tls-auth-clients", "maybe");
            c.same("CONFIG", "SET", "tls-port", "70000");
            c.same("CONFIG", "SET", "tls-session-cache-size", "-1");
            c.same("CONFIG", "SET", "tls-replication", "perhaps");
            // TLS is not in use: the settings are only stored
            c.same("CONFIG", "SET", "tls-auth-clients", "optional", "tls-protocols", "TLSv1.3",
                    "tls-session-cache-timeout", "60", "tls-ciphers", "ECDHE-RSA-AES128-GCM-SHA256");
            c.same("CONFIG", "GET", "tls-auth-clients");
            c.same("CONFIG", "GET", "tls-protocols");
            c.same("CONFIG", "GET", "tls-session-cache-timeout");
            c.same("CONFIG", "SET", "tls-auth-clients", "yes", "tls-protocols", "", "tls-session-cache-timeout", "300",
                    "tls-ciphers", "");
            c.same("CONFIG", "SET", "rename-command", "get x");
        }
    }

    @Test
    void protocolsParseAsRedisDoes() {
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), TlsContexts.protocols(""));
        assertEquals(List.of("TLSv1.3"), TlsContexts.protocols("tlsv1.3"));
        assertEquals(List.of("TLSv1", "TLSv1.1"), TlsContexts.protocols("TLSv1 TLSV1.1"));
        assertNull(TlsContexts.protocols("TLSv1.2  TLSv1.3"), "an empty name between two spaces is not a protocol");
        assertNull(TlsContexts.protocols("SSLv3"));
    }

    @Test
    void ciphersAreTranslatedForTheJdk() throws Exception {
        ServerConfig config = new ServerConfig();
        config.set(config.tlsCiphers, List.of("ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384"));
        config.set(config.tlsCiphersuites, List.of("TLS_AES_128_GCM_SHA256"));
        assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_AES_128_GCM_SHA256"), TlsContexts.ciphers(config, SslProvider.JDK));
        assertEquals(List.of("ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384", "TLS_AES_128_GCM_SHA256"),
                TlsContexts.ciphers(config, SslProvider.OPENSSL));
    }
}
