package dev.cinnabar.blocking;

import dev.cinnabar.keyspace.ChangeListener;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.keyspace.DbKey;
import dev.cinnabar.keyspace.Keyspace;
import dev.cinnabar.keyspace.KeyspaceListener;
import dev.cinnabar.keyspace.Values;
import dev.cinnabar.server.Client;
import dev.cinnabar.server.Server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Who waits on which key, as Redis 7.2 keeps it: per database, the clients blocked on a key in the order they
 * blocked. When a key a client waits on comes into existence, the key is marked ready; after the command that
 * created it (or the whole transaction or script) completes, each client that was waiting on a ready key and
 * whose key now holds the type it waits for re-executes its command, first come first served, until the key is
 * gone. A client whose command blocks again goes to the back of the line, keeping its original deadline.
 * Everything here runs under the server's execution lock.
 */
public final class BlockedClients implements KeyspaceListener, ChangeListener {
    private final Server server;
    private final Keyspace keyspace;
    private final Map<DbKey, ArrayDeque<Client>> waiting = new HashMap<>();
    /** Waiting keys per database index, so key creations are only watched where someone waits. */
    private final int[] waitingKeysPerDb;
    private final LinkedHashSet<DbKey> readyKeys = new LinkedHashSet<>();
    /** Per key: how many of its waiting clients also wake when it is deleted (Redis's blocking_keys_unblock_on_nokey). */
    private final Map<DbKey, Integer> waitingOnNoKey = new HashMap<>();
    private int blockedCount;
    private int withTimeoutCount;
    private boolean serving;

    public BlockedClients(Server server) {
        this.server = server;
        this.keyspace = server.keyspace();
        this.waitingKeysPerDb = new int[keyspace.databaseCount()];
        keyspace.setListener(this);
        keyspace.addChangeListener(this);
    }

    /** Clients blocked now (INFO blocked_clients). */
    public int blockedCount() {
        return blockedCount;
    }

    /** Blocked clients that have a deadline (INFO clients_in_timeout_table). */
    public int withTimeoutCount() {
        return withTimeoutCount;
    }

    /** Distinct keys some client waits on, over all databases (INFO total_blocking_keys). */
    public int waitingKeyCount() {
        return waiting.size();
    }

    /** Keys with a client that also wakes when the key is deleted (INFO total_blocking_keys_on_nokey). */
    public int waitingOnNoKeyCount() {
        return waitingOnNoKey.size();
    }

    /**
     * Blocks the client running the current command on the given keys. The command is copied so it can run
     * again when a key is ready; a client that re-executes its command and blocks again keeps its deadline.
     */
    public void block(Client client, int dbIndex, byte[][] keys, String valueType, long deadline, byte[][] argv, int argc) {
        block(client, dbIndex, keys, valueType, deadline, argv, argc, false);
    }

    /** As above; with unblockOnNoKey the command also runs again when a key it waits on is deleted or retyped. */
    public void block(Client client, int dbIndex, byte[][] keys, String valueType, long deadline, byte[][] argv, int argc,
                      boolean unblockOnNoKey) {
        BlockState previous = client.reprocessedBlock();
        if (previous != null) deadline = previous.deadline;
        byte[][] command = new byte[argc][];
        for (int i = 0; i < argc; i++) command[i] = argv[i].clone();
        BlockState state = new BlockState(dbIndex, distinct(keys), valueType, deadline, command, argc, unblockOnNoKey);
        for (byte[] key : state.keys) {
            if (unblockOnNoKey) waitingOnNoKey.merge(new DbKey(dbIndex, key), 1, Integer::sum);
            ArrayDeque<Client> line = waiting.computeIfAbsent(new DbKey(dbIndex, key), k -> {
                if (waitingKeysPerDb[dbIndex]++ == 0) keyspace.watchCreations(dbIndex, true);
                return new ArrayDeque<>();
            });
            line.addLast(client);
        }
        client.setBlockState(state);
        blockedCount++;
        if (deadline != 0) {
            withTimeoutCount++;
            long delay = Math.max(0, deadline - System.currentTimeMillis());
            state.cancelTimeout = client.connection().schedule(delay, () -> timedOut(client, state));
        }
    }

    private static byte[][] distinct(byte[][] keys) {
        List<byte[]> unique = new ArrayList<>(keys.length);
        outer:
        for (byte[] key : keys) {
            for (byte[] seen : unique) if (Arrays.equals(seen, key)) continue outer;
            unique.add(key.clone());
        }
        return unique.toArray(new byte[0][]);
    }

