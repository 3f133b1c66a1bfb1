package dev.cinnabar.tls;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.testing.PairedConnections;
import dev.cinnabar.testing.RealRedis;
import dev.cinnabar.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * CONFIG SET of the TLS settings on a server using TLS, compared with a redis-server built with TLS given the same
 * certificates: which changes make a context and which are refused (and rolled back).
 */
class TlsDifferentialTest {
    /** RFC 7919's ffdhe2048 group, as "openssl genpkey -genparam -algorithm DH" writes it. */
    private static final String DH_PARAMS = """
            -----BEGIN DH PARAMETERS-----
            MIIBCAKCAQEA//////////+t+FRYortKmq/cViAnPTzx2LnFg84tNpWp4TZBFGQz
            +8yTnc4kmz75fS/jY2MMddj2gbICrsRhetPfHtXV/WVhJDP1H18GbtCFY2VVPe0a
            87VXE15/V8k1mE8McODmi3fipona8+/och3xWKE2rec1MKzKT0g6eXq8CrGCsyT7
            YdEIqUuyyOP7uWrat2DX9GgdT0Kj3jlN9K5W7edjcrsZCwenyO4KbXCeAvzhzffi
            7MA0BM0oNC9hkXL+nOmFg/+OTxIy7vKBg8P+OxtMb61zO7X8vC7CIAXFjvGDfRaD
            ssbzSibBsu/6iGtCOGEoXJf//////////wIBAg==
            -----END DH PARAMETERS-----
            """;
    private static TestCertificates certs;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.create();
        Files.writeString(Path.of(certs.path("dh.pem")), DH_PARAMS);
    }

    @AfterAll
    static void removeCertificates() throws Exception {
        certs.delete();
    }

    private static String[] tlsArguments(int tlsPort) {
        return new String[] {"--tls-port", String.valueOf(tlsPort), "--tls-cert-file", certs.path("server.crt"),
                "--tls-key-file", certs.path("server.key"), "--tls-ca-cert-file", certs.path("ca.crt")};
    }

    private static RealRedis redisWithTls() throws Exception {
        RealRedis redis;
        try {
            redis = RealRedis.start(tlsArguments(RealRedis.freePort()));
        } catch (java.io.IOException e) {
            redis = null;
        }
        assumeTrue(redis != null, "the reference redis-server was built without TLS");
        return redis;
    }

    private static CinnabarServer cinnabarWithTls() throws Exception {
        String[] args = tlsArguments(RealRedis.freePort());
        String[] lines = new String[args.length / 2];
        for (int i = 0; i < lines.length; i++) lines[i] = args[2 * i].substring(2) + " " + args[2 * i + 1];
        return TestServer.start(lines);
    }

    @Test
    void changesThatMakeNoContextAreRefused() throws Exception {
        try (RealRedis redis = redisWithTls(); CinnabarServer cinnabar = cinnabarWithTls();
             PairedConnections c = new PairedConnections(cinnabar.port(), redis.port())) {
            c.same("CONFIG", "SET", "tls-cert-file", "/nonexistent.crt");
            c.same("CONFIG", "SET", "tls-key-file", certs.path("ca.crt"));
            c.same("CONFIG", "SET", "tls-protocols", "TLSv9");
            c.same("CONFIG", "SET", "tls-protocols", "TLSv1.2  TLSv1.3");
            c.same("CONFIG", "SET", "tls-protocols", "TLSv1.3");
            c.same("CONFIG", "SET", "tls-ciphers", "NO-SUCH-CIPHER");
            c.same("CONFIG", "SET", "tls-dh-params-file", certs.path("ca.crt"));
            c.same("CONFIG", "SET", "tls-dh-params-file", "/nonexistent.pem");
            c.same("CONFIG", "SET", "tls-dh-params-file", certs.path("dh.pem"));
            c.same("CONFIG", "SET", "tls-client-cert-file", "/nonexistent.crt", "tls-client-key-file", "/nonexistent.key");
            c.same("CONFIG", "SET", "tls-client-cert-file", certs.path("client.crt"),
                    "tls-client-key-file", certs.path("client.key"));
            c.same("CONFIG", "SET", "tls-ca-cert-file", "");
            c.same("CONFIG", "SET", "tls-auth-clients", "no");
            c.same("CONFIG", "SET", "tls-ca-cert-file", "");
            c.same("CONFIG", "SET", "tls-auth-clients", "optional");
            // with no CA, a rebuild now fails (tls-auth-clients itself does not rebuild)
            c.same("CONFIG", "SET", "tls-session-cache-size", "100");
            c.same("CONFIG", "SET", "tls-ca-cert-dir", certs.dir.toString());
            c.same("CONFIG", "SET", "tls-session-cache-size", "100", "tls-session-caching", "no",
                    "tls-prefer-server-ciphers", "yes", "tls-session-cache-timeout", "10");
            try (Jedis ours = new Jedis("127.0.0.1", cinnabar.port());
                 Jedis theirs = new Jedis("127.0.0.1", redis.port())) {
                var expected = new TreeMap<>(theirs.configGet("tls-*"));
                var actual = new TreeMap<>(ours.configGet("tls-*"));
                expected.remove("tls-port"); // each listens on its own
                actual.remove("tls-port");
                assertEquals(expected, actual);
            }
        }
    }

    @Test
    void aServerWithoutTlsStoresTheSettingsUntilATlsPortIsSet() throws Exception {
        redisWithTls().close(); // (a redis-server built without TLS fails an assertion on CONFIG SET tls-port)
        try (RealRedis redis = RealRedis.start(); CinnabarServer cinnabar = TestServer.start();
             PairedConnections c = new PairedConnections(cinnabar.port(), redis.port())) {
            c.same("CONFIG", "SET", "tls-port", String.valueOf(RealRedis.freePort()));
            c.same("CONFIG", "SET", "tls-cert-file", "/nonexistent.crt", "tls-protocols", "TLSv9");
            c.same("CONFIG", "SET", "tls-port", String.valueOf(RealRedis.freePort()));
            c.same("CONFIG", "SET", "tls-cert-file", certs.path("server.crt"), "tls-key-file", certs.path("server.key"),
                    "tls-protocols", "", "tls-auth-clients", "no");
            c.same("CONFIG", "GET", "tls-port");
        }
    }
}
