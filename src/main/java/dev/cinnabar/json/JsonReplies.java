package dev.cinnabar.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cinnabar.protocol.Reply;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** JSON values as RESP replies, in the shapes RedisJSON gives them. */
final class JsonReplies {
    private JsonReplies() {}

    /** How JSON.GET / JSON.ARRPOP write values in RESP3 when asked (FORMAT): EXPAND1 or EXPAND. */
    enum Expand { NONE, TOP_LEVEL, FULL }

    static void bulkJson(Reply reply, JsonNode node) {
        reply.bulk(JsonWriter.write(node));
    }

    /**
     * JSON.RESP's form: null, "true"/"false" as status replies, integers, doubles, strings as bulk strings, arrays
     * as ["[", elements...], objects as ["{", name, value, ...].
     */
    static void resp(Reply reply, JsonNode node) {
        switch (node.getNodeType()) {
            case BOOLEAN -> reply.simple(node.booleanValue() ? "true" : "false");
            case NUMBER -> number(reply, node);
            case STRING -> reply.bulk(node.textValue());
            case ARRAY -> {
                reply.arrayHeader(node.size() + 1);
                reply.simple("[");
                for (JsonNode child : node) resp(reply, child);
            }
            case OBJECT -> {
                reply.arrayHeader(node.size() * 2L + 1);
                reply.simple("{");
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    reply.bulk(e.getKey());
                    resp(reply, e.getValue());
                }
            }
            default -> reply.nullBulk();
        }
    }

    /** An integer reply for 64-bit integers, a double reply for the rest. */
    static void number(Reply reply, JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToLong()) reply.integer(node.longValue());
        else reply.doubleValue(node.doubleValue());
    }

    /** A value in RESP3 native form: scalars natively; containers expanded (FULL) or as JSON text. */
    static void resp3(Reply reply, JsonNode node, Expand expand, JsonWriter.Format format) {
        switch (node.getNodeType()) {
            case NULL -> reply.nullBulk();
            case BOOLEAN -> reply.bool(node.booleanValue());
            case NUMBER -> number(reply, node);
            case STRING -> reply.bulk(node.textValue());
            default -> {
                if (expand != Expand.FULL) {
                    reply.bulk(JsonWriter.write(node, format));
                } else if (node.isArray()) {
                    reply.arrayHeader(node.size());
                    for (JsonNode child : node) resp3(reply, child, expand, format);
                } else {
                    reply.mapHeader(node.size());
                    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        reply.bulk(e.getKey());
                        resp3(reply, e.getValue(), expand, format);
                    }
                }
            }
        }
    }

    /** One reply per match: written by {@code write} for the wanted ones, null for the others. */
    static void perMatch(Reply reply, List<JsonNode> values, java.util.function.Predicate<JsonNode> wanted,
                         java.util.function.BiConsumer<Reply, JsonNode> write) {
        reply.arrayHeader(values.size());
        for (JsonNode v : values) {
            if (wanted.test(v)) write.accept(reply, v);
            else reply.nullBulk();
        }
    }

    static void resp3List(Reply reply, List<JsonNode> nodes, Expand expand, JsonWriter.Format format) {
        reply.arrayHeader(nodes.size());
        for (JsonNode node : nodes) resp3(reply, node, expand, format);
    }
}
