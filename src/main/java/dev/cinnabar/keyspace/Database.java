package dev.cinnabar.keyspace;

import dev.cinnabar.notify.KeyEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * One numbered database: a {@link Dict} of keys. A key's expire time is kept inside its entry (see
 * {@link Entries}), so TTL reads need no second lookup; the active expire cycle finds volatile keys by walking the
 * dict. The 24 meta bits of each entry hold the key's access data for OBJECT IDLETIME/FREQ and eviction: its LRU
 * clock (seconds), or under an LFU policy the minute of its last access above an 8-bit logarithmic access counter
 * (see {@link Keyspace#setAccessTracking}), exactly Redis's 24-bit layout.
 */
public final class Database {
    static final int LRU_BITS = 0x00FFFFFF;

    private final Keyspace keyspace;
    private int id;
    private final Dict dict = new Dict();
    /** Average TTL estimate of sampled keys, for INFO keyspace avg_ttl, maintained by the expire cycle. */
    long avgTtl;
    /** Where the active expire cycle continues walking the dict. */
    long expireCursor;
    /** Set while a snapshot has not yet handed over this database's keys: accesses deliver keys to it first. */
    Snapshot.DatabaseState snapshotState;

    Database(Keyspace keyspace, int id, Dict.Total footprint) {
        this.keyspace = keyspace;
        this.id = id;
        dict.countInto(footprint);
    }

    public int id() {
        return id;
    }

    void setId(int id) {
        this.id = id;
    }

    public int size() {
        return dict.size();
    }

    /** Number of keys with an expire time (INFO keyspace "expires"). */
    public int expiresSize() {
        return dict.expiringCount();
    }

    public long avgTtl() {
        return avgTtl;
    }

    Dict dict() {
        return dict;
    }

    /** Receives a key sampled for eviction with its access bits and expire time (-1 for none). */
    public interface EvictionCandidateVisitor {
        void visit(Database db, int handle, int accessBits, long expireAt);
    }

    /**
     * Samples up to {@code count} keys (only keys with an expire time when {@code volatileOnly}) for eviction
     * (Redis's evictionPoolPopulate sampling); the visitor may ask {@link #keyAt} for a candidate's key. Returns how
     * many were sampled.
     */
    public int sampleForEviction(int count, boolean volatileOnly, EvictionCandidateVisitor visitor) {
        int maxSlots = volatileOnly ? count * 100 : count * 10;
        return dict.sampleSome(count, volatileOnly, maxSlots,
                h -> visitor.visit(this, h, dict.userBits(h), dict.expireTime(h)));
    }

    /** A key drawn uniformly at random, or null when the database is empty (expired keys included). */
    public byte[] randomKeyForEviction() {
        int h = dict.randomEntry();
        return h == Dict.MISSING ? null : dict.key(h);
    }

    /** The key at a handle just sampled (a copy). */
    public byte[] keyAt(int handle) {
        return dict.key(handle);
    }

    /**
     * Deletes a key to free memory (Redis's deleteEvictedKeyAndPropagate): counted in evicted_keys, signalled as a
     * change no client made (WATCH, client-side caching, propagated as DEL) and published as the "evicted" event.
     * Returns the bytes freed, or -1 when the key is no longer there.
     */
    public long evict(byte[] key) {
        int h = liveHandle(key);
        if (h == Dict.MISSING) return -1;
        long freed = dict.entryBytes(h);
        dict.removeAt(h);
        keyspace.stats.evictedKeys++;
        keyspace.keyEvicted(this, key);
        notifyKeyspace(KeyEvent.EVICTED, key);
        return freed;
    }

    /** Heap bytes of this database's hash table slots alone (MEMORY STATS overhead.hashtable.main). */
    public long tableBytes() {
        return dict.memoryBytes() - dict.entriesMemoryBytes();
    }

    /** Heap bytes of this database's keys, values and table (see {@link Dict#memoryBytes}). */
    public long memoryBytes() {
        return dict.memoryBytes();
    }

    /** Parts of a collection sampled to re-measure it after a write (Redis's MEMORY USAGE default). */
    private static final int MEASURE_SAMPLES = 5;
    /** The key array of the last plain string stored, whose size the dict knows already: no re-measuring. */
    private byte[] lastStringKey;

    /** Re-measures the value at a handle if it is an object (strings are measured by the dict itself). */
    private void measure(int h, Object value) {
        if (value instanceof RedisValue v) dict.setValueBytes(h, v.memoryUsage(MEASURE_SAMPLES));
    }

    /** After a write command changed a key: a collection changed in place is measured again. */
    private void remeasure(byte[] key) {
        if (key == lastStringKey) return;
        int h = dict.find(key);
        if (h != Dict.MISSING) measure(h, dict.entry(h) instanceof byte[] ? null : dict.value(h));
    }

    /**
     * The memory a key occupies (MEMORY USAGE): its entry, key, value measured on up to {@code samples} parts
     * (0: all) and its slot; -1 when absent. Also records the fresh measure.
     */
    public long memoryUsage(byte[] key, int samples) {
        int h = dict.find(key);   // as Redis: an expired key not yet deleted is still measured
        if (h == Dict.MISSING) return -1;
        if (!(dict.entry(h) instanceof byte[])) {
            Object v = dict.value(h);
            if (v instanceof RedisValue rv) dict.setValueBytes(h, rv.memoryUsage(samples));
        }
        return dict.entryBytes(h);
    }

    // ---- lookups ------------------------------------------------------------------------------------------------

    /** The live value of a key for a reading command (counts a hit or miss, updates the access bits), or null. */
    public Object lookupRead(byte[] key) {
        return countHit(key, lookup(key, true), true);
    }

    /** What {@link #lookupReadInto} returns when it wrote a plain string value to the sink. */
    public static final Object WRITTEN = new Object();

    /**
     * {@link #lookupRead} for GET-like commands: a plain string value is handed to the sink in place (no copy) and
     * {@link #WRITTEN} is returned; any other value is returned as lookupRead would (null when absent).
     */
    public Object lookupReadInto(byte[] key, BytesSink sink) {
        return lookupInto(key, sink, true);
    }

    /**
     * {@link #lookupWrite} for read-modify-write commands (INCR...): a plain string value is handed to the sink in
     * place and {@link #WRITTEN} returned; any other value is returned (null when absent).
     */
    public Object lookupWriteInto(byte[] key, BytesSink sink) {
        return lookupInto(key, sink, false);
    }

    private Object lookupInto(byte[] key, BytesSink sink, boolean countHits) {
        int h = liveHandle(key);
        if (h == Dict.MISSING) return countHits ? countHit(key, null, true) : null;
        if (keyspace.touchKeys) dict.setUserBits(h, keyspace.touchedAccessBits(dict.userBits(h)));
        if (countHits) keyspace.stats.keyspaceHits++;
        return dict.writeStringValue(h, sink) ? WRITTEN : dict.value(h);
    }

    /**
     * The live value of a key for a command that inspects it without it counting as an access (EXISTS, TYPE,
     * TTL, OBJECT): counts a hit or miss but leaves the LRU/LFU bits alone. Null when absent.
     */
    public Object lookupReadNoTouch(byte[] key) {
        return countHit(key, lookup(key, false), true);
    }

    /** {@link #lookupReadNoTouch} without the "keymiss" event, as OBJECT looks keys up. */
    public Object lookupReadNoTouchNoNotify(byte[] key) {
        return countHit(key, lookup(key, false), false);
    }

    /** The live value of a key for a writing command, or null. */
    public Object lookupWrite(byte[] key) {
        return lookup(key, true);
    }

    /** The live value without touching the access bits or the hit counters. */
    public Object peek(byte[] key) {
        return lookup(key, false);
    }

    /** Counts a read lookup's hit or miss; a miss is also the "keymiss" event, as in Redis's lookupKey. */
    private Object countHit(byte[] key, Object value, boolean notifyMiss) {
        if (value == null) {
            keyspace.stats.keyspaceMisses++;
            if (notifyMiss) notifyKeyspace(KeyEvent.KEYMISS, key);
        } else {
            keyspace.stats.keyspaceHits++;
        }
        return value;
    }

    private Object lookup(byte[] key, boolean touch) {
        int h = liveHandle(key);
        if (h == Dict.MISSING) return null;
        if (touch && keyspace.touchKeys) dict.setUserBits(h, keyspace.touchedAccessBits(dict.userBits(h)));
        return dict.value(h);
    }

    /**
     * The handle of a key that exists and has not expired, or MISSING. An expired key is deleted on the way
     * (lazy expiry); like Redis, a key expires once the command's time is past its expire time.
     */
    private int liveHandle(byte[] key) {
        int h = dict.find(key);
        if (h == Dict.MISSING) return h;
        if (snapshotState != null) snapshotState.beforeAccess(dict.entry(h));
        long when = dict.expireTime(h);
        if (when != Entries.NO_EXPIRE && when < keyspace.now() && keyspace.expireEnabled()) {
            if (keyspace.expiryPaused()) return Dict.MISSING; // logically gone, deleted once the pause ends
            dict.removeAt(h);
            keyspace.stats.expiredKeys++;
            notifyKeyspace(KeyEvent.EXPIRED, key);
            keyspace.keyExpired(this, key);
            return Dict.MISSING;
        }
        return h;
    }

    /** Whether the dict holds the key at all, expired or not (Redis's dictFind on db->dict). */
    public boolean existsIgnoringExpiry(byte[] key) {
        return dict.find(key) != Dict.MISSING;
    }

    public boolean exists(byte[] key) {
        return liveHandle(key) != Dict.MISSING;
    }

    /** Seconds since the key was last accessed (OBJECT IDLETIME), or -1 when the key is absent. */
    public long idleSeconds(byte[] key) {
        int h = liveHandle(key);
        return h == Dict.MISSING ? -1 : idleSecondsOf(dict.userBits(h));
    }

    /** The seconds of idleness LRU access bits stand for (Redis's estimateObjectIdleTime, in seconds). */
    public long idleSecondsOf(int accessBits) {
        int now = keyspace.lruClock();
        return now >= accessBits ? now - accessBits : (LRU_BITS - accessBits) + now;
    }

    // ---- raw views for DEBUG: the stored entry, expired or not, with no side effect (Redis's dictFind) --------

    /** The stored value, even when logically expired; null when absent. */
    public Object peekIgnoringExpiry(byte[] key) {
        int h = dict.find(key);
        return h == Dict.MISSING ? null : dict.value(h);
    }

    /** The stored expire time, even when past; -1 when the key has none or is absent. */
    public long expireAtIgnoringExpiry(byte[] key) {
        int h = dict.find(key);
        return h == Dict.MISSING ? -1 : dict.expireTime(h);
    }

    /** The stored access bits (Redis's robj lru field: LRU clock or LFU counter); -1 when absent. */
    public int accessBitsIgnoringExpiry(byte[] key) {
        int h = dict.find(key);
        return h == Dict.MISSING ? -1 : dict.userBits(h);
    }

    /** Makes a live key look idle for the given seconds (RESTORE ... IDLETIME); meaningful under LRU tracking. */
    public void setIdleSeconds(byte[] key, long seconds) {
        int h = liveHandle(key);
        if (h == Dict.MISSING) return;
        long lru = keyspace.lruClock() - seconds;
        if (lru < 0) lru = Math.floorMod(lru, LRU_BITS);   // the clock wraps, as Redis's does
        dict.setUserBits(h, (int) lru & LRU_BITS);
    }

    /** The LFU access frequency of a live key (OBJECT FREQ), decayed to now; -1 when absent. */
    public int frequency(byte[] key) {
        int h = liveHandle(key);
        return h == Dict.MISSING ? -1 : keyspace.lfuCounter(dict.userBits(h));
    }

    /** Sets the LFU access frequency of a live key (RESTORE ... FREQ), 0 to 255. */
    public void setFrequency(byte[] key, int frequency) {
        int h = liveHandle(key);
        if (h != Dict.MISSING) dict.setUserBits(h, keyspace.lfuBits(frequency));
    }

    /**
     * Redis's signalModifiedKey: a write command calls it for each key it actually changed (created, modified,
     * deleted), after the change, so WATCH and client-side caching see it.
     */
    public void signalModified(byte[] key) {
        remeasure(key);
        keyspace.keyChanged(this, key);
    }

    /**
     * Redis's notifyKeyspaceEvent for a key of this database: published when the event's class is enabled in
     * notify-keyspace-events, otherwise nothing but one flag test.
     */
    public void notifyKeyspace(KeyEvent event, byte[] key) {
        keyspace.events.emit(event, key, id);
    }

    /**
     * The pair most write commands end with: {@link #signalModified} then {@link #notifyKeyspace}. Where Redis does
     * one without the other or orders them apart (a "del" after a pop, RENAME's two signals before its two
     * events), call them separately.
     */
    public void modified(KeyEvent event, byte[] key) {
        remeasure(key);
        keyspace.keyChanged(this, key);
        keyspace.events.emit(event, key, id);
    }

    // ---- writes -------------------------------------------------------------------------------------------------

    /**
     * Sets a key's value (Redis's setKey): a new key gets fresh access bits; an existing key counts as accessed
     * and its expire is removed unless keepTtl. The key array is stored as it is (or copied into a packed entry),
     * so callers must not modify it afterwards.
     */
    public void set(byte[] key, Object value, boolean keepTtl) {
        int h = liveHandle(key);
        if (h == Dict.MISSING) {
            stored(key, dict.insertNew(key, value, keyspace.initialAccessBits()), value);
            created(key);
            return;
        }
        if (keepTtl) dict.setValue(h, value);
        else dict.replace(h, value, Entries.NO_EXPIRE);
        stored(key, h, value);
        touchOverwritten(h);
    }

    private void stored(byte[] key, int h, Object value) {
        if (value instanceof byte[]) {
            lastStringKey = key;
        } else {
            lastStringKey = null;
            measure(h, value);
        }
    }

    /** Sets a key's value together with its expire time (unix ms; -1 for none), in one dict operation. */
    public void set(byte[] key, Object value, long expireAt) {
        int h = liveHandle(key);
        if (h == Dict.MISSING) {
            stored(key, dict.insertNew(key, value, expireAt, keyspace.initialAccessBits()), value);
            created(key);
            return;
        }
        dict.replace(h, value, expireAt);
        stored(key, h, value);
        touchOverwritten(h);
    }

    /** Redis's dbAdd: a key that did not exist now does (blocked clients may wait for it; the "new" event). */
    private void created(byte[] key) {
        if (snapshotState != null) snapshotState.keyCreated(key);
        keyspace.keyCreated(this, key);
        notifyKeyspace(KeyEvent.NEW, key);
    }

    private void touchOverwritten(int h) {
        if (keyspace.touchKeys) dict.setUserBits(h, keyspace.touchedAccessBits(dict.userBits(h)));
    }

    /** Replaces the value of a key that exists (after a lookup), keeping its expire. */
    public void replace(byte[] key, Object value) {
        set(key, value, true);
    }

    /** Deletes a key; returns true if it existed (and had not expired). */
    public boolean delete(byte[] key) {
        int h = liveHandle(key);
        if (h == Dict.MISSING) return false;
        dict.removeAt(h);
        return true;
    }

    /** Removes and returns a live key's value (used by RENAME, MOVE, GETDEL). */
    public Object remove(byte[] key) {
        int h = liveHandle(key);
        if (h == Dict.MISSING) return null;
        Object value = dict.value(h);
        dict.removeAt(h);
        return value;
    }

    // ---- expiry -------------------------------------------------------------------------------------------------

    /** The absolute expire time in unix milliseconds, or -1 when the key has none (or is absent). */
    public long expireAt(byte[] key) {
        int h = liveHandle(key);
        return h == Dict.MISSING ? -1 : dict.expireTime(h);
    }

    /** Sets the expire time of an existing key. */
    public void setExpire(byte[] key, long whenMillis) {
        int h = liveHandle(key);
        if (h != Dict.MISSING) dict.setExpireTime(h, whenMillis);
    }

    /** Removes the expire of a key; true if it had one. */
    public boolean persist(byte[] key) {
        int h = liveHandle(key);
        if (h == Dict.MISSING || dict.expireTime(h) == Entries.NO_EXPIRE) return false;
        dict.setExpireTime(h, Entries.NO_EXPIRE);
        return true;
    }

    /** Deletes the key if its expire time has passed; true if it did. */
    boolean expireIfDue(byte[] key) {
        return dict.find(key) != Dict.MISSING && liveHandle(key) == Dict.MISSING;
    }

    // ---- whole-database operations ------------------------------------------------------------------------------

    /** Sizes an empty database's table for the given number of keys (RDB's RESIZEDB hint). */
    public void reserve(long keys) {
        dict.reserve(keys);
    }

    /** FLUSHDB: removes every key and tells the change listeners. */
    public void flush() {
        keyspace.databaseFlushed(id);
        clear();
    }

    void clear() {
        dict.clear();
        avgTtl = 0;
        expireCursor = 0;
    }

    /**
     * Visits every entry with its expire time, expired ones not yet removed included (RDB snapshots); string
     * values are copies. The visitor must not modify the database.
     */
    public void forEachWithExpire(Dict.ExpiringEntryVisitor visitor) {
        dict.forEachWithExpire(visitor);
    }

    /** One SCAN step over this database's keys; see {@link Dict#scan}. */
    public long scan(long cursor, Dict.EntryVisitor visitor) {
        return dict.scan(cursor, visitor);
    }

    /** All live keys matching a glob pattern (KEYS). */
    public List<byte[]> keys(byte[] pattern) {
        List<byte[]> matched = new ArrayList<>();
        boolean all = pattern.length == 1 && pattern[0] == '*';
        dict.forEachKey((k, bits) -> {
            if (all || Glob.matches(pattern, k, false)) matched.add(k);
        });
        matched.removeIf(this::isExpired);
        return matched;
    }

    /**
     * True when the key exists but its expire time has passed (it is then logically absent): Redis's keyIsExpired.
     * Deletes nothing.
     */
    public boolean isExpired(byte[] key) {
        int h = dict.find(key);
        if (h == Dict.MISSING) return false;
        long when = dict.expireTime(h);
        return when != Entries.NO_EXPIRE && when < keyspace.now();
    }

    /**
     * A random live key, or null when the database has none (RANDOMKEY). Every expired key drawn is deleted, so
     * the loop ends even when all keys are expired: the database empties.
     */
    public byte[] randomKey() {
        while (dict.size() > 0) {
            byte[] key = dict.key(dict.randomEntry());
            if (liveHandle(key) != Dict.MISSING) return key;
            if (!keyspace.expireEnabled()) return key;
        }
        return null;
    }

    /** Slots currently allocated by this database's dict, for MEMORY/INFO estimates. */
    public long slotCount() {
        return dict.slotCount();
    }

    /** Advances an incremental resize for about the given time budget; true if work remains. */
    boolean rehashFor(long deadlineNanos) {
        boolean more = false;
        while (System.nanoTime() < deadlineNanos) {
            more = dict.rehash(100);
            if (!more) break;
        }
        return more;
    }
}
