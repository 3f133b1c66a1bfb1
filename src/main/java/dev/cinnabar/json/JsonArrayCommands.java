package dev.cinnabar.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.notify.KeyEvent;
import dev.cinnabar.protocol.Reply;

import java.util.ArrayList;
import java.util.List;

/**
 * RedisJSON's array commands: JSON.ARRAPPEND, ARRINDEX, ARRINSERT, ARRLEN, ARRPOP, ARRTRIM. Commands that move
 * elements change the matched arrays deepest and highest position first, so that no change shifts an array
 * another match still has to reach; replies stay in match order.
 */
final class JsonArrayCommands {
    private static final RedisError NOT_INTEGER = new RedisError("Couldn't parse as integer");
    private static final RedisError OUT_OF_BOUNDS = new RedisError("ERR index out of bounds");
    private static final RedisError LEGACY_FORMAT = new RedisError("Legacy paths are supported only with FORMAT STRINGS");

    private JsonArrayCommands() {}

    static void register(CommandTable.Builder table) {
        table.handle("json.arrappend", JsonArrayCommands::arrAppend)
                .handle("json.arrindex", JsonArrayCommands::arrIndex)
                .handle("json.arrinsert", JsonArrayCommands::arrInsert)
                .handle("json.arrlen", JsonArrayCommands::arrLen)
                .handle("json.arrpop", JsonArrayCommands::arrPop)
                .handle("json.arrtrim", JsonArrayCommands::arrTrim);
    }

    /** A change to one array, giving the reply entry for it. */
    private interface ArrayChange<R> {
        R apply(ArrayNode array);
    }

    /**
     * The outcome of changing every matched array: one entry per match in match order (null for a match that is
     * no array), whether any array matched, and the entry of the array changed last (what legacy paths reply).
     */
    private record Changes<R>(List<R> perMatch, boolean matched, R last) {}

