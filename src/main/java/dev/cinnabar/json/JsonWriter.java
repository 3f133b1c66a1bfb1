package dev.cinnabar.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Tree to JSON text, byte for byte as RedisJSON writes it: compact by default; with JSON.GET's INDENT, NEWLINE
 * and SPACE strings placed as its formatter places them; strings escaped as serde_json escapes them (only quote,
 * backslash and control characters; non-ASCII stays UTF-8); doubles in Ryu's shortest form ("1.0", "1e20",
 * "1.5e-7").
 */
public final class JsonWriter {
    /** Formatting options of JSON.GET; null fields write nothing. */
    public record Format(byte[] indent, byte[] newline, byte[] space) {
        public static final Format COMPACT = new Format(null, null, null);
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Format format;
    private int indentLevel;

    private JsonWriter(Format format) {
        this.format = format;
    }

    /** The compact text of a node. */
    public static byte[] write(JsonNode node) {
        return write(node, Format.COMPACT);
    }

    public static byte[] write(JsonNode node, Format format) {
        JsonWriter w = new JsonWriter(format);
        w.value(node);
        return w.out.toByteArray();
    }

    /** The text of a JSON array holding the given nodes (the reply form of a JSONPath query). */
    public static byte[] writeList(List<JsonNode> nodes, Format format) {
        JsonWriter w = new JsonWriter(format);
        w.list(nodes);
        return w.out.toByteArray();
    }

    /** The text of a JSON object from names to nodes or lists of nodes (JSON.GET with several paths). */
    public static byte[] writeObject(Map<String, Object> members, Format format) {
        JsonWriter w = new JsonWriter(format);
        w.indentLevel++;
        w.out.write('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : members.entrySet()) {
            if (!first) w.out.write(',');
            first = false;
            w.newline();
            w.string(e.getKey());
            w.colon();
            if (e.getValue() instanceof JsonNode node) w.value(node);
            else w.list(castList(e.getValue()));
        }
        w.close('}', !members.isEmpty());
        return w.out.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static List<JsonNode> castList(Object value) {
        return (List<JsonNode>) value;
    }

    private void list(Iterable<JsonNode> nodes) {
        indentLevel++;
        out.write('[');
        boolean first = true;
        for (JsonNode node : nodes) {
            if (!first) out.write(',');
            first = false;
            newline();
            value(node);
        }
        close(']', !first);
    }

    private void value(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                indentLevel++;
                out.write('{');
                boolean first = true;
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!first) out.write(',');
                    first = false;
                    newline();
                    string(e.getKey());
                    colon();
                    value(e.getValue());
                }
                close('}', !node.isEmpty());
            }
            case ARRAY -> list(node);
            case STRING -> string(node.textValue());
            case NUMBER -> ascii(number(node));
            case BOOLEAN -> ascii(node.booleanValue() ? "true" : "false");
            default -> ascii("null");
        }
    }

    private void close(char bracket, boolean hadValues) {
        indentLevel--;
        if (hadValues) newline();
        out.write(bracket);
    }

    private void newline() {
        if (format.newline() != null) out.writeBytes(format.newline());
        if (format.indent() != null) for (int i = 0; i < indentLevel; i++) out.writeBytes(format.indent());
    }

    private void colon() {
        out.write(':');
        if (format.space() != null) out.writeBytes(format.space());
    }

    private void ascii(String s) {
        for (int i = 0; i < s.length(); i++) out.write(s.charAt(i));
    }

    private void string(String s) {
        out.write('"');
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            switch (b) {
                case '"' -> ascii("\\\"");
                case '\\' -> ascii("\\\\");
                case '\b' -> ascii("\\b");
                case '\f' -> ascii("\\f");
                case '\n' -> ascii("\\n");
                case '\r' -> ascii("\\r");
                case '\t' -> ascii("\\t");
                default -> {
                    if (b >= 0 && b < 0x20) {
                        ascii("\\u00");
                        out.write(HEX[b >> 4]);
                        out.write(HEX[b & 15]);
                    } else {
                        out.write(b);
                    }
                }
            }
        }
        out.write('"');
    }

    /** A number's text: integers as they are, doubles in Ryu's shortest form. */
    static String number(JsonNode node) {
        if (node.isIntegralNumber()) return node.bigIntegerValue().toString();
        return formatDouble(node.doubleValue());
    }

    /**
     * The shortest decimal that reads back as d. Double.toString gives it, except that it always writes a digit
     * after the point, so where one significant digit would do (5e-324) it may give two (4.9E-324).
     */
    private static BigDecimal shortestDigits(double d) {
        BigDecimal javaDigits = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        if (javaDigits.precision() != 2) return javaDigits;
        BigDecimal best = null;
        for (BigDecimal candidate : new BigDecimal[]{
                javaDigits.round(new java.math.MathContext(1, java.math.RoundingMode.FLOOR)),
                javaDigits.round(new java.math.MathContext(1, java.math.RoundingMode.CEILING))}) {
            if (candidate.doubleValue() != d) continue;
            BigDecimal exact = new BigDecimal(d);
            if (best == null || candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0) best = candidate;
        }
        return best == null ? javaDigits : best.stripTrailingZeros();
    }

    /**
     * A finite double as Rust's ryu crate writes it: the shortest digits that read back as the same double,
     * in plain notation when the decimal point falls within 16 digits of them (with ".0" for integers),
     * otherwise as d.ddde±x.
     */
    static String formatDouble(double d) {
        if (d == 0) return (1 / d < 0) ? "-0.0" : "0.0";
        StringBuilder out = new StringBuilder(24);
        if (d < 0) {
            out.append('-');
            d = -d;
        }
        BigDecimal shortest = shortestDigits(d);
        String digits = shortest.unscaledValue().toString();
        int length = digits.length();
        int point = length - shortest.scale(); // the decimal point's position relative to the digits
        int exponent = -shortest.scale();      // value = digits * 10^exponent
        if (exponent >= 0 && point <= 16) {
            out.append(digits).append("0".repeat(exponent)).append(".0");
        } else if (point > 0 && point <= 16) {
            out.append(digits, 0, point).append('.').append(digits, point, length);
        } else if (point > -5 && point <= 0) {
            out.append("0.").append("0".repeat(-point)).append(digits);
        } else if (length == 1) {
            out.append(digits).append('e').append(point - 1);
        } else {
            out.append(digits.charAt(0)).append('.').append(digits, 1, length).append('e').append(point - 1);
        }
        return out.toString();
    }
}
