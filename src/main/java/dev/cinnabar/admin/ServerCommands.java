package dev.cinnabar.admin;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.RedisError;

/** FLUSHDB and FLUSHALL. */
public final class ServerCommands {
    private ServerCommands() {}

    public static void register(CommandTable.Builder table) {
        table.handle("flushdb", ServerCommands::flushdb)
                .handle("flushall", ServerCommands::flushall);
    }

    /** FLUSHDB/FLUSHALL take an optional ASYNC or SYNC; both free memory at once here (nothing to defer). */
    private static void checkFlushMode(CommandContext ctx) {
        if (ctx.argc() > 2 || (ctx.argc() == 2 && !ctx.argIs(1, "async") && !ctx.argIs(1, "sync"))) {
            throw RedisError.SYNTAX;
        }
    }

    static void flushdb(CommandContext ctx) {
        checkFlushMode(ctx);
        ctx.db().clear();
        ctx.reply().ok();
    }

    static void flushall(CommandContext ctx) {
        checkFlushMode(ctx);
        ctx.server().keyspace().flushAll();
        ctx.reply().ok();
    }
}
