package dev.cinnabar.keyspace;

/**
 * Told of every change to the data, Redis's signalModifiedKey / signalFlushedDb: WATCH and client-side caching
 * listen here. Write commands signal the keys they actually changed (collections change in place, so the keyspace
 * cannot see that by itself); the keyspace itself signals expiry, flushes and SWAPDB.
 */
public interface ChangeListener {
    /** A key's value was changed, replaced or deleted by a command. */
    void keyChanged(Database db, byte[] key);

    /** A key was deleted because it expired: a change no client made, even if a client's access found it. */
    default void keyExpired(Database db, byte[] key) {
        keyChanged(db, key);
    }

    /** A key was deleted to free memory (maxmemory eviction): like expiry, a change no client made. */
    default void keyEvicted(Database db, byte[] key) {
        keyExpired(db, key);
    }

    /**
     * Every key of a database is about to be removed (FLUSHDB), or of all databases when db is -1 (FLUSHALL).
     * Called before the keys go, so a listener can still look at them.
     */
    void databaseFlushed(int db);

    /** SWAPDB: the two databases traded contents (the indexes are the ones clients select). */
    void databasesSwapped(int a, int b);
}
