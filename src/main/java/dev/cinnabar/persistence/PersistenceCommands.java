package dev.cinnabar.persistence;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.RedisError;

/** SAVE, BGSAVE [SCHEDULE], LASTSAVE and BGREWRITEAOF. */
public final class PersistenceCommands {
    private PersistenceCommands() {}

    public static void register(CommandTable.Builder table) {
        table.handle("save", PersistenceCommands::save)
                .handle("bgsave", PersistenceCommands::bgsave)
                .handle("bgrewriteaof", PersistenceCommands::bgrewriteaof)
                .handle("lastsave", ctx -> ctx.reply().integer(ctx.server().rdb().lastSaveSeconds()));
    }

    private static void save(CommandContext ctx) {
        RdbPersistence rdb = ctx.server().rdb();
        if (rdb.backgroundSaveInProgress()) {
            ctx.reply().error("ERR Background save already in progress");
        } else if (rdb.save()) {
            ctx.reply().ok();
        } else {
            ctx.reply().error("ERR");
        }
    }

    private static void bgsave(CommandContext ctx) {
        boolean schedule = false;
        if (ctx.argc() > 1) {
            if (ctx.argc() == 2 && ctx.argIs(1, "schedule")) schedule = true;
            else throw RedisError.SYNTAX;
        }
        RdbPersistence rdb = ctx.server().rdb();
        if (rdb.backgroundSaveInProgress()) {
            ctx.reply().error("ERR Background save already in progress");
        } else if (ctx.server().aof().rewriteInProgress() && !schedule) {
            ctx.reply().error("ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE "
                    + "SCHEDULE in order to schedule a BGSAVE whenever possible.");
        } else if (ctx.client().inMulti() || ctx.server().aof().rewriteInProgress()) {
            // inside a transaction the save cannot start now; Redis schedules it whatever the argument
            rdb.schedule();
            ctx.reply().simple("Background saving scheduled");
        } else if (rdb.startBackgroundSave()) {
            ctx.reply().simple("Background saving started");
        } else {
            ctx.reply().error("ERR");
        }
    }

    /** BGREWRITEAOF: with another background operation running (or inside MULTI) it is scheduled. */
    private static void bgrewriteaof(CommandContext ctx) {
        AppendOnlyFile aof = ctx.server().aof();
        if (aof.rewriteInProgress()) {
            ctx.reply().error("ERR Background append only file rewriting already in progress");
        } else if (ctx.server().rdb().backgroundSaveInProgress() || ctx.client().inMulti()) {
            aof.scheduleRewrite();
            ctx.reply().simple("Background append only file rewriting scheduled");
        } else if (aof.startRewrite()) {
            ctx.reply().simple("Background append only file rewriting started");
        } else {
            ctx.reply().error("ERR Can't execute an AOF background rewriting. Please check the server logs for more "
                    + "information.");
        }
    }
}
