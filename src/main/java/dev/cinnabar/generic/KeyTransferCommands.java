package dev.cinnabar.generic;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.keyspace.Keyspace;
import dev.cinnabar.notify.KeyEvent;

import java.util.Arrays;

/**
 * RENAME, RENAMENX, MOVE, COPY and SWAPDB. A key that lands somewhere new carries its expire time with it and
 * starts with fresh access bits, as in Redis.
 */
final class KeyTransferCommands {
    private static final RedisError SAME_OBJECT = new RedisError("ERR source and destination objects are the same");
    private static final RedisError INVALID_FIRST_DB = new RedisError("ERR invalid first DB index");
    private static final RedisError INVALID_SECOND_DB = new RedisError("ERR invalid second DB index");

    private KeyTransferCommands() {}

    static void register(CommandTable.Builder table) {
        table.handle("rename", ctx -> rename(ctx, false))
                .handle("renamenx", ctx -> rename(ctx, true))
                .handle("move", KeyTransferCommands::move)
                .handle("copy", KeyTransferCommands::copy)
                .handle("swapdb", KeyTransferCommands::swapdb);
    }

    static void rename(CommandContext ctx, boolean nx) {
        Database db = ctx.db();
        byte[] from = ctx.arg(1), to = ctx.arg(2);
        Object value = db.lookupWrite(from);
        if (value == null) throw RedisError.NO_SUCH_KEY;
        if (Arrays.equals(from, to)) {
            if (nx) ctx.reply().integer(0);
            else ctx.reply().ok();
            return;
        }
        long expireAt = db.expireAt(from);
        if (db.lookupWrite(to) != null) {
            if (nx) {
                ctx.reply().integer(0);
                return;
            }
            db.delete(to);
        }
        add(db, to, value, expireAt);
        db.delete(from);
        db.signalModified(from);
        db.signalModified(to);
        ctx.server().stats().countTwoSignalsAsOneChange();
        db.notifyKeyspace(KeyEvent.RENAME_FROM, from);
        db.notifyKeyspace(KeyEvent.RENAME_TO, to);
        if (nx) ctx.reply().integer(1);
        else ctx.reply().ok();
    }

    static void move(CommandContext ctx) {
        Database source = ctx.db();
        Database target = database(ctx, Args.parseInt(ctx.arg(2)));
        if (source == target) throw SAME_OBJECT;
        byte[] key = ctx.arg(1);
        Object value = source.lookupWrite(key);
        if (value == null || target.lookupWrite(key) != null) {
            ctx.reply().integer(0);
            return;
        }
        add(target, key, value, source.expireAt(key));
        source.delete(key);
        source.signalModified(key);
        target.signalModified(key);
        ctx.server().stats().countTwoSignalsAsOneChange();
        source.notifyKeyspace(KeyEvent.MOVE_FROM, key);
        target.notifyKeyspace(KeyEvent.MOVE_TO, key);
        ctx.reply().integer(1);
    }

    /** COPY source destination [DB destination-db] [REPLACE]. */
    static void copy(CommandContext ctx) {
        Database source = ctx.db();
        Database target = source;
        boolean replace = false;
        for (int i = 3; i < ctx.argc(); i++) {
            if (ctx.argIs(i, "replace")) {
                replace = true;
            } else if (ctx.argIs(i, "db") && i + 1 < ctx.argc()) {
                target = database(ctx, Args.parseInt(ctx.arg(++i)));
            } else {
                throw RedisError.SYNTAX;
            }
        }
        byte[] key = ctx.arg(1), newKey = ctx.arg(2);
        if (source == target && Arrays.equals(key, newKey)) throw SAME_OBJECT;
        Object value = source.lookupRead(key);
        if (value == null) {
            ctx.reply().integer(0);
            return;
        }
        long expireAt = source.expireAt(key);
        if (target.lookupWrite(newKey) != null) {
            if (!replace) {
                ctx.reply().integer(0);
                return;
            }
            target.delete(newKey);
        }
        add(target, newKey, ValueCopy.of(value), expireAt);
        target.modified(KeyEvent.COPY_TO, newKey);
        ctx.reply().integer(1);
    }

    static void swapdb(CommandContext ctx) {
        int first = Args.parseInt(ctx.arg(1), INVALID_FIRST_DB);
        int second = Args.parseInt(ctx.arg(2), INVALID_SECOND_DB);
        Keyspace keyspace = ctx.server().keyspace();
        if (!validIndex(keyspace, first) || !validIndex(keyspace, second)) throw RedisError.DB_INDEX_OUT_OF_RANGE;
        if (first != second) keyspace.swap(first, second);
        ctx.reply().ok();
    }

    private static Database database(CommandContext ctx, int index) {
        Keyspace keyspace = ctx.server().keyspace();
        if (!validIndex(keyspace, index)) throw RedisError.DB_INDEX_OUT_OF_RANGE;
        return keyspace.db(index);
    }

    private static boolean validIndex(Keyspace keyspace, int index) {
        return index >= 0 && index < keyspace.databaseCount();
    }

    /** Adds an absent key with a value and, unless -1, an absolute expire time. */
    private static void add(Database db, byte[] key, Object value, long expireAt) {
        db.set(key, value, false);
        if (expireAt != -1) db.setExpire(key, expireAt);
    }
}
