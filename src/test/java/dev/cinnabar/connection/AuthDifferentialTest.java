package dev.cinnabar.connection;

import static dev.cinnabar.connection.ConnectionDifferentialTest.HELLO_FIELDS;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.testing.PairedConnections;
import dev.cinnabar.testing.RealRedis;
import dev.cinnabar.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.UnaryOperator;

/** requirepass: NOAUTH, AUTH and HELLO AUTH, the limits before login, compared with a real redis-server. */
class AuthDifferentialTest {
    static CinnabarServer cinnabar;
    static RealRedis redis;

    /** The reference server is 7.0, whose HELLO error did not yet name the protocol argument that 7.2's does. */
    static final UnaryOperator<String> AS_IN_7_2 =
            s -> s.replace("the HELLO AUTH <user> <pass>", "the HELLO <proto> AUTH <user> <pass>");

    @BeforeAll
    static void start() throws Exception {
        cinnabar = TestServer.start("requirepass s3cret");
        redis = RealRedis.start("--requirepass", "s3cret");
    }

    @AfterAll
    static void stop() {
        cinnabar.close();
        redis.close();
    }

    @Test
    void commandsNeedAuthenticationExceptAuthHelloQuitReset() throws Exception {
        try (PairedConnections c = new PairedConnections(cinnabar.port(), redis.port())) {
            c.same("PING");
            c.same("GET", "k");
            c.same("CLIENT", "SETNAME", "x");
            c.same("NOSUCHCOMMAND");
            c.same("GET");
            c.same(AS_IN_7_2, "HELLO", "3");
            c.same(AS_IN_7_2, "HELLO");
            c.same("HELLO", "4");
            c.same("HELLO", "3", "SETNAME", "bad name");
            c.same("RESET");
            c.same("AUTH", "wrong");
            c.same("AUTH", "default", "wrong");
            c.same("AUTH", "nobody", "s3cret");
            c.same("PING");
            c.same("AUTH", "s3cret");
            c.same("PING");
            c.same("AUTH", "wrong");
            c.same("PING"); // a failed AUTH does not log the client out
            c.same("RESET");
            c.same("PING"); // RESET does
            c.same("AUTH", "default", "s3cret");
            c.same("PING");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void helloAuthenticatesAndSwitchesProtocol(int protocol) throws Exception {
        String proto = String.valueOf(protocol);
        try (PairedConnections c = new PairedConnections(cinnabar.port(), redis.port())) {
            c.same("HELLO", proto, "AUTH", "default", "wrong", "SETNAME", "n");
            c.same("CLIENT", "GETNAME");
            c.same(HELLO_FIELDS, "HELLO", proto, "AUTH", "default", "s3cret", "SETNAME", "named");
            c.same("CLIENT", "GETNAME");
            c.same("CONFIG", "GET", "requirepass");
            c.same(HELLO_FIELDS, "HELLO");
        }
    }

    @Test
    void unauthenticatedClientsMayOnlySendSmallRequests() throws Exception {
        String elevenArgs = "*11\r\n" + "$4\r\nPING\r\n" + "$1\r\nx\r\n".repeat(10);
        try (PairedConnections c = new PairedConnections(cinnabar.port(), redis.port())) {
            c.sameRaw(elevenArgs, 1);
            assertTrue(c.cinnabar().isClosedByServer(2000));
        }
        try (PairedConnections c = new PairedConnections(cinnabar.port(), redis.port())) {
            c.sameRaw("*2\r\n$4\r\nECHO\r\n$16385\r\n", 1);
            assertTrue(c.cinnabar().isClosedByServer(2000));
        }
        try (PairedConnections c = new PairedConnections(cinnabar.port(), redis.port())) {
            // exactly at the limits is fine (and answered with NOAUTH)
            c.sameRaw("*10\r\n" + "$4\r\nECHO\r\n" + "$1\r\nx\r\n".repeat(9), 1);
            c.sameRaw("*2\r\n$4\r\nECHO\r\n$16384\r\n" + "x".repeat(16384) + "\r\n", 1);
            // once logged in, the limits are gone
            c.same("AUTH", "s3cret");
            c.sameRaw(elevenArgs, 1);
            c.sameRaw("*2\r\n$4\r\nECHO\r\n$16385\r\n" + "y".repeat(16385) + "\r\n", 1);
        }
    }
}
