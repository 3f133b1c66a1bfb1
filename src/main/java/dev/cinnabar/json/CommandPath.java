package dev.cinnabar.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cinnabar.command.RedisError;

import java.util.List;

/**
 * A path argument as RedisJSON reads it: a JSONPath when it starts with "$" followed by nothing, "." or "[";
 * otherwise a legacy path ("." is the root, ".a.b" and "a.b" mean "$.a.b"), which changes the reply shape (one
 * value instead of an array of them) and the errors (a missing path is an error). The query is compiled lazily:
 * some commands only compile it when they get that far.
 */
final class CommandPath {
    /** The default path of RedisJSON 2.6 commands that take an optional path. */
    static final String DEFAULT = ".";

    private final String original;
    private final String fixed;
    private final boolean legacy;
    private JsonPath compiled;

    CommandPath(String original) {
        this.original = original;
        this.legacy = !(original.startsWith("$")
                && (original.length() == 1 || original.charAt(1) == '.' || original.charAt(1) == '['));
        if (!legacy) fixed = original;
        else if (original.equals(".")) fixed = "$";
        else if (original.startsWith(".")) fixed = "$" + original;
        else fixed = "$." + original;
    }

    static CommandPath of(byte[] arg) {
        return new CommandPath(JsonText.utf8(arg));
    }

    String original() {
        return original;
    }

    /** The path as a JSONPath ("$.a" for the legacy ".a"): what RedisJSON's errors quote for most commands. */
    String fixed() {
        return fixed;
    }

    boolean legacy() {
        return legacy;
    }

    /** Whether the path is the root, written exactly "$" (or the legacy ".")). */
    boolean isRoot() {
        return fixed.equals("$");
    }

    JsonPath query() {
        if (compiled == null) compiled = JsonPath.compile(fixed);
        return compiled;
    }

    List<JsonNode> values(JsonNode root) {
        return query().values(root);
    }

    List<JsonPath.Match> matches(JsonNode root) {
        return query().matches(root);
    }

    /** The first match (legacy semantics), or "ERR Path '$.x' does not exist". */
    JsonNode first(JsonNode root) {
        List<JsonNode> values = values(root);
        if (values.isEmpty()) throw doesNotExist(fixed);
        return values.getFirst();
    }

    static RedisError doesNotExist(String path) {
        return new RedisError("ERR Path '" + path + "' does not exist");
    }

    static RedisError doesNotExistOr(String path, String or) {
        return new RedisError("ERR Path '" + path + "' does not exist or " + or);
    }

    static RedisError expected(String expected, String found) {
        return new RedisError("WRONGTYPE wrong type of path value - expected " + expected + " but found " + found);
    }
}
