package dev.cinnabar.keyspace;

import java.util.ArrayList;
import java.util.List;

/**
 * All databases of the server plus the shared notion of "now". Every command runs with a time snapshot taken
 * when it starts (as Redis does), so a key cannot expire half way through a command.
 */
public final class Keyspace {
    /** Redis's LRU clock resolution: one second. */
    private static final long LRU_RESOLUTION_MS = 1000;
    private static final int EXPIRE_SAMPLES_PER_LOOP = 20;
    private static final int ACCEPTABLE_STALE_PERCENT = 10;

    private Database[] databases;
    public final KeyspaceStats stats = new KeyspaceStats();
    private long now = System.currentTimeMillis();
    private boolean activeExpireEnabled = true;
    private boolean lazyExpireEnabled = true;
    /** False while a client with CLIENT NO-TOUCH on runs a command. */
    boolean touchKeys = true;
    private int expireDbCursor;

    public Keyspace(int databaseCount) {
        databases = new Database[databaseCount];
        for (int i = 0; i < databaseCount; i++) databases[i] = new Database(this, i);
    }

    public int databaseCount() {
        return databases.length;
    }

    public Database db(int index) {
        return databases[index];
    }

    /** Called at the start of every command: fixes the time the command sees. */
    public void updateTime() {
        now = System.currentTimeMillis();
    }

    public long now() {
        return now;
    }

    public void setTouchKeys(boolean touch) {
        this.touchKeys = touch;
    }

    int lruClock() {
        return (int) ((now / LRU_RESOLUTION_MS) & Database.LRU_BITS);
    }

    boolean expireEnabled() {
        return lazyExpireEnabled;
    }

    public void setActiveExpireEnabled(boolean enabled) {
        this.activeExpireEnabled = enabled;
    }

    public boolean activeExpireEnabled() {
        return activeExpireEnabled;
    }

    /** SWAPDB: clients keep their database index, so swapping the objects swaps what they see. */
    public void swap(int a, int b) {
        Database da = databases[a];
        databases[a] = databases[b];
        databases[b] = da;
        databases[a].setId(a);
        databases[b].setId(b);
    }

    public long totalKeys() {
        long n = 0;
        for (Database db : databases) n += db.size();
        return n;
    }

    public void flushAll() {
        for (Database db : databases) db.clear();
    }

    /**
     * One run of the active expire cycle, like Redis's slow cycle: for each database in turn, sample about 20 keys
     * with a TTL (walking the dict from where the last run stopped) and delete the expired ones, repeating while more
     * than 10% of a sample was stale, until the time budget is spent.
     */
    public void activeExpireCycle(long budgetNanos) {
        if (!activeExpireEnabled || !lazyExpireEnabled) return;
        long start = System.nanoTime();
        long deadline = start + budgetNanos;
        updateTime();
        List<byte[]> sampledExpired = new ArrayList<>();
        long[] sampleTtlSum = new long[2];
        for (int n = 0; n < databases.length && System.nanoTime() < deadline; n++) {
            Database db = databases[expireDbCursor];
            expireDbCursor = (expireDbCursor + 1) % databases.length;
            while (db.expiresSize() > 0) {
                sampledExpired.clear();
                sampleTtlSum[0] = sampleTtlSum[1] = 0;
                db.expireCursor = db.dict().sampleExpiring(db.expireCursor, EXPIRE_SAMPLES_PER_LOOP,
                        EXPIRE_SAMPLES_PER_LOOP * 400, (key, when) -> {
                            long ttl = when - now;
                            if (ttl <= 0) sampledExpired.add(key);
                            else {
                                sampleTtlSum[0] += ttl;
                                sampleTtlSum[1]++;
                            }
                        });
                int sampled = sampledExpired.size() + (int) sampleTtlSum[1];
                for (byte[] key : sampledExpired) db.expireIfDue(key);
                if (sampleTtlSum[1] > 0) {
                    long avg = sampleTtlSum[0] / sampleTtlSum[1];
                    db.avgTtl = db.avgTtl == 0 ? avg : (db.avgTtl / 50) * 49 + avg / 50;
                }
                if (sampled == 0 || sampledExpired.size() * 100 <= sampled * ACCEPTABLE_STALE_PERCENT) break;
                if (System.nanoTime() >= deadline) break;
            }
        }
        stats.expireCycleCpuMillis += (System.nanoTime() - start) / 1_000_000;
    }

    /** Spends up to the given time advancing resizes of the databases' dicts (Redis's incremental rehash cron). */
    public void rehashIncrementally(long budgetNanos) {
        long deadline = System.nanoTime() + budgetNanos;
        for (Database db : databases) {
            if (db.rehashFor(deadline)) return;
        }
    }
}
