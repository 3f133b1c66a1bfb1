package dev.cinnabar.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cinnabar.keyspace.RedisValue;

/**
 * A JSON document stored under a key: the parsed tree, so commands never re-parse it. TYPE says "ReJSON-RL", the
 * name RedisJSON registers its module type under; OBJECT ENCODING says "raw", as for every module value.
 */
public final class JsonValue implements RedisValue {
    public static final String TYPE_NAME = "ReJSON-RL";

    private JsonNode root;

    public JsonValue(JsonNode root) {
        this.root = root;
    }

    public JsonNode root() {
        return root;
    }

    void setRoot(JsonNode root) {
        this.root = root;
    }

    @Override
    public String typeName() {
        return TYPE_NAME;
    }

    @Override
    public String encoding() {
        return "raw";
    }

    @Override
    public RedisValue copy() {
        return new JsonValue(root.deepCopy());
    }

    @Override
    public long memoryUsage(int samples) {
        return JsonValues.memory(root, samples);
    }

    /** The document as compact JSON text (what snapshots store). */
    public byte[] toJson() {
        return JsonWriter.write(root);
    }

    /** A document read back from its JSON text, without the nesting limit commands have. */
    public static JsonValue fromJson(String text) {
        return new JsonValue(JsonText.parse(text, false));
    }
}
