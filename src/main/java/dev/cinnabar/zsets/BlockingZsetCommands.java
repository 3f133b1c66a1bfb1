package dev.cinnabar.zsets;

import dev.cinnabar.blocking.BlockingTimeout;
import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.MultiPopArguments;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.propagation.Names;

/**
 * BZPOPMIN, BZPOPMAX and BZMPOP: the pops that wait for a sorted set when none of their keys holds one. They serve
 * at once like ZPOPMIN / ZMPOP when they can; otherwise they block (see {@link dev.cinnabar.blocking.BlockedClients})
 * and run again from the start when a sorted set appears under one of their keys. Where blocking is not allowed
 * (MULTI, scripts) they answer as if they timed out at once.
 */
final class BlockingZsetCommands {
    private static final String ZSET = "zset";

    private BlockingZsetCommands() {}

    static void register(CommandTable.Builder table) {
        table.handle("bzpopmin", ctx -> blockingPop(ctx, false))
                .handle("bzpopmax", ctx -> blockingPop(ctx, true))
                .handle("bzmpop", BlockingZsetCommands::bzmpop);
    }

    /** BZPOPMIN / BZPOPMAX key [key ...] timeout: [key, member, score] from the first key holding a sorted set. */
    static void blockingPop(CommandContext ctx, boolean max) {
        long deadline = BlockingTimeout.deadline(ctx.arg(ctx.argc() - 1), ctx.now());
        if (!serveFirst(ctx, 1, ctx.argc() - 2, max, -1)) ctx.blockOnKeys(1, ctx.argc() - 2, ZSET, deadline);
    }

    /** BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count] */
    static void bzmpop(CommandContext ctx) {
        long deadline = BlockingTimeout.deadline(ctx.arg(1), ctx.now());
        MultiPopArguments args = PopCommands.parseMultiPop(ctx, 2);
        if (!serveFirst(ctx, args.firstKey(), args.numKeys(), !args.firstEnd(), args.count())) {
            ctx.blockOnKeys(args.firstKey(), args.numKeys(), ZSET, deadline);
        }
    }

    /** Serves from the first key holding a sorted set (count -1: the BZPOPMIN reply); WRONGTYPE before it. */
    private static boolean serveFirst(CommandContext ctx, int firstKey, int numKeys, boolean max, long count) {
        Database db = ctx.db();
        for (int i = firstKey; i < firstKey + numKeys; i++) {
            byte[] key = ctx.arg(i);
            ZsetValue zset = Zsets.cast(db.lookupWrite(key));
            if (zset == null) continue;
            PopCommands.propagateAsZpop(ctx, key, max, count < 0 ? -1 : Math.min(count, zset.size()));
            if (count < 0) PopCommands.serveBzpop(db, key, max, ctx.reply());
            else PopCommands.serveBzmpop(db, key, max, count, ctx.reply());
            return true;
        }
        return false;
    }
}
