package dev.cinnabar.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends the same command sequence to Cinnabar and to a real redis-server, each on a fresh connection after
 * FLUSHALL, and asserts that every reply is byte-for-byte identical.
 */
public final class Differential {
    /** Prepares a fresh connection before the commands run (e.g. switches it to RESP3). */
    @FunctionalInterface
    public interface Setup {
        void prepare(RespConnection connection) throws IOException;
    }

    private final int cinnabarPort;
    private final int redisPort;
    private final Setup cinnabarSetup;
    private final Setup redisSetup;

    public Differential(int cinnabarPort, int redisPort) {
        this(cinnabarPort, redisPort, c -> { }, c -> { });
    }

    /** Runs each side's setup on its connection after FLUSHALL, before the compared commands. */
    public Differential(int cinnabarPort, int redisPort, Setup cinnabarSetup, Setup redisSetup) {
        this.cinnabarPort = cinnabarPort;
        this.redisPort = redisPort;
        this.cinnabarSetup = cinnabarSetup;
        this.redisSetup = redisSetup;
    }

    /** A differential in RESP2, or in RESP3 with both connections switched by HELLO 3. */
    public static Differential forProtocol(int cinnabarPort, int redisPort, int protocol) {
        if (protocol == 2) return new Differential(cinnabarPort, redisPort);
        Setup hello3 = c -> c.call("HELLO", "3");
        return new Differential(cinnabarPort, redisPort, hello3, hello3);
    }

    /** Each element is one command's arguments. */
    public void assertSameReplies(List<String[]> commands) throws IOException {
        List<byte[][]> binary = new ArrayList<>();
        for (String[] cmd : commands) {
            byte[][] args = new byte[cmd.length][];
            for (int i = 0; i < cmd.length; i++) args[i] = cmd[i].getBytes(StandardCharsets.UTF_8);
            binary.add(args);
        }
        assertSameBinaryReplies(binary);
    }

    /** Like {@link #assertSameReplies(List)} for commands with binary arguments. */
    public void assertSameBinaryReplies(List<byte[][]> commands) throws IOException {
        List<String> expected = run(redisPort, redisSetup, commands);
        List<String> actual = run(cinnabarPort, cinnabarSetup, commands);
        for (int i = 0; i < commands.size(); i++) {
            assertEquals(printable(expected.get(i)), printable(actual.get(i)),
                    "reply to " + describe(commands.get(i)) + " (command #" + i + ")");
        }
    }

    private static String describe(byte[][] cmd) {
        StringBuilder sb = new StringBuilder();
        for (byte[] arg : cmd) sb.append(sb.isEmpty() ? "" : " ").append(new String(arg, StandardCharsets.UTF_8));
        return sb.toString();
    }

    /** Convenience: commands written one per line, arguments separated by spaces (no quoting). */
    public void assertSameReplies(String script) throws IOException {
        List<String[]> commands = new ArrayList<>();
        for (String line : script.split("\n")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) commands.add(t.split(" +"));
        }
        assertSameReplies(commands);
    }

    private static List<String> run(int port, Setup setup, List<byte[][]> commands) throws IOException {
        List<String> replies = new ArrayList<>();
        try (RespConnection c = new RespConnection(port)) {
            c.call("FLUSHALL");
            setup.prepare(c);
            for (byte[][] cmd : commands) replies.add(c.call(cmd));
        }
        return replies;
    }

    public static String printable(String reply) {
        return reply.replace("\r\n", "\\r\\n\n");
    }
}
