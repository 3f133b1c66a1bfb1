package dev.cinnabar.command;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The HELP replies and the "unknown subcommand" error that container commands (CLIENT, CONFIG, DEBUG...) share. */
public final class Help {
    private Help() {}

    /**
     * Redis's addReplyHelp: a header naming the command as it was typed (upper-cased), the given lines, then the
     * HELP entry itself, all as status replies.
     */
    public static void reply(CommandContext ctx, String... lines) {
        ctx.reply().arrayHeader(lines.length + 3);
        ctx.reply().simple(commandName(ctx) + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String line : lines) ctx.reply().simple(line);
        ctx.reply().simple("HELP");
        ctx.reply().simple("    Print this help.");
    }

    /** Redis's addReplySubcommandSyntaxError, for a subcommand a handler does not know or got the wrong arguments. */
    public static RedisError unknownSubcommand(CommandContext ctx) {
        byte[] sub = ctx.arg(1);
        String clipped = new String(sub, 0, Math.min(sub.length, 128), StandardCharsets.UTF_8);
        return new RedisError("ERR unknown subcommand or wrong number of arguments for '" + clipped + "'. Try "
                + commandName(ctx) + " HELP.");
    }

    private static String commandName(CommandContext ctx) {
        return ctx.argString(0).toUpperCase(Locale.ROOT);
    }
}
