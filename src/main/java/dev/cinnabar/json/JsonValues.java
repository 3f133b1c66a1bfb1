package dev.cinnabar.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;

/** Facts about JSON nodes as RedisJSON states them: type names, equality, memory. */
final class JsonValues {
    private JsonValues() {}

    /** JSON.TYPE's name: integers (64-bit) are "integer", doubles "number". */
    static String typeName(JsonNode node) {
        return switch (node.getNodeType()) {
            case NULL -> "null";
            case BOOLEAN -> "boolean";
            case NUMBER -> isDouble(node) ? "number" : "integer";
            case STRING -> "string";
            case ARRAY -> "array";
            case OBJECT -> "object";
            default -> "null";
        };
    }

    static boolean isDouble(JsonNode node) {
        return node.isNumber() && !node.isIntegralNumber();
    }

    /**
     * RedisJSON's value equality (ARRINDEX, filters): same type (an integer never equals a double), same scalar,
     * arrays element by element, objects with the same members in any order.
     */
    static boolean deepEqual(JsonNode a, JsonNode b) {
        if (a.getNodeType() != b.getNodeType()) return false;
        return switch (a.getNodeType()) {
            case NUMBER -> isDouble(a) == isDouble(b) && (isDouble(a)
                    ? a.doubleValue() == b.doubleValue()
                    : a.bigIntegerValue().equals(b.bigIntegerValue()));
            case STRING -> a.textValue().equals(b.textValue());
            case BOOLEAN -> a.booleanValue() == b.booleanValue();
            case ARRAY -> {
                if (a.size() != b.size()) yield false;
                for (int i = 0; i < a.size(); i++) if (!deepEqual(a.get(i), b.get(i))) yield false;
                yield true;
            }
            case OBJECT -> {
                if (a.size() != b.size()) yield false;
                for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode other = b.get(e.getKey());
                    if (other == null || !deepEqual(e.getValue(), other)) yield false;
                }
                yield true;
            }
            default -> true;
        };
    }

    // ---- memory (JSON.DEBUG MEMORY) ---------------------------------------------------------------------------

    private static final int HEADER = 16;      // object header with compressed class pointers, rounded
    private static final int REF = 4;          // compressed reference

    /**
     * An estimate of the bytes the tree under a node occupies on the heap: node objects, their collections and
     * map entries, and strings (Latin-1 strings one byte per character, others two). Shared singletons (true,
     * false, null) count nothing.
     */
    static long memory(JsonNode node) {
        return memory(node, 0);
    }

    /**
     * As above; with samples above 0 a container with more children than that measures its first {@code samples}
     * children and scales them to all (at every level), as MEMORY USAGE samples a collection: a wide document
     * costs what its samples cost, never more than the whole walk.
     */
    static long memory(JsonNode node, int samples) {
        return switch (node.getNodeType()) {
            case NULL, BOOLEAN -> 0;
            case NUMBER -> node.isBigInteger() ? HEADER + 40 : node.isInt() ? HEADER : HEADER + 8;
            case STRING -> HEADER + string(node.textValue());
            case ARRAY -> {
                // ArrayNode -> ArrayList -> Object[] (capacity grows by half; estimate with the size)
                long bytes = HEADER + HEADER + 8 + align(HEADER + (long) REF * Math.max(node.size(), 10));
                long children = 0;
                int seen = 0;
                for (JsonNode child : node) {
                    if (samples > 0 && seen == samples) break;
                    children += memory(child, samples);
                    seen++;
                }
                yield bytes + scaled(children, seen, node.size());
            }
            case OBJECT -> {
                // ObjectNode -> LinkedHashMap (table of power-of-two size, one 40-byte entry per member)
                long table = Integer.highestOneBit(Math.max(16, node.size() * 4 / 3) * 2 - 1);
                long bytes = HEADER + 56 + align(HEADER + REF * table);
                long members = 0;
                int seen = 0;
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    if (samples > 0 && seen == samples) break;
                    Map.Entry<String, JsonNode> e = it.next();
                    members += 40 + string(e.getKey()) + memory(e.getValue(), samples);
                    seen++;
                }
                yield bytes + scaled(members, seen, node.size());
            }
            default -> 0;
        };
    }

    private static long scaled(long measured, int seen, int all) {
        return seen == all || seen == 0 ? measured : measured * all / seen;
    }

    private static long string(String s) {
        boolean latin1 = true;
        for (int i = 0; i < s.length() && latin1; i++) latin1 = s.charAt(i) < 256;
        return 24 + align(HEADER + (long) s.length() * (latin1 ? 1 : 2));
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }
}
