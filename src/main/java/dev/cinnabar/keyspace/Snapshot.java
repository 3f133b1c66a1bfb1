package dev.cinnabar.keyspace;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A point-in-time view of every database, handed to a {@link Sink} a slice at a time while clients keep reading and
 * writing. The JVM cannot fork, so instead of copy-on-write pages the snapshot keeps, per database, the list of
 * entries present when it started (one pass over the dict under the lock; the entry objects are shared, not
 * copied). Before any command touches a key the walk has not reached yet, the keyspace hands that key's value
 * (still the value it had at the start, since nothing has touched it) to the sink, marks it delivered, and only
 * then lets the command go on; keys created after the start are never delivered. Everything runs on the execution
 * thread, under the lock, so no value is ever read while another thread changes it.
 */
public final class Snapshot {
    /** Receives the snapshot's keys, always on the execution thread. */
    public interface Sink {
        /** A database's keys follow; index as of the start, with its key and expire counts then. */
        void beginDatabase(int index, long keys, long expires);

        /**
         * One key as it was at the start. {@code early}: delivered before a command touched it, out of walk order,
         * possibly before its database began (the sink keeps those until {@link #endDatabase} of that index).
         */
        void entry(int dbIndex, byte[] key, Object value, long expireAt, boolean early);

        void endDatabase(int index);
    }

    /** One database's part of the snapshot. */
    static final class DatabaseState {
        private final Snapshot snapshot;
        private final Database db;
        private final int index;
        private final Object[] entries;
        private final long expires;
        private int next;
        private boolean begun;
        /** Keys delivered early, so the walk skips them. */
        private final Set<ByteBuffer> delivered = new HashSet<>();
        /** Keys created after the start: they are not part of the snapshot. */
        private final Set<ByteBuffer> created = new HashSet<>();

        DatabaseState(Snapshot snapshot, Database db) {
            this.snapshot = snapshot;
            this.db = db;
            this.index = db.id();
            this.entries = db.dict().copyEntries();
            this.expires = db.expiresSize();
        }

        /** A command is about to touch a live key (read it, change it, delete it, expire it). */
        void beforeAccess(Object entry) {
            byte[] key = Entries.key(entry);
            ByteBuffer k = ByteBuffer.wrap(key);
            if (delivered.contains(k) || created.contains(k)) return;
            delivered.add(k);
            snapshot.sink.entry(index, key, Entries.value(entry), Entries.expireAt(entry), true);
        }

        void keyCreated(byte[] key) {
            created.add(ByteBuffer.wrap(key.clone()));
        }

        /** Walks on until the deadline; true once every entry was handed over. */
        boolean step(long deadlineNanos) {
            if (!begun) {
                begun = true;
                snapshot.sink.beginDatabase(index, entries.length, expires);
            }
            while (next < entries.length) {
                Object e = entries[next];
                entries[next++] = null; // the snapshot lets go of entries it has written
                byte[] key = Entries.key(e);
                if (delivered.isEmpty() || !delivered.contains(ByteBuffer.wrap(key))) {
                    snapshot.sink.entry(index, key, Entries.value(e), Entries.expireAt(e), false);
                }
                if ((next & 63) == 0 && System.nanoTime() > deadlineNanos) return false;
            }
            db.snapshotState = null;
            snapshot.sink.endDatabase(index);
            return true;
        }

        void detach() {
            if (db.snapshotState == this) db.snapshotState = null;
        }
    }

    private final Sink sink;
    private final List<DatabaseState> pending = new ArrayList<>();
    private long keysWritten;

    Snapshot(Keyspace keyspace, Sink sink) {
        this.sink = sink;
        for (int i = 0; i < keyspace.databaseCount(); i++) {
            Database db = keyspace.db(i);
            if (db.size() == 0) continue;
            DatabaseState state = new DatabaseState(this, db);
            db.snapshotState = state;
            pending.add(state);
            keysWritten += state.entries.length;
        }
    }

    /** Keys in the snapshot. */
    public long size() {
        return keysWritten;
    }

    /** Hands over keys until the time budget is spent; true once the whole snapshot was handed over. */
    public boolean step(long budgetNanos) {
        long deadline = System.nanoTime() + budgetNanos;
        while (!pending.isEmpty()) {
            if (!pending.get(0).step(deadline)) return false;
            pending.remove(0);
            if (System.nanoTime() > deadline) return pending.isEmpty();
        }
        return true;
    }

    /** Hands over everything at once (SAVE). */
    public void finish() {
        while (!step(Long.MAX_VALUE / 4)) {
            // step returns only when done with an unbounded budget
        }
    }

    /** Stops the snapshot: the keyspace forgets it and commands no longer deliver keys to it. */
    public void abort() {
        for (DatabaseState state : pending) state.detach();
        pending.clear();
    }
}
