package dev.cinnabar.blocking;

/**
 * Why and until when one client is blocked: the database and keys it waits on, the type those keys must hold
 * to serve it, its deadline, and a private copy of the command to re-execute when a key is ready.
 */
public final class BlockState {
    final int dbIndex;
    final byte[][] keys;
    final String valueType;
    /** Absolute unix time in milliseconds at which the client times out; 0 means never. */
    final long deadline;
    final byte[][] argv;
    final int argc;
    /** Served also when a key it waits on is deleted or changes type (XREADGROUP). */
    final boolean unblockOnNoKey;
    /** Cancels the pending timeout task (a no-op when there is none). */
    Runnable cancelTimeout = () -> {};

    BlockState(int dbIndex, byte[][] keys, String valueType, long deadline, byte[][] argv, int argc,
               boolean unblockOnNoKey) {
        this.unblockOnNoKey = unblockOnNoKey;
        this.dbIndex = dbIndex;
        this.keys = keys;
        this.valueType = valueType;
        this.deadline = deadline;
        this.argv = argv;
        this.argc = argc;
    }

    public long deadline() {
        return deadline;
    }

    public int keyCount() {
        return keys.length;
    }
}
