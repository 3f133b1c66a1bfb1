package dev.cinnabar.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.function.UnaryOperator;

/**
 * One connection to Cinnabar and one to a real redis-server, used together: every command goes to both and the
 * replies are compared byte for byte, optionally after a normalisation of values that legitimately differ
 * (versions, client ids). Unlike {@link Differential}, the session state (protocol, name, auth...) carries over
 * from one command to the next, and commands can be sent without comparing (setup) or pipelined.
 */
public final class PairedConnections implements AutoCloseable {
    private final RespConnection cinnabar;
    private final RespConnection redis;

    /** A pair switched to the given protocol with HELLO on both sides. */
    public static PairedConnections open(CinnabarExtension cinnabar, RedisExtension redis, int protocol)
            throws IOException {
        PairedConnections c = new PairedConnections(cinnabar.port(), redis.port());
        c.both("HELLO", String.valueOf(protocol));
        return c;
    }

    public PairedConnections(int cinnabarPort, int redisPort) throws IOException {
        cinnabar = new RespConnection(cinnabarPort);
        redis = new RespConnection(redisPort);
    }

    public RespConnection cinnabar() {
        return cinnabar;
    }

    public RespConnection redis() {
        return redis;
    }

    /** Sends the command to both and asserts identical replies; returns the reply. */
    public String same(String... command) throws IOException {
        return same(UnaryOperator.identity(), command);
    }

    /** Like {@link #same(String...)} after applying the normalisation to both replies. */
    public String same(UnaryOperator<String> normalize, String... command) throws IOException {
        String expected = normalize.apply(redis.call(command));
        String actual = normalize.apply(cinnabar.call(command));
        assertEquals(Differential.printable(expected), Differential.printable(actual),
                "reply to " + String.join(" ", command));
        return actual;
    }

    /** Sends raw bytes to both, then reads and compares {@code replies} replies. */
    public void sameRaw(String bytes, int replies) throws IOException {
        redis.sendRaw(bytes);
        cinnabar.sendRaw(bytes);
        for (int i = 0; i < replies; i++) {
            assertEquals(Differential.printable(redis.readReply()), Differential.printable(cinnabar.readReply()),
                    "reply #" + i + " to " + bytes);
        }
    }

    /** Sends the command to both without comparing the replies (e.g. HELLO, whose version differs). */
    public void both(String... command) throws IOException {
        redis.call(command);
        cinnabar.call(command);
    }

    @Override
    public void close() throws IOException {
        cinnabar.close();
        redis.close();
    }
}
