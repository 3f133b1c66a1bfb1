package dev.cinnabar.admin;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.server.Log;

/**
 * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]. There are no replicas to wait for, so a shutdown happens at
 * once and there is never one in progress to abort. With save points configured (or SAVE) the dataset is saved
 * first; if that fails the server stays up, unless FORCE.
 */
final class ShutdownCommand {
    private ShutdownCommand() {}

    static void register(CommandTable.Builder table) {
        table.handle("shutdown", ShutdownCommand::shutdown);
    }

    static void shutdown(CommandContext ctx) {
        boolean nosave = false, save = false, now = false, force = false, abort = false;
        for (int i = 1; i < ctx.argc(); i++) {
            if (ctx.argIs(i, "nosave")) nosave = true;
            else if (ctx.argIs(i, "save")) save = true;
            else if (ctx.argIs(i, "now")) now = true;
            else if (ctx.argIs(i, "force")) force = true;
            else if (ctx.argIs(i, "abort")) abort = true;
            else throw RedisError.SYNTAX;
        }
        if ((abort && (nosave || save || now || force)) || (nosave && save)) throw RedisError.SYNTAX;
        if (abort) throw new RedisError("ERR No shutdown in progress.");

        Log.notice("User requested shutdown...");
        if (!ctx.server().rdb().finalSave(save, nosave, force)) {
            Log.warning("Errors trying to shut down the server. Check the logs for more information.");
            throw new RedisError("ERR Errors trying to SHUTDOWN. Check logs.");
        }
        // like Redis, the client gets no reply: the connection just closes as the server goes away
        ctx.client().closeAfterReply();
        ctx.server().shutdown();
    }
}
