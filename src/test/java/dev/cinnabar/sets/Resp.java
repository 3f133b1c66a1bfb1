package dev.cinnabar.sets;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed reply, for the set tests that must look inside replies whose element order is unspecified: its wire
 * type ('$', '*', '~', ':', '-', '_'...), its text (scalars) and its elements (aggregates).
 */
record Resp(char type, String text, List<Resp> elements) {
    static Resp parse(String reply) {
        int[] position = {0};
        Resp parsed = read(reply, position);
        if (position[0] != reply.length()) throw new IllegalArgumentException("bytes after the reply: " + reply);
        return parsed;
    }

    private static Resp read(String s, int[] position) {
        int lineEnd = s.indexOf("\r\n", position[0]);
        char type = s.charAt(position[0]);
        String head = s.substring(position[0] + 1, lineEnd);
        position[0] = lineEnd + 2;
        switch (type) {
            case '$' -> {
                int n = Integer.parseInt(head);
                if (n < 0) return new Resp(type, null, null);
                String data = s.substring(position[0], position[0] + n);
                position[0] += n + 2;
                return new Resp(type, data, null);
            }
            case '*', '~' -> {
                int n = Integer.parseInt(head);
                if (n < 0) return new Resp(type, null, null);
                List<Resp> elements = new ArrayList<>();
                for (int i = 0; i < n; i++) elements.add(read(s, position));
                return new Resp(type, null, elements);
            }
            default -> {
                return new Resp(type, head, null);
            }
        }
    }

    boolean isAggregate() {
        return elements != null;
    }

    /** The texts of an aggregate's scalar elements, in order. */
    List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (Resp e : elements) texts.add(e.text);
        return texts;
    }
}
