package dev.cinnabar.server;

import dev.cinnabar.keyspace.ChangeListener;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.keyspace.Keyspace;

/**
 * Keeps Redis's dirty counter (rdb_changes_since_last_save, what save points and the propagation rule look at)
 * from the keyspace's change signals, so that a write command counts only when it changed something, as in
 * Redis: one per changed key (Redis adds one per key for DEL, MSET, SETBIT...), the keys removed by a flush,
 * one for SWAPDB. Expiry is not a change made by a command and does not count. Redis adds one per element for
 * some multi-element writes (SADD, RPUSH, HSET, ZADD...): here such a command counts one per key it changed.
 */
final class DirtyCounter implements ChangeListener {
    private final ServerStats stats;
    private final Keyspace keyspace;

    DirtyCounter(ServerStats stats, Keyspace keyspace) {
        this.stats = stats;
        this.keyspace = keyspace;
    }

    @Override
    public void keyChanged(Database db, byte[] key) {
        stats.dirty++;
    }

    @Override
    public void keyExpired(Database db, byte[] key) {
    }

    /** Called before the keys go: counts them, as Redis adds what emptyData removed. */
    @Override
    public void databaseFlushed(int db) {
        stats.dirty += db == -1 ? keyspace.totalKeys() : keyspace.db(db).size();
    }

    @Override
    public void databasesSwapped(int a, int b) {
        stats.dirty++;
    }
}
