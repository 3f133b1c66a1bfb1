package dev.cinnabar.memory;

import dev.cinnabar.keyspace.Database;
import dev.cinnabar.keyspace.Keyspace;
import dev.cinnabar.server.Server;

/**
 * Redis 7.2's performEvictions: while used memory is above maxmemory, deletes keys chosen by the policy until the
 * excess is freed. LRU, LFU and TTL policies sample {@code maxmemory-samples} keys of every database into the
 * {@link EvictionPool} and evict its best candidate; the random policies take a random key, one database after
 * another. Eviction stops after a time set by {@code maxmemory-eviction-tenacity} and goes on from a task between
 * client reads, so a large excess does not stall the server.
 */
final class Eviction {
    /** Memory is within the limit (or no limit applies). */
    static final int OK = 0;
    /** Still above the limit, but eviction goes on in the background: commands are not refused. */
    static final int RUNNING = 1;
    /** Above the limit and nothing (more) can be evicted: commands that may grow memory are refused. */
    static final int FAIL = 2;

    private final Server server;
    private final MemoryManager memory;
    private final EvictionPool pool = new EvictionPool();
    private EvictionPolicy policy = EvictionPolicy.NOEVICTION;
    private int nextDb;
    private boolean backgroundRunning;

    Eviction(Server server, MemoryManager memory) {
        this.server = server;
        this.memory = memory;
    }

    void setPolicy(EvictionPolicy policy) {
        if (policy != this.policy) pool.clear();   // scores of another policy mean nothing
        this.policy = policy;
    }

    EvictionPolicy policy() {
        return policy;
    }

    /** Redis's evictionTimeLimitUs: 50 us per step up to 10, then 15% more per step; unlimited at 100. */
    static long timeLimitNanos(long tenacity) {
        if (tenacity <= 10) return 50_000L * tenacity;
        if (tenacity < 100) return (long) (500.0 * Math.pow(1.15, tenacity - 10.0)) * 1000;
        return Long.MAX_VALUE;
    }

    /** When memory last went over the limit (nanoTime), 0 while within it; and the time spent over before. */
    private long exceededSince;
    private long exceededNanos;

    int perform() {
        int result = evict();
        if (result == OK) {
            if (exceededSince != 0) exceededNanos += System.nanoTime() - exceededSince;
            exceededSince = 0;
        } else if (exceededSince == 0) {
            exceededSince = System.nanoTime();
        }
        return result;
    }

    /** INFO current_eviction_exceeded_time: how long memory has been over the limit, in ms (0 when within). */
    long currentExceededMillis() {
        return exceededSince == 0 ? 0 : (System.nanoTime() - exceededSince) / 1_000_000;
    }

    /** INFO total_eviction_exceeded_time, in ms, the current period included. */
    long totalExceededMillis() {
        return exceededNanos / 1_000_000 + currentExceededMillis();
    }

    private int evict() {
        long toFree = memory.excessBytes();
        if (toFree <= 0) return OK;
        // a CLIENT PAUSE of writes holds evictions too, like expiry: the dataset must not change meanwhile
        if (server.clientPause().expiryPaused()) return OK;
        if (policy == EvictionPolicy.NOEVICTION || !memory.evictionEnabled()) return FAIL;
        long start = System.nanoTime();
        try {
            return evict(toFree, start);
        } finally {
            server.diagnostics().latency().record("eviction-cycle", (System.nanoTime() - start) / 1_000_000);
        }
    }

    private int evict(long toFree, long start) {
        long limit = timeLimitNanos(server.config().maxmemoryEvictionTenacity.value());
        long freed = 0;
        int keysFreed = 0;
        while (freed < toFree) {
            long f = policy.random() ? evictRandom() : evictFromPool();
            if (f < 0) return FAIL;                            // nothing left to evict
            freed += f;
            keysFreed++;
            if (keysFreed % 16 == 0 && System.nanoTime() - start > limit) {
                startBackground();
                return RUNNING;
            }
        }
        return backgroundRunning ? RUNNING : OK;
    }

    /** Continues an eviction cut short by its time limit, between client reads, until memory is within bounds. */
    void startBackground() {
        if (backgroundRunning) return;
        backgroundRunning = true;
        server.runLater(0, this::backgroundStep);
    }

    private void backgroundStep() {
        backgroundRunning = false;
        if (server.scripting().busy()) {
            startBackground();
            return;
        }
        server.keyspace().updateTime();
        if (perform() == RUNNING) startBackground();
        server.afterBatch();
    }

    /** Evicts the best pooled candidate, sampling more first; the bytes freed, or -1 when no key can go. */
    private long evictFromPool() {
        Keyspace keyspace = server.keyspace();
        while (true) {
            long total = 0;
            for (int i = 0; i < keyspace.databaseCount(); i++) {
                Database db = keyspace.db(i);
                long keys = policy.allKeys() ? db.size() : db.expiresSize();
                if (keys == 0) continue;
                total += keys;
                db.sampleForEviction(server.config().maxmemorySamples.intValue(), !policy.allKeys(),
                        (d, handle, bits, expireAt) -> pool.offer(d, handle, score(keyspace, bits, expireAt)));
            }
            if (total == 0) return -1;
            for (int k = pool.best(); k >= 0; k = pool.best()) {
                byte[] key = pool.key(k);
                Database db = keyspace.db(pool.db(k));
                pool.remove(k);
                // a ghost (deleted, or no longer volatile, since it was sampled) is skipped
                if (!policy.allKeys() && db.expireAt(key) == -1) continue;
                long freed = db.evict(key);
                if (freed >= 0) return freed;
            }
        }
    }

    /** The pool score of a sampled key: higher is a better victim. */
    private long score(Keyspace keyspace, int accessBits, long expireAt) {
        if (policy.lru()) {
            int now = keyspace.lruClock();
            return now >= accessBits ? now - accessBits : (0xFFFFFF - accessBits) + now;
        }
        if (policy.lfu()) return 255 - keyspace.lfuCounter(accessBits);
        return Long.MAX_VALUE - expireAt;                     // volatile-ttl: the sooner the better
    }

    /** allkeys-random / volatile-random: a random key of the next database that has one. */
    private long evictRandom() {
        Keyspace keyspace = server.keyspace();
        int n = keyspace.databaseCount();
        for (int attempt = 0; attempt < 2 * n; attempt++) {
            Database db = keyspace.db(nextDb = (nextDb + 1) % n);
            if (policy.allKeys() ? db.size() == 0 : db.expiresSize() == 0) continue;
            byte[] key;
            if (policy.allKeys()) {
                key = db.randomKeyForEviction();
            } else {
                byte[][] picked = new byte[1][];
                db.sampleForEviction(1, true, (d, handle, bits, expireAt) -> picked[0] = d.keyAt(handle));
                key = picked[0];
            }
            if (key == null) continue;
            long freed = db.evict(key);
            if (freed >= 0) return freed;
        }
        return -1;
    }
}
