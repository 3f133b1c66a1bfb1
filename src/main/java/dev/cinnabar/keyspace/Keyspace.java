package dev.cinnabar.keyspace;

import dev.cinnabar.notify.KeyspaceEvents;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * All databases of the server plus the shared notion of "now". Every command runs with a time snapshot taken
 * when it starts (as Redis does), so a key cannot expire half way through a command.
 */
public final class Keyspace {
    /** Redis's LRU clock resolution: one second. */
    private static final long LRU_RESOLUTION_MS = 1000;
    /** The counter a key starts with under an LFU policy, so new keys are not evicted at once. */
    static final int LFU_INIT_VAL = 5;
    /** LFU access bits: minutes (wrapping) above an 8-bit logarithmic counter, within the 23 access bits. */
    static final int LFU_MINUTES_MASK = Database.LRU_BITS >>> 8;
    private static final int EXPIRE_SAMPLES_PER_LOOP = 20;
    private static final int ACCEPTABLE_STALE_PERCENT = 10;

    private Database[] databases;
    public final KeyspaceStats stats = new KeyspaceStats();
    private long now = System.currentTimeMillis();
    private long cachedClockMicros = now * 1000;
    private boolean activeExpireEnabled = true;
    private boolean lazyExpireEnabled = true;
    private boolean expiryPaused;
    /** False while a client with CLIENT NO-TOUCH on runs a command. */
    boolean touchKeys = true;
    /** True under an LFU maxmemory-policy: the access bits then hold a frequency counter, not an LRU clock. */
    private boolean lfu;
    private int lfuLogFactor = 10;
    private int lfuDecayMinutes = 1;
    private int expireDbCursor;
    private KeyspaceListener listener;
    private ChangeListener[] changeListeners = new ChangeListener[0];
    /** Keyspace notifications: what write commands and expiry publish (notify-keyspace-events). */
    final KeyspaceEvents events = new KeyspaceEvents();
    /** Per database index: whether key creations are reported to the listener (some client waits on a key there). */
    private boolean[] watchedForCreations;

    public Keyspace(int databaseCount) {
        databases = new Database[databaseCount];
        for (int i = 0; i < databaseCount; i++) databases[i] = new Database(this, i, footprint);
        watchedForCreations = new boolean[databaseCount];
    }

    public void setListener(KeyspaceListener listener) {
        this.listener = listener;
    }

    /** The keyspace notifications publisher: its flags follow notify-keyspace-events. */
    public KeyspaceEvents events() {
        return events;
    }

    /** Adds a listener told of every key change, flush and swap (see {@link ChangeListener}). */
    public void addChangeListener(ChangeListener l) {
        ChangeListener[] grown = java.util.Arrays.copyOf(changeListeners, changeListeners.length + 1);
        grown[changeListeners.length] = l;
        changeListeners = grown;
    }

    void keyChanged(Database db, byte[] key) {
        for (ChangeListener l : changeListeners) l.keyChanged(db, key);
    }

    void keyExpired(Database db, byte[] key) {
        for (ChangeListener l : changeListeners) l.keyExpired(db, key);
    }

    void keyEvicted(Database db, byte[] key) {
        for (ChangeListener l : changeListeners) l.keyEvicted(db, key);
    }

    /** The footprint of all databases, kept by their dicts as they change (see {@link Dict.Total}). */
    private final Dict.Total footprint = new Dict.Total();

    /**
     * Heap bytes of all stored data: every database's entries (keys, values as last measured) and hash tables.
     * O(databases): each dict keeps its own total.
     */
    public long datasetBytes() {
        return footprint.bytes();
    }

    void databaseFlushed(int db) {
        for (ChangeListener l : changeListeners) l.databaseFlushed(db);
    }

    /** Starts or stops reporting key creations in one database to the listener. */
    public void watchCreations(int dbIndex, boolean watch) {
        watchedForCreations[dbIndex] = watch;
    }

    void keyCreated(Database db, byte[] key) {
        if (watchedForCreations[db.id()]) listener.keyCreated(db, key);
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
        cachedClockMicros = now * 1000;
    }

    /**
     * Redis's cached clock (server.ustime), which TIME inside EXEC or a script answers, in unix microseconds: the
     * start of the top-level command, moved on only while a busy script lets the other clients in (where
     * {@link #now()} stays put).
     */
    public long cachedClockMicros() {
        return cachedClockMicros;
    }

    /** Reads the clock to the microsecond: when EXEC or a script starts, and while a busy script lets others in. */
    public void refreshCachedClock() {
        cachedClockMicros = clockMicros();
    }

    /** The wall clock in unix microseconds. */
    public static long clockMicros() {
        Instant clock = Instant.now();
        return clock.getEpochSecond() * 1_000_000 + clock.getNano() / 1000;
    }

    /** Fixes the time commands see to a given instant (a transaction or script keeps the time it started at). */
    public void setTime(long nowMillis) {
        now = nowMillis;
    }

    public long now() {
        return now;
    }

    public void setTouchKeys(boolean touch) {
        this.touchKeys = touch;
    }