    /** Forgets a blocked client (it is served, timed out, unblocked or gone); returns its state, or null. */
    public BlockState remove(Client client) {
        BlockState state = client.blockState();
        if (state == null) return null;
        for (byte[] key : state.keys) {
            DbKey k = new DbKey(state.dbIndex, key);
            if (state.unblockOnNoKey) waitingOnNoKey.computeIfPresent(k, (x, n) -> n == 1 ? null : n - 1);
            ArrayDeque<Client> line = waiting.get(k);
            if (line == null) continue;
            line.remove(client);
            if (line.isEmpty()) {
                waiting.remove(k);
                if (--waitingKeysPerDb[state.dbIndex] == 0) keyspace.watchCreations(state.dbIndex, false);
            }
        }
        state.cancelTimeout.run();
        client.setBlockState(null);
        blockedCount--;
        if (state.deadline != 0) withTimeoutCount--;
        return state;
    }

    // ---- waking up ----------------------------------------------------------------------------------------------

    @Override
    public void keyCreated(Database db, byte[] key) {
        DbKey k = new DbKey(db.id(), key);
        if (waiting.containsKey(k)) readyKeys.add(new DbKey(db.id(), key.clone()));
    }

    /**
     * Redis's signalKeyAsReady for a key that already exists: a stream got an entry (XADD) or lost a group
     * (XGROUP DESTROY), which its readers must see.
     */
    public void signalReady(Database db, byte[] key) {
        if (waiting.isEmpty()) return;
        DbKey k = new DbKey(db.id(), key);
        if (waiting.containsKey(k)) readyKeys.add(new DbKey(db.id(), key.clone()));
    }

    /**
     * SWAPDB: clients stay on their database index, so keys that exist there now may serve them, and readers
     * of a group whose stream is gone must learn it.
     */
    @Override
    public void databasesSwapped(int a, int b) {
        for (DbKey k : waiting.keySet()) {
            if (k.db() != a && k.db() != b) continue;
            if (keyspace.db(k.db()).peek(k.key()) != null || waitingOnNoKey.containsKey(k)) readyKeys.add(k);
        }
    }

    /** A deleted or replaced key wakes the clients that must fail without it (Redis's signalDeletedKeyAsReady). */
    @Override
    public void keyChanged(Database db, byte[] key) {
        if (waitingOnNoKey.isEmpty()) return;
        DbKey k = new DbKey(db.id(), key);
        if (!waitingOnNoKey.containsKey(k)) return;
        Object value = db.peek(key);
        if (value == null || !Values.typeName(value).equals("stream")) readyKeys.add(new DbKey(db.id(), key.clone()));
    }

    @Override
    public void databaseFlushed(int db) {
        for (DbKey k : waitingOnNoKey.keySet()) {
            if ((db == -1 || k.db() == db) && keyspace.db(k.db()).peek(k.key()) != null) readyKeys.add(k);
        }
    }

    /** True when a command made keys ready that blocked clients wait on. */
    public boolean hasReadyKeys() {
        return !readyKeys.isEmpty();
    }

    /**
     * Serves the clients waiting on ready keys; called after each top-level command. Serving one client can make
     * more keys ready (BLMOVE pushes to its destination), which are served in the same call.
     */
    public void serveReadyKeys() {
        if (serving) return;
        serving = true;
        try {
            while (!readyKeys.isEmpty()) {
                DbKey key = readyKeys.removeFirst();
                serveKey(key);
            }
        } finally {
            serving = false;
        }
    }

    private void serveKey(DbKey key) {
        ArrayDeque<Client> line = waiting.get(key);
        if (line == null) return;
        Database db = keyspace.db(key.db());
        // at most the clients waiting now: one that blocks again goes to the back and must not loop
        for (Client client : new ArrayList<>(line)) {
            Object value = db.peek(key.key());
            BlockState state = client.blockState();
            if (state == null) continue;
            boolean served = value != null && Values.typeName(value).equals(state.valueType);
            if (served || state.unblockOnNoKey) reexecute(client, state);
        }
    }

    private void reexecute(Client client, BlockState state) {
        remove(client);
        client.beginOutOfBandReply();
        client.setReprocessedBlock(state);
        try {
            server.dispatcher().execute(client, state.argv, state.argc);
        } finally {
            client.setReprocessedBlock(null);
            client.endOutOfBandReply();
        }
    }

    // ---- giving up ----------------------------------------------------------------------------------------------

    private void timedOut(Client client, BlockState state) {
        server.executionLock().lock();
        try {
            if (client.blockState() != state) return; // served or unblocked in the meantime
            unblockWithTimeout(client);
        } finally {
            server.executionLock().unlock();
        }
    }

    /** Unblocks a client as if its timeout expired: it receives the null reply of its command. */
    public void unblockWithTimeout(Client client) {
        remove(client);
        client.beginOutOfBandReply();
        client.reply().nullArray();
        server.dispatcher().recordUnblockedCall(client, false);
        client.endOutOfBandReply();
    }

    /** CLIENT UNBLOCK ... ERROR: the client receives an UNBLOCKED error instead of a reply. */
    public void unblockWithError(Client client) {
        remove(client);
        client.beginOutOfBandReply();
        client.reply().error("UNBLOCKED client unblocked via CLIENT UNBLOCK");
        server.dispatcher().recordUnblockedCall(client, true);
        client.endOutOfBandReply();
    }
}
