package dev.cinnabar.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Runs a command script on Cinnabar and on a real redis-server, in RESP2 and then RESP3, each time after FLUSHALL
 * and with every keyspace notification enabled (new keys and read misses included), and asserts identical
 * transcripts: each command, its reply bytes and the notifications it published (read by a subscriber up to a
 * marker message sent after the command).
 * Script syntax: one command per line, arguments separated by spaces, {@code ""} an empty argument, {@code \xHH}
 * a byte, {@code \s} a space; lines starting with # are comments.
 */
public final class ScriptDifferential {
    private static final String MARKER = "script-marker";

    private ScriptDifferential() {}

    public static List<byte[][]> parse(String script) {
        List<byte[][]> commands = new ArrayList<>();
        for (String line : script.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            String[] words = t.split(" +");
            byte[][] args = new byte[words.length][];
            for (int i = 0; i < words.length; i++) args[i] = unescape(words[i]);
            commands.add(args);
        }
        return commands;
    }

    public static void assertSame(int cinnabarPort, int redisPort, String script) throws IOException {
        assertSame(cinnabarPort, redisPort, parse(script));
    }

    public static void assertSame(int cinnabarPort, int redisPort, List<byte[][]> commands) throws IOException {
        assertSame(cinnabarPort, redisPort, commands, UnaryOperator.identity());
    }

    /**
     * As {@link #assertSame(int, int, List)}, comparing each command's transcript (the command line, then its
     * reply and notifications) after a normalisation, for values that may legitimately differ.
     */
    public static void assertSame(int cinnabarPort, int redisPort, List<byte[][]> commands,
                                  UnaryOperator<String> normalize) throws IOException {
        for (boolean resp3 : new boolean[] {false, true}) {
            List<String> expected = transcript(redisPort, resp3, commands);
            List<String> actual = transcript(cinnabarPort, resp3, commands);
            for (int i = 0; i < commands.size(); i++) {
                assertEquals(normalize.apply(expected.get(i)), normalize.apply(actual.get(i)),
                        (resp3 ? "RESP3" : "RESP2") + ", command #" + i);
            }
        }
    }

    /** The transcript of a script on one server: per command, the command, its reply and its notifications. */
    public static List<String> transcript(int port, boolean resp3, List<byte[][]> commands) throws IOException {
        List<String> transcript = new ArrayList<>();
        try (RespConnection c = new RespConnection(port); RespConnection events = new RespConnection(port)) {
            c.call("FLUSHALL");
            c.call("CONFIG", "SET", "notify-keyspace-events", "KEAnm");
            events.call("PSUBSCRIBE", "__key*@*__:*");
            events.call("SUBSCRIBE", MARKER);
            if (resp3) c.call("HELLO", "3");
            try {
                for (byte[][] cmd : commands) {
                    StringBuilder out = new StringBuilder();
                    out.append("> ").append(describe(cmd)).append('\n');
                    out.append("< ").append(Differential.printable(c.call(cmd))).append('\n');
                    c.call("PUBLISH", MARKER, "end");
                    while (true) {
                        String raw = events.readReply();
                        List<String> message = RespTree.parse(raw).strings();
                        if (message.get(0).equals("message") && message.get(1).equals(MARKER)) break;
                        out.append("  ").append(String.join(" ", message.subList(1, message.size()))).append('\n');
                    }
                    transcript.add(out.toString());
                }
            } finally {
                c.call("CONFIG", "SET", "notify-keyspace-events", "");
            }
        }
        return transcript;
    }

    /** A command for failure messages: its arguments, long ones cut at 60 characters. */
    public static String describe(byte[][] cmd) {
        StringBuilder sb = new StringBuilder();
        for (byte[] a : cmd) {
            String s = new String(a, StandardCharsets.ISO_8859_1);
            sb.append(s.length() > 60 ? s.substring(0, 60) + "...(" + s.length() + ")" : s).append(' ');
        }
        return sb.toString().strip();
    }

    /** One script word as bytes: {@code ""} is empty, {@code \xHH} a byte, {@code \s} a space, the rest UTF-8. */
    public static byte[] unescape(String word) {
        if (word.equals("\"\"")) return new byte[0];
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < word.length(); i++) {
            char ch = word.charAt(i);
            if (ch == '\\' && i + 3 < word.length() && word.charAt(i + 1) == 'x') {
                out.write(Integer.parseInt(word.substring(i + 2, i + 4), 16));
                i += 3;
            } else if (ch == '\\' && i + 1 < word.length() && word.charAt(i + 1) == 's') {
                out.write(' ');
                i++;
            } else {
                byte[] b = String.valueOf(ch).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toByteArray();
    }
}
