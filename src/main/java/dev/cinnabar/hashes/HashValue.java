package dev.cinnabar.hashes;

import dev.cinnabar.keyspace.BytesSink;
import dev.cinnabar.keyspace.Dict;
import dev.cinnabar.keyspace.RedisValue;

import java.util.Arrays;

/**
 * A hash, in one of Redis's two encodings (t_hash.c):
 *
 * <ul>
 *   <li><b>listpack</b>: every field/value pair in one {@code byte[]} ({@link PackedPairs}), in insertion order,
 *       a changed value kept in its place, exactly like Redis's listpack, so HGETALL answers in Redis's order.
 *       Lookups are linear scans, as in Redis; the encoding only holds small hashes.</li>
 *   <li><b>hashtable</b>: a {@link Dict} whose entries each pack a field with its value into one array.</li>
 * </ul>
 *
 * A hash converts to the hashtable once it holds more than hash-max-listpack-entries fields or a field or value
 * longer than hash-max-listpack-value bytes, checked where Redis checks (see {@link #prepareFor} and
 * {@link #set}); it never converts back.
 */
public final class HashValue implements RedisValue {
    /** Redis refuses to grow a listpack beyond 1 GB (lpSafeToAdd) and converts instead. */
    private static final long LISTPACK_SAFETY_SIZE = 1L << 30;
    /** Arrays up to this size grow to exactly what they need; larger ones by half again, to amortize copying. */
    private static final int EXACT_GROWTH_LIMIT = 256;
    private static final byte[] NO_PAIRS = {};

    private byte[] pairs = NO_PAIRS;   // listpack encoding; null once the hash is a hashtable
    private int used;                  // bytes of pairs in use
    private int count;                 // pairs in the listpack
    private Dict table;                // hashtable encoding

    HashValue() {}

    @Override
    public String typeName() {
        return "hash";
    }

    @Override
    public String encoding() {
        return table == null ? "listpack" : "hashtable";
    }

    @Override
    public HashValue copy() {
        HashValue copy = new HashValue();
        if (table == null) {
            copy.pairs = Arrays.copyOf(pairs, used);
            copy.used = used;
            copy.count = count;
        } else {
            Dict dict = new Dict(table.size());
            table.forEachPacked((e, fo, fl, vo, vl) -> dict.insertNew(
                    Arrays.copyOfRange(e, fo, fo + fl), Arrays.copyOfRange(e, vo, vo + vl), 0));
            copy.pairs = null;
            copy.table = dict;
        }
        return copy;
    }

    public int size() {
        return table == null ? count : table.size();
    }

    boolean isListpack() {
        return table == null;
    }

    // ---- reading --------------------------------------------------------------------------------------------

    /** Position of the field's pair in the listpack, or -1. */
    private int find(byte[] field) {
        byte[] d = pairs;
        int n = field.length;
        for (int p = 0; p < used; ) {
            int fieldLength = PackedPairs.length(d, p);
            int start = PackedPairs.start(d, p);
            int valueAt = start + fieldLength;
            if (fieldLength == n && Arrays.equals(d, start, valueAt, field, 0, n)) return p;
            p = PackedPairs.next(d, valueAt);
        }
        return -1;
    }

    /** Writes the field's value to the sink in place; false when the hash has no such field. */
    public boolean get(byte[] field, BytesSink sink) {
        if (table != null) {
            int h = table.find(field);
            return h != Dict.MISSING && table.writeStringValue(h, sink);
        }
        int p = find(field);
        if (p < 0) return false;
        int valueAt = PackedPairs.next(pairs, p);
        sink.write(pairs, PackedPairs.start(pairs, valueAt), PackedPairs.length(pairs, valueAt));
        return true;
    }

    /** A copy of the field's value, or null. */
    public byte[] get(byte[] field) {
        byte[][] found = new byte[1][];
        get(field, (a, offset, length) -> found[0] = Arrays.copyOfRange(a, offset, offset + length));
        return found[0];
    }

    public boolean contains(byte[] field) {
        return table != null ? table.find(field) != Dict.MISSING : find(field) >= 0;
    }

    /** Visits every pair in place: in insertion order for a listpack, in table order for a hashtable. */
    public void forEach(Dict.PackedVisitor visitor) {
        if (table != null) {
            table.forEachPacked(visitor);
            return;
        }
        for (int p = 0; p < used; ) p = visitAt(p, visitor);
    }

    /** Visits the listpack pair at position p; returns the position of the next pair. */
    int visitAt(int p, Dict.PackedVisitor visitor) {
        byte[] d = pairs;
        int fieldStart = PackedPairs.start(d, p);
        int fieldLength = PackedPairs.length(d, p);
        int valueAt = fieldStart + fieldLength;
        int valueStart = PackedPairs.start(d, valueAt);
        int valueLength = PackedPairs.length(d, valueAt);
        visitor.visit(d, fieldStart, fieldLength, valueStart, valueLength);
        return valueStart + valueLength;
    }

