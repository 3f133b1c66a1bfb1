package dev.cinnabar.tls;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.testing.RealRedis;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.TestServer;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * TLS as Redis offers it, run once per TLS implementation (the subclasses pick BoringSSL or the JDK): a plain and
 * a TLS port side by side, client certificates required / optional / not asked, protocols and ciphers restricted,
 * the key formats OpenSSL writes, and the context rebuilt by CONFIG SET.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TlsBehaviour {
    TestCertificates certs;

    abstract String provider();

    @BeforeAll
    void forceProvider() throws Exception {
        System.setProperty(TlsContexts.PROVIDER_PROPERTY, provider());
        certs = TestCertificates.create();
    }

    @AfterAll
    void clearProvider() throws IOException {
        System.clearProperty(TlsContexts.PROVIDER_PROPERTY);
        if (certs != null) certs.delete();
    }

    @Test
    void theChosenImplementationIsUsed() {
        assertEquals(provider().equals("jdk") ? SslProvider.JDK : SslProvider.OPENSSL, TlsContexts.provider());
    }

    /** A server with a plain port and a TLS port, plus these extra config lines. */
    Tls start(String... extra) throws Exception {
        int tlsPort = RealRedis.freePort();
        List<String> lines = new ArrayList<>(List.of("tls-port " + tlsPort,
                "tls-cert-file " + certs.path("server.crt"), "tls-key-file " + certs.path("server.key"),
                "tls-ca-cert-file " + certs.path("ca.crt")));
        lines.addAll(List.of(extra));
        return new Tls(TestServer.start(lines.toArray(String[]::new)), tlsPort);
    }

    record Tls(CinnabarServer server, int tlsPort) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }

    RespConnection connect(int port, boolean withClientCert, String... protocols) throws Exception {
        return new RespConnection(handshake(port, withClientCert, protocols));
    }

    SSLSocket handshake(int port, boolean withClientCert, String... protocols) throws Exception {
        SSLSocket socket = (SSLSocket) certs.clientContext(withClientCert, "TLS").getSocketFactory()
                .createSocket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        if (protocols.length > 0) socket.setEnabledProtocols(protocols);
        socket.startHandshake();
        return socket;
    }

    /** True when the server turns this client away: a failed handshake, or a connection closed before a reply. */
    boolean refused(int port, boolean withClientCert, String... protocols) {
        try (RespConnection c = connect(port, withClientCert, protocols)) {
            // TLS 1.3 reports a missing client certificate after the client's handshake has finished
            c.call("PING");
            return false;
        } catch (Exception e) {
            return true;
        }
    }

    @Test
    void plainAndTlsPortsServeTheSameData() throws Exception {
        try (Tls t = start();
             RespConnection plain = new RespConnection(t.server().port());
             RespConnection secure = connect(t.tlsPort(), true)) {
            assertEquals("+OK\r\n", secure.call("SET", "k", "over tls"));
            assertEquals("$8\r\nover tls\r\n", plain.call("GET", "k"));
            assertEquals("+OK\r\n", plain.call("SET", "big", "x".repeat(100_000)));
            assertEquals("$100000\r\n" + "x".repeat(100_000) + "\r\n", secure.call("GET", "big"));
            // a pipeline over TLS: every reply comes back in order
            secure.sendRaw("INCR n\r\nINCR n\r\nINCR n\r\n");
            assertEquals(":1\r\n", secure.readReply());
            assertEquals(":2\r\n", secure.readReply());
            assertEquals(":3\r\n", secure.readReply());
        }
    }

    @Test
    void jedisWithClientCertificate() throws Exception {
        try (Tls t = start();
             Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", t.tlsPort()), DefaultJedisClientConfig.builder()
                     .ssl(true).sslSocketFactory(certs.clientContext(true, "TLS").getSocketFactory()).build())) {
            assertEquals("OK", jedis.set("jedis", "secure"));
            assertEquals("secure", jedis.get("jedis"));
            assertEquals(1, jedis.hset("h", "f", "v"));
            assertEquals("v", jedis.hget("h", "f"));
        }
    }

    @Test
    void authClientsYesRefusesAClientWithoutCertificate() throws Exception {
        try (Tls t = start()) {
            assertTrue(refused(t.tlsPort(), false));
            assertTrue(refused(t.tlsPort(), false, "TLSv1.2"));
            assertFalse(refused(t.tlsPort(), true));
        }
    }

    @Test
    void authClientsOptionalAcceptsBoth() throws Exception {
        try (Tls t = start("tls-auth-clients optional")) {
            assertFalse(refused(t.tlsPort(), false));
            assertFalse(refused(t.tlsPort(), true));
        }
    }

    @Test
    void authClientsNoNeedsNoCa() throws Exception {
        int tlsPort = RealRedis.freePort();
        try (CinnabarServer server = TestServer.start("tls-port " + tlsPort, "tls-auth-clients no",
                "tls-cert-file " + certs.path("server.crt"), "tls-key-file " + certs.path("server.key"));
             RespConnection c = connect(tlsPort, false)) {
            assertEquals("+PONG\r\n", c.call("PING"));
        }
    }

    @Test
    void authClientsChangeReachesTheNextConnection() throws Exception {
        try (Tls t = start(); RespConnection admin = new RespConnection(t.server().port())) {
            assertTrue(refused(t.tlsPort(), false));
            assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "tls-auth-clients", "optional"));
            assertFalse(refused(t.tlsPort(), false));
            assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "tls-auth-clients", "YES"));
            assertTrue(refused(t.tlsPort(), false));
        }
    }

    @Test
    void protocolsRestrictTheVersions() throws Exception {
        try (Tls t = start("tls-protocols TLSv1.3")) {
            assertTrue(refused(t.tlsPort(), true, "TLSv1.2"));
            try (SSLSocket s = handshake(t.tlsPort(), true)) {
                assertEquals("TLSv1.3", s.getSession().getProtocol());
            }
        }
        try (Tls t = start("tls-protocols tlsv1.2")) {
            assertTrue(refused(t.tlsPort(), true, "TLSv1.3"));
            try (SSLSocket s = handshake(t.tlsPort(), true)) {
                assertEquals("TLSv1.2", s.getSession().getProtocol());
            }
        }
        try (Tls t = start()) { // the default: TLSv1.2 and TLSv1.3
            try (SSLSocket s = handshake(t.tlsPort(), true, "TLSv1.2")) {
                assertEquals("TLSv1.2", s.getSession().getProtocol());
            }
            try (SSLSocket s = handshake(t.tlsPort(), true)) {
                assertEquals("TLSv1.3", s.getSession().getProtocol());
            }
        }
    }

    @Test
    void cipherListChoosesTheTls12Cipher() throws Exception {
        try (Tls t = start("tls-protocols TLSv1.2", "tls-ciphers ECDHE-RSA-AES128-GCM-SHA256")) {
            try (SSLSocket s = handshake(t.tlsPort(), true)) {
                assertEquals("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", s.getSession().getCipherSuite());
            }
        }
        try (Tls t = start("tls-protocols TLSv1.2", "tls-ciphers ECDHE-RSA-AES256-GCM-SHA384")) {
            try (SSLSocket s = handshake(t.tlsPort(), true)) {
                assertEquals("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", s.getSession().getCipherSuite());
            }
        }
    }

    @Test
    void preferServerCiphersDecidesWhoseOrderWins() throws Exception {
        // the JDK client lists AES-256 before AES-128; this server list says the opposite
        String ciphers = "tls-ciphers ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384";
        try (Tls t = start("tls-protocols TLSv1.2", ciphers); RespConnection admin = new RespConnection(t.server().port())) {
            try (SSLSocket s = handshake(t.tlsPort(), true)) {
                assertEquals("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", s.getSession().getCipherSuite());
            }
            assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "tls-prefer-server-ciphers", "yes"));
            try (SSLSocket s = handshake(t.tlsPort(), true)) {
                assertEquals("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", s.getSession().getCipherSuite());
            }
        }
    }

    @Test
    void ciphersuitesChooseTheTls13Suite() throws Exception {
        // BoringSSL has no setting for the TLSv1.3 suites (it keeps its own list): a documented limit
        assumeTrue(provider().equals("jdk"), "BoringSSL does not let the TLSv1.3 suites be restricted");
        try (Tls t = start("tls-protocols TLSv1.3", "tls-ciphersuites TLS_CHACHA20_POLY1305_SHA256");
             SSLSocket s = handshake(t.tlsPort(), true)) {
            assertEquals("TLS_CHACHA20_POLY1305_SHA256", s.getSession().getCipherSuite());
        }
    }

    @Test
    void keyFormatsOpenSslWrites() throws Exception {
        certs.writeServerKeyPkcs1("pkcs1.key");
        try (Tls t = start("tls-key-file " + certs.path("pkcs1.key")); RespConnection c = connect(t.tlsPort(), true)) {
            assertEquals("+PONG\r\n", c.call("PING"));
        }
        certs.writeServerKeyEncrypted("encrypted.key", "s3cret");
        try (Tls t = start("tls-key-file " + certs.path("encrypted.key"), "tls-key-file-pass s3cret");
             RespConnection c = connect(t.tlsPort(), true)) {
            assertEquals("+PONG\r\n", c.call("PING"));
        }
        certs.issueEcServer("ec.crt", "ec.key");
        try (Tls t = start("tls-cert-file " + certs.path("ec.crt"), "tls-key-file " + certs.path("ec.key"));
             SSLSocket s = handshake(t.tlsPort(), true)) {
            assertEquals("EC", s.getSession().getPeerCertificates()[0].getPublicKey().getAlgorithm());
        }
    }

    @Test
    void badSettingsStopStartUp() throws Exception {
        String port = "tls-port " + RealRedis.freePort();
        String cert = "tls-cert-file " + certs.path("server.crt");
        String key = "tls-key-file " + certs.path("server.key");
        for (String[] lines : List.of(new String[] {port, key}, new String[] {port, cert},
                new String[] {port, cert, key}, // auth-clients yes needs a CA
                new String[] {port, cert, key, "tls-auth-clients no", "tls-protocols \"TLSv1.2 SSLv3\""},
                new String[] {port, cert, "tls-key-file /nonexistent/key.pem", "tls-auth-clients no"},
                new String[] {port, cert, key, "tls-auth-clients no", "tls-dh-params-file /nonexistent/dh.pem"})) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> TestServer.start(lines).close());
            assertEquals("Failed to configure TLS. Check logs for more info.", e.getMessage());
        }
        // OpenSSL's legacy encrypted PEM (Proc-Type/DEK-Info) is not read: start-up fails rather than guess
        certs.writeServerKeyLegacyEncrypted("legacy.key", "pass");
        assertThrows(IllegalStateException.class, () -> TestServer.start(port, cert, "tls-auth-clients no",
                "tls-key-file " + certs.path("legacy.key"), "tls-key-file-pass pass").close());
        certs.writeServerKeyEncrypted("wrong-pass.key", "right");
        assertThrows(IllegalStateException.class, () -> TestServer.start(port, cert, "tls-auth-clients no",
                "tls-key-file " + certs.path("wrong-pass.key"), "tls-key-file-pass wrong").close());
    }

    @Test
    void configSetRebuildsTheContext() throws Exception {
        X509Certificate second = certs.issueServer("Second Server", "second.crt", "second.key");
        try (Tls t = start(); RespConnection admin = new RespConnection(t.server().port())) {
            try (SSLSocket s = handshake(t.tlsPort(), true)) {
                assertEquals(certs.server, s.getSession().getPeerCertificates()[0]);
            }
            assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "tls-cert-file", certs.path("second.crt"),
                    "tls-key-file", certs.path("second.key")));
            assertEquals(second, handshakeCertificate(t.tlsPort()));
            // a file that does not load: refused, and the last good context stays
            assertEquals("-ERR CONFIG SET failed (possibly related to argument 'tls-cert-file') - Unable to update "
                    + "TLS configuration. Check server logs.\r\n",
                    admin.call("CONFIG", "SET", "tls-cert-file", "/nonexistent.crt"));
            assertEquals("*2\r\n$13\r\ntls-cert-file\r\n$" + certs.path("second.crt").length() + "\r\n"
                    + certs.path("second.crt") + "\r\n", admin.call("CONFIG", "GET", "tls-cert-file"));
            assertEquals(second, handshakeCertificate(t.tlsPort()));
            assertEquals("-ERR CONFIG SET failed (possibly related to argument 'tls-protocols') - Unable to update "
                    + "TLS configuration. Check server logs.\r\n",
                    admin.call("CONFIG", "SET", "tls-protocols", "TLSv9"));
            assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "tls-protocols", "TLSv1.2"));
            try (SSLSocket s = handshake(t.tlsPort(), true)) {
                assertEquals("TLSv1.2", s.getSession().getProtocol());
            }
        }
    }

    private X509Certificate handshakeCertificate(int port) throws Exception {
        try (SSLSocket s = handshake(port, true)) {
            return (X509Certificate) s.getSession().getPeerCertificates()[0];
        }
    }

    @Test
    void tlsPortChangesAtRunTime() throws Exception {
        try (CinnabarServer server = TestServer.start("tls-cert-file " + certs.path("server.crt"),
                "tls-key-file " + certs.path("server.key"), "tls-ca-cert-file " + certs.path("ca.crt"));
             RespConnection admin = new RespConnection(server.port())) {
            int port = RealRedis.freePort();
            assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "tls-port", String.valueOf(port)));
            try (RespConnection c = connect(port, true)) {
                assertEquals("+PONG\r\n", c.call("PING"));
                int next = RealRedis.freePort();
                assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "tls-port", String.valueOf(next)));
                assertTrue(refused(port, true), "the old TLS port is closed");
                assertEquals("+PONG\r\n", c.call("PING"), "connections made before stay");
                try (RespConnection again = connect(next, true)) {
                    assertEquals("+PONG\r\n", again.call("PING"));
                }
                // a new bind list re-listens on both ports
                assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "bind", "127.0.0.1 -::1"));
                try (RespConnection again = connect(next, true)) {
                    assertEquals("+PONG\r\n", again.call("PING"));
                }
                assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "tls-port", "0"));
                assertTrue(refused(next, true));
            }
        }
        // without a certificate the TLS port cannot open
        try (CinnabarServer server = TestServer.start(); RespConnection admin = new RespConnection(server.port())) {
            assertEquals("-ERR CONFIG SET failed (possibly related to argument 'tls-port') - Unable to update TLS "
                    + "configuration. Check server logs.\r\n",
                    admin.call("CONFIG", "SET", "tls-port", String.valueOf(RealRedis.freePort())));
            assertEquals("*2\r\n$8\r\ntls-port\r\n$1\r\n0\r\n", admin.call("CONFIG", "GET", "tls-port"));
        }
    }

    @Test
    void redisCliOverTls() throws Exception {
        try (Tls t = start()) {
            assertEquals("OK", redisCli(t.tlsPort(), "--cert", certs.path("client.crt"), "--key", certs.path("client.key"),
                    "SET", "cli", "value"));
            assertEquals("value", redisCli(t.tlsPort(), "--cert", certs.path("client.crt"),
                    "--key", certs.path("client.key"), "GET", "cli"));
            // without its certificate redis-cli is turned away
            assertFalse(redisCli(t.tlsPort(), "GET", "cli").equals("value"));
        }
    }

    private String redisCli(int port, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port), "--tls",
                "--cacert", certs.path("ca.crt")));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "redis-cli finished");
        return new String(p.getInputStream().readAllBytes()).trim();
    }
}
