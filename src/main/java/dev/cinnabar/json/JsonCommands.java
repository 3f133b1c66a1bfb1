package dev.cinnabar.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.notify.KeyEvent;
import dev.cinnabar.protocol.Reply;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RedisJSON's whole-document commands: JSON.SET, JSON.GET, JSON.MGET, JSON.MSET, JSON.MERGE, JSON.DEL/FORGET,
 * JSON.TYPE, JSON.RESP and JSON.DEBUG. The commands on numbers, strings, booleans and objects are in
 * {@link JsonValueCommands}, those on arrays in {@link JsonArrayCommands}.
 */
public final class JsonCommands {
    private static final RedisError NEW_AT_ROOT = new RedisError("ERR new objects must be created at the root");
    private static final RedisError WRONG_REPLY_FORMAT = new RedisError("ERR wrong reply format");
    static final RedisError FORMAT_ON_RESP2 = new RedisError("ERR FORMAT argument is not supported on RESP2");

    private JsonCommands() {}

    public static void register(CommandTable.Builder table) {
        table.handle("json.set", JsonCommands::set)
                .handle("json.get", JsonCommands::get)
                .handle("json.mget", JsonCommands::mget)
                .handle("json.mset", JsonCommands::mset)
                .handle("json.merge", JsonCommands::merge)
                .handle("json.del", JsonCommands::del)
                .handle("json.forget", JsonCommands::del)
                .handle("json.type", JsonCommands::type)
                .handle("json.resp", JsonCommands::resp)
                .handle("json.debug", JsonCommands::debug);
        JsonValueCommands.register(table);
        JsonArrayCommands.register(table);
    }

    /** The optional path argument at position i, or the default ("."). */
    static CommandPath optionalPath(CommandContext ctx, int i) {
        return i < ctx.argc() ? CommandPath.of(ctx.arg(i)) : new CommandPath(CommandPath.DEFAULT);
    }

    static void requireArgs(CommandContext ctx, int count) {
        if (ctx.argc() < count) throw JsonKey.wrongArity(ctx);
    }

    // ---- JSON.SET / JSON.MERGE / JSON.MSET ----------------------------------------------------------------------

    /** JSON.SET key path value [NX | XX]. */
    static void set(CommandContext ctx) {
        requireArgs(ctx, 4);
        CommandPath path = CommandPath.of(ctx.arg(2));
        String text = JsonText.utf8(ctx.arg(3));
        boolean nx = false, xx = false;
        for (int i = 4; i < ctx.argc(); i++) {
            if (ctx.argIs(i, "nx") && !nx && !xx) nx = true;
            else if (ctx.argIs(i, "xx") && !nx && !xx) xx = true;
            else throw RedisError.SYNTAX;
        }
        try (JsonKey key = JsonKey.open(ctx, ctx.arg(1))) {
            JsonValue doc = key.doc();
            JsonNode value = JsonText.parse(text, true);
            boolean done;
            if (doc == null) {
                if (xx) done = false;
                else if (!path.isRoot()) throw NEW_AT_ROOT;
                else {
                    key.create(value);
                    done = true;
                }
            } else if (path.isRoot()) {
                if (!nx) doc.setRoot(value);
                done = !nx;
            } else {
                done = setAt(doc, path.query(), value, nx, xx, false);
            }
            if (done) key.changed(KeyEvent.JSON_SET);
            if (done) ctx.reply().ok();
            else ctx.reply().nullBulk();
        }
    }

    /**
     * Sets (or merges) the value at every match of a non-root path; with no match (or NX), adds it as a new member
     * when the path is static and ends with a name. Returns whether anything changed.
     */
    private static boolean setAt(JsonValue doc, JsonPath query, JsonNode value, boolean nx, boolean xx, boolean merge) {
        if (!nx) {
            List<JsonPath.Match> matches = query.matches(doc.root());
            List<List<Object>> paths = merge ? pathsOf(matches) : JsonEdits.forUpdate(matches);
            if (!paths.isEmpty()) {
                boolean changed = false;
                for (int i = 0; i < paths.size(); i++) {
                    JsonNode v = i == paths.size() - 1 ? value : value.deepCopy();
                    List<Object> p = paths.get(i);
                    if (merge) {
                        JsonNode current = JsonEdits.get(doc.root(), p);
                        changed |= current != null && JsonEdits.replace(doc, p, mergePatch(current, v));
                    } else {
                        changed |= JsonEdits.replace(doc, p, v);
                    }
                }
                return changed;
            }
        }
        if (xx) return false;
        return addNew(doc, query, value);
    }

