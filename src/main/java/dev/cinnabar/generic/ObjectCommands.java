package dev.cinnabar.generic;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.Values;

import java.util.List;
import java.util.Locale;

/** OBJECT ENCODING, REFCOUNT, IDLETIME, FREQ and HELP. Lookups do not count as accesses. */
final class ObjectCommands {
    private static final RedisError LFU_SELECTED = new RedisError("ERR An LFU maxmemory policy is selected, "
            + "idle time not tracked. Please note that when switching between policies at runtime LRU and LFU "
            + "data will take some time to adjust.");
    private static final RedisError LFU_NOT_SELECTED = new RedisError("ERR An LFU maxmemory policy is not "
            + "selected, access frequency not tracked. Please note that when switching between policies at "
            + "runtime LRU and LFU data will take some time to adjust.");
    private static final List<String> HELP = List.of(
            "ENCODING <key>",
            "    Return the kind of internal representation used in order to store the value",
            "    associated with a <key>.",
            "FREQ <key>",
            "    Return the access frequency index of the <key>. The returned integer is",
            "    proportional to the logarithm of the recent access frequency of the key.",
            "IDLETIME <key>",
            "    Return the idle time of the <key>, that is the approximated number of",
            "    seconds elapsed since the last access to the key.",
            "REFCOUNT <key>",
            "    Return the number of references of the value associated with the specified",
            "    <key>.",
            "HELP",
            "    Print this help.");

    private ObjectCommands() {}

    static void register(CommandTable.Builder table) {
        table.handle("object|encoding", ObjectCommands::encoding)
                .handle("object|refcount", ObjectCommands::refcount)
                .handle("object|idletime", ObjectCommands::idletime)
                .handle("object|freq", ObjectCommands::freq)
                .handle("object|help", ObjectCommands::help);
    }

    /** The key's value, or null after replying with the null reply. */
    private static Object lookupOrNull(CommandContext ctx) {
        Object value = ctx.db().lookupReadNoTouchNoNotify(ctx.arg(2));
        if (value == null) ctx.reply().nullBulk();
        return value;
    }

    static void encoding(CommandContext ctx) {
        Object value = lookupOrNull(ctx);
        if (value != null) ctx.reply().bulk(Values.encoding(value));
    }

    static void refcount(CommandContext ctx) {
        Object value = lookupOrNull(ctx);
        if (value != null) ctx.reply().integer(Values.refcount(value, ctx.server().config().sharesIntegers()));
    }

    static void idletime(CommandContext ctx) {
        if (lookupOrNull(ctx) == null) return;
        if (ctx.server().keyspace().lfuEnabled()) throw LFU_SELECTED;
        ctx.reply().integer(ctx.db().idleSeconds(ctx.arg(2)));
    }

    static void freq(CommandContext ctx) {
        if (lookupOrNull(ctx) == null) return;
        if (!ctx.server().keyspace().lfuEnabled()) throw LFU_NOT_SELECTED;
        ctx.reply().integer(ctx.db().frequency(ctx.arg(2)));
    }

    static void help(CommandContext ctx) {
        ctx.reply().arrayHeader(HELP.size() + 1);
        ctx.reply().simple(ctx.argString(0).toUpperCase(Locale.ROOT)
                + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String line : HELP) ctx.reply().simple(line);
    }
}
