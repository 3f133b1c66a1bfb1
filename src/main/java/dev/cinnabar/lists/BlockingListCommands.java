package dev.cinnabar.lists;

import dev.cinnabar.blocking.BlockingTimeout;
import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.MultiPopArguments;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.propagation.Names;

/**
 * BLPOP, BRPOP, BLMPOP, BRPOPLPUSH and BLMOVE: the pop and move commands that wait for a list when there is none.
 * Each serves at once like its non-blocking form when one of its keys holds a list; otherwise it blocks (see
 * {@link dev.cinnabar.blocking.BlockedClients}) and runs again from the start when a list appears under one of
 * its keys. Where blocking is not allowed (MULTI, scripts) it answers as if it timed out at once.
 */
public final class BlockingListCommands {
    private static final String LIST = "list";

    private BlockingListCommands() {}

    public static void register(CommandTable.Builder table) {
        table.handle("blpop", ctx -> blockingPop(ctx, true))
                .handle("brpop", ctx -> blockingPop(ctx, false))
                .handle("blmpop", BlockingListCommands::blmpop)
                .handle("brpoplpush", ctx -> blockingMove(ctx, false, true, 3))
                .handle("blmove", BlockingListCommands::blmove);
    }

    private static int listpackLimit(CommandContext ctx) {
        return ctx.server().config().listMaxListpackSize.intValue();
    }

    /** BLPOP / BRPOP key [key ...] timeout: the first key holding a list serves [key, element]. */
    static void blockingPop(CommandContext ctx, boolean fromHead) {
        long deadline = BlockingTimeout.deadline(ctx.arg(ctx.argc() - 1), ctx.now());
        if (!serveFirst(ctx, 1, ctx.argc() - 2, fromHead, -1)) ctx.blockOnKeys(1, ctx.argc() - 2, LIST, deadline);
    }

    /** BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count] */
    static void blmpop(CommandContext ctx) {
        long deadline = BlockingTimeout.deadline(ctx.arg(1), ctx.now());
        MultiPopArguments args = ListCommands.parseMultiPop(ctx, 2);
        if (!serveFirst(ctx, args.firstKey(), args.numKeys(), args.firstEnd(), args.count())) {
            ctx.blockOnKeys(args.firstKey(), args.numKeys(), LIST, deadline);
        }
    }

    /**
     * Serves from the first of the keys that holds a list (count -1: one element, the BLPOP reply); WRONGTYPE
     * when a key before it holds something else. False when none holds a list.
     */
    private static boolean serveFirst(CommandContext ctx, int firstKey, int numKeys, boolean fromHead, long count) {
        Database db = ctx.db();
        for (int i = firstKey; i < firstKey + numKeys; i++) {
            byte[] key = ctx.arg(i);
            ListValue list = ListCommands.lookupWrite(db, key);
            if (list == null || list.isEmpty()) continue;
            ListCommands.propagateAsPop(ctx, key, fromHead, count < 0 ? -1 : Math.min(count, list.size()));
            if (count < 0) ListCommands.servePop(db, key, list, fromHead, ctx.reply(), listpackLimit(ctx));
            else ListCommands.serveMultiPop(db, key, list, fromHead, count, ctx.reply(), listpackLimit(ctx));
            return true;
        }
        return false;
    }

    /** BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout */
    static void blmove(CommandContext ctx) {
        boolean fromHead = ListCommands.parseEnd(ctx, 3);
        boolean toHead = ListCommands.parseEnd(ctx, 4);
        blockingMove(ctx, fromHead, toHead, 5);
    }

    /** BRPOPLPUSH / BLMOVE: moves an element when the source holds a list, otherwise waits for one. */
    private static void blockingMove(CommandContext ctx, boolean fromHead, boolean toHead, int timeoutIndex) {
        long deadline = BlockingTimeout.deadline(ctx.arg(timeoutIndex), ctx.now());
        Database db = ctx.db();
        ListValue source = ListCommands.lookupWrite(db, ctx.arg(1));
        if (source != null) {
            ListValue destination = ListCommands.lookupWrite(db, ctx.arg(2));
            ListCommands.serveMove(db, ctx.arg(1), source, ctx.arg(2), destination, fromHead, toHead, ctx.reply(),
                    listpackLimit(ctx), ListCommands.compressDepth(ctx));
            ctx.server().stats().countTwoSignalsAsOneChange(); // the push and the pop are one change for Redis
            // propagated as its non-blocking form
            if (timeoutIndex == 5) ctx.propagateAs(Names.LMOVE, ctx.arg(1), ctx.arg(2), ctx.arg(3), ctx.arg(4));
            else ctx.propagateAs(Names.RPOPLPUSH, ctx.arg(1), ctx.arg(2));
        } else if (!ctx.mayBlock()) {
            ctx.reply().nullBulk(); // unlike a real timeout, which answers a null array
        } else {
            ctx.block(new byte[][] {ctx.arg(1)}, LIST, deadline);
        }
    }
}
