package dev.cinnabar.command;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Map;

/**
 * The RESP types of the metadata fields, as recorded in commands.json ("reply_types"): which strings Redis sends
 * as simple strings and which as bulk strings, which lists are sets and which arrays. Looked up by field name;
 * map keys are always bulk strings.
 */
public final class ReplyTypes {
    public enum Kind { BULK, SIMPLE, INTEGER, MAP, ARRAY, SET }

    /** A field's type: a scalar or a map, or an array/set whose elements have the type {@code element}. */
    public record Type(Kind kind, Type element) {}

    private final Map<String, Type> byField = new HashMap<>();

    ReplyTypes(JsonNode declared) {
        declared.properties().forEach(e -> byField.put(e.getKey(), parse(e.getValue())));
    }

    private static Type parse(JsonNode node) {
        if (node.isArray()) return new Type(kind(node.get(0).asText()), parse(node.get(1)));
        return new Type(kind(node.asText()), null);
    }

    private static Kind kind(String name) {
        return Kind.valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    /** The type of a field, or null when commands.json declares none for it. */
    public Type of(String field) {
        return byField.get(field);
    }
}
