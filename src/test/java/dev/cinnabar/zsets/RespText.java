package dev.cinnabar.zsets;

import dev.cinnabar.protocol.DoubleFormat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Rewrites RESP replies (as ISO-8859-1 text) for comparisons with a Redis 7.0 reference server, which
 * prints doubles with "%.17g" where 7.2 (and Cinnabar) print the shortest round-trip form. Every bulk string or
 * RESP3 double that reads as a number is reprinted in one canonical form, so replies compare equal exactly when
 * they hold the same doubles. Also parses replies into element lists for order-insensitive comparisons.
 */
final class RespText {
    private static final Pattern NUMBER =
            Pattern.compile("[-+]?((\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?|inf|nan)");

    private RespText() {}

    /** The reply with every number-like bulk string and double reprinted canonically. */
    static String canonical(String reply) {
        StringBuilder out = new StringBuilder();
        int end = walk(reply, 0, out, false, null);
        if (end != reply.length()) throw new IllegalArgumentException("trailing bytes in reply: " + reply);
        return out.toString();
    }

    /** The reply's structure only: every string and double replaced by "?" (for random replies). */
    static String shape(String reply) {
        StringBuilder out = new StringBuilder();
        walk(reply, 0, out, true, null);
        return out.toString();
    }

    /** The bulk strings and doubles of a reply, depth first, canonical. */
    static List<String> strings(String reply) {
        List<String> all = new ArrayList<>();
        walk(reply, 0, new StringBuilder(), false, all);
        return all;
    }

    /**
     * Rewrites the reply element at i into out (strings as "?" when shapeOnly), adding its strings and doubles to
     * found when given; returns where the next element starts.
     */
    private static int walk(String s, int i, StringBuilder out, boolean shapeOnly, List<String> found) {
        char type = s.charAt(i);
        int eol = s.indexOf("\r\n", i);
        String head = s.substring(i + 1, eol);
        int next = eol + 2;
        switch (type) {
            case '$' -> {
                int n = Integer.parseInt(head);
                if (n < 0) {
                    out.append("$-1\r\n");
                    return next;
                }
                String text = shapeOnly ? "?" : number(s.substring(next, next + n));
                if (found != null) found.add(text);
                out.append('$').append(text.length()).append("\r\n").append(text).append("\r\n");
                return next + n + 2;
            }
            case ',' -> {
                String text = shapeOnly ? "?" : number(head);
                if (found != null) found.add(text);
                out.append(',').append(text).append("\r\n");
                return next;
            }
            case '*', '~', '>', '%' -> {
                int n = Integer.parseInt(head);
                out.append(type).append(head).append("\r\n");
                if (type == '%') n *= 2;
                for (int k = 0; k < n; k++) next = walk(s, next, out, shapeOnly, found);
                return next;
            }
            default -> {
                out.append(s, i, next);
                return next;
            }
        }
    }

    private static String number(String text) {
        if (!NUMBER.matcher(text).matches()) return text;
        String lower = text.toLowerCase();
        if (lower.endsWith("nan")) return "nan";
        if (lower.endsWith("inf")) return lower.startsWith("-") ? "-inf" : "inf";
        return DoubleFormat.format(Double.parseDouble(text));
    }
}
