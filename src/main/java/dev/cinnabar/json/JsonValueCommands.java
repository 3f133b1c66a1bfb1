package dev.cinnabar.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.notify.KeyEvent;
import dev.cinnabar.protocol.Reply;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * RedisJSON's commands on numbers, booleans, strings and objects inside a document: JSON.NUMINCRBY, NUMMULTBY,
 * NUMPOWBY, TOGGLE, STRAPPEND, STRLEN, OBJKEYS, OBJLEN, CLEAR. With a JSONPath each replies one entry per match
 * (null where the match has the wrong type); with a legacy path, one value for the first match, and an error
 * when nothing matches.
 */
final class JsonValueCommands {
    private static final RedisError NOT_A_NUMBER = new RedisError("result is not a number");
    private static final RedisError BAD_NUMBER = new RedisError("bad input number");

    private JsonValueCommands() {}

    static void register(CommandTable.Builder table) {
        table.handle("json.numincrby", ctx -> numberOp(ctx, NumOp.INCR))
                .handle("json.nummultby", ctx -> numberOp(ctx, NumOp.MULT))
                .handle("json.numpowby", ctx -> numberOp(ctx, NumOp.POW))
                .handle("json.toggle", JsonValueCommands::toggle)
                .handle("json.strappend", JsonValueCommands::strAppend)
                .handle("json.strlen", JsonValueCommands::strLen)
                .handle("json.objkeys", JsonValueCommands::objKeys)
                .handle("json.objlen", JsonValueCommands::objLen)
                .handle("json.clear", JsonValueCommands::clear);
    }

    /**
     * Applies a change to every match of the wanted type, in match order; returns the new nodes (null for matches
     * of another type). A legacy path with no match of that type is an error.
     */
    private static JsonNode[] changeEach(JsonValue doc, CommandPath path, Predicate<JsonNode> wanted,
                                         UnaryOperator<JsonNode> change, String legacyError) {
        return changeEach(doc, path, wanted, path.legacy() ? legacyError : null, change);
    }

    /** As above; {@code noneError} null means no error when nothing matches. */
    private static JsonNode[] changeEach(JsonValue doc, CommandPath path, Predicate<JsonNode> wanted,
                                         String noneError, UnaryOperator<JsonNode> change) {
        List<JsonPath.Match> matches = path.matches(doc.root());
        JsonNode[] results = new JsonNode[matches.size()];
        boolean any = false;
        for (int i = 0; i < results.length; i++) {
            JsonPath.Match m = matches.get(i);
            if (!wanted.test(m.node())) continue;
            JsonNode current = JsonEdits.get(doc.root(), m.path());
            if (current == null) continue;
            results[i] = change.apply(current);
            JsonEdits.replace(doc, m.path(), results[i]);
            any = true;
        }
        if (noneError != null && !any) throw CommandPath.doesNotExistOr(path.fixed(), noneError);
        return results;
    }

    /** The last non-null result (what legacy paths reply). */
    private static JsonNode last(JsonNode[] results) {
        for (int i = results.length - 1; i >= 0; i--) if (results[i] != null) return results[i];
        return null;
    }

    private static boolean anyChange(JsonNode[] results) {
        return last(results) != null;
    }

    // ---- numbers ------------------------------------------------------------------------------------------------

    enum NumOp {
        INCR(KeyEvent.JSON_NUMINCRBY), MULT(KeyEvent.JSON_NUMMULTBY), POW(KeyEvent.JSON_NUMPOWBY);

        final KeyEvent event;

        NumOp(KeyEvent event) {
            this.event = event;
        }

        long apply(long a, long b) {
            return switch (this) {
                case INCR -> a + b;
                case MULT -> a * b;
                case POW -> wrappingPow(a, (int) b);
            };
        }

        double apply(double a, double b) {
            return switch (this) {
                case INCR -> a + b;
                case MULT -> a * b;
                case POW -> Math.pow(a, b);
            };
        }
    }

    /** Rust's i64::pow in a release build: two's complement wrap-around, the exponent taken as unsigned. */
    static long wrappingPow(long base, int exponent) {
        long result = 1;
        long e = Integer.toUnsignedLong(exponent);
        while (e > 0) {
            if ((e & 1) != 0) result *= base;
            base *= base;
            e >>>= 1;
        }
        return result;
    }

