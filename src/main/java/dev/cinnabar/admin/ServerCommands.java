package dev.cinnabar.admin;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.Keyspace;

import java.util.HashSet;
import java.util.Set;

/** FLUSHDB, FLUSHALL, INFO, TIME and LOLWUT; the other administration groups register themselves from here. */
public final class ServerCommands {
    private ServerCommands() {}

    public static void register(CommandTable.Builder table) {
        table.handle("flushdb", ServerCommands::flushdb)
                .handle("flushall", ServerCommands::flushall)
                .handle("info", ServerCommands::info)
                .handle("time", ServerCommands::time)
                .handle("lolwut", Lolwut::command);
        ConfigCommands.register(table);
        DebugCommands.register(table);
        ShutdownCommand.register(table);
    }

    /** FLUSHDB/FLUSHALL take an optional ASYNC or SYNC; both free memory at once here (nothing to defer). */
    private static void checkFlushMode(CommandContext ctx) {
        if (ctx.argc() > 2 || (ctx.argc() == 2 && !ctx.argIs(1, "async") && !ctx.argIs(1, "sync"))) {
            throw RedisError.SYNTAX;
        }
    }

    static void flushdb(CommandContext ctx) {
        checkFlushMode(ctx);
        ctx.db().flush();
        ctx.reply().ok();
    }

    /** FLUSHALL also drops a background save in progress and, with save points configured, saves the empty set. */
    static void flushall(CommandContext ctx) {
        checkFlushMode(ctx);
        ctx.server().keyspace().flushAll();
        ctx.server().rdb().abortBackgroundSave();
        if (ctx.server().rdb().savePointsConfigured()) ctx.server().rdb().save();
        ctx.reply().ok();
    }

    /**
     * INFO [section ...]: section names are case-insensitive; "default" adds the default sections, "all" and
     * "everything" select every section; an unknown name selects nothing.
     */
    static void info(CommandContext ctx) {
        Set<String> wanted = new HashSet<>();
        boolean all = false;
        if (ctx.argc() == 1) wanted.addAll(InfoReport.DEFAULT_SECTIONS);
        for (int i = 1; i < ctx.argc(); i++) {
            String section = ctx.argLower(i);
            switch (section) {
                case "default" -> wanted.addAll(InfoReport.DEFAULT_SECTIONS);
                case "all", "everything" -> all = true;
                default -> wanted.add(section);
            }
        }
        ctx.reply().verbatim(InfoReport.generate(ctx.server(), wanted, all));
    }

    /** TIME: unix time in seconds and the microseconds within that second, as two bulk strings. */
    static void time(CommandContext ctx) {
        // inside EXEC or a script, Redis answers its cached clock: the time the execution unit started at
        long clock = ctx.server().propagation().nestedCall() ? ctx.server().keyspace().cachedClockMicros()
                : Keyspace.clockMicros();
        ctx.reply().arrayHeader(2);
        ctx.reply().bulkLong(Math.floorDiv(clock, 1_000_000));
        ctx.reply().bulkLong(Math.floorMod(clock, 1_000_000));
    }
}
