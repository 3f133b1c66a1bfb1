package dev.cinnabar.persistence;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.RedisError;

/** SAVE, BGSAVE [SCHEDULE] and LASTSAVE. */
public final class PersistenceCommands {
    private PersistenceCommands() {}

    public static void register(CommandTable.Builder table) {
        table.handle("save", PersistenceCommands::save)
                .handle("bgsave", PersistenceCommands::bgsave)
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
        } else if (ctx.client().inMulti()) {
            // inside a transaction the save cannot start now; Redis schedules it whatever the argument
            rdb.schedule();
            ctx.reply().simple("Background saving scheduled");
        } else if (rdb.startBackgroundSave()) {
            ctx.reply().simple("Background saving started");
        } else {
            ctx.reply().error("ERR");
        }
    }
}
