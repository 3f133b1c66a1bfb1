package dev.cinnabar.tracking;

import dev.cinnabar.command.CommandFlag;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.command.KeyExtractor;
import dev.cinnabar.command.KeyRefs;
import dev.cinnabar.keyspace.ChangeListener;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.keyspace.Dict;
import dev.cinnabar.protocol.Reply;
import dev.cinnabar.server.Client;
import dev.cinnabar.server.Server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The server's client-side caching state, as Redis 7.2 keeps it. In the default mode, the invalidation table maps
 * each key a tracking client read to the ids of the clients that read it (one table for all databases: keys are
 * only names to a cache); a change to the key sends them an invalidation and forgets the key. Ids of clients that
 * left or stopped tracking are removed lazily, when their keys change. Broadcasting (BCAST) clients register
 * prefixes instead: the keys changed under each prefix are collected and sent as one message per prefix once the
 * current batch of commands is done (Redis's beforeSleep). Runs under the execution lock like every command.
 */
public final class Tracking implements ChangeListener {
    private static final byte[] INVALIDATE = ascii("invalidate");
    private static final byte[] REDIRECT_BROKEN = ascii("tracking-redir-broken");
    private static final byte[] MESSAGE = ascii("message");
    private static final byte[] CHANNEL = ascii("__redis__:invalidate");
    private static final byte[] NULL_RESP2 = ascii("$-1\r\n");
    private static final byte[] NULL_RESP3 = ascii("_\r\n");
    private static final Comparator<byte[]> BYTE_ORDER = Arrays::compareUnsigned;
    /** Redis keeps the ids of a key in a radix tree of their in-memory (little-endian) bytes: that is their order. */
    private static final Comparator<Long> ID_ORDER =
            (a, b) -> Long.compareUnsigned(Long.reverseBytes(a), Long.reverseBytes(b));
    /** What the value of an invalidation message is written by: one key, the keys of a prefix, or null. */
    private interface Keys {
        void write(Reply reply, Client tracking);
    }
    private static final Keys ALL_KEYS = (reply, tracking) -> reply.raw(tracking.protocol() == 3 ? NULL_RESP3 : NULL_RESP2);

    /** The keys changed under one prefix since the last broadcast, each with the client that changed it last. */
    private static final class Prefix {
        TreeMap<byte[], Client> changed = new TreeMap<>(BYTE_ORDER);
        final Set<Client> clients = new LinkedHashSet<>();
    }

    private final Server server;
    /** key -> the ids (a TreeSet&lt;Long&gt; in {@link #ID_ORDER}) of the clients that may cache it. */
    private final Dict table = new Dict();
    private long totalItems;
    private final TreeMap<byte[], Prefix> prefixes = new TreeMap<>(BYTE_ORDER);
    private int trackingClients;
    /** Nothing is looked up until some client has enabled tracking (Redis creates its tables then). */
    private boolean everEnabled;
    /** Invalidations for the running client's own keys, sent after its reply; null stands for "all keys". */
    private final List<byte[]> pendingForCurrent = new ArrayList<>();
    private boolean broadcastsPending;
    private boolean overLimit;
    /** Successive runs that could not bring the table under its limit: each one tries harder (Redis's timeout_counter). */
    private int limitRuns;
    private final KeyRefs keyRefs = new KeyRefs();

    public Tracking(Server server) {
        this.server = server;
    }

    // ---- INFO -----------------------------------------------------------------------------------------------------

    /** INFO tracking_clients. */
    public int trackingClients() {
        return trackingClients;
    }

    /** INFO tracking_total_keys: keys in the invalidation table. */
    public long totalKeys() {
        return table.size();
    }

    /** INFO tracking_total_items: client ids across the table, including ones left behind by departed clients. */
    public long totalItems() {
        return totalItems;
    }

    /** INFO tracking_total_prefixes. */
    public long totalPrefixes() {
        return prefixes.size();
    }

    // ---- enabling -------------------------------------------------------------------------------------------------

    /** Redis's enableTracking: turns tracking on (again) with these options; the caller has validated them. */
    void enable(Client client, long redirect, boolean bcast, boolean optin, boolean optout, boolean noloop,
                List<byte[]> newPrefixes) {
        ClientTracking t = client.tracking();
        if (t == null) {
            t = new ClientTracking();
            client.setTracking(t);
        }
        if (!t.enabled) trackingClients++;
        everEnabled = true;
        t.enabled = true;
        t.brokenRedirect = t.bcast = t.optin = t.optout = t.noloop = false;
        t.redirect = redirect;
        if (bcast) {
            t.bcast = true;
            if (newPrefixes.isEmpty()) addPrefix(client, t, new byte[0]);
            for (byte[] p : newPrefixes) addPrefix(client, t, p);
        }
        t.optin = optin;
        t.optout = optout;
        t.noloop = noloop;
    }

    private void addPrefix(Client client, ClientTracking t, byte[] prefix) {
        Prefix p = prefixes.computeIfAbsent(prefix, k -> new Prefix());
        if (p.clients.add(client)) t.prefixes.add(prefix);
    }

    /** Redis's disableTracking (CLIENT TRACKING OFF, RESET, disconnection); the client's ids stay in the table. */
    public void disable(Client client) {
        ClientTracking t = client.tracking();
        if (t == null) return;
        if (t.bcast) {
            for (byte[] prefix : t.prefixes) {
                Prefix p = prefixes.get(prefix);
                p.clients.remove(client);
                if (p.clients.isEmpty()) prefixes.remove(prefix);
            }
            t.prefixes.clear();
        }
        if (t.enabled) {
            trackingClients--;
            t.enabled = t.brokenRedirect = t.bcast = t.optin = t.optout = t.caching = t.noloop = false;
        }
    }

    // ---- remembering reads ----------------------------------------------------------------------------------------

    /**
     * After each command of a client that has used tracking (the dispatcher checks that): remembers the keys a
     * read-only command read, sends the invalidations its own command caused (after its reply, as Redis 7.2 does),
     * and ends the effect of CLIENT CACHING, which covers only the next command. {@code executed} is null for a
     * rejected command.
     */
    public void afterCommand(Client client, CommandSpec executed, byte[][] argv, int argc) {
        ClientTracking t = client.tracking();
        if (executed != null) rememberRead(client, executed, argv, argc);
        sendPending(client);
        // CLIENT CACHING applies to the next command, or to the whole of a transaction
        if (t.caching && !client.inMulti() && !isClientCommand(argv, argc)) t.caching = false;
    }

    /**
     * Remembers the keys of a read-only command for the tracking client that sent it, or that sent the EXEC or
     * script running it.
     */
    public void rememberRead(Client origin, CommandSpec cmd, byte[][] argv, int argc) {
        if (readsForTracking(cmd)) rememberKeys(origin, cmd, argv, argc);
    }

    /** Read-only commands remember their keys; read-only scripts do not (the commands they run do). */
    private static boolean readsForTracking(CommandSpec cmd) {
        if (!cmd.has(CommandFlag.READONLY)) return false;
        String name = cmd.fullName();
        return !name.equals("eval_ro") && !name.equals("evalsha_ro") && !name.equals("fcall_ro");
    }

    /**
     * Redis clears the CACHING flag after any command but CLIENT (whatever its subcommand, even a rejected one);
     * an unknown command or subcommand clears it.
     */
    private boolean isClientCommand(byte[][] argv, int argc) {
        CommandSpec cmd = server.commands().lookup(argv[0]);
        if (cmd == null || !cmd.fullName().equals("client")) return false;
        return argc < 2 || cmd.subcommands().get(
                new String(argv[1], StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT)) != null;
    }

    /**
     * Redis's trackingRememberKeys: records that {@code tracking} may now cache the keys of this command line.
     * Called for each read-only command a tracking client executes, including the ones inside MULTI/EXEC and
     * scripts (with the tracking flags of the client that sent EXEC / the script).
     */
    private void rememberKeys(Client tracking, CommandSpec cmd, byte[][] argv, int argc) {
        ClientTracking t = tracking.tracking();
        if (t == null || !t.enabled || t.bcast || !t.remembersReads()) return;
        int n = KeyExtractor.keys(cmd, argv, 0, argc, keyRefs);
        if (n == 0 || cmd.has(CommandFlag.PUBSUB)) return; // shard channels are not keys to a cache
        for (int i = 0; i < n; i++) {
            byte[] key = argv[keyRefs.position(i)];
            int h = table.find(key);
            TreeSet<Long> ids;
            if (h == Dict.MISSING) {
                ids = new TreeSet<>(ID_ORDER);
                table.insertNew(key, ids, 0);
            } else {
                ids = ids(h);
            }
            if (ids.add(tracking.id())) totalItems++;
        }
        long max = server.config().trackingTableMaxKeys.value();
        if (max != 0 && table.size() > max) overLimit = true;
    }

    @SuppressWarnings("unchecked")
    private TreeSet<Long> ids(int handle) {
        return (TreeSet<Long>) table.value(handle);
    }

    // ---- invalidation ---------------------------------------------------------------------------------------------

    @Override
    public void keyChanged(Database db, byte[] key) {
        if (everEnabled) invalidate(server.currentClient(), key, true);
    }

    /** Expiry is nobody's change: broadcasting clients hear of it even with NOLOOP (default mode keeps it). */
    @Override
    public void keyExpired(Database db, byte[] key) {
        if (everEnabled) invalidate(null, key, true);
    }

    /**
     * Redis's trackingInvalidateKey: notes the key for the broadcasting prefixes it falls under (when it really
     * changed), and sends an invalidation to every tracking client that may cache it, then forgets it.
     * {@code changedBy} is the client whose command changed it (null when the server did).
     */
    private void invalidate(Client changedBy, byte[] key, boolean broadcast) {
        if (broadcast && !prefixes.isEmpty()) noteForBroadcast(changedBy, key);
        int h = table.find(key);
        if (h == Dict.MISSING) return;
        TreeSet<Long> ids = ids(h);
        Client current = server.currentClient();
        for (long id : ids) {
            Client target = server.client(id);
            if (target == null || target.tracking() == null || !target.tracking().enabled || target.tracking().bcast) {
                continue;
            }
            if (target.tracking().noloop && target == current) continue;
            // the running client's own invalidations follow its reply
            if (target == current && server.executingClient() == target) pendingForCurrent.add(key);
            else send(target, oneKey(key));
        }
        totalItems -= ids.size();
        table.removeAt(h);
    }

    private static Keys oneKey(byte[] key) {
        return (reply, tracking) -> {
            reply.arrayHeader(1);
            reply.bulk(key);
        };
    }

    /** After the running client's command: the invalidations it caused for itself. */
    private void sendPending(Client current) {
        if (pendingForCurrent.isEmpty()) return;
        for (byte[] key : pendingForCurrent) send(current, key == null ? ALL_KEYS : oneKey(key));
        pendingForCurrent.clear();
    }

    /** FLUSHDB / FLUSHALL: every tracking client is told that all its keys are invalid, and the table is emptied. */
    @Override
    public void databaseFlushed(int db) {
        if (trackingClients > 0) {
            Client current = server.currentClient();
            for (Client c : server.clients().values()) {
                if (c.tracking() == null || !c.tracking().enabled) continue;
                if (c == current) pendingForCurrent.add(null);
                else send(c, ALL_KEYS);
            }
        }
        if (everEnabled) {
            table.clear();
            totalItems = 0;
        }
    }

    /** SWAPDB sends no invalidation in Redis 7.2: the table names keys, not databases. */
    @Override
    public void databasesSwapped(int a, int b) {
    }

    /**
     * Redis's sendTrackingMessage: writes one invalidation for the tracking client, to the client it redirects to
     * if any: a push in RESP3, a Pub/Sub message on __redis__:invalidate to a RESP2 redirect client with
     * subscriptions, nothing otherwise. A redirect client that has gone marks the redirection broken and tells a
     * RESP3 tracking client so instead.
     */
    private void send(Client tracking, Keys keys) {
        ClientTracking t = tracking.tracking();
        Client receiver = tracking;
        if (t.redirect != 0) {
            receiver = server.client(t.redirect);
            if (receiver == null) {
                t.brokenRedirect = true;
                if (tracking.protocol() == 3) {
                    push(tracking, reply -> {
                        reply.pushHeader(2);
                        reply.bulk(REDIRECT_BROKEN);
                        reply.integer(t.redirect);
                    });
                }
                return;
            }
        }
        if (receiver.protocol() == 3) {
            push(receiver, reply -> {
                reply.pushHeader(2);
                reply.bulk(INVALIDATE);
                keys.write(reply, tracking);
            });
        } else if (receiver != tracking && receiver.subscriptions().any()) {
            push(receiver, reply -> {
                reply.pushHeader(3);
                reply.bulk(MESSAGE);
                reply.bulk(CHANNEL);
                keys.write(reply, tracking);
            });
        }
    }

    /**
     * Writes a push where Redis 7.2 puts it: for the client whose command is running, after that command's reply
     * (the deferred pushes); for the client whose command is about to run (an eviction before it), straight into
     * its replies; for any other client, or one whose replies are switched off, out of band.
     */
    private void push(Client receiver, java.util.function.Consumer<Reply> message) {
        if (receiver.closing()) return;
        boolean current = receiver == server.currentClient() && !receiver.repliesSuppressed();
        if (current && server.executingClient() == receiver) {
            receiver.beginDeferredPush();
            message.accept(receiver.reply());
            receiver.endDeferredPush();
        } else if (current && server.executingClient() == null) {
            message.accept(receiver.reply());
        } else {
            receiver.beginOutOfBandReply();
            message.accept(receiver.reply());
            receiver.endOutOfBandReply();
        }
    }

    // ---- broadcasting ---------------------------------------------------------------------------------------------

    private void noteForBroadcast(Client changedBy, byte[] key) {
        for (Map.Entry<byte[], Prefix> e : prefixes.entrySet()) {
            byte[] prefix = e.getKey();
            if (prefix.length > key.length || Arrays.mismatch(prefix, 0, prefix.length, key, 0, prefix.length) >= 0) {
                continue;
            }
            e.getValue().changed.put(key, changedBy);
            broadcastsPending = true;
        }
    }

    /**
     * Redis's trackingBroadcastInvalidationMessages, run when a batch of commands (or the cron) is done: one
     * message per prefix with the keys changed under it, in byte order; a NOLOOP client gets the keys others
     * changed, or nothing.
     */
    public void sendBroadcasts() {
        if (!broadcastsPending) return;
        broadcastsPending = false;
        // copies: a client whose output passes its limit is closed on the way, leaving its prefixes
        for (Prefix p : new ArrayList<>(prefixes.values())) {
            if (!p.changed.isEmpty() && trackingClients > 0) {
                List<byte[]> all = new ArrayList<>(p.changed.keySet());
                for (Client c : new ArrayList<>(p.clients)) {
                    if (!c.tracking().enabled) continue;
                    List<byte[]> keys = all;
                    if (c.tracking().noloop) {
                        keys = new ArrayList<>();
                        for (Map.Entry<byte[], Client> e : p.changed.entrySet()) {
                            if (e.getValue() != c) keys.add(e.getKey());
                        }
                        if (keys.isEmpty()) continue;
                    }
                    List<byte[]> sent = keys;
                    send(c, (reply, tracking) -> {
                        reply.arrayHeader(sent.size());
                        for (byte[] k : sent) reply.bulk(k);
                    });
                }
            }
            p.changed = new TreeMap<>(BYTE_ORDER);
        }
    }

    // ---- tracking-table-max-keys ----------------------------------------------------------------------------------

    /** True when the table has passed tracking-table-max-keys: the next command (or the cron) evicts keys first. */
    public boolean overLimit() {
        return overLimit;
    }

    /**
     * Redis's trackingLimitUsedSlots, run before commands and in the cron while clients track: evicts random keys
     * until the table is within tracking-table-max-keys, invalidating them as if they had changed (but without
     * broadcasting). The effort grows with each run that could not get under the limit.
     */
    public void limitUsedSlots() {
        overLimit = false;
        long max = server.config().trackingTableMaxKeys.value();
        if (trackingClients == 0 || max == 0) return;
        if (table.size() <= max) {
            limitRuns = 0;
            return;
        }
        for (int effort = 100 * (limitRuns + 1); effort > 0 && table.size() > 0; effort--) {
            invalidate(null, table.key(table.randomEntry()), false);
            if (table.size() <= max) {
                limitRuns = 0;
                return;
            }
        }
        limitRuns++;
        overLimit = true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
