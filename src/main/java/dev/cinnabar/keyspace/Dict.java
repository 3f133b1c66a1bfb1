package dev.cinnabar.keyspace;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hash table from binary keys to values, built for hundreds of millions of small keys.
 *
 * <p>Layout: open addressing with linear probing over two parallel arrays, entries and a 32-bit meta word. An entry
 * is encoded by {@link Entries}: a string key is one packed {@code byte[]} (key, optional expire time, value), so a
 * small string key costs one array plus 8 bytes per slot, with no node object. The top 8 bits of meta are a hash
 * fingerprint that lets a probe skip slots without touching the entry; the low 24 bits belong to the owner (the
 * database keeps its LRU clock there). Values read back from a packed entry are copies: callers never share the
 * stored bytes, and store a changed value again with {@link #setValue}.
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
    /** Random slots {@link #randomEntry} tries before it counts its way to a random entry instead. */
    private static final int RANDOM_DRAWS = 1000;
    /**
     * Entries an insert moves while a resize is under way. Inserts go to the new table, so during a shrink (new
     * table about twice the live entries, old one ten times) moving one entry per insert would let a steady
     * stream of inserts fill the new table before the old one is empty; four keeps it under 3/4 full.
     */
    private static final int INSERT_REHASH_STEPS = 4;

    private static final class Table {
        final Object[] entries;
        final int[] meta;
        final int mask;
        int size;
        /** One past the highest slot an entry was ever placed in: every entry sits below it. */
        int highWater;

        Table(int capacity) {
            entries = new Object[capacity + TAIL];
            meta = new int[capacity + TAIL];
            mask = capacity - 1;
        }

        int capacity() {
            return mask + 1;
        }

        void clearSlot(int i) {
            entries[i] = null;
            meta[i] = 0;
        }
    }

    private final long seed = ThreadLocalRandom.current().nextLong();
    private Table t0;
    private Table t1;                                    // non-null while rehashing
    private int rehashIndex;                             // slots of t0 below this have moved to t1
    private int pauseRehash;                             // > 0 while an iteration must not see entries move
    private int expiring;                                // entries that carry an expire time
    private long entryBytes;                             // heap footprint of the entries (see Entries.footprint)
    private long tableBytes;                             // heap footprint of the slot arrays of t0 and t1
    private Total total;                                 // where changes of both are also added, if anywhere
    private int emergencyRebuilds;

    public Dict() {
        t0 = new Table(MIN_CAPACITY);
        tablesChanged();
    }

    /** A table sized up front for about {@code expectedEntries} entries, so that filling it causes no resize. */
    public Dict(int expectedEntries) {
        t0 = new Table(capacityFor(expectedEntries));
        tablesChanged();
    }

    private static int capacityFor(long expectedEntries) {
        long wanted = Math.max(MIN_CAPACITY, expectedEntries + (expectedEntries + 2) / 3);   // stays <= 3/4 full
        return (int) Math.min(1 << 29, Long.highestOneBit(wanted - 1) << 1);
    }

    /** Sizes an empty table for about {@code expectedEntries} entries up front (loading a dump: no resizes). */
    public void reserve(long expectedEntries) {
        if (size() != 0 || t1 != null) return;
        int capacity = capacityFor(expectedEntries);
        if (capacity > t0.capacity()) {
            t0 = new Table(capacity);
            tablesChanged();
        }
    }

    public int size() {
        return t0.size + (t1 == null ? 0 : t1.size);
    }

    /** Number of entries with an expire time. */
    public int expiringCount() {
        return expiring;
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

    /** Bytes of one slot: a reference in the entries array and an int of meta. */
    private static final long SLOT_BYTES = Footprint.REFERENCE + 4;

    /**
     * The heap this dict occupies: its entries (string entries exactly, other values as last measured, see
     * {@link #setValueBytes}) and its slot arrays. Maintained as entries come and go: O(1).
     */
    public long memoryBytes() {
        return entryBytes + tableBytes;
    }

    /** Recomputes the slot arrays' footprint after a table was created or dropped. */
    private void tablesChanged() {
        long tables = Footprint.references(t0.entries.length) + Footprint.ints(t0.meta.length);
        if (t1 != null) tables += Footprint.references(t1.entries.length) + Footprint.ints(t1.meta.length);
        if (total != null) total.bytes += tables - tableBytes;
        tableBytes = tables;
    }

    /**
     * A running sum of several dicts' {@link #memoryBytes} (the databases: used_memory's dataset), kept as they
     * change, so reading it costs one field, whatever the number of dicts.
     */
    public static final class Total {
        private long bytes;

        public long bytes() {
            return bytes;
        }
    }

    /** From now on this dict's footprint is part of the total. */
    public void countInto(Total sum) {
        total = sum;
        sum.bytes += memoryBytes();
    }

    private void entryBytesChanged(long delta) {
        entryBytes += delta;
        if (total != null) total.bytes += delta;
    }

    /** The heap of the entries alone (keys and values), without the slot arrays. */
    public long entriesMemoryBytes() {
        return entryBytes;
    }

    /** The footprint of one entry as {@link #memoryBytes} counts it (key, value and entry) plus its slot. */
    public long entryBytes(int handle) {
        return Entries.footprint(table(handle).entries[handle & SLOT_MASK]) + SLOT_BYTES;
    }

    /**
     * Records the measured size of an object value (not a packed string, whose size the dict knows itself), so
     * that {@link #memoryBytes} follows values that grow and shrink in place. No effect on packed entries.
     */
    public void setValueBytes(int handle, long bytes) {
        if (table(handle).entries[handle & SLOT_MASK] instanceof Entries.ObjectEntry e) {
            entryBytesChanged(bytes - e.valueBytes);
            e.valueBytes = bytes;
        }
    }

    /** Number of slots (both tables during a resize), for memory reporting. */
    public long slotCount() {
        return t0.entries.length + (t1 == null ? 0 : (long) t1.entries.length);
    }

    private static int fingerprint(long hash) {
        return (int) (hash >>> 56) << 24;
    }

    // ---- lookup -------------------------------------------------------------------------------------------------

    /** A handle to the key's slot, or {@link #MISSING}. Handles stay valid until the next modification. */
    public int find(byte[] key) {
        return find(key, 0, key.length);
    }

    /** {@link #find(byte[])} for the key made of {@code length} bytes of the array starting at {@code offset}. */
    public int find(byte[] key, int offset, int length) {
        if (size() == 0) return MISSING;
        if (t1 != null) rehashStep();
        long h = Hashing.hash(key, offset, length, seed);
        int fp = fingerprint(h);
        int slot = findIn(t0, key, offset, length, h, fp, t1 != null ? rehashIndex : 0);
        if (slot >= 0) return slot;
        if (t1 != null) {
            slot = findIn(t1, key, offset, length, h, fp, 0);
            if (slot >= 0) return slot | TABLE1;
        }
        return MISSING;
    }

    private static int findIn(Table t, byte[] key, int offset, int length, long h, int fp, int floor) {
        Object[] entries = t.entries;
        int[] meta = t.meta;
        int i = Math.max((int) h & t.mask, floor);
        for (int n = entries.length; i < n; i++) {
            Object e = entries[i];
            if (e == null) return MISSING;
            if ((meta[i] & ~USER_BITS) == fp && Entries.keyEquals(e, key, offset, length)) return i;
        }
        return MISSING;
    }

    /** The value at a handle; a string value is returned as a fresh copy. */
    /** The entry object at a handle (see {@link Entries}). */
    Object entry(int handle) {
        return table(handle).entries[handle & SLOT_MASK];
    }

    public Object value(int handle) {
        return Entries.value(table(handle).entries[handle & SLOT_MASK]);
    }

    /** Writes the value at a handle to the sink without copying if it is a packed string; false otherwise. */
    public boolean writeStringValue(int handle, BytesSink sink) {
        return Entries.writeValue(table(handle).entries[handle & SLOT_MASK], sink);
    }

    /**
     * Hands the packed string entry at a handle to the visitor in place (no copy); false when the entry holds
     * another kind of value.
     */
    public boolean visitPacked(int handle, PackedVisitor visitor) {
        return Entries.visitPacked(table(handle).entries[handle & SLOT_MASK], visitor);
    }

    /** The key at a handle (a copy for string entries; never modify it). */
    public byte[] key(int handle) {
        return Entries.key(table(handle).entries[handle & SLOT_MASK]);
    }

    /** Writes the key bytes at a handle to the sink without copying them. */
    public void writeKey(int handle, BytesSink sink) {
        Entries.writeKey(table(handle).entries[handle & SLOT_MASK], sink);
    }

    /** Replaces the value at a handle, keeping the key and meta. */
    public void setValue(int handle, Object value) {
        Object[] entries = table(handle).entries;
        int i = handle & SLOT_MASK;
        long before = Entries.footprint(entries[i]);
        entries[i] = Entries.withValue(entries[i], value);
        entryBytesChanged(Entries.footprint(entries[i]) - before);
    }

    public int userBits(int handle) {
        return table(handle).meta[handle & SLOT_MASK] & USER_BITS;
    }

    public void setUserBits(int handle, int bits) {
        int[] meta = table(handle).meta;
        int i = handle & SLOT_MASK;
        meta[i] = (meta[i] & ~USER_BITS) | (bits & USER_BITS);
    }

    /** The entry's expire time in unix milliseconds, or -1 when it has none. */
    public long expireTime(int handle) {
        return Entries.expireAt(table(handle).entries[handle & SLOT_MASK]);
    }

    /** Sets (when >= 0) or removes (when -1) the entry's expire time. */
    public void setExpireTime(int handle, long expireAt) {
        Object[] entries = table(handle).entries;
        int i = handle & SLOT_MASK;
        boolean had = Entries.expireAt(entries[i]) != Entries.NO_EXPIRE;
        long before = Entries.footprint(entries[i]);
        entries[i] = Entries.withExpire(entries[i], expireAt);
        entryBytesChanged(Entries.footprint(entries[i]) - before);
        expiring += (expireAt != Entries.NO_EXPIRE ? 1 : 0) - (had ? 1 : 0);
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
        return insertNew(key, value, Entries.NO_EXPIRE, userBits);
    }

    /** Inserts an absent key with an expire time (-1 for none) and returns its handle. */
    public int insertNew(byte[] key, Object value, long expireAt, int userBits) {
        if (t1 != null) rehash(INSERT_REHASH_STEPS);
        else if (t0.size + 1 > t0.capacity() - (t0.capacity() >> 2)) startResize(t0.capacity() * 2);
        long h = Hashing.hash(key, seed);
        int meta = fingerprint(h) | (userBits & USER_BITS);
        Object entry = Entries.make(key, value, expireAt);
        Table target = t1 != null ? t1 : t0;
        int slot = insertInto(target, entry, meta, h);
        if (slot < 0) {
            // The tail ran out (only under heavy collisions): rebuild at once into a larger table.
            rebuild(Math.max(target.capacity(), t0.capacity()) * 4);
            target = t0;
            slot = insertInto(target, entry, meta, h);
            if (slot < 0) throw new IllegalStateException("hash table cannot place key");
        }
        if (expireAt != Entries.NO_EXPIRE) expiring++;
        entryBytesChanged(Entries.footprint(entry));
        return target == t1 ? slot | TABLE1 : slot;
    }

    /** Replaces the value and expire time (-1 for none) at a handle in one step, keeping key and meta. */
    public void replace(int handle, Object value, long expireAt) {
        Object[] entries = table(handle).entries;
        int i = handle & SLOT_MASK;
        boolean had = Entries.expireAt(entries[i]) != Entries.NO_EXPIRE;
        long before = Entries.footprint(entries[i]);
        entries[i] = Entries.withValueAndExpire(entries[i], value, expireAt);
        entryBytesChanged(Entries.footprint(entries[i]) - before);
        expiring += (expireAt != Entries.NO_EXPIRE ? 1 : 0) - (had ? 1 : 0);
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

    private static int insertInto(Table t, Object entry, int meta, long h) {
        Object[] entries = t.entries;
        for (int i = (int) h & t.mask, n = entries.length; i < n; i++) {
            if (entries[i] == null) {
                entries[i] = entry;
                t.meta[i] = meta;
                t.size++;
                if (i >= t.highWater) t.highWater = i + 1;
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
        int hole = handle & SLOT_MASK;
        Object[] entries = t.entries;
        if (Entries.expireAt(entries[hole]) != Entries.NO_EXPIRE) expiring--;
        entryBytesChanged(-Entries.footprint(entries[hole]));
        // Shift back later entries of the run whose home is at or before the hole, so no probe path breaks.
        for (int k = hole + 1, n = entries.length; k < n && entries[k] != null; k++) {
            int home = (int) Entries.hash(entries[k], seed) & t.mask;
            if (home <= hole) {
                entries[hole] = entries[k];
                t.meta[hole] = t.meta[k];
                hole = k;
            }
        }
        t.clearSlot(hole);
        t.size--;
        maybeShrink();
    }

    public void clear() {
        expiring = 0;
        entryBytesChanged(-entryBytes);
        t0 = new Table(MIN_CAPACITY);
        t1 = null;
        tablesChanged();
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
        tablesChanged();
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
        int n = from.entries.length;
        while (slots > 0 && rehashIndex < n) {
            Object e = from.entries[rehashIndex];
            if (e == null) {
                rehashIndex++;
                if (--emptyVisits == 0) break;
                continue;
            }
            if (insertInto(to, e, from.meta[rehashIndex], Entries.hash(e, seed)) < 0) {
                rebuild(to.capacity() * 2);
                return false;
            }
            from.clearSlot(rehashIndex);
            from.size--;
            rehashIndex++;
            slots--;
        }
        if (rehashIndex >= n || from.size == 0) {
            t0 = to;
            t1 = null;
            tablesChanged();
            rehashIndex = 0;
            return false;
        }
        return true;
    }

    /** Synchronous rebuild; only used when a table's tail overflows. */
    private void rebuild(int capacity) {
        emergencyRebuilds++;
        Table fresh = new Table(capacity);
        for (Table t : tables()) {
            for (int i = 0; i < t.entries.length; i++) {
                Object e = t.entries[i];
                if (e != null && insertInto(fresh, e, t.meta[i], Entries.hash(e, seed)) < 0) {
                    rebuild(capacity * 2);
                    return;
                }
            }
        }
        t0 = fresh;
        t1 = null;
        tablesChanged();
        rehashIndex = 0;
    }

    /**
     * The entries present now, in one compact array: a snapshot's point-in-time list of keys. The entry objects are
     * shared, not copied, so whoever walks them must make sure they are not changed in place meanwhile (see
     * {@link Snapshot}).
     */
    Object[] copyEntries() {
        Object[] copy = new Object[size()];
        int n = 0;
        for (Table t : tables()) {
            Object[] entries = t.entries;
            for (int i = 0; i < entries.length; i++) if (entries[i] != null) copy[n++] = entries[i];
        }
        return copy;
    }

    private Table[] tables() {
        return t1 == null ? new Table[] {t0} : new Table[] {t0, t1};
    }

    // ---- iteration ----------------------------------------------------------------------------------------------

    /** Receives entries visited by {@link #scan} and {@link #forEach}; string values are copies. */
    public interface EntryVisitor {
        void visit(byte[] key, Object value, int userBits);
    }

    /**
     * Receives a packed string entry in place: its key and its value are ranges of one array, which must not be
     * modified or kept. Collections whose dict holds only strings (hash fields) read them this way without copies.
     */
    public interface PackedVisitor {
        void visit(byte[] entry, int keyOffset, int keyLength, int valueOffset, int valueLength);
    }

    /** Receives keys visited by {@link #forEachKey}. */
    public interface KeyVisitor {
        void visit(byte[] key, int userBits);
    }

    /**
     * Receives key bytes in place (no copy) from {@link #forEachKeyWhile}: the key is
     * {@code length} bytes of the array starting at {@code offset}; the array must not be modified or kept.
     * Returning false stops an iteration.
     */
    public interface KeySliceVisitor {
        boolean visit(byte[] array, int offset, int length);
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
        Object[] entries = t.entries;
        for (int i = Math.max(home, floor), n = entries.length; i < n && entries[i] != null; i++) {
            Object e = entries[i];
            if (((int) Entries.hash(e, seed) & t.mask) == home) visitor.visit(Entries.key(e), Entries.value(e), t.meta[i] & USER_BITS);
        }
    }

    /** Visits every entry; the visitor must not modify the dict. */
    public void forEach(EntryVisitor visitor) {
        iterate((e, bits) -> visitor.visit(Entries.key(e), Entries.value(e), bits));
    }

    /** Receives an entry with its expire time (unix ms, or -1 for none). */
    public interface ExpiringEntryVisitor {
        void visit(byte[] key, Object value, long expireAt);
    }

    /** Visits every entry with its expire time; the visitor must not modify the dict. */
    public void forEachWithExpire(ExpiringEntryVisitor visitor) {
        iterate((e, bits) -> visitor.visit(Entries.key(e), Entries.value(e), Entries.expireAt(e)));
    }

    /** Visits every key without materializing values; the visitor must not modify the dict. */
    public void forEachKey(KeyVisitor visitor) {
        iterate((e, bits) -> visitor.visit(Entries.key(e), bits));
    }

    /** Visits every packed string entry in place (entries holding other values are skipped); no modification. */
    public void forEachPacked(PackedVisitor visitor) {
        iterate((e, bits) -> Entries.visitPacked(e, visitor));
    }

    private interface SlotVisitor {
        void visit(Object entry, int userBits);
    }

    private void iterate(SlotVisitor visitor) {
        pauseRehash++;
        try {
            for (Table t : tables()) {
                for (int i = 0; i < t.entries.length; i++) {
                    if (t.entries[i] != null) visitor.visit(t.entries[i], t.meta[i] & USER_BITS);
                }
            }
        } finally {
            pauseRehash--;
        }
    }

    /**
     * Visits every key in place until the visitor returns false; returns false if it stopped early. The visitor
     * must not modify the dict.
     */
    public boolean forEachKeyWhile(KeySliceVisitor visitor) {
        pauseRehash++;
        try {
            for (Table t : tables()) {
                Object[] entries = t.entries;
                for (int i = 0; i < entries.length; i++) {
                    if (entries[i] != null && !Entries.visitKey(entries[i], visitor)) return false;
                }
            }
            return true;
        } finally {
            pauseRehash--;
        }
    }

    /** Receives entries with an expire time found by {@link #sampleExpiring}. */
    public interface ExpiringVisitor {
        void visit(byte[] key, long expireAt);
    }

    /**
     * Walks the slots from a position cursor, visiting entries that carry an expire time, until {@code wanted}
     * were found or {@code maxSlots} slots were looked at; returns where to continue (0 after a full pass). This is
     * how the active expire cycle samples volatile keys without a second index.
     */
    public long sampleExpiring(long cursor, int wanted, int maxSlots, ExpiringVisitor visitor) {
        if (expiring == 0) return 0;
        pauseRehash++;
        try {
            Table[] tables = tables();
            long total = 0;
            for (Table t : tables) total += t.entries.length;
            long pos = cursor >= total ? 0 : cursor;
            for (int seen = 0, found = 0; seen < maxSlots && found < wanted; seen++) {
                Table t = pos < t0.entries.length ? t0 : t1;
                int i = (int) (t == t0 ? pos : pos - t0.entries.length);
                Object e = t.entries[i];
                if (e != null) {
                    long when = Entries.expireAt(e);
                    if (when != Entries.NO_EXPIRE) {
                        visitor.visit(Entries.key(e), when);
                        found++;
                    }
                }
                if (++pos >= total) return 0;
            }
            return pos;
        } finally {
            pauseRehash--;
        }
    }

    /** Receives the handles of entries sampled by {@link #sampleSome}; it must not modify the dict. */
    public interface HandleVisitor {
        void visit(int handle);
    }

    /**
     * Redis's dictGetSomeKeys: visits up to {@code count} entries found by walking consecutive slots from a random
     * one (wrapping around), only entries with an expire time when {@code expiringOnly}, looking at no more than
     * {@code maxSlots} slots. Returns how many were visited. Cheap and good enough for eviction's sampling; not a
     * uniform draw.
     */
    public int sampleSome(int count, boolean expiringOnly, int maxSlots, HandleVisitor visitor) {
        if (size() == 0 || (expiringOnly && expiring == 0)) return 0;
        pauseRehash++;
        try {
            // the slots that can hold entries: the old table from the rehash index, then the new one, each up to
            // its high water mark (the spare tail beyond it is empty and would only waste the walk)
            int floor = t1 == null ? 0 : Math.min(rehashIndex, t0.highWater);
            long n0 = t0.highWater - floor;
            long total = n0 + (t1 == null ? 0 : t1.highWater);
            if (total == 0) return 0;
            long pos = ThreadLocalRandom.current().nextLong(total);
            int found = 0;
            for (int seen = 0; seen < maxSlots && found < count; seen++) {
                boolean second = pos >= n0;
                int i = (int) (second ? pos - n0 : pos + floor);
                Object e = (second ? t1 : t0).entries[i];
                if (e != null && (!expiringOnly || Entries.expireAt(e) != Entries.NO_EXPIRE)) {
                    visitor.visit(second ? i | TABLE1 : i);
                    found++;
                }
                if (++pos == total) pos = 0;
            }
            return found;
        } finally {
            pauseRehash--;
        }
    }

    /**
     * A handle to an entry chosen uniformly at random, or {@link #MISSING} when empty. A table is picked in
     * proportion to its entries, then slots of it are drawn until one holds an entry (rejection sampling, so every
     * entry is equally likely whatever the clustering). Tables shrink below a tenth full, so that takes about ten
     * draws; a table left much sparser (sized up front for entries that never came) gets an exact draw by counting.
     */
    public int randomEntry() {
        if (size() == 0) return MISSING;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        boolean second = t1 != null && rnd.nextInt(size()) >= t0.size;
        Table t = second ? t1 : t0;
        int start = (second || t1 == null) ? 0 : rehashIndex;
        int span = t.highWater - start;
        for (int draw = 0; draw < RANDOM_DRAWS; draw++) {
            int i = start + rnd.nextInt(span);
            if (t.entries[i] != null) return second ? i | TABLE1 : i;
        }
        for (int i = start, skip = rnd.nextInt(t.size); ; i++) {
            if (t.entries[i] != null && skip-- == 0) return second ? i | TABLE1 : i;
        }
    }
}
