package dev.cinnabar.strings;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.notify.KeyEvent;

/** APPEND, STRLEN, GETRANGE (and its old name SUBSTR) and SETRANGE: commands on parts of a string. */
final class RangeCommands {
    private static final RedisError TOO_LONG =
            new RedisError("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
    private static final RedisError OFFSET_OUT_OF_RANGE = new RedisError("ERR offset is out of range");

    private RangeCommands() {}

    static void register(CommandTable.Builder table) {
        table.handle("append", RangeCommands::append)
                .handle("strlen", RangeCommands::strlen)
                .handle("getrange", RangeCommands::getrange)
                .handle("substr", RangeCommands::getrange)
                .handle("setrange", RangeCommands::setrange);
    }

    /** Refuses a string that would grow beyond proto-max-bulk-len (or beyond what a Java array can hold). */
    private static void checkLength(CommandContext ctx, long length, long extra) {
        long total = length + extra;
        if (total < 0 || total > ctx.server().config().protoMaxBulkLen.value() || total > StringValue.MAX_LENGTH) {
            throw TOO_LONG;
        }
    }

    static void append(CommandContext ctx) {
        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        byte[] suffix = ctx.arg(2);
        Object value = Strings.requireString(db.lookupWrite(key));
        if (value == null) {
            db.set(key, suffix, false); // stored as given, like SET
            db.modified(KeyEvent.APPEND, key);
            ctx.reply().integer(suffix.length);
            return;
        }
        checkLength(ctx, Strings.length(value), suffix.length);
        StringValue raw = Strings.unshare(db, key, value);
        raw.append(suffix);
        db.modified(KeyEvent.APPEND, key);
        ctx.reply().integer(raw.length());
    }

    static void strlen(CommandContext ctx) {
        Object value = Strings.requireString(ctx.db().lookupRead(ctx.arg(1)));
        ctx.reply().integer(value == null ? 0 : Strings.length(value));
    }

    /** GETRANGE key start end: inclusive, negative indexes count from the end, out of range parts are cut. */
    static void getrange(CommandContext ctx) {
        long start = ctx.argLong(2);
        long end = ctx.argLong(3);
        Object value = Strings.requireString(ctx.db().lookupRead(ctx.arg(1)));
        if (value == null) {
            ctx.reply().bulk(Strings.EMPTY);
            return;
        }
        long length = Strings.length(value);
        if (start < 0 && end < 0 && start > end) {
            ctx.reply().bulk(Strings.EMPTY);
            return;
        }
        if (start < 0) start += length;
        if (end < 0) end += length;
        if (start < 0) start = 0;
        if (end < 0) end = 0;
        if (end >= length) end = length - 1;
        if (start > end || length == 0) ctx.reply().bulk(Strings.EMPTY);
        else ctx.reply().bulk(Strings.buffer(value), (int) start, (int) (end - start + 1));
    }

    /** SETRANGE key offset value: overwrites from offset, padding with zero bytes; answers the new length. */
    static void setrange(CommandContext ctx) {
        long offset = ctx.argLong(2);
        if (offset < 0) throw OFFSET_OUT_OF_RANGE;
        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        byte[] bytes = ctx.arg(3);
        Object value = Strings.requireString(db.lookupWrite(key));
        if (value == null) {
            if (bytes.length == 0) { // nothing to write creates nothing
                ctx.reply().integer(0);
                return;
            }
            checkLength(ctx, offset, bytes.length);
            StringValue created = StringValue.zeros((int) offset + bytes.length);
            created.write((int) offset, bytes);
            db.set(key, created, false);
            db.modified(KeyEvent.SETRANGE, key);
            ctx.reply().integer(created.length());
            return;
        }
        if (bytes.length == 0) {
            ctx.reply().integer(Strings.length(value));
            return;
        }
        checkLength(ctx, offset, bytes.length);
        StringValue raw = Strings.unshare(db, key, value);
        raw.write((int) offset, bytes);
        db.modified(KeyEvent.SETRANGE, key);
        ctx.reply().integer(raw.length());
    }
}
