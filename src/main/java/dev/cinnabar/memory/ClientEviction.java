package dev.cinnabar.memory;

import dev.cinnabar.server.Client;
import dev.cinnabar.server.ClientInfo;
import dev.cinnabar.server.Connection;
import dev.cinnabar.server.Log;
import dev.cinnabar.server.Server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Redis 7.2's client eviction (maxmemory-clients): while the memory of all normal and Pub/Sub clients together is
 * at or above the limit, the client using the most is disconnected, except clients that set CLIENT NO-EVICT.
 * Redis keeps clients in memory-size buckets updated as they change; here the check walks the clients, so it runs
 * only while a limit is set, from the cron and before commands at most once per millisecond.
 */
final class ClientEviction {
    /** Redis never lets the limit go below 128 KB, so a bad setting cannot cut everyone off. */
    private static final long MIN_LIMIT = 128 * 1024;

    private final Server server;
    private long evictedClients;
    private long lastCheckNanos;

    ClientEviction(Server server) {
        this.server = server;
    }

    /** Redis's getClientEvictionLimit: bytes, a percentage of maxmemory, or 0 for no limit. */
    long limit() {
        long configured = server.config().maxmemoryClients.value();
        long maxmemory = server.config().maxmemory.value();
        long limit;
        if (configured < 0 && maxmemory > 0) limit = (long) ((double) maxmemory * -configured / 100);
        else if (configured > 0) limit = configured;
        else return 0;
        return Math.max(limit, MIN_LIMIT);
    }

    /** A client's memory as CLIENT LIST's tot-mem counts it (query buffer, reply buffers, queued transaction). */
    static long memory(Client c) {
        Connection conn = c.connection();
        long multi = c.transactionOrNull() == null ? 0 : c.transactionOrNull().queuedBytes();
        return conn.queryBufferLength() + conn.queryBufferFree() + conn.replyBufferSize() + conn.pendingOutputBytes()
                + multi;
    }

    /** Checks at most once a millisecond (the walk over clients is not free); see {@link #evict}. */
    void evictIfDue() {
        long now = System.nanoTime();
        if (now - lastCheckNanos < 1_000_000) return;
        lastCheckNanos = now;
        evict();
    }

    void evict() {
        long limit = limit();
        if (limit == 0) return;
        List<Client> evictable = new ArrayList<>();
        long total = 0;
        for (Client c : server.clients().values()) {
            if (c.type() != Client.Type.NORMAL && c.type() != Client.Type.PUBSUB) continue;
            total += memory(c);                          // NO-EVICT clients count, but are never chosen
            if (!c.noEvict()) evictable.add(c);
        }
        if (total < limit) return;
        evictable.sort(Comparator.comparingLong(ClientEviction::memory).reversed());
        for (Client c : evictable) {
            if (total < limit) return;
            total -= memory(c);
            Log.notice("Evicting client: " + ClientInfo.describe(c, null));
            server.kill(c);
            evictedClients++;
        }
        if (total >= limit) Log.warning("Over client maxmemory after evicting all evictable clients");
    }

    long evictedClients() {
        return evictedClients;
    }
}