    private static List<List<Object>> pathsOf(List<JsonPath.Match> matches) {
        List<List<Object>> paths = new ArrayList<>(matches.size());
        for (JsonPath.Match m : matches) paths.add(m.path());
        return paths;
    }

    private static boolean addNew(JsonValue doc, JsonPath query, JsonNode value) {
        if (!query.isStatic()) throw new RedisError("Err wrong static path");
        if (query.steps().isEmpty()) throw new RedisError("Err path must end with object key to set");
        String name = query.lastName();
        if (name == null) {
            if (query.values(doc.root()).isEmpty()) throw new RedisError("ERR array index out of range");
            return false;
        }
        if (query.steps().size() == 1) return JsonEdits.addMember(doc.root(), List.of(), name, value);
        boolean changed = false;
        List<JsonPath.Match> parents = query.parent().matches(doc.root());
        for (int i = 0; i < parents.size(); i++) {
            JsonNode v = i == parents.size() - 1 ? value : value.deepCopy();
            changed |= JsonEdits.addMember(doc.root(), parents.get(i).path(), name, v);
        }
        return changed;
    }

    /** RFC 7396 merge patch (JSON.MERGE): null members delete, objects merge recursively, the rest replaces. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) return patch;
        ObjectNode result = target.isObject() ? (ObjectNode) target : JsonText.NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                JsonNode current = result.get(e.getKey());
                result.set(e.getKey(), mergePatch(current == null ? NullNode.instance : current, e.getValue()));
            }
        }
        return result;
    }

    /** JSON.MERGE key path value. */
    static void merge(CommandContext ctx) {
        requireArgs(ctx, 4);
        CommandPath path = CommandPath.of(ctx.arg(2));
        String text = JsonText.utf8(ctx.arg(3));
        if (ctx.argc() > 4) throw RedisError.SYNTAX;
        try (JsonKey key = JsonKey.open(ctx, ctx.arg(1))) {
            JsonValue doc = key.doc();
            JsonNode value = JsonText.parse(text, true);
            boolean done;
            if (doc == null) {
                if (!path.isRoot()) throw NEW_AT_ROOT;
                key.create(value);
                done = true;
            } else if (path.isRoot()) {
                doc.setRoot(mergePatch(doc.root(), value));
                done = true;
            } else {
                done = setAt(doc, path.query(), value, false, false, true);
            }
            if (done) {
                key.changed(KeyEvent.JSON_MERGE);
                ctx.reply().ok();
            } else {
                ctx.reply().nullBulk();
            }
        }
    }

    /** JSON.MSET key path value [key path value ...]: every triple is checked before any is applied. */
    static void mset(CommandContext ctx) {
        requireArgs(ctx, 4);
        List<CommandPath> paths = new ArrayList<>();
        for (int at = 1; at < ctx.argc(); at += 3) {
            JsonValue doc = JsonKey.read(ctx, ctx.arg(at));
            requireArgs(ctx, at + 2);
            CommandPath path = CommandPath.of(ctx.arg(at + 1));
            if (!path.isRoot()) {
                if (doc == null) throw NEW_AT_ROOT;
                JsonPath query = path.query();
                if (query.values(doc.root()).isEmpty()) checkAddable(query);
            }
            requireArgs(ctx, at + 3);
            JsonText.parse(ctx.arg(at + 2));
            paths.add(path);
        }
        for (int t = 0; t < paths.size(); t++) {
            int at = 1 + 3 * t;
            try (JsonKey key = JsonKey.openPropagated(ctx, ctx.arg(at))) {
                JsonNode value = JsonText.parse(ctx.arg(at + 2));
                JsonValue doc = key.doc();
                boolean done;
                if (paths.get(t).isRoot()) {
                    if (doc == null) key.create(value);
                    else doc.setRoot(value);
                    done = true;
                } else {
                    done = doc != null && setAt(doc, paths.get(t).query(), value, false, false, false);
                }
                if (done) key.changed(KeyEvent.JSON_MSET);
            }
        }
        ctx.reply().ok();
    }

    /** The checks JSON.SET makes before adding a member, without adding it. */
    private static void checkAddable(JsonPath query) {
        if (!query.isStatic()) throw new RedisError("Err wrong static path");
        if (query.steps().isEmpty()) throw new RedisError("Err path must end with object key to set");
        if (query.lastName() == null) throw new RedisError("ERR array index out of range");
    }

