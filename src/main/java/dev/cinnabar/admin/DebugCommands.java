package dev.cinnabar.admin;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Help;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.server.Log;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DEBUG: the subcommands of Redis's DEBUG that have a meaning here (see {@link #help}); the others answer Redis's
 * unknown subcommand error. Whether a client may run DEBUG at all is decided before
 * (enable-debug-command, see {@link dev.cinnabar.server.Server#protectedCommandDenial}).
 */
final class DebugCommands {
    /** The longest prefix strtod would read as a decimal number. */
    private static final Pattern LEADING_NUMBER =
            Pattern.compile("^[ \\t\\n\\x0B\\f\\r]*[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private static final RedisError NOT_POSITIVE = new RedisError("ERR value is out of range, must be positive");

    private DebugCommands() {}

    static void register(CommandTable.Builder table) {
        table.handle("debug", DebugCommands::debug);
    }

    static void debug(CommandContext ctx) {
        int argc = ctx.argc();
        String sub = ctx.argString(1).toLowerCase(java.util.Locale.ROOT);
        switch (sub) {
            case "help" -> {
                if (argc != 2) throw Help.unknownSubcommand(ctx);
                help(ctx);
            }
            case "reload" -> {
                ctx.preventPropagation(); // the dataset is replaced by what the files hold, not changed
                reload(ctx);
            }
            case "loadaof" -> {
                if (argc != 2) throw Help.unknownSubcommand(ctx);
                ctx.preventPropagation();
                replyOkOr(ctx, ctx.server().aof().reloadForDebug());
            }
            case "object" -> {
                if (argc != 3) throw Help.unknownSubcommand(ctx);
                DebugObject.reply(ctx);
            }
            case "digest" -> {
                if (argc != 2) throw Help.unknownSubcommand(ctx);
                ctx.reply().simple(DatasetDigest.hex(new DatasetDigest().dataset(ctx.server().keyspace())));
            }
            case "digest-value" -> {
                ctx.reply().arrayHeader(argc - 2);
                DatasetDigest digest = new DatasetDigest();
                for (int i = 2; i < argc; i++) ctx.reply().simple(DatasetDigest.hex(digest.value(ctx.db(), ctx.arg(i))));
            }
            case "protocol" -> {
                if (argc != 3) throw Help.unknownSubcommand(ctx);
                DebugProtocol.reply(ctx, ctx.argString(2));
            }
            case "populate" -> {
                if (argc < 3 || argc > 5) throw Help.unknownSubcommand(ctx);
                ctx.preventPropagation();
                populate(ctx);
            }
            case "log" -> {
                if (argc != 3) throw Help.unknownSubcommand(ctx);
                Log.warning("DEBUG LOG: " + ctx.argString(2));
                ctx.reply().ok();
            }
            case "error" -> {
                if (argc != 3) throw Help.unknownSubcommand(ctx);
                ctx.reply().raw(errorLine(ctx.arg(2)));
            }
            case "sleep" -> {
                if (argc != 3) throw Help.unknownSubcommand(ctx);
                sleep(leadingDouble(ctx.argString(2)));
                ctx.reply().ok();
            }
            case "set-active-expire" -> {
                if (argc != 3) throw Help.unknownSubcommand(ctx);
                ctx.server().keyspace().setActiveExpireEnabled(leadingInt(ctx.argString(2)) != 0);
                ctx.reply().ok();
            }
            case "set-disable-deny-scripts" -> {
                if (argc != 3) throw Help.unknownSubcommand(ctx);
                ctx.server().scripting().setDenyScriptCommandsDisabled(leadingInt(ctx.argString(2)) != 0);
                ctx.reply().ok();
            }
            default -> throw Help.unknownSubcommand(ctx);
        }
    }

    private static void help(CommandContext ctx) {
        Help.reply(ctx,
                "DIGEST",
                "    Output a hex signature representing the current DB content.",
                "DIGEST-VALUE <key> [<key> ...]",
                "    Output a hex signature of the values of all the specified keys.",
                "ERROR <string>",
                "    Return a Redis protocol error with <string> as message. Useful for clients",
                "    unit tests to simulate Redis errors.",
                "LOG <message>",
                "    Write <message> to the server log.",
                "LOADAOF",
                "    Flush the AOF buffers on disk and reload the AOF in memory.",
                "OBJECT <key>",
                "    Show low level info about `key` and associated value.",
                "POPULATE <count> [<prefix>] [<size>]",
                "    Create <count> string keys named key:<num>. If <prefix> is specified then",
                "    it is used instead of the 'key' prefix. These are not propagated to",
                "    replicas. Cluster slots are not respected so keys not belonging to the",
                "    current node can be created in cluster mode.",
                "PROTOCOL <type>",
                "    Reply with a test value of the specified type. <type> can be: string,",
                "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
                "    true, false.",
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
    }

    /**
     * Creates count string keys prefix:N holding "value:N" (or that text cut or zero-padded to size bytes),
     * skipping keys that exist; like Redis, the keys are signalled as modified but not notified or propagated.
     */
    private static void populate(CommandContext ctx) {
        long count = positiveLong(ctx, 2);
        long size = ctx.argc() == 5 ? positiveLong(ctx, 4) : 0;
        String prefix = ctx.argc() >= 4 ? ctx.argString(3) : "key";
        Database db = ctx.db();
        for (long i = 0; i < count; i++) {
            byte[] key = (prefix + ":" + i).getBytes(StandardCharsets.UTF_8);
            if (db.lookupWrite(key) != null) continue;
            byte[] text = ("value:" + i).getBytes(StandardCharsets.US_ASCII);
            byte[] value = size == 0 ? text : Arrays.copyOf(text, Math.toIntExact(size));
            db.set(key, value, false);
            db.signalModified(key);
        }
        ctx.reply().ok();
    }

    /**
     * DEBUG ERROR's reply: the text as an error line, with no code added and line breaks made spaces. Written as
     * raw bytes, like Redis, so it counts neither in the error stats nor as a failed call.
     */
    private static byte[] errorLine(byte[] text) {
        byte[] line = new byte[text.length + 3];
        line[0] = '-';
        for (int i = 0; i < text.length; i++) line[i + 1] = text[i] == '\r' || text[i] == '\n' ? (byte) ' ' : text[i];
        line[line.length - 2] = '\r';
        line[line.length - 1] = '\n';
        return line;
    }

    /** Redis's getPositiveLongFromObjectOrReply: one error for a negative number and for no number at all. */
    private static long positiveLong(CommandContext ctx, int index) {
        long n = ctx.argLong(index, NOT_POSITIVE);
        if (n < 0) throw NOT_POSITIVE;
        return n;
    }

    private static void reload(CommandContext ctx) {
        boolean save = true, flush = true, merge = false;
        for (int i = 2; i < ctx.argc(); i++) {
            if (ctx.argIs(i, "merge")) merge = true;
            else if (ctx.argIs(i, "noflush")) flush = false;
            else if (ctx.argIs(i, "nosave")) save = false;
            else throw new RedisError("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
        }
        long dirty = ctx.server().stats().dirty;
        String error = ctx.server().rdb().reloadForDebug(save, flush, merge);
        // the save (if any) resets the counter; emptying and loading are not changes
        if (error == null) ctx.server().stats().dirty = save ? 0 : dirty;
        replyOkOr(ctx, error);
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
