package dev.cinnabar.network;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.testing.PairedConnections;
import dev.cinnabar.testing.RealRedis;
import dev.cinnabar.testing.ReferenceVersion;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.TestServer;
import dev.cinnabar.tls.TestCertificates;
import io.netty.channel.unix.DomainSocketAddress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Protected mode, seen from an address of this machine that is not loopback (the server listens on all interfaces
 * and the test connects from, and to, that address), plus the local-client decision on its own. The
 * enable-protected-configs and enable-debug-command "local" settings are checked from the same address.
 */
class ProtectedModeTest {
    /** Redis 7.2's text, as networking.c writes it. */
    private static final String DENIED = "-DENIED Redis is running in protected mode because protected mode is "
            + "enabled and no password is set for the default user. In this mode connections are only accepted from "
            + "the loopback interface. If you want to connect from external computers to Redis you may adopt one of "
            + "the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode "
            + "no' from the loopback interface by connecting to Redis from the same host the server is running, "
            + "however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to "
            + "make this change permanent. 2) Alternatively you can just disable the protected mode by editing the "
            + "Redis configuration file, and setting the protected mode option to 'no', and then restarting the "
            + "server. 3) If you started the server manually just for testing, restart it with the '--protected-mode "
            + "no' option. 4) Set up an authentication password for the default user. NOTE: You only need to do one "
            + "of the above things in order for the server to start accepting connections from the outside.\r\n";

    private static InetAddress external;

