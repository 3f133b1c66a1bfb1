package dev.cinnabar.admin;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Help;
import dev.cinnabar.command.RedisError;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DEBUG RELOAD, LOADAOF, SLEEP, SET-ACTIVE-EXPIRE and HELP. Whether a client may run DEBUG at all is decided before
 * (enable-debug-command, see {@link dev.cinnabar.server.Server#protectedCommandDenial}).
 */
final class DebugCommands {
    /** The longest prefix strtod would read as a decimal number. */
    private static final Pattern LEADING_NUMBER =
            Pattern.compile("^[ \\t\\n\\x0B\\f\\r]*[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private DebugCommands() {}

    static void register(CommandTable.Builder table) {
        table.handle("debug", DebugCommands::debug);
    }

    static void debug(CommandContext ctx) {
        if (ctx.argc() == 2 && ctx.argIs(1, "help")) {
            Help.reply(ctx,
                    "LOADAOF",
                    "    Flush the AOF buffers on disk and reload the AOF in memory.",
                    "RELOAD [option ...]",
                    "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
                    "    * MERGE: conflicting keys will be loaded from RDB.",
                    "    * NOFLUSH: the existing database will not be removed before load, but",
                    "      conflicting keys will generate an exception and kill the server.",
                    "    * NOSAVE: the database will be loaded from an existing RDB file.",
                    "    Examples:",
                    "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
                    "      the database.",
                    "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
                    "      existing RDB file.",
                    "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
                    "      file to the database.",
                    "SET-ACTIVE-EXPIRE <0|1>",
                    "    Setting it to 0 disables expiring keys in background when they are not",
                    "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
                    "    default.",
                    "SLEEP <seconds>",
                    "    Stop the server for <seconds>. Decimals allowed.");
        } else if (ctx.argIs(1, "reload")) {
            ctx.preventPropagation(); // the dataset is replaced by what the files hold, not changed
            reload(ctx);
        } else if (ctx.argc() == 2 && ctx.argIs(1, "loadaof")) {
            ctx.preventPropagation();
            replyOkOr(ctx, ctx.server().aof().reloadForDebug());
        } else if (ctx.argc() == 3 && ctx.argIs(1, "sleep")) {
            sleep(leadingDouble(ctx.argString(2)));
            ctx.reply().ok();
        } else if (ctx.argc() == 3 && ctx.argIs(1, "set-active-expire")) {
            ctx.server().keyspace().setActiveExpireEnabled(leadingInt(ctx.argString(2)) != 0);
            ctx.reply().ok();
        } else {
            throw Help.unknownSubcommand(ctx);
        }
    }

    private static void reload(CommandContext ctx) {
        boolean save = true, flush = true, merge = false;
        for (int i = 2; i < ctx.argc(); i++) {
            if (ctx.argIs(i, "merge")) merge = true;
            else if (ctx.argIs(i, "noflush")) flush = false;
            else if (ctx.argIs(i, "nosave")) save = false;
            else throw new RedisError("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
        }
        replyOkOr(ctx, ctx.server().rdb().reloadForDebug(save, flush, merge));
    }

    private static void replyOkOr(CommandContext ctx, String error) {
        if (error == null) ctx.reply().ok();
        else ctx.reply().error(error);
    }

    /** Blocks the whole server, as Redis does: the execution lock stays held while sleeping. */
    private static void sleep(double seconds) {
        long micros = (long) (seconds * 1_000_000);
        if (micros <= 0) return;
        try {
            Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** C's strtod: the number at the start of the text, 0 when there is none. */
    static double leadingDouble(String text) {
        Matcher m = LEADING_NUMBER.matcher(text);
        return m.find() ? Double.parseDouble(m.group().strip()) : 0;
    }

    /** C's atoi: optional blanks and sign, then digits; 0 when there are none. */
    static long leadingInt(String text) {
        Matcher m = Pattern.compile("^[ \\t\\n\\x0B\\f\\r]*([+-]?\\d+)").matcher(text);
        if (!m.find()) return 0;
        String digits = m.group(1);
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return digits.startsWith("-") ? -1 : 1; // overflow: still non-zero
        }
    }
}
