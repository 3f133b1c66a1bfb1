package dev.cinnabar.generic;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.notify.KeyEvent;
import dev.cinnabar.keyspace.Values;

import java.util.List;

/** DEL, UNLINK, EXISTS, TYPE, TOUCH, RANDOMKEY, DBSIZE and KEYS. */
final class KeyCommands {
    private KeyCommands() {}

    static void register(CommandTable.Builder table) {
        table.handle("del", KeyCommands::del)
                .handle("unlink", KeyCommands::del)   // values are freed by the garbage collector either way
                .handle("exists", KeyCommands::exists)
                .handle("type", KeyCommands::type)
                .handle("touch", KeyCommands::touch)
                .handle("randomkey", KeyCommands::randomkey)
                .handle("dbsize", ctx -> ctx.reply().integer(ctx.db().size()))
                .handle("keys", KeyCommands::keys);
    }

    static void del(CommandContext ctx) {
        Database db = ctx.db();
        long deleted = 0;
        for (int i = 1; i < ctx.argc(); i++) {
            if (db.delete(ctx.arg(i))) {
                db.modified(KeyEvent.DEL, ctx.arg(i));
                deleted++;
            }
        }
        ctx.reply().integer(deleted);
    }

    /** Counts every argument naming a live key, repeats included; does not count as an access. */
    static void exists(CommandContext ctx) {
        Database db = ctx.db();
        long count = 0;
        for (int i = 1; i < ctx.argc(); i++) {
            if (db.lookupReadNoTouch(ctx.arg(i)) != null) count++;
        }
        ctx.reply().integer(count);
    }

    static void type(CommandContext ctx) {
        Object value = ctx.db().lookupReadNoTouch(ctx.arg(1));
        ctx.reply().simple(value == null ? "none" : Values.typeName(value));
    }

    /** Updates the keys' access time; unlike other commands it does so even for a CLIENT NO-TOUCH client. */
    static void touch(CommandContext ctx) {
        ctx.server().keyspace().setTouchKeys(true);
        Database db = ctx.db();
        long touched = 0;
        for (int i = 1; i < ctx.argc(); i++) {
            if (db.lookupRead(ctx.arg(i)) != null) touched++;
        }
        ctx.reply().integer(touched);
    }

    static void randomkey(CommandContext ctx) {
        ctx.reply().bulkOrNull(ctx.db().randomKey());
    }

    static void keys(CommandContext ctx) {
        List<byte[]> keys = ctx.db().keys(ctx.arg(1));
        ctx.reply().arrayHeader(keys.size());
        for (byte[] key : keys) ctx.reply().bulk(key);
    }
}
