package dev.cinnabar.transactions;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Dispatcher;
import dev.cinnabar.server.Client;

/**
 * MULTI, EXEC, DISCARD, WATCH and UNWATCH. Queueing itself happens in the dispatcher, which sees every command
 * a client sends while inside MULTI (see {@link Dispatcher}).
 */
public final class TransactionCommands {
    private TransactionCommands() {}

    public static void register(CommandTable.Builder table) {
        table.handle("multi", TransactionCommands::multi)
                .handle("exec", TransactionCommands::exec)
                .handle("discard", TransactionCommands::discard)
                .handle("watch", TransactionCommands::watch)
                .handle("unwatch", TransactionCommands::unwatch);
    }

    private static void multi(CommandContext ctx) {
        Transaction tx = ctx.client().transaction();
        if (tx.active()) {
            ctx.reply().error("ERR MULTI calls can not be nested");
            return;
        }
        tx.begin();
        ctx.reply().ok();
    }

    private static void discard(CommandContext ctx) {
        if (!ctx.client().inMulti()) {
            ctx.reply().error("ERR DISCARD without MULTI");
            return;
        }
        discardTransaction(ctx.client());
        ctx.reply().ok();
    }

    /** Leaves MULTI, dropping the queue, the watches and both dirty flags. */
    public static void discardTransaction(Client client) {
        Transaction tx = client.transactionOrNull();
        if (tx == null) return;
        tx.end();
        tx.dirtyCas = false;
        client.server().watchedKeys().unwatchAll(client);
    }

    /**
     * EXEC rejected before it ran (wrong arity, NOPERM...): the transaction is discarded with EXECABORT and the reason.
     * Redis words most rejections without a code (we add "ERR "), but keeps the code of NOPERM, MISCONF, BUSY...
     */
    public static void abort(Client client, String error) {
        discardTransaction(client);
        String reason = error.startsWith("ERR ") ? error.substring(4) : error;
        client.reply().error("EXECABORT Transaction discarded because of: " + reason);
    }

    private static void exec(CommandContext ctx) {
        Client client = ctx.client();
        if (!client.inMulti()) {
            ctx.reply().error("ERR EXEC without MULTI");
            return;
        }
        ctx.server().keyspace().refreshCachedClock();                 // what TIME answers within the transaction
        Transaction tx = client.transaction();
        WatchedKeys watched = ctx.server().watchedKeys();
        if (watched.anyExpiredSinceWatched(client)) tx.dirtyCas = true;
        if (tx.failedToQueue()) {
            ctx.reply().error("EXECABORT Transaction discarded because of previous errors.");
            discardTransaction(client);
            return;
        }
        if (tx.dirtyCas) {
            ctx.reply().nullArray();
            discardTransaction(client);
            return;
        }
        watched.unwatchAll(client);
        boolean denied = client.denyBlocking();
        client.setDenyBlocking(true); // a blocking command answers at once, as on timeout
        try {
            ctx.reply().arrayHeader(tx.queued().size());
            for (Transaction.Queued q : tx.queued()) {
                // the user's permissions may have changed since the command was queued
                String denial = client.user().unrestricted() ? null
                        : ctx.server().acl().execDenial(client, q.command(), q.argv(), q.argv().length);
                if (denial != null) ctx.reply().error(denial);
                else ctx.server().dispatcher().call(client, q.command(), q.argv(), q.argv().length);
            }
        } finally {
            client.setDenyBlocking(denied);
            discardTransaction(client);
        }
    }

    private static void watch(CommandContext ctx) {
        Client client = ctx.client();
        if (client.inMulti()) {
            ctx.reply().error("ERR WATCH inside MULTI is not allowed");
            return;
        }
        if (!client.transaction().dirtyCas) { // no point watching more once the transaction is doomed
            for (int i = 1; i < ctx.argc(); i++) ctx.server().watchedKeys().watch(client, ctx.arg(i));
        }
        ctx.reply().ok();
    }

    private static void unwatch(CommandContext ctx) {
        Client client = ctx.client();
        ctx.server().watchedKeys().unwatchAll(client);
        Transaction tx = client.transactionOrNull();
        if (tx != null) tx.dirtyCas = false;
        ctx.reply().ok();
    }
}
