package dev.cinnabar.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.RespTree;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a transcript of commands and expected replies (the format is described at the top of
 * {@code json/redisjson-doc-examples.txt}) and renders replies in that one-line form.
 */
final class Transcript {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Transcript() {}

    static String resource(String name) throws IOException {
        try (InputStream in = Transcript.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Runs every step; fails on the first reply that differs, naming its line. */
    static int run(RespConnection c, String transcript) throws IOException {
        String[] lines = transcript.split("\n");
        int checked = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) continue;
            if (line.equals("@flush")) {
                c.call("FLUSHALL");
            } else if (line.startsWith("@resp ")) {
                c.call("HELLO", line.substring(6).trim());
            } else if (line.startsWith("> ")) {
                String expected = lines[++i];
                String actual = render(RespTree.parse(c.call(words(line.substring(2)).toArray(String[]::new))));
                String where = "line " + i + ": " + line;
                if (expected.startsWith("~json ")) {
                    assertEquals(MAPPER.readTree(expected.substring(6)),
                            MAPPER.readTree(unquote(actual)), where);
                } else {
                    assertEquals(expected, actual, where);
                }
                checked++;
            } else {
                throw new IllegalArgumentException("unexpected transcript line " + (i + 1) + ": " + line);
            }
        }
        return checked;
    }

    /** Splits a command line as a shell would: single quotes literal, double quotes with backslash escapes. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == ' ') {
                if (word != null) out.add(word.toString());
                word = null;
                continue;
            }
            if (word == null) word = new StringBuilder();
            if (ch == '\'') {
                int end = line.indexOf('\'', i + 1);
                word.append(line, i + 1, end);
                i = end;
            } else if (ch == '"') {
                for (i++; line.charAt(i) != '"'; i++) {
                    char d = line.charAt(i);
                    if (d == '\\') {
                        char e = line.charAt(++i);
                        word.append(switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            default -> e;
                        });
                    } else {
                        word.append(d);
                    }
                }
            } else {
                word.append(ch);
            }
        }
        if (word != null) out.add(word.toString());
        return out;
    }

    /** A reply on one line: see the transcript format. */
    static String render(RespTree reply) {
        StringBuilder sb = new StringBuilder();
        render(reply, sb);
        return sb.toString();
    }

    private static void render(RespTree t, StringBuilder sb) {
        switch (t.type()) {
            case '$', '=' -> {
                if (t.text() == null) sb.append("(nil)");
                else quote(t.text(), sb);
            }
            case '_' -> sb.append("(nil)");
            case '+' -> sb.append(t.text());
            case '-' -> sb.append("(error) ").append(t.text());
            case ':' -> sb.append("(integer) ").append(t.text());
            case ',' -> sb.append("(double) ").append(t.text());
            case '#' -> sb.append(t.text().equals("t") ? "(true)" : "(false)");
            case '%' -> {
                sb.append('{');
                List<RespTree> c = t.children();
                for (int i = 0; i < c.size(); i += 2) {
                    if (i > 0) sb.append(", ");
                    render(c.get(i), sb);
                    sb.append(": ");
                    render(c.get(i + 1), sb);
                }
                sb.append('}');
            }
            default -> {
                if (t.children() == null) {
                    sb.append("(nil)");
                    return;
                }
                sb.append('[');
                List<RespTree> c = t.children();
                for (int i = 0; i < c.size(); i++) {
                    if (i > 0) sb.append(", ");
                    render(c.get(i), sb);
                }
                sb.append(']');
            }
        }
    }

    /** redis-cli's quoting of a bulk string (sdscatrepr). */
    private static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            switch (b) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (b >= 0x20 && b < 0x7f) sb.append((char) b);
                    else sb.append(String.format("\\x%02x", b & 0xff));
                }
            }
        }
        sb.append('"');
    }

    /** The text of a rendered bulk string. */
    private static String unquote(String rendered) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < rendered.length() - 1; i++) {
            char c = rendered.charAt(i);
            if (c == '\\') {
                char e = rendered.charAt(++i);
                out.append(switch (e) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> e;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