    /** Positions of the listpack's pairs, in order (for random access). */
    int[] pairPositions() {
        int[] positions = new int[count];
        for (int i = 0, p = 0; i < count; i++) {
            positions[i] = p;
            p = PackedPairs.next(pairs, PackedPairs.next(pairs, p));
        }
        return positions;
    }

    /** The hashtable, or null for a listpack. */
    Dict table() {
        return table;
    }

    // ---- writing --------------------------------------------------------------------------------------------

    /**
     * Redis's hashTypeTryConversion before a write of the field/value arguments argv[from..to]: converts when
     * they are more pairs than the listpack may hold (even if some repeat), when any of them is longer than a
     * listpack value may be, or when the listpack would pass its safety size.
     */
    void prepareFor(byte[][] argv, int from, int to, long maxEntries, long maxValue) {
        if (table != null) return;
        int newFields = (to - from + 1) / 2;
        if (newFields > maxEntries) {
            convert(newFields);
            return;
        }
        long sum = 0;
        for (int i = from; i <= to; i++) {
            int length = argv[i].length;
            if (length > maxValue) {
                convert(0);
                return;
            }
            sum += length;
        }
        if (used + sum > LISTPACK_SAFETY_SIZE) convert(0);
    }

    /**
     * Redis's hashTypeSet: sets a field, converting first when the field or value is too long for a listpack and
     * afterwards when the listpack has too many fields. Returns true when the field is new. Both encodings copy
     * the bytes; the arrays are not kept.
     */
    boolean set(byte[] field, byte[] value, long maxEntries, long maxValue) {
        if (table == null && (field.length > maxValue || value.length > maxValue)) convert(0);
        if (table != null) {
            int h = table.find(field);
            if (h != Dict.MISSING) {
                table.setValue(h, value);
                return false;
            }
            table.insertNew(field, value, 0);
            return true;
        }
        int p = find(field);
        if (p >= 0) {
            replaceValue(PackedPairs.next(pairs, p), value);
            return false;
        }
        append(field, value);
        if (count > maxEntries) convert(0);
        return true;
    }

    private void append(byte[] field, byte[] value) {
        int end = used + PackedPairs.pairSize(field.length, value.length);
        ensureCapacity(end);
        PackedPairs.write(pairs, PackedPairs.write(pairs, used, field), value);
        used = end;
        count++;
    }

    /** Replaces the value whose length prefix is at valueAt, moving the pairs after it if its size changes. */
    private void replaceValue(int valueAt, byte[] value) {
        int oldEnd = PackedPairs.next(pairs, valueAt);
        int newEnd = valueAt + PackedPairs.prefixSize(value.length) + value.length;
        if (newEnd != oldEnd) {
            int tail = used - oldEnd;
            ensureCapacity(used + newEnd - oldEnd);
            System.arraycopy(pairs, oldEnd, pairs, newEnd, tail);
            used = newEnd + tail;
        }
        PackedPairs.write(pairs, valueAt, value);
    }

    private void ensureCapacity(int needed) {
        if (needed <= pairs.length) return;
        int capacity = needed <= EXACT_GROWTH_LIMIT ? needed : (int) Math.min(Integer.MAX_VALUE - 8, needed + (needed >> 1L));
        pairs = Arrays.copyOf(pairs, capacity);
    }

    /** Removes a field; true when it was there. The caller deletes the key when the hash becomes empty. */
    boolean delete(byte[] field) {
        if (table != null) {
            int h = table.find(field);
            if (h == Dict.MISSING) return false;
            table.removeAt(h);
            return true;
        }
        int p = find(field);
        if (p < 0) return false;
        int end = PackedPairs.next(pairs, PackedPairs.next(pairs, p));
        System.arraycopy(pairs, end, pairs, p, used - end);
        used -= end - p;
        count--;
        if (pairs.length > EXACT_GROWTH_LIMIT && used < pairs.length / 2) pairs = Arrays.copyOf(pairs, used);
        return true;
    }

    /** Converts the listpack into a hashtable sized for at least {@code expected} entries. */
    private void convert(int expected) {
        Dict dict = new Dict(Math.max(expected, count));
        forEach((d, fo, fl, vo, vl) -> dict.insertNew(
                Arrays.copyOfRange(d, fo, fo + fl), Arrays.copyOfRange(d, vo, vo + vl), 0));
        table = dict;
        pairs = null;
        used = 0;
        count = 0;
    }
}
