package dev.cinnabar.keyspace;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;

/**
 * Hash table from binary keys to values, built for hundreds of millions of small keys: open addressing with
 * linear probing over three parallel arrays (key, value, 32-bit meta), so an entry costs its key and value plus
 * 12 bytes per slot, with no entry object. The top 8 bits of meta are a hash fingerprint that lets a probe skip
 * slots without touching the key; the low 24 bits belong to the owner (the database keeps its expire flag and LRU
 * clock there).
 *
 * <p>Growing and shrinking never stall: like Redis's dict, a resize allocates a second table and moves entries a
 * few slots at a time on each operation (and from the server cron) while both tables are searched. Tables do not
 * wrap around: each has a tail of spare slots after its power-of-two home range, so an entry always sits at or after
 * its home slot. That makes the rehash index a clean boundary (everything below it has moved) and lets SCAN visit
 * "home buckets" with Redis's reverse-binary cursor, which guarantees that a key present for the whole scan is
 * returned at least once even while the table resizes. Deletion shifts later entries back instead of leaving
 * tombstones.
 */
public final class Dict {
    public static final int MISSING = -1;
    private static final int TABLE1 = 1 << 30;          // handle bit: the slot is in the second table
    private static final int SLOT_MASK = TABLE1 - 1;
    private static final int TAIL = 256;                 // spare slots after the home range
    private static final int MIN_CAPACITY = 8;
    private static final int USER_BITS = 0x00FFFFFF;
    private static final int EMPTY_VISITS_PER_STEP = 10;
    /**
     * Entries an insert moves while a resize is under way. Inserts go to the new table, so during a shrink (new
     * table about twice the live entries, old one ten times) moving one entry per insert would let a steady
     * stream of inserts fill the new table before the old one is empty; four keeps it under 3/4 full.
     */
    private static final int INSERT_REHASH_STEPS = 4;

    private static final class Table {
        final byte[][] keys;
        final Object[] values;
        final int[] meta;
        final int mask;
        int size;

        Table(int capacity) {
            keys = new byte[capacity + TAIL][];
            values = new Object[capacity + TAIL];
            meta = new int[capacity + TAIL];
            mask = capacity - 1;
        }

        int capacity() {
            return mask + 1;
        }
    }

    private final long seed = ThreadLocalRandom.current().nextLong();
    private Table t0 = new Table(MIN_CAPACITY);
    private Table t1;                                    // non-null while rehashing
    private int rehashIndex;                             // slots of t0 below this have moved to t1
    private int pauseRehash;                             // > 0 while an iteration must not see entries move
    private int emergencyRebuilds;

    public int size() {
        return t0.size + (t1 == null ? 0 : t1.size);
    }

    public boolean isRehashing() {
        return t1 != null;
    }

    /** Home-slot count of the main table (the table being emptied while a resize is under way). */
    int capacity() {
        return t0.capacity();
    }

    /** Home-slot count of the table a resize is filling, or 0 when none is under way. */
    int resizeTargetCapacity() {
        return t1 == null ? 0 : t1.capacity();
    }

    /** How many slots of the main table a resize under way has already emptied. */
    int rehashIndex() {
        return rehashIndex;
    }

    /** Times a table's tail overflowed and forced a synchronous rebuild (should stay 0 outside attacks). */
    int emergencyRebuilds() {
        return emergencyRebuilds;
    }

    /** Number of slots (both tables during a resize), for memory reporting. */
    public long slotCount() {
        return t0.keys.length + (t1 == null ? 0 : (long) t1.keys.length);
    }

    long hash(byte[] key) {
        return Hashing.hash(key, seed);
    }

    private static int fingerprint(long hash) {
        return (int) (hash >>> 56) << 24;
    }

    // ---- lookup -------------------------------------------------------------------------------------------------

    /** A handle to the key's slot, or {@link #MISSING}. Handles stay valid until the next modification. */
    public int find(byte[] key) {
        if (size() == 0) return MISSING;
        if (t1 != null) rehashStep();
        long h = hash(key);
        int fp = fingerprint(h);
        int slot = findIn(t0, key, h, fp, t1 != null ? rehashIndex : 0);
        if (slot >= 0) return slot;
        if (t1 != null) {
            slot = findIn(t1, key, h, fp, 0);
            if (slot >= 0) return slot | TABLE1;
        }
        return MISSING;
    }

    private static int findIn(Table t, byte[] key, long h, int fp, int floor) {
        byte[][] keys = t.keys;
        int[] meta = t.meta;
        int i = Math.max((int) h & t.mask, floor);
        for (int n = keys.length; i < n; i++) {
            byte[] k = keys[i];
            if (k == null) return MISSING;
            if ((meta[i] & ~USER_BITS) == fp && Arrays.equals(k, key)) return i;
        }
        return MISSING;
    }

    public Object value(int handle) {
        return table(handle).values[handle & SLOT_MASK];
    }

    public byte[] key(int handle) {
        return table(handle).keys[handle & SLOT_MASK];
    }

