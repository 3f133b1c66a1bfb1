package dev.cinnabar.transactions;

import dev.cinnabar.command.CommandSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * One client's transaction state, Redis's multiState plus the CLIENT_MULTI / DIRTY_EXEC / DIRTY_CAS flags and the
 * client's watched keys. Created the first time the client uses MULTI or WATCH.
 */
public final class Transaction {
    /** A command queued by MULTI, with its own copy of the argument array. */
    public record Queued(CommandSpec command, byte[][] argv) {}

    private boolean active;
    private final List<Queued> queue = new ArrayList<>();
    /** Bytes of the queued arguments plus their references, CLIENT LIST multi-mem as Redis counts it. */
    private long queuedBytes;
    /** A command failed to queue (unknown, wrong arity...): EXEC answers EXECABORT. */
    private boolean dirtyExec;
    /** A watched key changed since WATCH: EXEC answers a null array. */
    boolean dirtyCas;
    final List<WatchedKeys.Watch> watched = new ArrayList<>();

    public boolean active() {
        return active;
    }

    void begin() {
        active = true;
    }

    /** Queues a command unless the transaction is already doomed (no point keeping its memory). */
    public void queue(CommandSpec command, byte[][] argv, int argc) {
        if (dirtyExec || dirtyCas) return;
        byte[][] copy = java.util.Arrays.copyOf(argv, argc);
        queue.add(new Queued(command, copy));
        for (byte[] arg : copy) queuedBytes += arg.length + 8;
    }

    /** Redis's flagTransaction: a command failed before it could be queued. */
    public void flagError() {
        if (active) dirtyExec = true;
    }

    boolean failedToQueue() {
        return dirtyExec;
    }

    List<Queued> queued() {
        return queue;
    }

    /** True when a queued command may write or replicate (a WRITE client pause holds such an EXEC). */
    public boolean mayReplicate() {
        for (Queued q : queue) {
            if (q.command().has(dev.cinnabar.command.CommandFlag.WRITE)
                    || q.command().has(dev.cinnabar.command.CommandFlag.MAY_REPLICATE)) {
                return true;
            }
        }
        return false;
    }

    /** Number of queued commands (CLIENT LIST multi=), -1 outside MULTI. */
    public int queuedCount() {
        return active ? queue.size() : -1;
    }

    /** Whether a queued command has the flag (EXEC of a transaction with a denyoom command is refused when OOM). */
    public boolean queuedWith(dev.cinnabar.command.CommandFlag flag) {
        for (Queued q : queue) if (q.command().has(flag)) return true;
        return false;
    }

    public long queuedBytes() {
        return queuedBytes;
    }

    public boolean watchInvalidated() {
        return dirtyCas;
    }

    /** Leaves MULTI, forgetting the queue; the watches are dropped separately (see WatchedKeys#unwatchAll). */
    void end() {
        active = false;
        dirtyExec = false;
        queue.clear();
        queuedBytes = 0;
    }
}
