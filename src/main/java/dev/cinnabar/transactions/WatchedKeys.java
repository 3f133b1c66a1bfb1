package dev.cinnabar.transactions;

import dev.cinnabar.keyspace.ChangeListener;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.keyspace.DbKey;
import dev.cinnabar.keyspace.Keyspace;
import dev.cinnabar.server.Client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which clients WATCH which keys, per database index (a client keeps watching the same index across SWAPDB, as
 * in Redis). A change to a watched key marks its watchers' transactions as invalid. Like Redis 7.2, a key that was
 * already logically expired when watched does not invalidate the transaction when it is merely deleted.
 */
public final class WatchedKeys implements ChangeListener {
    /** One client watching one key. */
    static final class Watch {
        final Client client;
        final DbKey key;
        /** The key was expired (but not yet deleted) when WATCH ran. */
        boolean expiredWhenWatched;

        Watch(Client client, DbKey key, boolean expiredWhenWatched) {
            this.client = client;
            this.key = key;
            this.expiredWhenWatched = expiredWhenWatched;
        }
    }

    private final Keyspace keyspace;
    private final Map<DbKey, List<Watch>> watchers = new HashMap<>();
    /** Watched keys per database index, so unwatched databases cost one array read per signal. */
    private final int[] watchedPerDb;

    public WatchedKeys(Keyspace keyspace) {
        this.keyspace = keyspace;
        this.watchedPerDb = new int[keyspace.databaseCount()];
        keyspace.addChangeListener(this);
    }

    /** WATCH of one key in the client's current database; watching it twice is a no-op. */
    void watch(Client client, byte[] key) {
        Transaction tx = client.transaction();
        DbKey dbKey = new DbKey(client.dbIndex(), key);
        for (Watch w : tx.watched) if (w.key.equals(dbKey)) return;
        Watch watch = new Watch(client, dbKey, keyspace.db(dbKey.db()).isExpired(key));
        tx.watched.add(watch);
        watchers.computeIfAbsent(dbKey, k -> new ArrayList<>()).add(watch);
        watchedPerDb[dbKey.db()]++;
    }

    /** Drops every watch of a client (UNWATCH, EXEC, DISCARD, disconnection); leaves the dirty flag alone. */
    public void unwatchAll(Client client) {
        Transaction tx = client.transactionOrNull();
        if (tx == null || tx.watched.isEmpty()) return;
        for (Watch w : tx.watched) {
            List<Watch> list = watchers.get(w.key);
            list.remove(w);
            if (list.isEmpty()) watchers.remove(w.key);
            watchedPerDb[w.key.db()]--;
        }
        tx.watched.clear();
    }

    /** Redis's isWatchedKeyExpired: a key that was live when watched has expired since (even if not deleted). */
    boolean anyExpiredSinceWatched(Client client) {
        for (Watch w : client.transaction().watched) {
            if (!w.expiredWhenWatched && keyspace.db(w.key.db()).isExpired(w.key.key())) return true;
        }
        return false;
    }

    /** Total watched keys, counting a key once per watching client. */
    public int size() {
        int n = 0;
        for (int c : watchedPerDb) n += c;
        return n;
    }

    @Override
    public void keyChanged(Database db, byte[] key) {
        if (watchedPerDb[db.id()] == 0) return;
        List<Watch> list = watchers.get(new DbKey(db.id(), key));
        if (list == null) return;
        for (Watch w : List.copyOf(list)) {
            if (w.expiredWhenWatched) {
                // deleting a key that was already expired when watched is no logical change
                if (!db.existsIgnoringExpiry(key)) {
                    w.expiredWhenWatched = false;
                    continue;
                }
                break; // Redis 7.2 stops marking the remaining watchers here
            }
            invalidate(w.client);
        }
    }

    private void invalidate(Client client) {
        client.transaction().dirtyCas = true;
        unwatchAll(client); // nothing more to learn from its other keys
    }

    /** Called before the database is emptied, so the keys it still holds can be told apart. */
    @Override
    public void databaseFlushed(int db) {
        if (db < 0) {
            for (int i = 0; i < watchedPerDb.length; i++) touchAllIn(i, keyspace.db(i), null);
        } else {
            touchAllIn(db, keyspace.db(db), null);
        }
    }

    /**
     * Called after the swap, so the contents that were at index a are now at index b: a watched key is touched if
     * it existed in either database, following Redis's touchAllWatchedKeysInDb(emptied, replacedWith).
     */
    @Override
    public void databasesSwapped(int a, int b) {
        touchAllIn(a, keyspace.db(b), keyspace.db(a));
        touchAllIn(b, keyspace.db(a), keyspace.db(b));
    }

    private void touchAllIn(int index, Database emptied, Database replacedWith) {
        if (watchedPerDb[index] == 0) return;
        List<Client> dirty = new ArrayList<>();
        for (Map.Entry<DbKey, List<Watch>> e : watchers.entrySet()) {
            if (e.getKey().db() != index) continue;
            byte[] key = e.getKey().key();
            boolean inEmptied = emptied.existsIgnoringExpiry(key);
            boolean inReplacement = replacedWith != null && replacedWith.existsIgnoringExpiry(key);
            if (!inEmptied && !inReplacement) continue;
            for (Watch w : e.getValue()) {
                if (w.expiredWhenWatched) {
                    if (!inReplacement) {
                        w.expiredWhenWatched = false; // the expired key is gone: no logical change
                        continue;
                    } else if (replacedWith.isExpired(key)) {
                        continue;                     // it stays expired
                    }
                } else if (!inEmptied && replacedWith.isExpired(key)) {
                    w.expiredWhenWatched = true;      // a missing key replaced by an expired one
                    continue;
                }
                dirty.add(w.client);
            }
        }
        for (Client c : dirty) c.transaction().dirtyCas = true;
    }
}