    public void setValue(int handle, Object value) {
        table(handle).values[handle & SLOT_MASK] = value;
    }

    public int userBits(int handle) {
        return table(handle).meta[handle & SLOT_MASK] & USER_BITS;
    }

    public void setUserBits(int handle, int bits) {
        int[] meta = table(handle).meta;
        int i = handle & SLOT_MASK;
        meta[i] = (meta[i] & ~USER_BITS) | (bits & USER_BITS);
    }

    private Table table(int handle) {
        return (handle & TABLE1) != 0 ? t1 : t0;
    }

    public Object get(byte[] key) {
        int handle = find(key);
        return handle == MISSING ? null : value(handle);
    }

    // ---- insertion ----------------------------------------------------------------------------------------------

    /** Inserts a key that is known to be absent and returns its handle. The key array is kept, not copied. */
    public int insertNew(byte[] key, Object value, int userBits) {
        if (t1 != null) rehash(INSERT_REHASH_STEPS);
        else if (t0.size + 1 > t0.capacity() - (t0.capacity() >> 2)) startResize(t0.capacity() * 2);
        long h = hash(key);
        int meta = fingerprint(h) | (userBits & USER_BITS);
        Table target = t1 != null ? t1 : t0;
        int slot = insertInto(target, key, value, meta, h);
        if (slot < 0) {
            // The tail ran out (only under heavy collisions): rebuild at once into a larger table.
            rebuild(Math.max(target.capacity(), t0.capacity()) * 4);
            target = t0;
            slot = insertInto(target, key, value, meta, h);
            if (slot < 0) throw new IllegalStateException("hash table cannot place key");
        }
        return target == t1 ? slot | TABLE1 : slot;
    }

    /** Sets the value of a key, inserting it if absent; returns the previous value or null. */
    public Object put(byte[] key, Object value) {
        int handle = find(key);
        if (handle != MISSING) {
            Object old = value(handle);
            setValue(handle, value);
            return old;
        }
        insertNew(key, value, 0);
        return null;
    }

    private static int insertInto(Table t, byte[] key, Object value, int meta, long h) {
        byte[][] keys = t.keys;
        for (int i = (int) h & t.mask, n = keys.length; i < n; i++) {
            if (keys[i] == null) {
                keys[i] = key;
                t.values[i] = value;
                t.meta[i] = meta;
                t.size++;
                return i;
            }
        }
        return MISSING;
    }

    // ---- removal ------------------------------------------------------------------------------------------------

    /** Removes the key; returns its value, or null if it was absent. */
    public Object remove(byte[] key) {
        int handle = find(key);
        if (handle == MISSING) return null;
        Object old = value(handle);
        removeAt(handle);
        return old;
    }

    /** Removes the entry at a handle returned by {@link #find}. */
    public void removeAt(int handle) {
        Table t = table(handle);
        int floor = (t == t0 && t1 != null) ? rehashIndex : 0;
        int hole = handle & SLOT_MASK;
        byte[][] keys = t.keys;
        // Shift back later entries of the run whose home is at or before the hole, so no probe path breaks.
        for (int k = hole + 1, n = keys.length; k < n && keys[k] != null; k++) {
            int home = (int) hash(keys[k]) & t.mask;
            if (home <= hole) {
                keys[hole] = keys[k];
                t.values[hole] = t.values[k];
                t.meta[hole] = t.meta[k];
                hole = k;
            }
        }
        assert hole >= floor;
        keys[hole] = null;
        t.values[hole] = null;
        t.meta[hole] = 0;
        t.size--;
        maybeShrink();
    }

    public void clear() {
        t0 = new Table(MIN_CAPACITY);
        t1 = null;
        rehashIndex = 0;
    }

    // ---- resizing -----------------------------------------------------------------------------------------------

    private void maybeShrink() {
        if (t1 == null && t0.capacity() > MIN_CAPACITY && t0.size * 10L < t0.capacity()) {
            startResize(capacityFor(t0.size));
        }
    }

    private static int capacityFor(int entries) {
        int wanted = Math.max(MIN_CAPACITY, entries * 2);
        return Integer.highestOneBit(wanted - 1) << 1;
    }

    private void startResize(int capacity) {
        if (t1 != null || capacity == t0.capacity()) return;
        t1 = new Table(capacity);
        rehashIndex = 0;
    }

    /** Moves a few slots of the old table; a no-op unless a resize is under way and no iteration paused it. */
    public void rehashStep() {
        rehash(1);
    }