    /** JSON.NUMINCRBY / NUMMULTBY / NUMPOWBY key path number. */
    static void numberOp(CommandContext ctx, NumOp op) {
        JsonCommands.requireArgs(ctx, 4);
        CommandPath path = CommandPath.of(ctx.arg(2));
        byte[] numberArg = ctx.arg(3);
        JsonNode[] operand = new JsonNode[1]; // parsed when first needed, as RedisJSON does
        try (JsonKey key = JsonKey.open(ctx, ctx.arg(1))) {
            JsonValue doc = key.existing();
            // RESP3 replies an array even for a legacy path, so nothing matching is no error there
            String noneError = path.legacy() && !ctx.reply().resp3() ? "does not contains a number" : null;
            JsonNode[] results = changeEach(doc, path, JsonNode::isNumber, noneError, current -> {
                if (operand[0] == null) operand[0] = number(numberArg);
                return compute(current, operand[0], op);
            });
            if (anyChange(results)) key.changed(op.event);
            Reply reply = ctx.reply();
            if (reply.resp3()) {
                reply.arrayHeader(results.length);
                for (JsonNode r : results) {
                    if (r == null) reply.nullBulk();
                    else JsonReplies.number(reply, r);
                }
            } else if (path.legacy()) {
                reply.bulk(JsonWriter.number(last(results)));
            } else {
                ArrayNode array = JsonText.NODES.arrayNode();
                for (JsonNode r : results) array.add(r == null ? NullNode.instance : r);
                reply.bulk(JsonWriter.write(array));
            }
        }
    }

    private static JsonNode number(byte[] arg) {
        JsonNode n = JsonText.parse(JsonText.utf8(arg), true);
        if (!n.isNumber()) throw BAD_NUMBER;
        return n;
    }

    private static JsonNode compute(JsonNode current, JsonNode operand, NumOp op) {
        boolean integers = current.isIntegralNumber() && current.canConvertToLong()
                && operand.isIntegralNumber() && operand.canConvertToLong();
        if (integers) return LongNode.valueOf(op.apply(current.longValue(), operand.longValue()));
        double result = op.apply(current.doubleValue(), operand.doubleValue());
        if (Double.isNaN(result) || Double.isInfinite(result)) throw NOT_A_NUMBER;
        return DoubleNode.valueOf(result);
    }

    // ---- booleans and strings -----------------------------------------------------------------------------------

    /** JSON.TOGGLE key path. */
    static void toggle(CommandContext ctx) {
        JsonCommands.requireArgs(ctx, 3);
        CommandPath path = CommandPath.of(ctx.arg(2));
        try (JsonKey key = JsonKey.open(ctx, ctx.arg(1))) {
            JsonValue doc = key.existing();
            JsonNode[] results = changeEach(doc, path, JsonNode::isBoolean,
                    current -> BooleanNode.valueOf(!current.booleanValue()), "not a bool");
            if (anyChange(results)) key.changed(KeyEvent.JSON_TOGGLE);
            Reply reply = ctx.reply();
            if (path.legacy()) {
                reply.bulk(last(results).booleanValue() ? "true" : "false");
            } else {
                reply.arrayHeader(results.length);
                for (JsonNode r : results) {
                    if (r == null) reply.nullBulk();
                    else reply.integer(r.booleanValue() ? 1 : 0);
                }
            }
        }
    }

    /** JSON.STRAPPEND key [path] value, where value is a JSON string. */
    static void strAppend(CommandContext ctx) {
        JsonCommands.requireArgs(ctx, 3);
        CommandPath path = ctx.argc() > 3 ? CommandPath.of(ctx.arg(2)) : new CommandPath(CommandPath.DEFAULT);
        byte[] valueArg = ctx.arg(ctx.argc() > 3 ? 3 : 2);
        String[] suffix = new String[1];
        try (JsonKey key = JsonKey.open(ctx, ctx.arg(1))) {
            JsonValue doc = key.existing();
            JsonNode[] results = changeEach(doc, path, JsonNode::isTextual, current -> {
                if (suffix[0] == null) suffix[0] = jsonString(valueArg);
                return TextNode.valueOf(current.textValue() + suffix[0]);
            }, "not a string");
            if (anyChange(results)) key.changed(KeyEvent.JSON_STRAPPEND);
            Reply reply = ctx.reply();
            if (path.legacy()) {
                reply.integer(utf8Length(last(results)));
            } else {
                reply.arrayHeader(results.length);
                for (JsonNode r : results) {
                    if (r == null) reply.nullBulk();
                    else reply.integer(utf8Length(r));
                }
            }
        }
    }

    private static String jsonString(byte[] arg) {
        String text = JsonText.utf8(arg);
        JsonNode n = JsonText.parse(text, true);
        if (!n.isTextual()) throw CommandPath.expected("string", text);
        return n.textValue();
    }