    /** Applies a change to every matched array, in mutation order. */
    private static <R> Changes<R> changeArrays(JsonValue doc, CommandPath path, ArrayChange<R> change) {
        List<JsonPath.Match> matches = path.matches(doc.root());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < matches.size(); i++) if (matches.get(i).node().isArray()) order.add(i);
        order.sort((a, b) -> JsonEdits.MUTATION_ORDER.compare(matches.get(a).path(), matches.get(b).path()));
        List<R> results = new ArrayList<>(matches.size());
        for (int i = 0; i < matches.size(); i++) results.add(null);
        R last = null;
        for (int i : order) {
            JsonNode array = JsonEdits.get(doc.root(), matches.get(i).path());
            if (array == null || !array.isArray()) continue;
            last = change.apply((ArrayNode) array);
            results.set(i, last);
        }
        return new Changes<>(results, !order.isEmpty(), last);
    }

    private static long integerArg(CommandContext ctx, int i) {
        return ctx.argLong(i, NOT_INTEGER);
    }

    /** ARRPOP's index: RedisJSON takes anything that is no integer as -1. */
    private static long integerOr(CommandContext ctx, int i, long otherwise) {
        try {
            return ctx.argLong(i, NOT_INTEGER);
        } catch (RedisError notInteger) {
            return otherwise;
        }
    }

    private static JsonNode[] jsonArgs(CommandContext ctx, int from) {
        JsonNode[] values = new JsonNode[ctx.argc() - from];
        for (int i = 0; i < values.length; i++) values[i] = JsonText.parse(ctx.arg(from + i));
        return values;
    }

    private static void integers(Reply reply, List<Long> results) {
        reply.arrayHeader(results.size());
        for (Long r : results) {
            if (r == null) reply.nullBulk();
            else reply.integer(r);
        }
    }

    /** JSON.ARRAPPEND key path value [value ...]. */
    static void arrAppend(CommandContext ctx) {
        JsonCommands.requireArgs(ctx, 4);
        CommandPath path = CommandPath.of(ctx.arg(2));
        JsonNode[] values = jsonArgs(ctx, 3);
        try (JsonKey key = JsonKey.open(ctx, ctx.arg(1))) {
            JsonValue doc = key.existing();
            Changes<Long> results = changeArrays(doc, path, array -> {
                for (JsonNode v : values) array.add(v.deepCopy());
                return (long) array.size();
            });
            if (path.legacy() && !results.matched()) throw CommandPath.doesNotExistOr(path.original(), "not an array");
            if (results.matched()) key.changed(KeyEvent.JSON_ARRAPPEND);
            reply(ctx, path, results);
        }
    }

    /** One integer for a legacy path (the array changed last), one per match otherwise. */
    private static void reply(CommandContext ctx, CommandPath path, Changes<Long> results) {
        if (path.legacy()) ctx.reply().integer(results.last());
        else integers(ctx.reply(), results.perMatch());
    }

    /** JSON.ARRINDEX key path value [start [stop]]. */
    static void arrIndex(CommandContext ctx) {
        JsonCommands.requireArgs(ctx, 4);
        CommandPath path = CommandPath.of(ctx.arg(2));
        byte[] valueArg = ctx.arg(3);
        long start = ctx.argc() > 4 ? integerArg(ctx, 4) : 0;
        long stop = ctx.argc() > 5 ? integerArg(ctx, 5) : 0;
        if (ctx.argc() > 6) throw JsonKey.wrongArity(ctx);
        JsonNode value = JsonText.parse(valueArg);
        JsonValue doc = JsonKey.read(ctx, ctx.arg(1));
        if (doc == null) throw CommandPath.doesNotExist(path.original());
        Reply reply = ctx.reply();
        if (path.legacy()) {
            JsonNode first = path.first(doc.root());
            if (!first.isArray()) throw CommandPath.expected("array", JsonValues.typeName(first));
            reply.integer(indexOf(first, value, start, stop));
            return;
        }
        JsonReplies.perMatch(reply, path.values(doc.root()), JsonNode::isArray,
                (r, a) -> r.integer(indexOf(a, value, start, stop)));
    }

    /** The first position of an equal element within [start, stop) (stop 0 meaning the end), or -1. */
    static long indexOf(JsonNode array, JsonNode value, long start, long stop) {
        long len = array.size();
        if (len == 0) return -1;
        start = start < 0 ? Math.max(0, len + start) : Math.min(start, len - 1);
        if (stop == 0) stop = len;
        else if (stop < 0) stop = Math.max(0, len + stop);
        else stop = Math.min(stop, len);
        for (long i = start; i < stop; i++) {
            if (JsonValues.deepEqual(array.get((int) i), value)) return i;
        }
        return -1;
    }

    /** JSON.ARRINSERT key path index value [value ...]. */
    static void arrInsert(CommandContext ctx) {
        JsonCommands.requireArgs(ctx, 4);
        CommandPath path = CommandPath.of(ctx.arg(2));
        long index = integerArg(ctx, 3);
        JsonCommands.requireArgs(ctx, 5);
        JsonNode[] values = jsonArgs(ctx, 4);
        try (JsonKey key = JsonKey.open(ctx, ctx.arg(1))) {
            JsonValue doc = key.existing();
            Changes<Long> results = changeArrays(doc, path, array -> {
                long len = array.size();
                long at = index < 0 ? len + index : index;
                if (at < 0 || at > len) throw OUT_OF_BOUNDS;
                for (int i = 0; i < values.length; i++) array.insert((int) at + i, values[i].deepCopy());
                return (long) array.size();
            });
            if (path.legacy() && !results.matched()) throw CommandPath.doesNotExistOr(path.fixed(), "not an array");
            if (results.matched()) key.changed(KeyEvent.JSON_ARRINSERT);
            reply(ctx, path, results);
        }
    }

    /** JSON.ARRLEN key [path]. */
    static void arrLen(CommandContext ctx) {
        JsonCommands.requireArgs(ctx, 2);
        CommandPath path = JsonCommands.optionalPath(ctx, 2);
        JsonValue doc = JsonKey.read(ctx, ctx.arg(1));
        Reply reply = ctx.reply();
        if (doc == null) {
            if (!path.legacy()) throw JsonKey.NO_KEY;
            reply.nullBulk();
            return;
        }
        List<JsonNode> values = path.values(doc.root());
        if (path.legacy()) {
            if (values.isEmpty()) throw CommandPath.doesNotExist(path.original());
            if (!values.getFirst().isArray()) throw CommandPath.doesNotExistOr(path.original(), "not an array");
            reply.integer(values.getFirst().size());
            return;
        }
        JsonReplies.perMatch(reply, values, JsonNode::isArray, (r, v) -> r.integer(v.size()));
    }

    /** JSON.ARRPOP key [FORMAT STRINGS|EXPAND1|EXPAND] [path [index]]: the removed element(s) as JSON. */
    static void arrPop(CommandContext ctx) {
        JsonCommands.requireArgs(ctx, 2);
        Reply reply = ctx.reply();
        JsonReplies.Expand expand = JsonReplies.Expand.NONE;
        int at = 2;
        if (at < ctx.argc() && ctx.argIs(at, "format") && at + 1 < ctx.argc()) {
            expand = JsonCommands.replyFormat(JsonText.utf8(ctx.arg(at + 1)), false);
            if (!reply.resp3()) throw JsonCommands.FORMAT_ON_RESP2;
            at += 2;
        }
        CommandPath path;
        long index;
        if (at < ctx.argc()) {
            path = CommandPath.of(ctx.arg(at));
            index = at + 1 < ctx.argc() ? integerOr(ctx, at + 1, -1) : -1;
        } else {
            path = new CommandPath(CommandPath.DEFAULT);
            index = Long.MAX_VALUE;
        }
        JsonReplies.Expand format = expand;
        try (JsonKey key = JsonKey.open(ctx, ctx.arg(1))) {
            if (path.legacy() && format != JsonReplies.Expand.NONE) throw LEGACY_FORMAT;
            JsonValue doc = key.existing();
            Changes<JsonNode> popped = changeArrays(doc, path, array -> {
                if (array.isEmpty()) return null;
                long len = array.size();
                long i = index < 0 ? Math.max(0, len + index) : Math.min(index, len - 1);
                return array.remove((int) i);
            });
            if (path.legacy()) {
                if (!popped.matched()) throw CommandPath.doesNotExistOr(path.fixed(), "not an array");
                key.changed(KeyEvent.JSON_ARRPOP);
                if (popped.last() == null) reply.nullBulk();
                else JsonReplies.bulkJson(reply, popped.last());
                return;
            }
            boolean any = false;
            for (JsonNode p : popped.perMatch()) any |= p != null;
            if (any) key.changed(KeyEvent.JSON_ARRPOP);
            reply.arrayHeader(popped.perMatch().size());
            for (JsonNode p : popped.perMatch()) {
                if (p == null) reply.nullBulk();
                else if (format != JsonReplies.Expand.NONE) JsonReplies.resp3(reply, p, format, JsonWriter.Format.COMPACT);
                else JsonReplies.bulkJson(reply, p);
            }
        }
    }

    /** JSON.ARRTRIM key path start stop: keeps the elements from start to stop, inclusive. */
    static void arrTrim(CommandContext ctx) {
        JsonCommands.requireArgs(ctx, 5);
        CommandPath path = CommandPath.of(ctx.arg(2));
        long start = integerArg(ctx, 3);
        long stop = integerArg(ctx, 4);
        try (JsonKey key = JsonKey.open(ctx, ctx.arg(1))) {
            JsonValue doc = key.existing();
            Changes<Long> results = changeArrays(doc, path, array -> {
                trim(array, start, stop);
                return (long) array.size();
            });
            if (path.legacy() && !results.matched()) throw CommandPath.doesNotExistOr(path.fixed(), "not an array");
            if (results.matched()) key.changed(KeyEvent.JSON_ARRTRIM);
            reply(ctx, path, results);
        }
    }

    /** RedisJSON's trim: both ends clamped into the array; a start past the end leaves it empty. */
    static void trim(ArrayNode array, long start, long stop) {
        long len = array.size();
        long last = clamp(stop, len);
        long first = start < 0 || start < len ? clamp(start, len) : last + 1;
        if (first > last || len == 0) {
            array.removeAll();
            return;
        }
        for (long i = len - 1; i > last; i--) array.remove((int) i);
        for (long i = 0; i < first; i++) array.remove(0);
    }

    /** RedisJSON's ArrayIndex::normalize: negative from the end (at least 0), positive at most the last. */
    private static long clamp(long index, long len) {
        if (index < 0) return len - Math.min(len, -index);
        return len > 0 ? Math.min(len - 1, index) : 0;
    }
}