    /** The current LRU clock (seconds, 24 bits), as the access bits of a key touched now hold it. */
    public int lruClock() {
        return (int) ((now / LRU_RESOLUTION_MS) & Database.LRU_BITS);
    }

    /**
     * Chooses what the per-key access bits track, following maxmemory-policy: an LRU clock (the default) or, for
     * the LFU policies, a logarithmic access counter that grows with lfu-log-factor and halves every
     * lfu-decay-time minutes. Switching leaves existing bits to be reinterpreted, as in Redis.
     */
    public void setAccessTracking(boolean lfu, int logFactor, int decayMinutes) {
        this.lfu = lfu;
        this.lfuLogFactor = logFactor;
        this.lfuDecayMinutes = decayMinutes;
    }

    public boolean lfuEnabled() {
        return lfu;
    }

    /** Access bits of a key just created. */
    int initialAccessBits() {
        return lfu ? (lfuMinutes() << 8) | LFU_INIT_VAL : lruClock();
    }

    /** Access bits of a key after an access, given its current ones. */
    int touchedAccessBits(int bits) {
        if (!lfu) return lruClock();
        int counter = lfuCounter(bits);
        if (counter < 255) {
            double baseval = Math.max(0, counter - LFU_INIT_VAL);
            if (ThreadLocalRandom.current().nextDouble() < 1.0 / (baseval * lfuLogFactor + 1)) counter++;
        }
        return (lfuMinutes() << 8) | counter;
    }

    /** The access frequency held in LFU bits, decayed by the minutes elapsed since the last access. */
    public int lfuCounter(int bits) {
        int counter = bits & 0xFF;
        if (lfuDecayMinutes == 0) return counter;
        long periods = lfuMinutesSince((bits >>> 8) & LFU_MINUTES_MASK) / lfuDecayMinutes;
        return periods > counter ? 0 : counter - (int) periods;
    }

    /** LFU bits for an explicit frequency (RESTORE ... FREQ). */
    int lfuBits(int frequency) {
        return (lfuMinutes() << 8) | frequency;
    }

    private int lfuMinutes() {
        return (int) ((now / 60_000) & LFU_MINUTES_MASK);
    }

    private int lfuMinutesSince(int minutes) {
        int current = lfuMinutes();
        return current >= minutes ? current - minutes : LFU_MINUTES_MASK - minutes + current;
    }

    boolean expireEnabled() {
        return lazyExpireEnabled;
    }

    /** CLIENT PAUSE: no key is deleted for expiring; expired keys read as missing meanwhile. */
    public void setExpiryPaused(boolean paused) {
        this.expiryPaused = paused;
    }

    boolean expiryPaused() {
        return expiryPaused;
    }

    /** Off while loading the AOF: as in Redis, no key expires then (commands see every key as stored). */
    public void setLazyExpireEnabled(boolean enabled) {
        this.lazyExpireEnabled = enabled;
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
        if (listener != null) listener.databasesSwapped(a, b);
        for (ChangeListener l : changeListeners) l.databasesSwapped(a, b);
    }

    /**
     * Starts a point-in-time snapshot of every database (see {@link Snapshot}); the caller drives it with
     * {@link Snapshot#step} and must finish or abort it before starting another.
     */
    public Snapshot beginSnapshot(Snapshot.Sink sink) {
        return new Snapshot(this, sink);
    }

    public long totalKeys() {
        long n = 0;
        for (Database db : databases) n += db.size();
        return n;
    }

    public void flushAll() {
        databaseFlushed(-1);
        for (Database db : databases) db.clear();
    }

    /**
     * One run of the active expire cycle, like Redis's slow cycle: for each database in turn, sample about 20 keys
     * with a TTL (walking the dict from where the last run stopped) and delete the expired ones, repeating while more
     * than 10% of a sample was stale, until the time budget is spent.
     */
    public void activeExpireCycle(long budgetNanos) {
        if (!activeExpireEnabled || !lazyExpireEnabled || expiryPaused) return;
        long start = System.nanoTime();
        long deadline = start + budgetNanos;
        updateTime();
        List<byte[]> sampledExpired = new ArrayList<>();
        long[] sample = new long[3];                     // keys sampled, sum of live TTLs, live TTLs summed
        for (int n = 0; n < databases.length && System.nanoTime() < deadline; n++) {
            Database db = databases[expireDbCursor];
            expireDbCursor = (expireDbCursor + 1) % databases.length;
            while (db.expiresSize() > 0) {
                sampledExpired.clear();
                sample[0] = sample[1] = sample[2] = 0;
                db.expireCursor = db.dict().sampleExpiring(db.expireCursor, EXPIRE_SAMPLES_PER_LOOP,
                        EXPIRE_SAMPLES_PER_LOOP * 400, (key, when) -> {
                            long ttl = when - now;
                            sample[0]++;
                            if (ttl < 0) sampledExpired.add(key);   // Redis expires a key once now > its time
                            else if (ttl > 0) {
                                sample[1] += ttl;
                                sample[2]++;
                            }
                        });
                long sampled = sample[0];
                for (byte[] key : sampledExpired) db.expireIfDue(key);
                if (sample[2] > 0) {
                    long avg = sample[1] / sample[2];
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
