package dev.cinnabar.propagation;

import dev.cinnabar.keyspace.ChangeListener;
import dev.cinnabar.keyspace.Database;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Redis's call()/alsoPropagate()/propagatePendingCommands() for Cinnabar. Every command runs inside a call frame
 * ({@link #enterCall} / {@link #exitCall}, done by the dispatcher). A command is propagated when it changed the
 * data (the keyspace's change signals: {@code Database.signalModified}, flushes, SWAPDB — Redis's rule "server.dirty
 * moved"), or when it forced it, unless it prevented it; it is propagated as the handler rewrote it
 * ({@link #rewrite}, Redis's rewriteClientCommandVector) or as it was received. Handlers may add more commands
 * ({@link #also}, Redis's alsoPropagate). Lazy expiry inside a command adds a DEL before the command's own entry;
 * expiry outside commands (the expire cycle) is propagated at once, one unit per key.
 * <p>
 * The commands collected while an execution unit runs (a top-level command with all it runs: a whole EXEC, later
 * a whole script) are handed to the sinks when the unit ends ({@link #endUnit}): alone, or wrapped in MULTI/EXEC
 * when there are several. A script is wired like EXEC: its own call prevents its propagation and the commands it
 * runs through {@code Dispatcher.call} propagate themselves, so its effects arrive as one MULTI/EXEC block.
 * With no sink attached nothing is collected.
 */
public final class Propagation implements ChangeListener {
    private static final int MAX_DEPTH = 64;

    private final List<PropagationSink> sinks = new ArrayList<>();
    /** Redis's dirty counter as far as propagation cares: every change signal counts one. */
    private long changes;
    private int depth;
    private boolean suspended;
    private boolean lazyExpireUnlink;
    private boolean lazyEvictionUnlink;
    // per call frame (index = nesting depth - 1)
    private final long[] changesAtStart = new long[MAX_DEPTH];
    private final byte[][][] rewritten = new byte[MAX_DEPTH][][];
    private final boolean[] prevented = new boolean[MAX_DEPTH];
    private final boolean[] forced = new boolean[MAX_DEPTH];
    // the current execution unit's commands
    private final List<Op> pending = new ArrayList<>();

    private record Op(int db, byte[][] argv) {}

    public void addSink(PropagationSink sink) {
        if (!sinks.contains(sink)) sinks.add(sink);
    }

    public void removeSink(PropagationSink sink) {
        sinks.remove(sink);
    }

    /** Whether anything listens: handlers may skip building rewritten forms when not. */
    public boolean active() {
        return !sinks.isEmpty() && !suspended;
    }

    /** While loading data (the AOF itself), commands run without being propagated, as in Redis. */
    public void setSuspended(boolean suspended) {
        this.suspended = suspended;
    }

    /** lazyfree-lazy-expire: expired keys are propagated as UNLINK instead of DEL. */
    public void setLazyExpireUnlink(boolean unlink) {
        this.lazyExpireUnlink = unlink;
    }

    /** lazyfree-lazy-eviction: evicted keys are propagated as UNLINK instead of DEL. */
    public void setLazyEvictionUnlink(boolean unlink) {
        this.lazyEvictionUnlink = unlink;
    }

    // ---- call frames (the dispatcher) ---------------------------------------------------------------------------

    /** Whether the running command was called by another (EXEC, a script, a function): Redis's execution unit. */
    public boolean nestedCall() {
        return depth > 1;
    }

    /** A command starts (possibly inside another: EXEC, a script). */
    public void enterCall() {
        int d = depth++;
        if (d >= MAX_DEPTH) return;
        changesAtStart[d] = changes;
        rewritten[d] = null;
        prevented[d] = false;
        forced[d] = false;
    }

    /**
     * The command ended. Its entry (rewritten form or the original argv) joins the unit's list when it changed
     * data or forced propagation, unless it prevented it or is EXEC (whose commands propagated themselves), or it
     * blocked (it runs again later).
     */
    public void exitCall(int dbIndex, byte[][] argv, int argc, boolean isExec, boolean blocked) {
        int d = --depth;
        if (d >= MAX_DEPTH) return;
        byte[][] rewrite = rewritten[d];
        rewritten[d] = null;
        if (!active() || blocked || isExec || prevented[d]) return;
        if (changes == changesAtStart[d] && !forced[d]) return;
        pending.add(new Op(dbIndex, rewrite != null ? rewrite : Arrays.copyOf(argv, argc)));
    }

    /** The top-level command (with everything it ran) is over: its propagated commands go to the sinks. */
    public void endUnit() {
        if (depth != 0 || pending.isEmpty()) return;
        if (pending.size() == 1) {
            Op op = pending.get(0);
            for (PropagationSink s : sinks) s.propagate(op.db, op.argv, op.argv.length);
        } else {
            byte[][] multi = {Names.MULTI};
            byte[][] exec = {Names.EXEC};
            for (PropagationSink s : sinks) {
                s.propagate(-1, multi, 1);
                for (Op op : pending) s.propagate(op.db, op.argv, op.argv.length);
                s.propagate(-1, exec, 1);
            }
        }
        pending.clear();
    }

    // ---- what handlers use (through CommandContext) -------------------------------------------------------------

    /** Propagate the running command as this argument vector instead of the one received. */
    public void rewrite(byte[]... argv) {
        if (depth > 0 && depth <= MAX_DEPTH) rewritten[depth - 1] = argv;
    }

    /** Do not propagate the running command itself (what it added with {@link #also} still goes). */
    public void prevent() {
        if (depth > 0 && depth <= MAX_DEPTH) prevented[depth - 1] = true;
    }

    /** Propagate the running command even if it changed nothing (FLUSHALL on empty databases). */
    public void force() {
        if (depth > 0 && depth <= MAX_DEPTH) forced[depth - 1] = true;
    }

    /** Adds a command to the current unit, before the running command's own entry. */
    public void also(int dbIndex, byte[]... argv) {
        if (!active()) return;
        pending.add(new Op(dbIndex, argv));
        if (depth == 0) endUnit();
    }

    // ---- change signals -----------------------------------------------------------------------------------------

    @Override
    public void keyChanged(Database db, byte[] key) {
        changes++;
    }

    @Override
    public void keyExpired(Database db, byte[] key) {
        also(db.id(), Names.delete(lazyExpireUnlink), key.clone());
    }

    @Override
    public void keyEvicted(Database db, byte[] key) {
        also(db.id(), Names.delete(lazyEvictionUnlink), key.clone());
    }

    @Override
    public void databaseFlushed(int db) {
        changes++;
    }

    @Override
    public void databasesSwapped(int a, int b) {
        changes++;
    }
}
