package dev.cinnabar.admin;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Help;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DEBUG SLEEP, DEBUG SET-ACTIVE-EXPIRE and DEBUG HELP. Whether a client may run DEBUG at all is decided before
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
                    "SET-ACTIVE-EXPIRE <0|1>",
                    "    Setting it to 0 disables expiring keys in background when they are not",
                    "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
                    "    default.",
                    "SLEEP <seconds>",
                    "    Stop the server for <seconds>. Decimals allowed.");
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
