package dev.cinnabar.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A filter expression of a JSONPath query, with RedisJSON's semantics: a lone term tests existence; comparisons
 * between incomparable operands (a missing path, an array, a number and a string) are false, so {@code !=} is
 * then true; a path matching several nodes compares true when any of them does; {@code =~} searches a regular
 * expression anywhere in a string; {@code &&} binds tighter than {@code ||}.
 */
sealed interface JsonFilter {
    boolean test(JsonNode current, JsonNode root);

    record Or(List<JsonFilter> anyOf) implements JsonFilter {
        public boolean test(JsonNode current, JsonNode root) {
            for (JsonFilter f : anyOf) if (f.test(current, root)) return true;
            return false;
        }
    }

    record And(List<JsonFilter> allOf) implements JsonFilter {
        public boolean test(JsonNode current, JsonNode root) {
            for (JsonFilter f : allOf) if (!f.test(current, root)) return false;
            return true;
        }
    }

    /** A single term: true when it evaluates to something (a path that matches, or any literal). */
    record Exists(Term term) implements JsonFilter {
        public boolean test(JsonNode current, JsonNode root) {
            return term.evaluate(current, root) != Operand.INVALID;
        }
    }

    enum Op { GT, GE, LT, LE, EQ, NE, RE }

    record Compare(Term left, Op op, Term right) implements JsonFilter {
        public boolean test(JsonNode current, JsonNode root) {
            Object a = left.evaluate(current, root);
            Object b = right.evaluate(current, root);
            return switch (op) {
                case EQ -> equal(a, b);
                case NE -> !equal(a, b);
                case RE -> regex(a, b);
                default -> ordered(a, b, op);
            };
        }
    }

    // ---- terms ------------------------------------------------------------------------------------------------

    /** An operand: a path from the current node ('@') or from the root ('$'), or a literal. */
    sealed interface Term {
        /** A JsonNode, a List of JsonNodes (several matches), a Long, Double, String, Boolean, NULL or INVALID. */
        Object evaluate(JsonNode current, JsonNode root);
    }

    record PathTerm(boolean fromRoot, List<JsonPath.Step> steps) implements Term {
        public Object evaluate(JsonNode current, JsonNode root) {
            JsonNode start = fromRoot ? root : current;
            if (steps.isEmpty()) return start;
            List<JsonNode> found = new ArrayList<>();
            JsonPath.evaluate(steps, 0, start, root, null, (node, trace) -> found.add(node));
            if (found.isEmpty()) return Operand.INVALID;
            return found.size() == 1 ? found.getFirst() : found;
        }
    }

    record Literal(Object value) implements Term {
        public Object evaluate(JsonNode current, JsonNode root) {
            return value;
        }
    }

    /** Operands that are no Java value. */
    enum Operand { NULL, INVALID }

    // ---- comparison ---------------------------------------------------------------------------------------------

    /** A comparison of two operands where either may be several nodes: true when any pair satisfies it. */
    private static boolean anyPair(Object a, Object b, java.util.function.BiPredicate<Object, Object> test) {
        if (a instanceof List<?> list) {
            for (Object v : list) if (anyPair(v, b, test)) return true;
            return false;
        }
        if (b instanceof List<?> list) {
            for (Object v : list) if (anyPair(a, v, test)) return true;
            return false;
        }
        return test.test(a, b);
    }

    private static boolean equal(Object a, Object b) {
        return anyPair(a, b, (x, y) -> {
            if (x instanceof JsonNode n && y instanceof JsonNode m) return JsonValues.deepEqual(n, m);
            Integer c = compare(x, y);
            return c != null && c == 0;
        });
    }

    private static boolean ordered(Object a, Object b, Op op) {
        return anyPair(a, b, (x, y) -> {
            Integer c = compare(x, y);
            if (c == null) return false;
            return switch (op) {
                case GT -> c > 0;
                case GE -> c >= 0;
                case LT -> c < 0;
                default -> c <= 0;
            };
        });
    }

    private static boolean regex(Object a, Object b) {
        return anyPair(a, b, (x, y) -> {
            if (!(x instanceof JsonNode node) || !node.isTextual()) return false;
            String pattern;
            if (y instanceof String s) pattern = s;
            else if (y instanceof JsonNode p && p.isTextual()) pattern = p.textValue();
            else return false;
            try {
                return Pattern.compile(pattern).matcher(node.textValue()).find();
            } catch (PatternSyntaxException e) {
                return false;
            }
        });
    }

    /** The order of two scalar operands, or null when they are not comparable. */
    private static Integer compare(Object a, Object b) {
        a = scalar(a);
        b = scalar(b);
        if (a == null || b == null) return null;
        if (a instanceof Long x && b instanceof Long y) return Long.compare(x, y);
        if (a instanceof Number x && b instanceof Number y) {
            double dx = x.doubleValue(), dy = y.doubleValue();
            return dx > dy ? 1 : dx < dy ? -1 : 0;
        }
        if (a instanceof String x && b instanceof String y) return x.compareTo(y) > 0 ? 1 : x.compareTo(y) < 0 ? -1 : 0;
        if (a instanceof Boolean x && b instanceof Boolean y) return Boolean.compare(x, y);
        if (a == Operand.NULL && b == Operand.NULL) return 0;
        return null;
    }

    /** A node as a comparable literal (Long, Double, String, Boolean, NULL); null for containers and INVALID. */
    private static Object scalar(Object v) {
        if (!(v instanceof JsonNode node)) return v == Operand.INVALID ? null : v;
        if (node.isIntegralNumber()) return node.canConvertToLong() ? node.longValue() : node.doubleValue();
        if (node.isNumber()) return node.doubleValue();
        if (node.isTextual()) return node.textValue();
        if (node.isBoolean()) return node.booleanValue();
        if (node.isNull()) return Operand.NULL;
        return null;
    }
}
