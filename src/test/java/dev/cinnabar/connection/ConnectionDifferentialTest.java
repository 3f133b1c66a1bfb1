package dev.cinnabar.connection;

import dev.cinnabar.testing.PairedConnections;
import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RedisExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.UnaryOperator;

/** Connection commands and CLIENT subcommands compared byte for byte with a real redis-server, in RESP2 and RESP3. */
class ConnectionDifferentialTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    /** HELLO's reply names the server version and the client id, which legitimately differ. */
    static final UnaryOperator<String> HELLO_FIELDS = s -> s
            .replaceAll("\\$\\d+\r\n\\d+\\.\\d+\\.\\d+\r\n", "<version>")
            .replaceAll("(\\$2\r\nid\r\n):\\d+", "$1<id>");

    private static PairedConnections connect(int protocol) throws Exception {
        return PairedConnections.open(cinnabar, redis, protocol);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void pingEchoSelect(int protocol) throws Exception {
        try (PairedConnections c = connect(protocol)) {
            c.same("PING");
            c.same("ping", "hello world");
            c.same("PING", "a", "b");
            c.same("ECHO", "");
            c.same("ECHO", "\u00e9\r\n");
            c.same("ECHO");
            c.same("ECHO", "a", "b");
            c.same("SELECT", "15");
            c.same("SELECT", "16");
            c.same("SELECT", "-1");
            c.same("SELECT", "x");
            c.same("SELECT", "1.5");
            c.same("SELECT", "99999999999999999999999");
            c.same("SELECT");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void hello(int protocol) throws Exception {
        try (PairedConnections c = connect(protocol)) {
            c.same(HELLO_FIELDS, "HELLO");
            c.same("HELLO", "1");
            c.same("HELLO", "4");
            c.same("HELLO", "-3");
            c.same("HELLO", "three");
            c.same("HELLO", "3", "SETNAME");
            c.same("HELLO", "3", "AUTH", "default");
            c.same("HELLO", "3", "bogus");
            c.same("HELLO", "3", "SETNAME", "bad name");
            c.same("HELLO", "3", "SETNAME", "bad\nname", "AUTH", "x");
            c.same("HELLO", "3", "AUTH", "nobody", "pw");
            c.same(HELLO_FIELDS, "HELLO", String.valueOf(protocol), "SETNAME", "conn-1");
            c.same("CLIENT", "GETNAME");
            c.same(HELLO_FIELDS, "HELLO", String.valueOf(protocol), "AUTH", "default", "anything", "setname", "");
            c.same("CLIENT", "GETNAME");
            // the protocol switches for the HELLO reply itself
            c.same(HELLO_FIELDS, "hello", "3");
            c.same("CONFIG", "GET", "maxclients");
            c.same(HELLO_FIELDS, "hello", "2");
            c.same("CONFIG", "GET", "maxclients");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void authWithoutPasswordConfigured(int protocol) throws Exception {
        try (PairedConnections c = connect(protocol)) {
            c.same("AUTH", "secret");
            c.same("AUTH", "default", "anything");
            c.same("AUTH", "someone", "secret");
            c.same("AUTH", "a", "b", "c");
            c.same("AUTH");
            c.same("PING");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void resetRestoresTheInitialState(int protocol) throws Exception {
        try (PairedConnections c = connect(protocol)) {
            c.same("SELECT", "3");
            c.same("CLIENT", "SETNAME", "before-reset");
            c.same("CLIENT", "NO-EVICT", "on");
            c.same("RESET");
            c.same("CLIENT", "GETNAME");
            c.same("CONFIG", "GET", "timeout");
            c.same("RESET", "extra");
            c.same("SET", "k", "in-db-0");
            c.same("SELECT", "3");
            c.same("GET", "k");
            c.same("SELECT", "0");
            c.same("GET", "k");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void clientNamesAndErrors(int protocol) throws Exception {
        try (PairedConnections c = connect(protocol)) {
            c.same("CLIENT", "GETNAME");
            c.same("CLIENT", "SETNAME", "worker-1");
            c.same("CLIENT", "GETNAME");
            c.same("CLIENT", "SETNAME", "has space");
            c.same("CLIENT", "SETNAME", "new\nline");
            c.same("CLIENT", "SETNAME", "caf\u00e9");
            c.same("CLIENT", "GETNAME");
            c.same("CLIENT", "SETNAME", "");
            c.same("CLIENT", "GETNAME");
            c.same("CLIENT", "SETNAME");
            c.same("CLIENT", "SETNAME", "a", "b");
            c.same("CLIENT", "GETNAME", "x");
            c.same("CLIENT");
            c.same("CLIENT", "NOSUCH");
            c.same("CLIENT", "ID", "x");
            c.same("CLIENT", "NO-EVICT", "on");
            c.same("CLIENT", "NO-EVICT", "OFF");
            c.same("CLIENT", "NO-EVICT", "maybe");
            c.same("CLIENT", "NO-EVICT");
            c.same("CLIENT", "REPLY", "sometimes");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void clientListAndKillErrors(int protocol) throws Exception {
        try (PairedConnections c = connect(protocol)) {
            c.same("CLIENT", "LIST", "bogus");
            c.same("CLIENT", "LIST", "TYPE");
            c.same("CLIENT", "LIST", "TYPE", "bogus");
            c.same("CLIENT", "LIST", "TYPE", "master");
            c.same("CLIENT", "LIST", "TYPE", "replica");
            c.same("CLIENT", "LIST", "TYPE", "slave");
            c.same("CLIENT", "LIST", "TYPE", "pubsub");
            c.same("CLIENT", "LIST", "ID");
            c.same("CLIENT", "LIST", "ID", "abc");
            c.same("CLIENT", "LIST", "ID", "123456789");
            c.same("CLIENT", "LIST", "ID", "123456789", "-5");
            c.same("CLIENT", "KILL");
            c.same("CLIENT", "KILL", "1.2.3.4:5");
            c.same("CLIENT", "KILL", "ID", "0");
            c.same("CLIENT", "KILL", "ID", "-1");
            c.same("CLIENT", "KILL", "ID", "abc");
            c.same("CLIENT", "KILL", "ID", "123456789");
            c.same("CLIENT", "KILL", "TYPE", "bogus");
            c.same("CLIENT", "KILL", "TYPE", "master");
            c.same("CLIENT", "KILL", "USER", "nobody");
            c.same("CLIENT", "KILL", "SKIPME", "maybe");
            c.same("CLIENT", "KILL", "SKIPME");
            c.same("CLIENT", "KILL", "ID", "5", "SKIPME");
            c.same("CLIENT", "KILL", "BOGUS", "x");
            c.same("CLIENT", "KILL", "ADDR", "1.2.3.4:5", "LADDR", "1.2.3.4:6");
            c.same("CLIENT", "KILL", "ID", "123456789", "TYPE", "normal", "USER", "default", "SKIPME", "no");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void clientReplyModes(int protocol) throws Exception {
        try (PairedConnections c = connect(protocol)) {
            // OFF: nothing comes back until ON, whose own +OK does
            c.sameRaw(pipeline(new String[] {"CLIENT", "REPLY", "OFF"}, new String[] {"PING"},
                    new String[] {"NOSUCHCOMMAND"}, new String[] {"SET", "k", "v"},
                    new String[] {"CLIENT", "REPLY", "ON"}, new String[] {"GET", "k"}), 2);
            // SKIP drops exactly the next reply, errors included
            c.sameRaw(pipeline(new String[] {"CLIENT", "REPLY", "SKIP"}, new String[] {"ECHO", "skipped"},
                    new String[] {"ECHO", "shown"}, new String[] {"CLIENT", "REPLY", "SKIP"},
                    new String[] {"ECHO"}, new String[] {"ECHO", "shown-too"}), 2);
            // SKIP while OFF does nothing; SKIP followed by SKIP skips one
            c.sameRaw(pipeline(new String[] {"CLIENT", "REPLY", "OFF"}, new String[] {"CLIENT", "REPLY", "SKIP"},
                    new String[] {"CLIENT", "REPLY", "ON"}, new String[] {"PING"},
                    new String[] {"CLIENT", "REPLY", "SKIP"}, new String[] {"CLIENT", "REPLY", "SKIP"},
                    new String[] {"ECHO", "gone"}, new String[] {"ECHO", "here"}), 3);
            // SKIP then ON: ON's reply is sent
            c.sameRaw(pipeline(new String[] {"CLIENT", "REPLY", "SKIP"}, new String[] {"CLIENT", "REPLY", "ON"},
                    new String[] {"PING"}), 2);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void quitRepliesThenCloses(int protocol) throws Exception {
        try (PairedConnections c = connect(protocol)) {
            c.same("QUIT");
            org.junit.jupiter.api.Assertions.assertTrue(c.cinnabar().isClosedByServer(2000));
        }
    }

    static String pipeline(String[]... commands) {
        StringBuilder sb = new StringBuilder();
        for (String[] cmd : commands) {
            sb.append(new String(dev.cinnabar.testing.RespConnection.encode(cmd), java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        return sb.toString();
    }
}