    /** String lengths are UTF-8 byte counts, as in RedisJSON. */
    private static long utf8Length(JsonNode text) {
        return text.textValue().getBytes(StandardCharsets.UTF_8).length;
    }

    /** JSON.STRLEN key [path]. */
    static void strLen(CommandContext ctx) {
        JsonCommands.requireArgs(ctx, 2);
        CommandPath path = JsonCommands.optionalPath(ctx, 2);
        JsonValue doc = JsonKey.read(ctx, ctx.arg(1));
        Reply reply = ctx.reply();
        if (path.legacy()) {
            if (doc == null) {
                reply.nullBulk();
                return;
            }
            JsonNode first = path.first(doc.root());
            if (!first.isTextual()) throw CommandPath.expected("string", JsonValues.typeName(first));
            reply.integer(utf8Length(first));
            return;
        }
        if (doc == null) throw JsonKey.NO_KEY;
        JsonReplies.perMatch(reply, path.values(doc.root()), JsonNode::isTextual, (r, v) -> r.integer(utf8Length(v)));
    }

    // ---- objects ------------------------------------------------------------------------------------------------

    /** JSON.OBJKEYS key [path]. */
    static void objKeys(CommandContext ctx) {
        objectQuery(ctx, (path, found) -> CommandPath.doesNotExistOr(path.fixed(), "not an object"),
                path -> JsonKey.NO_KEY, JsonValueCommands::keys);
    }

    /** JSON.OBJLEN key [path]. */
    static void objLen(CommandContext ctx) {
        objectQuery(ctx, (path, found) -> CommandPath.expected("object", JsonValues.typeName(found)),
                path -> CommandPath.doesNotExistOr(path.fixed(), "not an object"), (r, v) -> r.integer(v.size()));
    }

    /**
     * JSON.OBJKEYS / OBJLEN: with a legacy path, the answer for the first match, or null when the key is missing,
     * nothing matches or the path does not compile; with a JSONPath, one answer per match (null for non-objects).
     * The two commands differ only in their answer and their errors.
     */
    private static void objectQuery(CommandContext ctx, BiFunction<CommandPath, JsonNode, RedisError> legacyNotObject,
                                    Function<CommandPath, RedisError> missingKey, BiConsumer<Reply, JsonNode> answer) {
        JsonCommands.requireArgs(ctx, 2);
        CommandPath path = JsonCommands.optionalPath(ctx, 2);
        JsonValue doc = JsonKey.read(ctx, ctx.arg(1));
        Reply reply = ctx.reply();
        if (!path.legacy()) {
            if (doc == null) throw missingKey.apply(path);
            JsonReplies.perMatch(reply, path.values(doc.root()), JsonNode::isObject, answer);
            return;
        }
        List<JsonNode> values;
        try {
            values = doc == null ? List.of() : path.values(doc.root());
        } catch (RedisError badPath) {
            values = List.of();
        }
        if (values.isEmpty()) {
            reply.nullBulk();
            return;
        }
        JsonNode first = values.getFirst();
        if (!first.isObject()) throw legacyNotObject.apply(path, first);
        answer.accept(reply, first);
    }

    private static void keys(Reply reply, JsonNode object) {
        reply.arrayHeader(object.size());
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) reply.bulk(it.next());
    }

    /** JSON.CLEAR key [path ...]: empties arrays and objects and zeroes numbers at the first path's matches. */
    static void clear(CommandContext ctx) {
        JsonCommands.requireArgs(ctx, 2);
        CommandPath path = JsonCommands.optionalPath(ctx, 2);
        try (JsonKey key = JsonKey.open(ctx, ctx.arg(1))) {
            JsonValue doc = key.existing();
            long cleared = 0;
            for (JsonPath.Match m : path.matches(doc.root())) {
                if (!clearable(m.node())) continue;
                JsonNode current = JsonEdits.get(doc.root(), m.path());
                if (current == null) continue;
                if (current.isArray()) ((ArrayNode) current).removeAll();
                else if (current.isObject()) ((ObjectNode) current).removeAll();
                else if (current.isNumber()) JsonEdits.replace(doc, m.path(), IntNode.valueOf(0));
                else continue;
                cleared++;
            }
            if (cleared > 0) key.changed(KeyEvent.JSON_CLEAR);
            ctx.reply().integer(cleared);
        }
    }

    /** What JSON.CLEAR counts: non-empty containers and non-zero numbers. */
    private static boolean clearable(JsonNode node) {
        if (node.isContainerNode()) return !node.isEmpty();
        if (node.isIntegralNumber()) return node.bigIntegerValue().signum() != 0;
        if (node.isNumber()) return node.doubleValue() != 0.0;
        return false;
    }
}
