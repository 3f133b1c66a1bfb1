package dev.cinnabar.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends the same command sequence to Cinnabar and to a real redis-server, each on a fresh connection after
 * FLUSHALL, and asserts that every reply is byte-for-byte identical.
 */
public final class Differential {
    private final int cinnabarPort;
    private final int redisPort;

    public Differential(int cinnabarPort, int redisPort) {
        this.cinnabarPort = cinnabarPort;
        this.redisPort = redisPort;
    }

    /** Each element is one command's arguments. */
    public void assertSameReplies(List<String[]> commands) throws IOException {
        List<String> expected = run(redisPort, commands);
        List<String> actual = run(cinnabarPort, commands);
        for (int i = 0; i < commands.size(); i++) {
            assertEquals(printable(expected.get(i)), printable(actual.get(i)),
                    "reply to " + String.join(" ", commands.get(i)) + " (command #" + i + ")");
        }
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

    private static List<String> run(int port, List<String[]> commands) throws IOException {
        List<String> replies = new ArrayList<>();
        try (RespConnection c = new RespConnection(port)) {
            c.call("FLUSHALL");
            for (String[] cmd : commands) replies.add(c.call(cmd));
        }
        return replies;
    }

    public static String printable(String reply) {
        return reply.replace("\r\n", "\\r\\n\n");
    }
}
