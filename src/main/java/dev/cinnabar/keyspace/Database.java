package dev.cinnabar.keyspace;

import java.util.ArrayList;
import java.util.List;

/**
 * One numbered database: the main dict of keys plus, as in Redis, a second dict holding the expire time of the
 * keys that have one. A flag bit in each key's meta says whether it has an expire, so reads of keys without a TTL
 * never touch the expires dict. The low 23 meta bits hold the key's access data for OBJECT IDLETIME/FREQ and
 * eviction: its LRU clock (seconds), or under an LFU policy the minute of its last access above an 8-bit
 * logarithmic access counter (see {@link Keyspace#setAccessTracking}).
 */
public final class Database {
    static final int HAS_EXPIRE = 1 << 23;
    static final int LRU_BITS = HAS_EXPIRE - 1;

    private final Keyspace keyspace;
    private int id;
    private final Dict dict = new Dict();
    private final Dict expires = new Dict();
    /** Average TTL estimate of sampled keys, for INFO keyspace avg_ttl, maintained by the expire cycle. */
    long avgTtl;
    /** Where the active expire cycle continues scanning the expires dict. */
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

    public int expiresSize() {
        return expires.size();
    }

    public long avgTtl() {
        return avgTtl;
    }

    Dict dict() {
        return dict;
    }

    Dict expires() {
        return expires;
    }

    // ---- lookups ------------------------------------------------------------------------------------------------

    /** The live value of a key for a reading command (counts a hit or miss, updates the access bits), or null. */
    public Object lookupRead(byte[] key) {
        return countHit(lookup(key, true));
    }

    /**
     * The live value of a key for a command that inspects it without it counting as an access (EXISTS, TYPE,
     * TTL, OBJECT): counts a hit or miss but leaves the LRU/LFU bits alone. Null when absent.
     */
    public Object lookupReadNoTouch(byte[] key) {
        return countHit(lookup(key, false));
    }

    /** The live value of a key for a writing command, or null. */
    public Object lookupWrite(byte[] key) {
        return lookup(key, true);
    }

    /** The live value without touching the access bits or the hit counters, or null. */
    public Object peek(byte[] key) {
        return lookup(key, false);
    }

    private Object countHit(Object value) {
        if (value == null) keyspace.stats.keyspaceMisses++;
        else keyspace.stats.keyspaceHits++;
        return value;
    }

    private Object lookup(byte[] key, boolean touch) {
        int h = dict.find(key);
        if (h == Dict.MISSING) return null;
        int bits = dict.userBits(h);
        if ((bits & HAS_EXPIRE) != 0 && expireIfDue(key)) return null;
        if (touch && keyspace.touchKeys) dict.setUserBits(h, (bits & HAS_EXPIRE) | keyspace.touchedAccessBits(bits & LRU_BITS));
        return dict.value(h);
    }

    public boolean exists(byte[] key) {
        return peek(key) != null;
    }

    /** Seconds since the key was last accessed (OBJECT IDLETIME), or -1 when the key is absent. */
    public long idleSeconds(byte[] key) {
        if (peek(key) == null) return -1;
        int lru = dict.userBits(dict.find(key)) & LRU_BITS;
        int now = keyspace.lruClock();
        return now >= lru ? now - lru : (LRU_BITS - lru) + now;
    }

    /** Makes a live key look idle for the given seconds (RESTORE ... IDLETIME); meaningful under LRU tracking. */
    public void setIdleSeconds(byte[] key, long seconds) {
        int h = dict.find(key);
        if (h == Dict.MISSING) return;
        long lru = keyspace.lruClock() - seconds;
        if (lru < 0) lru = Math.floorMod(lru, LRU_BITS);   // the clock wraps, as Redis's does
        dict.setUserBits(h, (dict.userBits(h) & HAS_EXPIRE) | ((int) lru & LRU_BITS));
    }

    /** The LFU access frequency of a live key (OBJECT FREQ), decayed to now; -1 when absent. */
    public int frequency(byte[] key) {
        if (peek(key) == null) return -1;
        return keyspace.lfuCounter(dict.userBits(dict.find(key)) & LRU_BITS);
    }

    /** Sets the LFU access frequency of a live key (RESTORE ... FREQ), 0 to 255. */
    public void setFrequency(byte[] key, int frequency) {
        int h = dict.find(key);
        if (h == Dict.MISSING) return;
        dict.setUserBits(h, (dict.userBits(h) & HAS_EXPIRE) | keyspace.lfuBits(frequency));
    }

    // ---- writes -------------------------------------------------------------------------------------------------

