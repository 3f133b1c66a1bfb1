package dev.cinnabar.hashes;

import dev.cinnabar.keyspace.Footprint;

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
    private static final byte[] NO_PAIRS = {};

    // Two references and nothing else keep the object at 16 bytes: millions of small hashes are common.
    private byte[] pairs = NO_PAIRS;   // listpack encoding, exactly as long as its pairs; null for a hashtable
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
            copy.pairs = pairs.clone();
        } else {
            copy.pairs = null;
            copy.table = tableOf(this, table.size());
        }
        return copy;
    }

    /** The number of fields: constant time for a hashtable, a walk over the (small) listpack otherwise. */
    public int size() {
        if (table != null) return table.size();
        int count = 0;
        for (int p = 0; p < pairs.length; p = PackedPairs.next(pairs, PackedPairs.next(pairs, p))) count++;
        return count;
    }

    public boolean isEmpty() {
        return table == null ? pairs.length == 0 : table.size() == 0;
    }

    public boolean isListpack() {
        return table == null;
    }

    /**
     * Loading: a hash of these pairs (field, value, field, value...; the fields distinct), in the listpack
     * encoding in this order, or as a hashtable.
     */
    public static HashValue ofPairs(java.util.List<byte[]> fieldsAndValues, boolean listpack) {
        HashValue hash = new HashValue();
        int n = fieldsAndValues.size();
        if (listpack) {
            int bytes = 0;
            for (byte[] s : fieldsAndValues) bytes += PackedPairs.prefixSize(s.length) + s.length;
            byte[] pairs = new byte[bytes];
            for (int i = 0, p = 0; i < n; i++) p = PackedPairs.write(pairs, p, fieldsAndValues.get(i));
            hash.pairs = pairs;
        } else {
            hash.pairs = null;
            hash.table = new Dict(n / 2);
            for (int i = 0; i < n; i += 2) hash.table.insertNew(fieldsAndValues.get(i), fieldsAndValues.get(i + 1), 0);
        }
        return hash;
    }

    // ---- reading --------------------------------------------------------------------------------------------

    /** Position of the field's pair in the listpack, or -1. */
    private int find(byte[] field) {
        byte[] d = pairs;
        int n = field.length;
        for (int p = 0, end = d.length; p < end; ) {
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
        for (int p = 0; p < pairs.length; ) p = visitAt(p, visitor);
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
        int[] positions = new int[size()];
        for (int i = 0, p = 0; i < positions.length; i++) {
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
        if (pairs.length + sum > LISTPACK_SAFETY_SIZE) convert(0);
    }

    /**
     * Redis's hashTypeSet: sets a field, converting first when the field or value is too long for a listpack and
     * afterwards when the listpack holds too many fields. Returns true when the field is new. Both encodings copy
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
        if (p >= 0) replaceValue(PackedPairs.next(pairs, p), value);
        else append(field, value);
        // Checked after an update too: the limit may have been lowered since the hash was built.
        if (size() > maxEntries) convert(0);
        return p < 0;
    }

    // The listpack array always has exactly the length of its pairs (like Redis's listpack, reallocated on every
    // change): no spare room in millions of small hashes, for a copy of at most ~40 KB per write at the default limits.

    private void append(byte[] field, byte[] value) {
        int end = pairs.length;
        pairs = Arrays.copyOf(pairs, end + PackedPairs.pairSize(field.length, value.length));
        PackedPairs.write(pairs, PackedPairs.write(pairs, end, field), value);
    }

    /** Replaces the value whose length prefix is at valueAt, moving the pairs after it if its size changes. */
    private void replaceValue(int valueAt, byte[] value) {
        int oldEnd = PackedPairs.next(pairs, valueAt);
        int newEnd = valueAt + PackedPairs.prefixSize(value.length) + value.length;
        if (newEnd != oldEnd) {
            byte[] resized = Arrays.copyOf(pairs, newEnd + pairs.length - oldEnd);
            System.arraycopy(pairs, oldEnd, resized, newEnd, pairs.length - oldEnd);
            pairs = resized;
        }
        PackedPairs.write(pairs, valueAt, value);
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
        byte[] rest = Arrays.copyOf(pairs, pairs.length - (end - p));
        System.arraycopy(pairs, end, rest, p, pairs.length - end);
        pairs = rest;
        return true;
    }

    /** Converts the listpack into a hashtable sized for at least {@code expected} entries. */
    private void convert(int expected) {
        table = tableOf(this, Math.max(expected, size()));
        pairs = null;
    }

    /** A new hashtable holding copies of the source's pairs, sized for {@code expected} entries. */
    private static Dict tableOf(HashValue source, int expected) {
        Dict dict = new Dict(expected);
        source.forEach((a, fieldOffset, fieldLength, valueOffset, valueLength) -> dict.insertNew(
                Arrays.copyOfRange(a, fieldOffset, fieldOffset + fieldLength),
                Arrays.copyOfRange(a, valueOffset, valueOffset + valueLength), 0));
        return dict;
    }

    private static final long SHELL = Footprint.object(2, 0);

    @Override
    public long memoryUsage(int samples) {
        return SHELL + (pairs != null ? Footprint.bytes(pairs.length) : table.memoryBytes());
    }
}
