package dev.cinnabar.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Changes to a document at concrete paths (as {@link JsonPath#matches} gives them: String keys, Integer
 * positions). Containers are changed in place; scalars are immutable nodes, so changing one replaces it in its
 * parent. A path that no longer leads anywhere (an earlier change removed it) changes nothing.
 */
final class JsonEdits {
    private JsonEdits() {}

    /** The node at the path, or null. */
    static JsonNode get(JsonNode root, List<Object> path) {
        JsonNode node = root;
        for (Object element : path) {
            node = child(node, element);
            if (node == null) return null;
        }
        return node;
    }

    private static JsonNode child(JsonNode node, Object element) {
        if (element instanceof String key) return node.isObject() ? node.get(key) : null;
        int i = (Integer) element;
        return node.isArray() && i < node.size() ? node.get(i) : null;
    }

    /** Puts a node where the path leads (the root for an empty path); false if the path leads nowhere. */
    static boolean replace(JsonValue doc, List<Object> path, JsonNode node) {
        if (path.isEmpty()) {
            doc.setRoot(node);
            return true;
        }
        JsonNode parent = get(doc.root(), path.subList(0, path.size() - 1));
        Object last = path.getLast();
        if (parent == null || child(parent, last) == null) return false;
        if (last instanceof String key) ((ObjectNode) parent).set(key, node);
        else ((ArrayNode) parent).set((Integer) last, node);
        return true;
    }

    /** Removes the member or element the path leads to; false if there is none. */
    static boolean remove(JsonNode root, List<Object> path) {
        if (path.isEmpty()) return false;
        JsonNode parent = get(root, path.subList(0, path.size() - 1));
        Object last = path.getLast();
        if (parent == null || child(parent, last) == null) return false;
        if (last instanceof String key) ((ObjectNode) parent).remove(key);
        else ((ArrayNode) parent).remove((int) (Integer) last);
        return true;
    }

    /** Adds a member to the object at the path, unless it is no object or already has that member. */
    static boolean addMember(JsonNode root, List<Object> objectPath, String key, JsonNode value) {
        JsonNode parent = get(root, objectPath);
        if (parent == null || !parent.isObject() || parent.has(key)) return false;
        ((ObjectNode) parent).set(key, value);
        return true;
    }

    /**
     * RedisJSON's order for changing several matches safely: where paths differ first, names before positions,
     * names in ascending order, positions in descending order; a path before its own ancestors.
     */
    static final Comparator<List<Object>> MUTATION_ORDER = (a, b) -> {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            Object x = a.get(i), y = b.get(i);
            if (x instanceof String s && y instanceof String t) {
                int c = s.compareTo(t);
                if (c != 0) return c < 0 ? -1 : 1;
            } else if (x instanceof Integer p && y instanceof Integer q) {
                if (!p.equals(q)) return p > q ? -1 : 1;
            } else {
                return x instanceof Integer ? 1 : -1;
            }
        }
        return Integer.compare(b.size(), a.size());
    };

    /** The matched paths in {@link #MUTATION_ORDER}, without those inside another matched path. */
    static List<List<Object>> forUpdate(List<JsonPath.Match> matches) {
        List<List<Object>> paths = new ArrayList<>(matches.size());
        for (JsonPath.Match m : matches) paths.add(m.path());
        if (paths.size() < 2) return paths;
        paths.sort(MUTATION_ORDER);
        Set<List<Object>> all = new HashSet<>(paths);
        List<List<Object>> kept = new ArrayList<>(paths.size());
        for (List<Object> p : paths) {
            boolean nested = false;
            for (int k = 0; k < p.size() && !nested; k++) nested = all.contains(p.subList(0, k));
            if (!nested) kept.add(p);
        }
        return kept;
    }
}
