package dev.cinnabar.streams;

import dev.cinnabar.keyspace.Footprint;

import dev.cinnabar.lists.Listpack;

import java.util.Arrays;

/**
 * One node of a stream: a run of entries stored as Redis stores them, in listpack entry format (so the node's size
 * in bytes, which decides when a new node starts, is the one Redis computes). The listpack's first two elements
 * (live and deleted entry counts) are kept as fields; the array holds the rest: the master entry (the field names
 * of the node's first entry and a 0 terminator), then each entry as flags, ms and seq deltas from the master ID,
 * the field count and fields unless they are the master's, the values, and the number of elements before it.
 */
final class StreamNode {
    static final int FLAG_DELETED = 1;
    static final int FLAG_SAME_FIELDS = 2;
    /** Bytes of a listpack's header and end marker. */
    private static final int LISTPACK_OVERHEAD = 7;

    final long masterMs;
    final long masterSeq;
    byte[] lp;
    int used;
    /** Elements in {@link #lp} (the listpack has two more: the counts). */
    int elements;
    int count;
    int deleted;
    final int masterFieldCount;
    /** Offset of the first entry, after the master entry. */
    final int firstEntry;

    /** A node whose master entry takes its fields from argv[fieldPos], argv[fieldPos + 2]... */
    StreamNode(StreamId master, byte[][] argv, int fieldPos, int numFields, int initialCapacity) {
        this.masterMs = master.ms();
        this.masterSeq = master.seq();
        int size = Listpack.integerEntrySize(numFields) + Listpack.integerEntrySize(0);
        for (int i = 0; i < numFields; i++) size += Listpack.entrySize(argv[fieldPos + 2 * i]);
        lp = new byte[Math.max(size, initialCapacity)];
        Listpack.writeIntegerEntry(lp, 0, numFields);
        int p = Listpack.integerEntrySize(numFields);
        for (int i = 0; i < numFields; i++) {
            byte[] f = argv[fieldPos + 2 * i];
            Listpack.write(lp, p, f);
            p += Listpack.entrySize(f);
        }
        Listpack.writeIntegerEntry(lp, p, 0);
        p += Listpack.integerEntrySize(0);
        used = p;
        elements = numFields + 2;
        masterFieldCount = numFields;
        firstEntry = p;
    }

    /** A node read from a listpack blob (RDB): the elements after the two counts. */
    StreamNode(StreamId master, byte[] elementsBytes, int elementCount, int count, int deleted) {
        this.masterMs = master.ms();
        this.masterSeq = master.seq();
        this.lp = elementsBytes;
        this.used = elementsBytes.length;
        this.elements = elementCount;
        this.count = count;
        this.deleted = deleted;
        this.masterFieldCount = (int) Listpack.integerValue(lp, 0);
        int p = Listpack.entryLength(lp, 0);
        for (int i = 0; i < masterFieldCount; i++) p += Listpack.entryLength(lp, p);
        this.firstEntry = p + Listpack.entryLength(lp, p);
    }

    private StreamNode(StreamNode o) {
        masterMs = o.masterMs;
        masterSeq = o.masterSeq;
        lp = Arrays.copyOf(o.lp, o.used);
        used = o.used;
        elements = o.elements;
        count = o.count;
        deleted = o.deleted;
        masterFieldCount = o.masterFieldCount;
        firstEntry = o.firstEntry;
    }

    StreamNode copy() {
        return new StreamNode(this);
    }

    StreamId masterId() {
        return new StreamId(masterMs, masterSeq);
    }

    /** lpBytes of the node as Redis would have it. */
    long listpackBytes() {
        return LISTPACK_OVERHEAD + Listpack.integerEntrySize(count) + Listpack.integerEntrySize(deleted) + used;
    }

    /** The node's listpack as Redis stores it (RDB). */
    byte[] toListpack() {
        int total = (int) listpackBytes();
        byte[] out = new byte[total];
        writeLe32(out, 0, total);
        int n = elements + 2;
        out[4] = (byte) (n < 65535 ? n : 65535);
        out[5] = (byte) ((n < 65535 ? n : 65535) >> 8);
        int p = 6;
        Listpack.writeIntegerEntry(out, p, count);
        p += Listpack.integerEntrySize(count);
        Listpack.writeIntegerEntry(out, p, deleted);
        p += Listpack.integerEntrySize(deleted);
        System.arraycopy(lp, 0, out, p, used);
        out[total - 1] = (byte) 0xFF;
        return out;
    }

