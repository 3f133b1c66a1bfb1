package dev.cinnabar.propagation;

/** Receives the propagated stream (the AOF; replication later), always on the execution thread, in order. */
public interface PropagationSink {
    /**
     * One command to apply in database dbIndex, or -1 for commands that belong to no database (MULTI, EXEC):
     * the sink emits a SELECT first when the database differs from the one it last selected. The array and its
     * elements must not be modified; the sink copies what it keeps.
     */
    void propagate(int dbIndex, byte[][] argv, int argc);
}
