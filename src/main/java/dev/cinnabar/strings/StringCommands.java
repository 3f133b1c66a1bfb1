package dev.cinnabar.strings;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.RedisError;

/** String commands. */
public final class StringCommands {
    private StringCommands() {}

    public static void register(CommandTable.Builder table) {
        table.handle("get", StringCommands::get)
                .handle("set", StringCommands::set);
    }

    static void get(CommandContext ctx) {
        Object value = ctx.db().lookupRead(ctx.arg(1));
        if (value == null) ctx.reply().nullBulk();
        else if (value instanceof byte[] bytes) ctx.reply().bulk(bytes);
        else throw RedisError.WRONG_TYPE;
    }

    static void set(CommandContext ctx) {
        ctx.db().set(ctx.arg(1), ctx.arg(2), false);
        ctx.reply().ok();
    }
}