    /**
     * Moves up to {@code slots} occupied slots (visiting at most ten empty slots per occupied one) and returns
     * true if a resize is still under way afterwards.
     */
    public boolean rehash(int slots) {
        if (t1 == null || pauseRehash > 0) return t1 != null;
        Table from = t0, to = t1;
        int emptyVisits = slots * EMPTY_VISITS_PER_STEP;
        int n = from.keys.length;
        while (slots > 0 && rehashIndex < n) {
            byte[] k = from.keys[rehashIndex];
            if (k == null) {
                rehashIndex++;
                if (--emptyVisits == 0) break;
                continue;
            }
            long h = hash(k);
            int slot = insertInto(to, k, from.values[rehashIndex], from.meta[rehashIndex], h);
            if (slot < 0) {
                rebuild(to.capacity() * 2);
                return false;
            }
            from.keys[rehashIndex] = null;
            from.values[rehashIndex] = null;
            from.meta[rehashIndex] = 0;
            from.size--;
            rehashIndex++;
            slots--;
        }
        if (rehashIndex >= n || from.size == 0) {
            t0 = to;
            t1 = null;
            rehashIndex = 0;
            return false;
        }
        return true;
    }

    /** Synchronous rebuild; only used when a table's tail overflows. */
    private void rebuild(int capacity) {
        emergencyRebuilds++;
        Table fresh = new Table(capacity);
        for (Table t : t1 == null ? new Table[] {t0} : new Table[] {t0, t1}) {
            for (int i = 0; i < t.keys.length; i++) {
                if (t.keys[i] != null && insertInto(fresh, t.keys[i], t.values[i], t.meta[i], hash(t.keys[i])) < 0) {
                    rebuild(capacity * 2);
                    return;
                }
            }
        }
        t0 = fresh;
        t1 = null;
        rehashIndex = 0;
    }

    // ---- iteration ----------------------------------------------------------------------------------------------

    /** Receives entries visited by {@link #scan} and {@link #forEach}. */
    public interface EntryVisitor {
        void visit(byte[] key, Object value, int userBits);
    }

    /**
     * Visits the entries of one cursor step and returns the next cursor (0 when the scan is complete). The cursor
     * is Redis's: the home-bucket index with its bits reversed, so that it stays meaningful across resizes.
     */
    public long scan(long cursor, EntryVisitor visitor) {
        if (size() == 0) return 0;
        pauseRehash++;
        try {
            long v = cursor;
            if (t1 == null) {
                long m0 = t0.mask;
                visitHome(t0, (int) (v & m0), 0, visitor);
                v |= ~m0;
                v = Long.reverse(Long.reverse(v) + 1);
            } else {
                Table small = t0, large = t1;
                int smallFloor = rehashIndex, largeFloor = 0;
                if (small.capacity() > large.capacity()) {
                    small = t1;
                    large = t0;
                    smallFloor = 0;
                    largeFloor = rehashIndex;
                }
                long m0 = small.mask, m1 = large.mask;
                visitHome(small, (int) (v & m0), smallFloor, visitor);
                do {
                    visitHome(large, (int) (v & m1), largeFloor, visitor);
                    v |= ~m1;
                    v = Long.reverse(Long.reverse(v) + 1);
                } while ((v & (m0 ^ m1)) != 0);
            }
            return v;
        } finally {
            pauseRehash--;
        }
    }

    /** Visits the entries whose home slot is {@code home}: they sit in the occupied run that starts there. */
    private void visitHome(Table t, int home, int floor, EntryVisitor visitor) {
        byte[][] keys = t.keys;
        for (int i = Math.max(home, floor), n = keys.length; i < n && keys[i] != null; i++) {
            if (((int) hash(keys[i]) & t.mask) == home) visitor.visit(keys[i], t.values[i], t.meta[i] & USER_BITS);
        }
    }

    /** Visits every entry; the visitor must not modify the dict. */
    public void forEach(EntryVisitor visitor) {
        pauseRehash++;
        try {
            for (Table t : t1 == null ? new Table[] {t0} : new Table[] {t0, t1}) {
                for (int i = 0; i < t.keys.length; i++) {
                    if (t.keys[i] != null) visitor.visit(t.keys[i], t.values[i], t.meta[i] & USER_BITS);
                }
            }
        } finally {
            pauseRehash--;
        }
    }

    public void forEachKeyValue(BiConsumer<byte[], Object> action) {
        forEach((k, v, bits) -> action.accept(k, v));
    }

    /** A handle to a uniformly chosen slot's entry, or {@link #MISSING} when empty. */
    public int randomEntry() {
        if (size() == 0) return MISSING;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        while (true) {
            boolean second = t1 != null && rnd.nextInt(size()) >= t0.size;
            Table t = second ? t1 : t0;
            if (t.size == 0) continue;
            int start = (second || t1 == null) ? 0 : rehashIndex;
            int n = t.keys.length;
            for (int attempt = 0; attempt < 64; attempt++) {
                int i = start + rnd.nextInt(n - start);
                if (t.keys[i] != null) return second ? i | TABLE1 : i;
            }
            // Very sparse: walk from a random point.
            int from = start + rnd.nextInt(n - start);
            for (int j = 0; j < n - start; j++) {
                int i = start + (from - start + j) % (n - start);
                if (t.keys[i] != null) return second ? i | TABLE1 : i;
            }
        }
    }
}