    // ---- JSON.GET / JSON.MGET -----------------------------------------------------------------------------------

    /** JSON.GET key [INDENT s] [NEWLINE s] [SPACE s] [FORMAT STRING|EXPAND1|EXPAND] [path ...]. */
    static void get(CommandContext ctx) {
        requireArgs(ctx, 2);
        byte[] indent = null, newline = null, space = null;
        JsonReplies.Expand expand = JsonReplies.Expand.NONE;
        List<CommandPath> paths = new ArrayList<>(1);
        for (int i = 2; i < ctx.argc(); i++) {
            byte[] arg = ctx.arg(i);
            if (arg.length > 8) {
                paths.add(CommandPath.of(arg));
            } else if (ctx.argIs(i, "format")) {
                if (!ctx.reply().resp3() && paths.isEmpty()) throw FORMAT_ON_RESP2;
                requireArgs(ctx, i + 2);
                expand = replyFormat(JsonText.utf8(ctx.arg(++i)), true);
            } else if (ctx.argIs(i, "indent")) {
                requireArgs(ctx, i + 2);
                indent = ctx.arg(++i);
            } else if (ctx.argIs(i, "newline")) {
                requireArgs(ctx, i + 2);
                newline = ctx.arg(++i);
            } else if (ctx.argIs(i, "space")) {
                requireArgs(ctx, i + 2);
                space = ctx.arg(++i);
            } else if (!ctx.argIs(i, "noescape")) {
                paths.add(CommandPath.of(arg));
            }
        }
        if (paths.isEmpty()) paths.add(new CommandPath(CommandPath.DEFAULT));
        JsonWriter.Format format = new JsonWriter.Format(indent, newline, space);
        JsonValue doc = JsonKey.read(ctx, ctx.arg(1));
        Reply reply = ctx.reply();
        if (doc == null) {
            reply.nullBulk();
        } else if (reply.resp3() && expand != JsonReplies.Expand.NONE) {
            reply.arrayHeader(paths.size());
            for (CommandPath path : paths) {
                List<JsonNode> values;
                try {
                    values = path.values(doc.root());
                } catch (RedisError e) {
                    values = List.of();
                }
                JsonReplies.resp3List(reply, values, expand, format);
            }
        } else if (paths.size() > 1) {
            reply.bulk(JsonWriter.writeObject(getMany(doc, paths), format));
        } else {
            reply.bulk(getOne(doc, paths.getFirst(), format));
        }
    }

    /** The text JSON.GET / JSON.MGET give for one path: the first match (legacy) or the array of matches. */
    static byte[] getOne(JsonValue doc, CommandPath path, JsonWriter.Format format) {
        if (path.legacy()) return JsonWriter.write(path.first(doc.root()), format);
        return JsonWriter.writeList(path.values(doc.root()), format);
    }

    /** JSON.GET with several paths: an object from each path as given to its value(s). */
    private static Map<String, Object> getMany(JsonValue doc, List<CommandPath> paths) {
        boolean legacy = true;
        for (CommandPath p : paths) legacy &= p.legacy();
        Map<String, Object> members = new LinkedHashMap<>();
        String missing = null;
        for (CommandPath path : paths) {
            List<JsonNode> values;
            try {
                values = path.values(doc.root());
            } catch (RedisError badPath) {
                continue; // RedisJSON leaves out paths that do not compile
            }
            if (!legacy) {
                members.put(path.original(), values);
            } else if (values.isEmpty()) {
                if (missing == null) missing = path.original();
            } else {
                members.put(path.original(), values.getFirst());
            }
        }
        if (missing != null) throw CommandPath.doesNotExist(missing);
        return members;
    }

    /** FORMAT's value: STRING, EXPAND1 or EXPAND (exact case); STRINGS only where a command allows it. */
    static JsonReplies.Expand replyFormat(String name, boolean forGet) {
        return switch (name) {
            case "STRING" -> {
                if (!forGet) throw WRONG_REPLY_FORMAT;
                yield JsonReplies.Expand.NONE;
            }
            case "STRINGS" -> {
                if (forGet) throw WRONG_REPLY_FORMAT;
                yield JsonReplies.Expand.NONE;
            }
            case "EXPAND1" -> JsonReplies.Expand.TOP_LEVEL;
            case "EXPAND" -> JsonReplies.Expand.FULL;
            default -> throw WRONG_REPLY_FORMAT;
        };
    }

