package dev.cinnabar.testing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A parsed RESP2/RESP3 reply that keeps every wire type ('+', '$', ':', '*', '~', '%', '_'), so that two replies
 * can be compared exactly after removing the parts that differ by design (our summaries, Redis's hash order), or
 * looked into when their order is unspecified (SMEMBERS, HRANDFIELD, SPOP...).
 */
public final class RespTree {
    final char type;
    final String text;                  // scalars
    final List<RespTree> children;      // aggregates; a map holds keys and values alternately

    private RespTree(char type, String text, List<RespTree> children) {
        this.type = type;
        this.text = text;
        this.children = children;
    }

    public static RespTree parse(String reply) {
        int[] pos = {0};
        RespTree tree = read(reply, pos);
        if (pos[0] != reply.length()) throw new IllegalArgumentException("trailing bytes after reply: " + reply);
        return tree;
    }

    /** The wire type: '$', '*', '~', '%', ':', '+', '-', '_'... */
    public char type() {
        return type;
    }

    /** A scalar's text (null for a null or an aggregate). */
    public String text() {
        return text;
    }

    /** An aggregate's elements (a map's keys and values alternately); null for a scalar. */
    public List<RespTree> children() {
        return children;
    }

    public boolean isAggregate() {
        return children != null;
    }

    /** The texts of an aggregate's scalar elements, in order. */
    public List<String> strings() {
        List<String> out = new ArrayList<>();
        for (RespTree child : children) out.add(child.text);
        return out;
    }

    private static RespTree read(String s, int[] pos) {
        int eol = s.indexOf("\r\n", pos[0]);
        char type = s.charAt(pos[0]);
        String head = s.substring(pos[0] + 1, eol);
        pos[0] = eol + 2;
        switch (type) {
            case '$', '=' -> {
                int n = Integer.parseInt(head);
                if (n < 0) return new RespTree(type, null, null);
                String data = s.substring(pos[0], pos[0] + n);
                pos[0] += n + 2;
                return new RespTree(type, data, null);
            }
            case '*', '~', '>', '%' -> {
                int n = Integer.parseInt(head);
                if (n < 0) return new RespTree(type, null, null);
                List<RespTree> children = new ArrayList<>();
                for (int i = 0; i < (type == '%' ? 2 * n : n); i++) children.add(read(s, pos));
                return new RespTree(type, null, children);
            }
            default -> {
                return new RespTree(type, head, null);
            }
        }
    }

    public boolean isMap() {
        return type == '%';
    }

    /** In a RESP3 map, the value of a key, or null. */
    public RespTree get(String key) {
        for (int i = 0; i < children.size(); i += 2) {
            if (key.equals(children.get(i).text)) return children.get(i + 1);
        }
        return null;
    }

    /** Removes a key and its value from a RESP3 map; true when it was there. */
    public boolean remove(String key) {
        for (int i = 0; i < children.size(); i += 2) {
            if (key.equals(children.get(i).text)) {
                children.remove(i);
                children.remove(i);
                return true;
            }
        }
        return false;
    }

    /** Sorts an aggregate's elements (or a map's entries) by their rendering: for replies in hash-table order. */
    public void sortUnordered() {
        if (!isMap()) {
            children.sort(Comparator.comparing(RespTree::toString));
            return;
        }
        List<RespTree[]> entries = new ArrayList<>();
        for (int i = 0; i < children.size(); i += 2) entries.add(new RespTree[] {children.get(i), children.get(i + 1)});
        entries.sort(Comparator.comparing(e -> e[0].toString()));
        children.clear();
        for (RespTree[] e : entries) {
            children.add(e[0]);
            children.add(e[1]);
        }
    }

    /** A readable rendering that shows every wire type; equal renderings mean equal replies. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        render(sb, "");
        return sb.toString();
    }

    private void render(StringBuilder sb, String indent) {
        sb.append(indent).append(type);
        if (children == null) {
            sb.append(text == null ? "(null)" : text).append('\n');
            return;
        }
        sb.append(isMap() ? children.size() / 2 : children.size()).append('\n');
        for (RespTree c : children) c.render(sb, indent + "  ");
    }
}
