package dev.cinnabar.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.Values;
import dev.cinnabar.notify.KeyEvent;

/**
 * A key a JSON command writes, with RedisJSON's side effects: like any key a module opens for writing, it counts
 * as modified when the command ends (WATCH, client-side caching) whether or not anything changed; only a real
 * change fires its "json.*" keyspace event (class 'd') and is propagated (verbatim) to the AOF and replicas.
 * Use with try-with-resources around the part of the command after the arguments are checked.
 */
final class JsonKey implements AutoCloseable {
    static final RedisError NO_KEY =
            new RedisError("ERR could not perform this operation on a key that doesn't exist");

    private final CommandContext ctx;
    private final byte[] key;
    private final Object stored;
    private final boolean propagateUnchanged;
    private KeyEvent event;

    private JsonKey(CommandContext ctx, byte[] key, boolean propagateUnchanged) {
        this.ctx = ctx;
        this.key = key;
        this.stored = ctx.db().lookupWrite(key);
        this.propagateUnchanged = propagateUnchanged;
    }

    static JsonKey open(CommandContext ctx, byte[] key) {
        return new JsonKey(ctx, key, false);
    }

    /** A key of JSON.MSET, which RedisJSON propagates whether or not it changed anything. */
    static JsonKey openPropagated(CommandContext ctx, byte[] key) {
        return new JsonKey(ctx, key, true);
    }

    /** The document, null when the key does not exist; WRONGTYPE for another type. */
    JsonValue doc() {
        return Values.require(stored, JsonValue.class);
    }

    /** The document, or RedisJSON's error for a missing key. */
    JsonValue existing() {
        JsonValue doc = doc();
        if (doc == null) throw NO_KEY;
        return doc;
    }

    /** Stores a new document under the key. */
    void create(JsonNode root) {
        ctx.db().set(key, new JsonValue(root), false);
    }

    void delete() {
        ctx.db().delete(key);
    }

    /** Marks the command as having changed the key; the event is published when the command ends. */
    void changed(KeyEvent event) {
        this.event = event;
    }

    boolean isChanged() {
        return event != null;
    }

    @Override
    public void close() {
        if (event != null) ctx.db().notifyKeyspace(event, key);
        else if (!propagateUnchanged) ctx.preventPropagation();
        ctx.db().signalModified(key);
    }

    /** The document a reading command works on (null when absent); WRONGTYPE for another type. */
    static JsonValue read(CommandContext ctx, byte[] key) {
        return Values.require(ctx.db().lookupRead(key), JsonValue.class);
    }

    /** Redis's arity error, which RedisJSON raises itself (its commands are registered with arity -1). */
    static RedisError wrongArity(CommandContext ctx) {
        return new RedisError("ERR wrong number of arguments for '" + ctx.command().fullName() + "' command");
    }
}
