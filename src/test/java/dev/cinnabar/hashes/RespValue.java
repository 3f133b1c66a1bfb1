package dev.cinnabar.hashes;

import java.util.ArrayList;
import java.util.List;

/** A parsed RESP2/RESP3 reply (wire type kept), for comparing replies whose order legitimately differs. */
record RespValue(char type, String text, List<RespValue> children) {

    static RespValue parse(String reply) {
        int[] pos = {0};
        RespValue value = read(reply, pos);
        if (pos[0] != reply.length()) throw new IllegalArgumentException("trailing bytes after reply: " + reply);
        return value;
    }

    private static RespValue read(String s, int[] pos) {
        int eol = s.indexOf("\r\n", pos[0]);
        char type = s.charAt(pos[0]);
        String head = s.substring(pos[0] + 1, eol);
        pos[0] = eol + 2;
        switch (type) {
            case '$', '=' -> {
                int n = Integer.parseInt(head);
                if (n < 0) return new RespValue(type, null, null);
                String data = s.substring(pos[0], pos[0] + n);
                pos[0] += n + 2;
                return new RespValue(type, data, null);
            }
            case '*', '~', '>', '%' -> {
                int n = Integer.parseInt(head);
                if (n < 0) return new RespValue(type, null, null);
                List<RespValue> children = new ArrayList<>();
                for (int i = 0; i < (type == '%' ? 2 * n : n); i++) children.add(read(s, pos));
                return new RespValue(type, null, children);
            }
            default -> {
                return new RespValue(type, head, null);
            }
        }
    }

    boolean isAggregate() {
        return children != null;
    }

    /** The bulk strings of a flat aggregate. */
    List<String> strings() {
        List<String> out = new ArrayList<>();
        for (RespValue child : children) out.add(child.text);
        return out;
    }
}