    private static void writeLe32(byte[] b, int p, int v) {
        for (int i = 0; i < 4; i++) b[p + i] = (byte) (v >>> (8 * i));
    }

    /** Releases the spare capacity (a node that will take no more entries). */
    void shrink() {
        if (lp.length != used) lp = Arrays.copyOf(lp, used);
    }

    /** Whether the field names at argv[fieldPos], argv[fieldPos + 2]... are exactly the master entry's. */
    boolean sameFieldsAsMaster(byte[][] argv, int fieldPos, int numFields) {
        if (numFields != masterFieldCount) return false;
        int p = Listpack.entryLength(lp, 0);
        for (int i = 0; i < numFields; i++) {
            if (!elementEquals(p, argv[fieldPos + 2 * i])) return false;
            p += Listpack.entryLength(lp, p);
        }
        return true;
    }

    private boolean elementEquals(int p, byte[] s) {
        if (Listpack.isString(lp, p)) {
            int off = Listpack.stringOffset(lp, p);
            return Arrays.equals(lp, off, off + Listpack.stringLength(lp, p), s, 0, s.length);
        }
        return Listpack.isInteger(s, 0, s.length)
                && Listpack.parseInteger(s, 0, s.length) == Listpack.integerValue(lp, p);
    }

    /** Appends an entry (the node has room by the caller's rules); sizes grow as Redis's preallocation does. */
    void append(StreamId id, byte[][] argv, int fieldPos, int numFields, int maxCapacity) {
        boolean same = sameFieldsAsMaster(argv, fieldPos, numFields);
        int flags = same ? FLAG_SAME_FIELDS : 0;
        long msDelta = id.ms() - masterMs;
        long seqDelta = id.seq() - masterSeq;
        long lpCount = 3 + numFields + (same ? 0 : numFields + 1);
        int size = Listpack.integerEntrySize(flags) + Listpack.integerEntrySize(msDelta)
                + Listpack.integerEntrySize(seqDelta) + Listpack.integerEntrySize(lpCount);
        if (!same) size += Listpack.integerEntrySize(numFields);
        for (int i = 0; i < numFields; i++) {
            if (!same) size += Listpack.entrySize(argv[fieldPos + 2 * i]);
            size += Listpack.entrySize(argv[fieldPos + 2 * i + 1]);
        }
        if (used + size > lp.length) {
            int grown = Math.max(used + size, Math.min(Math.max(lp.length * 2, 64), Math.max(maxCapacity, used + size)));
            lp = Arrays.copyOf(lp, grown);
        }
        int p = used;
        p = writeInt(p, flags);
        p = writeInt(p, msDelta);
        p = writeInt(p, seqDelta);
        if (!same) p = writeInt(p, numFields);
        for (int i = 0; i < numFields; i++) {
            if (!same) p = writeElement(p, argv[fieldPos + 2 * i]);
            p = writeElement(p, argv[fieldPos + 2 * i + 1]);
        }
        p = writeInt(p, lpCount);
        used = p;
        elements += (int) lpCount + 1;
        count++;
    }

    private int writeInt(int p, long v) {
        Listpack.writeIntegerEntry(lp, p, v);
        return p + Listpack.integerEntrySize(v);
    }

    private int writeElement(int p, byte[] s) {
        Listpack.write(lp, p, s);
        return p + Listpack.entrySize(s);
    }

    // ---- reading entries ----------------------------------------------------------------------------------------

    long intAt(int p) {
        return Listpack.integerValue(lp, p);
    }

    int next(int p) {
        return p + Listpack.entryLength(lp, p);
    }

    /** Offset of the first master field name. */
    int masterFieldsStart() {
        return Listpack.entryLength(lp, 0);
    }

    /** Offset of the flags of the entry that ends (exclusive, after its lp-count) at end. */
    int entryStartBefore(int end) {
        int countPos = Listpack.entryStartBefore(lp, end);
        long back = intAt(countPos);
        int p = countPos;
        for (long i = 0; i < back; i++) p = Listpack.entryStartBefore(lp, p);
        return p;
    }

    /** Marks the entry whose flags are at p deleted (the flag values all take one byte). */
    void markDeleted(int p) {
        lp[p] = (byte) (lp[p] | FLAG_DELETED);
        count--;
        deleted++;
    }

    /** Heap bytes of this node: the object and its entries' buffer. */
    long footprint() {
        return Footprint.object(1, 40) + Footprint.bytes(lp.length);
    }
}