    /** JSON.MGET key [key ...] path: null for a missing key, a key of another type, or a missing legacy path. */
    static void mget(CommandContext ctx) {
        requireArgs(ctx, 3);
        CommandPath path = CommandPath.of(ctx.arg(ctx.argc() - 1));
        Reply reply = ctx.reply();
        reply.arrayHeader(ctx.argc() - 2);
        for (int i = 1; i < ctx.argc() - 1; i++) {
            byte[] text = null;
            if (ctx.db().lookupRead(ctx.arg(i)) instanceof JsonValue doc) {
                try {
                    text = getOne(doc, path, JsonWriter.Format.COMPACT);
                } catch (RedisError e) {
                    text = null;
                }
            }
            reply.bulkOrNull(text);
        }
    }

    // ---- JSON.DEL / JSON.TYPE / JSON.RESP / JSON.DEBUG ----------------------------------------------------------

    /** JSON.DEL key [path] (and JSON.FORGET): the number of values deleted; the root path deletes the key. */
    static void del(CommandContext ctx) {
        requireArgs(ctx, 2);
        CommandPath path = optionalPath(ctx, 2);
        try (JsonKey key = JsonKey.open(ctx, ctx.arg(1))) {
            JsonValue doc = key.doc();
            long deleted = 0;
            if (doc != null && path.isRoot()) {
                key.delete();
                deleted = 1;
            } else if (doc != null) {
                for (List<Object> p : JsonEdits.forUpdate(path.matches(doc.root()))) {
                    if (JsonEdits.remove(doc.root(), p)) deleted++;
                }
            }
            if (deleted > 0) key.changed(KeyEvent.JSON_DEL);
            ctx.reply().integer(deleted);
        }
    }

    /** JSON.TYPE key [path]; RESP3 wraps the reply in one more array. */
    static void type(CommandContext ctx) {
        requireArgs(ctx, 2);
        CommandPath path = optionalPath(ctx, 2);
        JsonValue doc = JsonKey.read(ctx, ctx.arg(1));
        Reply reply = ctx.reply();
        if (path.legacy()) {
            List<JsonNode> values;
            try {
                values = doc == null ? List.of() : path.values(doc.root());
            } catch (RedisError badPath) {
                values = List.of();
            }
            if (reply.resp3()) reply.arrayHeader(1);
            if (values.isEmpty()) reply.nullBulk();
            else reply.bulk(JsonValues.typeName(values.getFirst()));
        } else if (doc == null) {
            if (reply.resp3()) reply.arrayHeader(1);
            reply.nullBulk();
        } else {
            List<JsonNode> values = path.values(doc.root());
            if (reply.resp3()) reply.arrayHeader(1);
            reply.arrayHeader(values.size());
            for (JsonNode v : values) reply.bulk(JsonValues.typeName(v));
        }
    }

    /** JSON.RESP key [path]. */
    static void resp(CommandContext ctx) {
        requireArgs(ctx, 2);
        CommandPath path = optionalPath(ctx, 2);
        JsonValue doc = JsonKey.read(ctx, ctx.arg(1));
        Reply reply = ctx.reply();
        if (doc == null) {
            reply.nullBulk();
        } else if (path.legacy()) {
            JsonReplies.resp(reply, path.first(doc.root()));
        } else {
            List<JsonNode> values = path.values(doc.root());
            reply.arrayHeader(values.size());
            for (JsonNode v : values) JsonReplies.resp(reply, v);
        }
    }

    /** JSON.DEBUG MEMORY key [path] | HELP. */
    static void debug(CommandContext ctx) {
        requireArgs(ctx, 2);
        Reply reply = ctx.reply();
        if (ctx.argIs(1, "memory")) {
            requireArgs(ctx, 3);
            CommandPath path = optionalPath(ctx, 3);
            JsonValue doc = JsonKey.read(ctx, ctx.arg(2));
            if (path.legacy()) {
                reply.integer(doc == null ? 0 : JsonValues.memory(path.first(doc.root())));
            } else if (doc == null) {
                reply.arrayHeader(0);
            } else {
                List<JsonNode> values = path.values(doc.root());
                reply.arrayHeader(values.size());
                for (JsonNode v : values) reply.integer(JsonValues.memory(v));
            }
        } else if (ctx.argIs(1, "help")) {
            reply.arrayHeader(2);
            reply.bulk("MEMORY <key> [path] - reports memory usage");
            reply.bulk("HELP                - this message");
        } else {
            throw new RedisError("ERR unknown subcommand - try `JSON.DEBUG HELP`");
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
