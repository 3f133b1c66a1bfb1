package dev.cinnabar.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A compiled JSONPath query in RedisJSON's dialect: {@code $} followed by {@code .key}, {@code ['key','k2']},
 * {@code [1,-1]}, {@code [start:end:step]}, {@code *}, {@code ..} (recursive descent, document pre-order) and
 * filters {@code [?(@.price < 10 && @.tag == "x")]}. Evaluation yields the matched nodes, each with the concrete
 * path that leads to it (object keys as String, array positions as Integer), which is what the writing commands
 * use to change the document.
 */
public final class JsonPath {
    /** One selector of the query. */
    sealed interface Step permits Key, Keys, Indexes, Slice, All, Scan, Filter {}

    /** {@code .name}: a bare literal. */
    record Key(String name) implements Step {}

    /** {@code ['a','b']}: quoted names (one or more). */
    record Keys(List<String> names) implements Step {}

    /** {@code [1,-2]}: array positions, negative from the end. */
    record Indexes(long[] indexes) implements Step {}

    /** {@code [start:end:step]}: a null bound means "from the start" / "to the end". */
    record Slice(Long start, Long end, int step) implements Step {}

    /** {@code *}: every member or element. */
    record All() implements Step {}

    /** {@code ..}: the rest of the query applied to the node and each of its descendants. */
    record Scan() implements Step {}

    /** {@code [?(...)]}: the members or elements for which the expression holds. */
    record Filter(JsonFilter expression) implements Step {}

    /** A match: the node, and the path from the root to it. */
    public record Match(JsonNode node, List<Object> path) {}

    private final String text;
    private final List<Step> steps;

    JsonPath(String text, List<Step> steps) {
        this.text = text;
        this.steps = List.copyOf(steps);
    }

    /** Compiles a query that starts with '$'; throws a RedisError with RedisJSON's message when it is malformed. */
    public static JsonPath compile(String text) {
        return new JsonPathParser(text).parseQuery();
    }

    public String text() {
        return text;
    }

    List<Step> steps() {
        return steps;
    }

    /** Whether the query is just the root ("$"). */
    public boolean isRoot() {
        return steps.isEmpty();
    }

    /**
     * Whether the query can match at most one node: only names and single indexes (RedisJSON's "static path",
     * the only kind where JSON.SET may create a new member).
     */
    public boolean isStatic() {
        for (Step step : steps) {
            boolean single = step instanceof Key
                    || step instanceof Keys keys && keys.names().size() == 1
                    || step instanceof Indexes indexes && indexes.indexes().length == 1;
            if (!single) return false;
        }
        return true;
    }

    /** The query without its last step. */
    JsonPath parent() {
        return new JsonPath(text, steps.subList(0, steps.size() - 1));
    }

    /** The member name the last step names, or null when it is an index (for static paths only). */
    String lastName() {
        Step last = steps.getLast();
        if (last instanceof Key key) return key.name();
        if (last instanceof Keys keys) return keys.names().getFirst();
        return null;
    }

    /** The matched nodes, in RedisJSON's order. */
    public List<JsonNode> values(JsonNode root) {
        List<JsonNode> out = new ArrayList<>();
        evaluate(steps, 0, root, root, null, (node, trace) -> out.add(node));
        return out;
    }

    /** The matched nodes with their concrete paths. */
    public List<Match> matches(JsonNode root) {
        List<Match> out = new ArrayList<>();
        evaluate(steps, 0, root, root, null, (node, trace) -> out.add(new Match(node, Trace.toList(trace))));
        return out;
    }

    @Override
    public String toString() {
        return text;
    }

    // ---- evaluation -------------------------------------------------------------------------------------------

    /** The path walked so far, as a parent-linked chain (materialized only for matches). */
    record Trace(Trace parent, Object element) {
        static List<Object> toList(Trace trace) {
            int n = 0;
            for (Trace t = trace; t != null; t = t.parent) n++;
            Object[] out = new Object[n];
            for (Trace t = trace; t != null; t = t.parent) out[--n] = t.element;
            return List.of(out);
        }
    }

    interface Sink {
        void accept(JsonNode node, Trace trace);
    }

    static void evaluate(List<Step> steps, int at, JsonNode node, JsonNode root, Trace trace, Sink sink) {
        if (at == steps.size()) {
            sink.accept(node, trace);
            return;
        }
        int next = at + 1;
        switch (steps.get(at)) {
            case Key key -> {
                JsonNode child = node.isObject() ? node.get(key.name()) : null;
                if (child != null) evaluate(steps, next, child, root, new Trace(trace, key.name()), sink);
            }
            case Keys keys -> {
                if (!node.isObject()) return;
                for (String name : keys.names()) {
                    JsonNode child = node.get(name);
                    if (child != null) evaluate(steps, next, child, root, new Trace(trace, name), sink);
                }
            }
            case Indexes indexes -> {
                if (!node.isArray()) return;
                int n = node.size();
                for (long raw : indexes.indexes()) {
                    int i = absoluteIndex(raw, n);
                    if (i < n) evaluate(steps, next, node.get(i), root, new Trace(trace, i), sink);
                }
            }
            case Slice slice -> {
                if (!node.isArray()) return;
                int n = node.size();
                int start = slice.start() == null ? 0 : absoluteIndex(slice.start(), n);
                int end = slice.end() == null ? n : absoluteIndex(slice.end(), n);
                for (int i = start; i < end; i += slice.step()) {
                    evaluate(steps, next, node.get(i), root, new Trace(trace, i), sink);
                }
            }
            case All all -> forEachChild(node, (child, element) ->
                    evaluate(steps, next, child, root, new Trace(trace, element), sink));
            case Scan scan -> scan(steps, next, node, root, trace, sink);
            case Filter filter -> forEachChild(node, (child, element) -> {
                if (filter.expression().test(child, root)) {
                    evaluate(steps, next, child, root, new Trace(trace, element), sink);
                }
            });
        }
    }

    /** The rest of the query on the node, then on each descendant in document order. */
    private static void scan(List<Step> steps, int at, JsonNode node, JsonNode root, Trace trace, Sink sink) {
        evaluate(steps, at, node, root, trace, sink);
        forEachChild(node, (child, element) -> scan(steps, at, child, root, new Trace(trace, element), sink));
    }

    /** RedisJSON's index clamp: a position past the end stays past it, one before the start becomes 0. */
    static int absoluteIndex(long index, int length) {
        if (index >= 0) return (int) Math.min(index, length);
        return (int) Math.max(index + length, 0);
    }

    private interface ChildVisitor {
        void visit(JsonNode child, Object element);
    }

    private static void forEachChild(JsonNode node, ChildVisitor visitor) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                visitor.visit(e.getValue(), e.getKey());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) visitor.visit(node.get(i), i);
        }
    }
}