    /**
     * Sets a key's value (Redis's setKey): a new key gets fresh access bits; an existing key counts as accessed
     * and keeps its bits otherwise; its expire is removed unless keepTtl. The key array is stored as it is, so
     * callers must not reuse it.
     */
    public void set(byte[] key, Object value, boolean keepTtl) {
        int h = dict.find(key);
        if (h == Dict.MISSING) {
            dict.insertNew(key, value, keyspace.initialAccessBits());
            return;
        }
        if ((dict.userBits(h) & HAS_EXPIRE) != 0 && expireIfDue(key)) {
            dict.insertNew(key, value, keyspace.initialAccessBits());
            return;
        }
        dict.setValue(h, value);
        int bits = dict.userBits(h);
        if (!keepTtl && (bits & HAS_EXPIRE) != 0) {
            expires.remove(key);
            bits &= ~HAS_EXPIRE;
        }
        int access = keyspace.touchKeys ? keyspace.touchedAccessBits(bits & LRU_BITS) : bits & LRU_BITS;
        dict.setUserBits(h, (bits & HAS_EXPIRE) | access);
    }

    /** Replaces the value of a key that exists (after a lookup), keeping its expire. */
    public void replace(byte[] key, Object value) {
        set(key, value, true);
    }

    /** Deletes a key; returns true if it existed (and was not already expired). */
    public boolean delete(byte[] key) {
        int h = dict.find(key);
        if (h == Dict.MISSING) return false;
        boolean hadExpire = (dict.userBits(h) & HAS_EXPIRE) != 0;
        if (hadExpire && expireIfDue(key)) return false;
        dict.removeAt(h);
        if (hadExpire) expires.remove(key);
        return true;
    }

    /** Removes and returns a live key's value, keeping nothing of it (used by RENAME, MOVE, GETDEL). */
    public Object remove(byte[] key) {
        Object value = peek(key);
        if (value != null) delete(key);
        return value;
    }

    // ---- expiry -------------------------------------------------------------------------------------------------

    /** The absolute expire time in unix milliseconds, or -1 when the key has none (or is absent). */
    public long expireAt(byte[] key) {
        int h = dict.find(key);
        if (h == Dict.MISSING || (dict.userBits(h) & HAS_EXPIRE) == 0) return -1;
        Object when = expires.get(key);
        return when == null ? -1 : (Long) when;
    }

    /** Sets the expire time of an existing key. */
    public void setExpire(byte[] key, long whenMillis) {
        int h = dict.find(key);
        if (h == Dict.MISSING) return;
        byte[] storedKey = dict.key(h);
        dict.setUserBits(h, dict.userBits(h) | HAS_EXPIRE);
        expires.put(storedKey, whenMillis);
    }

    /** Removes the expire of a key; true if it had one. */
    public boolean persist(byte[] key) {
        int h = dict.find(key);
        if (h == Dict.MISSING || (dict.userBits(h) & HAS_EXPIRE) == 0) return false;
        dict.setUserBits(h, dict.userBits(h) & ~HAS_EXPIRE);
        expires.remove(key);
        return true;
    }

    /** Deletes the key if its expire time has passed (Redis: the command's time is after it); true if it did. */
    boolean expireIfDue(byte[] key) {
        Object when = expires.get(key);
        if (when == null || (Long) when >= keyspace.now()) return false;
        if (!keyspace.expireEnabled()) return false;
        int h = dict.find(key);
        dict.removeAt(h);
        expires.remove(key);
        keyspace.stats.expiredKeys++;
        return true;
    }

    // ---- whole-database operations ------------------------------------------------------------------------------

    public void clear() {
        dict.clear();
        expires.clear();
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
        long now = keyspace.now();
        dict.forEach((k, v, bits) -> {
            if ((bits & HAS_EXPIRE) != 0 && isExpiredAt(k, now)) return;
            if (all || Glob.matches(pattern, k, false)) matched.add(k);
        });
        return matched;
    }

    boolean isExpiredAt(byte[] key, long now) {
        Object when = expires.get(key);
        return when != null && (Long) when < now;
    }

    /**
     * A random live key, or null when the database has none (RANDOMKEY). Every expired key drawn is deleted, so
     * the loop ends even when all keys are expired: the database empties.
     */
    public byte[] randomKey() {
        while (dict.size() > 0) {
            int h = dict.randomEntry();
            byte[] key = dict.key(h);
            if ((dict.userBits(h) & HAS_EXPIRE) != 0 && expireIfDue(key)) continue;
            return key;
        }
        return null;
    }

    /** Slots currently allocated by this database's dicts, for MEMORY/INFO estimates. */
    public long slotCount() {
        return dict.slotCount() + expires.slotCount();
    }

    /** Advances an incremental resize of either dict for about the given time budget; true if work remains. */
    boolean rehashFor(long deadlineNanos) {
        boolean more = false;
        while (System.nanoTime() < deadlineNanos) {
            more = dict.rehash(100) | expires.rehash(100);
            if (!more) break;
        }
        return more;
    }
}
