package dev.cinnabar.connection;

import dev.cinnabar.command.CommandFlag;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.server.Client;
import dev.cinnabar.server.Server;

import java.util.ArrayList;
import java.util.List;

/**
 * CLIENT PAUSE / UNPAUSE: until the pause ends, the commands it covers (all of them, or with WRITE those that may
 * write or replicate: write commands, EVAL, PUBLISH, PFCOUNT, an EXEC of such commands) are not run: their client
 * is postponed, keeping the command, and everything it pipelined behind it waits too. Keys do not expire while
 * paused (an expired key reads as missing but stays). When the pause ends, postponed clients run their command in
 * the order they were postponed. Monitors are never paused; under ALL, CLIENT UNPAUSE waits like any command.
 * Used under the execution lock.
 */
public final class ClientPause {
    private final Server server;
    private boolean paused;
    private boolean all;
    private long endMillis;
    private final List<Client> postponed = new ArrayList<>();

    public ClientPause(Server server) {
        this.server = server;
    }

    /** True while a pause stops key expiry (and eviction): both pause modes do. */
    public boolean expiryPaused() {
        return paused;
    }

    /** Redis's processCommand check: whether the command must wait for the end of the pause. */
    public boolean postpones(Client client, CommandSpec cmd) {
        if (!paused || client.monitoring()) return false;
        if (all) return true;
        if (cmd.has(CommandFlag.WRITE) || cmd.has(CommandFlag.MAY_REPLICATE)) return true;
        return cmd.fullName().equals("exec") && client.inMulti() && client.transaction().mayReplicate();
    }

    /** Holds the client's command until the pause ends. */
    public void postpone(Client client, byte[][] argv, int argc) {
        byte[][] copy = new byte[argc][];
        for (int i = 0; i < argc; i++) copy[i] = argv[i].clone();
        client.postpone(copy);
        postponed.add(client);
    }

    public int postponedCount() {
        return postponed.size();
    }

    /**
     * CLIENT PAUSE: the pause lasts until the latest end asked for, and a WRITE pause does not weaken an ALL pause
     * under way. An end already past (timeout 0) pauses nothing.
     */
    public void pause(long untilMillis, boolean allCommands) {
        if (paused && all) allCommands = true;
        if (!paused || untilMillis > endMillis) endMillis = untilMillis;
        if (endMillis <= System.currentTimeMillis()) {
            unpause();
            return;
        }
        all = allCommands;
        paused = true;
        server.keyspace().setExpiryPaused(true);
        scheduleEndCheck();
    }

    /** CLIENT UNPAUSE, or the pause's end. */
    public void unpause() {
        if (!paused) return;
        paused = false;
        server.keyspace().setExpiryPaused(false);
        resumeLater();
    }

    public void forget(Client client) {
        postponed.remove(client);
    }

    private void scheduleEndCheck() {
        long delay = Math.max(0, endMillis - System.currentTimeMillis());
        server.runLater(delay, () -> {
            if (!paused) return;
            if (System.currentTimeMillis() >= endMillis) unpause();
            else scheduleEndCheck(); // extended meanwhile
        });
    }

    /** Runs the postponed commands after the current command, as Redis does before its next sleep. */
    private void resumeLater() {
        if (postponed.isEmpty()) return;
        server.runLater(0, this::resumeAll);
    }

    private void resumeAll() {
        List<Client> waiting = new ArrayList<>(postponed);
        postponed.clear();
        for (Client client : waiting) {
            byte[][] argv = client.resumePostponed();
            if (argv == null || client.closing()) continue;
            client.beginOutOfBandReply();
            try {
                server.diagnostics().resume(client, () -> server.dispatcher().execute(client, argv, argv.length));
            } finally {
                client.endOutOfBandReply();
            }
        }
        server.afterBatch(); // what they wrote reaches the AOF before their replies reach the clients
    }
}
