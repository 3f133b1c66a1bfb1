package dev.cinnabar.connection;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.command.Numbers;

/** PING, ECHO, SELECT, QUIT. */
public final class ConnectionCommands {
    private ConnectionCommands() {}

    public static void register(CommandTable.Builder table) {
        table.handle("ping", ConnectionCommands::ping)
                .handle("echo", ctx -> ctx.reply().bulk(ctx.arg(1)))
                .handle("select", ConnectionCommands::select)
                .handle("quit", ConnectionCommands::quit);
    }

    static void ping(CommandContext ctx) {
        if (ctx.argc() > 2) throw new RedisError("ERR wrong number of arguments for 'ping' command");
        if (ctx.argc() == 1) ctx.reply().simple("PONG");
        else ctx.reply().bulk(ctx.arg(1));
    }

    static void select(CommandContext ctx) {
        long index = Numbers.parseLong(ctx.arg(1), RedisError.NOT_INTEGER);
        if (index < 0 || index >= ctx.server().keyspace().databaseCount()) throw RedisError.DB_INDEX_OUT_OF_RANGE;
        ctx.client().setDbIndex((int) index);
        ctx.reply().ok();
    }

    static void quit(CommandContext ctx) {
        ctx.reply().ok();
        ctx.client().closeAfterReply();
    }
}