    @BeforeAll
    static void findNonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) continue;
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    external = a;
                    return;
                }
            }
        }
    }

    private static void needExternalAddress() {
        assumeTrue(external != null, "this machine has no non-loopback IPv4 address to connect from; "
                + "the decision itself is covered by localClientsAreLoopbackAndUnixSockets");
    }

    @Test
    void localClientsAreLoopbackAndUnixSockets() throws Exception {
        assertTrue(ProtectedMode.isLocal(new InetSocketAddress("127.0.0.1", 5000)));
        assertTrue(ProtectedMode.isLocal(new InetSocketAddress("127.1.2.3", 5000)));
        assertTrue(ProtectedMode.isLocal(new InetSocketAddress("::1", 5000)));
        assertTrue(ProtectedMode.isLocal(new InetSocketAddress(InetAddress.getByName("::ffff:127.0.0.1"), 5000)));
        assertTrue(ProtectedMode.isLocal(new DomainSocketAddress("/tmp/x.sock")));
        assertFalse(ProtectedMode.isLocal(new InetSocketAddress("192.0.2.2", 5000)));
        assertFalse(ProtectedMode.isLocal(new InetSocketAddress("10.0.0.1", 5000)));
        assertFalse(ProtectedMode.isLocal(new InetSocketAddress("128.0.0.1", 5000)));
        assertFalse(ProtectedMode.isLocal(new InetSocketAddress("::2", 5000)));
        assertFalse(ProtectedMode.isLocal(new InetSocketAddress("fe80::1", 5000)));
    }

    /** Connects from the external address to it, and reads what the server sends until it closes. */
    private static String receivedFromOutside(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(external, 0));
            s.connect(new InetSocketAddress(external, port), 5000);
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            for (int n; (n = in.read(buf)) > 0; ) all.write(buf, 0, n);
            return all.toString(StandardCharsets.US_ASCII);
        }
    }

    private static RespConnection fromOutside(int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(external, 0));
        s.connect(new InetSocketAddress(external, port), 5000);
        return new RespConnection(s);
    }

    @Test
    void aNonLoopbackClientGetsTheDeniedErrorAndIsDisconnected() throws Exception {
        needExternalAddress();
        try (CinnabarServer server = TestServer.start("bind 0.0.0.0");
             RespConnection local = new RespConnection(server.port())) {
            assertEquals(DENIED, receivedFromOutside(server.port()));
            assertTrue(local.call("INFO", "stats").contains("rejected_connections:1\r\n"));
            assertEquals("+PONG\r\n", local.call("PING"), "loopback clients are served");
            // protected mode off: served
            assertEquals("+OK\r\n", local.call("CONFIG", "SET", "protected-mode", "no"));
            try (RespConnection outside = fromOutside(server.port())) {
                assertEquals("+PONG\r\n", outside.call("PING"));
            }
            // on again, with a password: served (and asked to authenticate)
            assertEquals("+OK\r\n", local.call("CONFIG", "SET", "protected-mode", "yes", "requirepass", "pw"));
            try (RespConnection outside = fromOutside(server.port())) {
                assertEquals("-NOAUTH Authentication required.\r\n", outside.call("PING"));
            }
        }
    }

    @Test
    void theDeniedErrorIsRedisTextByteForByte() throws Exception {
        needExternalAddress();
        try (RealRedis redis = RealRedis.start("--bind", "0.0.0.0");
             RespConnection probe = new RespConnection(redis.port());
             CinnabarServer server = TestServer.start("bind 0.0.0.0")) {
            String ours = receivedFromOutside(server.port());
            if (ReferenceVersion.of(probe).is72()) assertEquals(receivedFromOutside(redis.port()), ours);
            else assertTrue(receivedFromOutside(redis.port()).startsWith("-DENIED Redis is running in protected mode"));
            assertEquals(DENIED, ours);
        }
    }

    @Test
    void localSettingsRefuseClientsFromOutside() throws Exception {
        needExternalAddress();
        try (CinnabarServer server = TestServer.start("bind 0.0.0.0", "protected-mode no",
                "enable-protected-configs local", "enable-debug-command local");
             RespConnection local = new RespConnection(server.port());
             RespConnection outside = fromOutside(server.port())) {
            assertEquals("-ERR CONFIG SET failed (possibly related to argument 'dbfilename') - can't set protected "
                    + "config\r\n", outside.call("CONFIG", "SET", "dbfilename", "elsewhere.rdb"));
            assertEquals("+OK\r\n", local.call("CONFIG", "SET", "dbfilename", "elsewhere.rdb"));
            assertEquals("-ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you "
                    + "can run it from a local connection, otherwise you need to set this option in the configuration "
                    + "file, and then restart the server.\r\n", outside.call("DEBUG", "SLEEP", "0"));
            assertEquals("+OK\r\n", local.call("DEBUG", "SLEEP", "0"));
        }
    }

    @Test
    void protectedSettingsAreOffByDefault() throws Exception {
        try (CinnabarServer server = TestServer.start();
             RealRedis redis = RealRedis.start();
             PairedConnections c = new PairedConnections(server.port(), redis.port())) {
            c.same("CONFIG", "GET", "enable-protected-configs");
            c.same("CONFIG", "GET", "enable-debug-command");
            c.same("CONFIG", "GET", "enable-module-command");
            c.same("CONFIG", "SET", "enable-module-command", "yes");
            c.same("CONFIG", "SET", "dir", "/tmp");
            c.same("CONFIG", "SET", "dbfilename", "x.rdb");
            c.same("CONFIG", "SET", "hz", "11", "dbfilename", "x.rdb");
            c.same("CONFIG", "GET", "hz");
            c.same("DEBUG", "SLEEP", "0");
        }
    }

    @Test
    void aTlsClientFromOutsideIsDeniedAfterTheHandshake() throws Exception {
        needExternalAddress();
        TestCertificates certs = TestCertificates.create();
        int tlsPort = RealRedis.freePort();
        try (CinnabarServer server = TestServer.start("bind 0.0.0.0", "tls-port " + tlsPort,
                "tls-cert-file " + certs.path("server.crt"), "tls-key-file " + certs.path("server.key"),
                "tls-auth-clients no");
             Socket plain = new Socket()) {
            plain.bind(new InetSocketAddress(external, 0));
            plain.connect(new InetSocketAddress(external, tlsPort), 5000);
            try (SSLSocket tls = (SSLSocket) certs.clientContext(false, "TLS").getSocketFactory()
                    .createSocket(plain, "localhost", tlsPort, true)) {
                tls.setSoTimeout(5000);
                assertEquals(DENIED, new String(tls.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
            }
        } finally {
            certs.delete();
        }
    }
}
