package dev.cinnabar.keyspace;

import java.util.ArrayList;
import java.util.List;

/**
 * One numbered database: a {@link Dict} of keys. A key's expire time is kept inside its entry (see
 * {@link Entries}), so TTL reads need no second lookup; the active expire cycle finds volatile keys by walking the
 * dict. The 24 meta bits of each entry hold the key's LRU clock (seconds) for OBJECT IDLETIME and eviction.
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

    Database(Keyspace keyspace, int id) {
        this.keyspace = keyspace;
        this.id = id;
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

    // ---- lookups ------------------------------------------------------------------------------------------------

    /** The live value of a key for a reading command (counts a hit or miss, updates the LRU clock), or null. */
    public Object lookupRead(byte[] key) {
        Object value = lookup(key, true);
        if (value == null) keyspace.stats.keyspaceMisses++;
        else keyspace.stats.keyspaceHits++;
        return value;
    }

    /** The live value of a key for a writing command, or null. */
    public Object lookupWrite(byte[] key) {
        return lookup(key, true);
    }

    /** The live value without touching the LRU clock or the hit counters (TYPE-like inspection, OBJECT, TTL). */
    public Object peek(byte[] key) {
        return lookup(key, false);
    }

    private Object lookup(byte[] key, boolean touch) {
        int h = liveHandle(key);
        if (h == Dict.MISSING) return null;
        if (touch && keyspace.touchKeys) dict.setUserBits(h, keyspace.lruClock());
        return dict.value(h);
    }

    /** The handle of a key that exists and has not expired (deleting it if it has), or MISSING. */
    private int liveHandle(byte[] key) {
        int h = dict.find(key);
        if (h == Dict.MISSING) return h;
        long when = dict.expireTime(h);
        if (when != Entries.NO_EXPIRE && when <= keyspace.now() && keyspace.expireEnabled()) {
            dict.removeAt(h);
            keyspace.stats.expiredKeys++;
            return Dict.MISSING;
        }
        return h;
    }

    public boolean exists(byte[] key) {
        return liveHandle(key) != Dict.MISSING;
    }

    /** Seconds since the key was last accessed (OBJECT IDLETIME), or -1 when the key is absent. */
    public long idleSeconds(byte[] key) {
        int h = liveHandle(key);
        if (h == Dict.MISSING) return -1;
        int lru = dict.userBits(h);
        int now = keyspace.lruClock();
        return now >= lru ? now - lru : (LRU_BITS + 1 - lru) + now;
    }

    // ---- writes -------------------------------------------------------------------------------------------------

    /**
     * Sets a key's value (Redis's setKey): an existing key's expire is removed unless keepTtl. The key array is
     * stored as it is (or copied into a packed entry), so callers must not modify it afterwards.
     */
    public void set(byte[] key, Object value, boolean keepTtl) {
        int h = liveHandle(key);
        if (h == Dict.MISSING) {
            dict.insertNew(key, value, keyspace.lruClock());
            return;
        }
        dict.setValue(h, value);
        if (!keepTtl && dict.expireTime(h) != Entries.NO_EXPIRE) dict.setExpireTime(h, Entries.NO_EXPIRE);
        dict.setUserBits(h, keyspace.lruClock());
    }

    /** Sets a key's value together with its expire time (unix ms; -1 for none), in one dict operation. */
    public void set(byte[] key, Object value, long expireAt) {
        int h = liveHandle(key);
        if (h == Dict.MISSING) {
            dict.insertNew(key, value, expireAt, keyspace.lruClock());
            return;
        }
        dict.replace(h, value, expireAt);
        dict.setUserBits(h, keyspace.lruClock());
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
        int h = dict.find(key);
        return h != Dict.MISSING && liveHandle(key) == Dict.MISSING;
    }

    // ---- whole-database operations ------------------------------------------------------------------------------

    public void clear() {
        dict.clear();
        avgTtl = 0;
        expireCursor = 0;
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
        matched.removeIf(k -> isExpired(k));
        return matched;
    }

    /** True when the key exists but its expire time has passed (it is then logically absent). */
    public boolean isExpired(byte[] key) {
        int h = dict.find(key);
        if (h == Dict.MISSING) return false;
        long when = dict.expireTime(h);
        return when != Entries.NO_EXPIRE && when <= keyspace.now();
    }

    /** A random live key, or null when the database is empty (RANDOMKEY). */
    public byte[] randomKey() {
        for (int attempts = 0; attempts < 100 && dict.size() > 0; attempts++) {
            byte[] key = dict.key(dict.randomEntry());
            if (liveHandle(key) != Dict.MISSING) return key;
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
