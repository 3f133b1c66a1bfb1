package dev.cinnabar.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A script over several connections (one blocks, another writes, the first is read...) played against Cinnabar and
 * against a real redis-server; the transcripts of what each connection sent and received must be identical.
 * <pre>{@code Scenario.assertSame(cinnabar.port(), redis.port(), s -> {
 *     s.send(1, "BLPOP", "k", "0");
 *     s.nothingYet(1);
 *     s.call(2, "LPUSH", "k", "a");
 *     s.read(1);
 * });}</pre>
 */
public final class Scenario implements AutoCloseable {
    /** The steps, written against a {@link Scenario}. */
    @FunctionalInterface
    public interface Script {
        void play(Scenario s) throws Exception;
    }

    private final int port;
    private final Map<Integer, RespConnection> connections = new HashMap<>();
    private final List<String> transcript = new ArrayList<>();
    /** Client ids handed out by {@link #clientId}, recorded as placeholders since they differ between servers. */
    private final Map<String, String> idPlaceholders = new HashMap<>();

    private Scenario(int port) {
        this.port = port;
    }

    /** Plays the script against the class's two servers. */
    public static void assertSame(CinnabarExtension cinnabar, RedisExtension redis, Script script) throws Exception {
        assertSame(cinnabar.port(), redis.port(), script);
    }

    public static void assertSame(int cinnabarPort, int redisPort, Script script) throws Exception {
        List<String> expected = play(redisPort, script);
        List<String> actual = play(cinnabarPort, script);
        assertEquals(String.join("\n", expected), String.join("\n", actual));
    }

    private static List<String> play(int port, Script script) throws Exception {
        try (Scenario s = new Scenario(port)) {
            s.connection(0).call("FLUSHALL");
            script.play(s);
            return s.transcript;
        }
    }

    private RespConnection connection(int id) throws IOException {
        RespConnection c = connections.get(id);
        if (c == null) {
            c = new RespConnection(port);
            connections.put(id, c);
        }
        return c;
    }

    /** Sends a command on connection {@code id} without waiting for its reply. */
    public void send(int id, String... command) throws IOException {
        List<String> shown = new ArrayList<>();
        for (String arg : command) shown.add(idPlaceholders.getOrDefault(arg, arg));
        transcript.add(id + "> " + String.join(" ", shown));
        connection(id).send(command);
    }

    /** Sends a command and records its reply. */
    public String call(int id, String... command) throws IOException {
        send(id, command);
        return read(id);
    }

    /** Sends a command whose reply is a flat aggregate in no defined order; records its type and sorted elements. */
    public void callUnordered(int id, String... command) throws IOException {
        send(id, command);
        RespTree tree = RespTree.parse(connection(id).readReply());
        List<String> elements = new ArrayList<>(tree.strings());
        elements.sort(null);
        transcript.add(id + "< " + tree.type() + " (unordered) " + elements);
    }

    /** Records the next reply on the connection (client ids handed out by {@link #clientId} as placeholders). */
    public String read(int id) throws IOException {
        String reply = connection(id).readReply();
        String shown = reply;
        for (Map.Entry<String, String> e : idPlaceholders.entrySet()) {
            shown = shown.replace(":" + e.getKey() + "\r\n", ":" + e.getValue() + "\r\n");
        }
        transcript.add(id + "< " + Differential.printable(shown));
        return reply;
    }

    /** Switches the connection to RESP3 (HELLO's reply names the server, so it is not recorded). */
    public void resp3(int id) throws IOException {
        transcript.add(id + "> HELLO 3");
        connection(id).call("HELLO", "3");
    }

    /** The server's id of the connection (recorded as a placeholder: ids differ between servers). */
    public String clientId(int id) throws IOException {
        String clientId = connection(id).call("CLIENT", "ID").substring(1).trim();
        idPlaceholders.put(clientId, "<id of " + id + ">");
        return clientId;
    }

    /** Records whether a reply arrived on the connection within 100 ms (it is left to be read). */
    public void nothingYet(int id) throws IOException {
        transcript.add(id + " waiting: " + connection(id).nothingReceivedWithin(100));
    }

    @Override
    public void close() throws IOException {
        for (RespConnection c : connections.values()) c.close();
    }
}
