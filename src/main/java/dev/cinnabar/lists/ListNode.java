package dev.cinnabar.lists;

import dev.cinnabar.compression.Lzf;
import dev.cinnabar.keyspace.Footprint;

import java.util.Arrays;

/**
 * One listpack: a run of list elements in Redis's listpack entry format ({@link Listpack}), held in a gap buffer
 * so that both ends grow and shrink in O(1) amortized time. A list in the listpack encoding is one node; a
 * quicklist is a doubly linked chain of them. Capacities are powers of two, so a node filled up to Redis's size
 * limit (4 KB, 8 KB...) wastes almost nothing.
 * <p>
 * A quicklist node may be compressed (list-compress-depth): its whole listpack, header and end byte included, is
 * kept LZF-compressed in {@link #lzf} and {@link #buf} is null; start/end then still span the entry bytes, so sizes
 * are known without decompressing. Decompressing "for use" keeps the compressed copy, so that putting the node back
 * after a read costs nothing; any change drops it. Every mutator first makes sure the node is raw.
 */
final class ListNode {
    private static final int MIN_CAPACITY = 16;
    /** Redis's MIN_COMPRESS_BYTES: smaller listpacks are not worth compressing. */
    static final int MIN_COMPRESS_BYTES = 48;
    /** Redis's MIN_COMPRESS_IMPROVE: compression must save at least this many bytes to be kept. */
    static final int MIN_COMPRESS_IMPROVE = 8;
    private static final ThreadLocal<byte[][]> SCRATCH = ThreadLocal.withInitial(() -> new byte[2][]);

    byte[] buf;
    /** The entries occupy buf[start, end). */
    int start;
    int end;
    int count;
    ListNode prev;
    ListNode next;
    /** The compressed listpack: the node's only form while buf is null, a still valid copy while in use. */
    byte[] lzf;
    /** Decompressed for use: to be compressed again once the operation is done (Redis's node->recompress). */
    boolean recompress;
    /** Compressing the current content was tried and did not pay (saves retrying; any change clears it). */
    private boolean incompressible;

    private ListNode(byte[] buf, int start, int end, int count) {
        this.buf = buf;
        this.start = start;
        this.end = end;
        this.count = count;
    }

    /** An empty node whose free space lies after (appending) or before (prepending) its future entries. */
    static ListNode empty(int expectedBytes, boolean forAppend) {
        byte[] buf = new byte[capacityFor(expectedBytes)];
        int at = forAppend ? 0 : buf.length;
        return new ListNode(buf, at, at, 0);
    }

    /** lpBytes: what the node's listpack takes in Redis (entries plus header and end marker). */
    long bytes() {
        return (long) (end - start) + Listpack.EMPTY_BYTES;
    }

    int used() {
        return end - start;
    }

    ListNode copy() {
        if (isCompressed()) {
            ListNode copy = new ListNode(null, 0, used(), count);
            copy.lzf = lzf;   // never modified in place: a change replaces the node's array
            return copy;
        }
        byte[] data = new byte[capacityFor(used())];
        int at = (data.length - used()) / 2;
        System.arraycopy(buf, start, data, at, used());
        return new ListNode(data, at, at + used(), count);
    }

    // ---- compression ----------------------------------------------------------------------------------------------

    boolean isCompressed() {
        return buf == null;
    }

    /**
     * Redis's __quicklistCompressNode: compresses the node if its listpack is at least MIN_COMPRESS_BYTES long and
     * LZF saves at least MIN_COMPRESS_IMPROVE bytes (the compressor gets as much room as the input, as in Redis, so
     * the bytes are Redis's). Returns whether the node is compressed now.
     */
    boolean compress() {
        if (isCompressed()) return true;
        recompress = false;
        int sz = (int) bytes();
        if (sz < MIN_COMPRESS_BYTES || incompressible) return false;
        if (lzf == null) {
            byte[][] scratch = SCRATCH.get();
            if (scratch[0] == null || scratch[0].length < sz + 1) {
                scratch[0] = new byte[Math.max(sz + 1, 4096)];
                scratch[1] = new byte[Math.max(sz + 1, 4096)];
            }
            byte[] listpack = scratch[0];
            writeListpack(listpack);
            int n = Lzf.get().compress(listpack, sz, scratch[1], sz);
            if (n == 0 || n + MIN_COMPRESS_IMPROVE >= sz) {
                incompressible = true;
                return false;
            }
            lzf = Arrays.copyOf(scratch[1], n);
        }
        buf = null;
        end = used();
        start = 0;
        return true;
    }

    /** The node's listpack as Redis holds it (header, entries, end byte) into out[0, bytes()). */
    private void writeListpack(byte[] out) {
        int sz = (int) bytes();
        for (int i = 0; i < 4; i++) out[i] = (byte) (sz >>> (8 * i));
        int header = Math.min(count, Listpack.UNKNOWN_COUNT);
        out[4] = (byte) header;
        out[5] = (byte) (header >>> 8);
        System.arraycopy(buf, start, out, Listpack.HEADER_BYTES, used());
        out[sz - 1] = (byte) Listpack.END;
    }

    /** Redis's __quicklistDecompressNode (when compressed): the node becomes raw for good. */
    void decompress() {
        if (!isCompressed()) return;
        inflate();
        lzf = null;
        recompress = false;
    }

    /** quicklistDecompressNodeForUse: raw until the operation ends, then compressed again (at no cost if unchanged). */
    void decompressForUse() {
        if (!isCompressed()) return;
        inflate();
        recompress = true;
    }

    private void inflate() {
        int sz = (int) bytes();
        byte[] data = new byte[sz];
        if (Lzf.decompress(lzf, lzf.length, data, sz) != sz) throw new IllegalStateException("corrupt compressed list node");
        buf = data;
        start = Listpack.HEADER_BYTES;
        end = sz - 1;
        incompressible = false;
    }

    /** Before any change: the node must be raw, and what was known about its compressed form no longer holds. */
    private void changing() {
        if (isCompressed()) decompressForUse();
        lzf = null;
        incompressible = false;
    }

    /** For reads: makes sure buf holds the entries (a compressed node is decompressed for use). */
    void readable() {
        if (isCompressed()) decompressForUse();
    }

    // ---- positions ----------------------------------------------------------------------------------------------

    /** Byte offset of the entry at index (0 <= index < count), walking from the nearer end. */
    int offsetOf(int index) {
        readable();
        if (index <= count / 2) {
            int p = start;
            for (int i = 0; i < index; i++) p += Listpack.entryLength(buf, p);
            return p;
        }
        int p = end;
        for (int i = count; i > index; i--) p = Listpack.entryStartBefore(buf, p);
        return p;
    }

    int lastOffset() {
        readable();
        return Listpack.entryStartBefore(buf, end);
    }

    // ---- insertion ----------------------------------------------------------------------------------------------

    void pushFirst(byte[] element) {
        changing();
        int n = Listpack.entrySize(element);
        int at = openGap(start, n);
        Listpack.write(buf, at, element);
        count++;
    }

    void pushLast(byte[] element) {
        changing();
        int n = Listpack.entrySize(element);
        int at = openGap(end, n);
        Listpack.write(buf, at, element);
        count++;
    }

    /** Inserts the element so that its entry starts at byte offset pos (an entry boundary or end). */
    void insertAt(int pos, byte[] element) {
        changing();
        int n = Listpack.entrySize(element);
        int at = openGap(pos, n);
        Listpack.write(buf, at, element);
        count++;
    }

    /** Copies an already encoded entry to the front or back of this node. */
    void pushEncoded(byte[] src, int off, int len, boolean first) {
        changing();
        int at = openGap(first ? start : end, len);
        System.arraycopy(src, off, buf, at, len);
        count++;
    }

    /** Replaces the entry at offset pos by the element. */
    void replaceAt(int pos, byte[] element) {
        changing();
        int oldLen = Listpack.entryLength(buf, pos);
        int n = Listpack.entrySize(element);
        if (n != oldLen) pos = openGap(removeBytes(pos, pos + oldLen), n);
        Listpack.write(buf, pos, element);
    }

    /**
     * Makes n free bytes at byte position pos (start <= pos <= end) and returns where they begin. An end with room
     * takes the bytes directly; a middle insertion moves the shorter side that has room; otherwise the data is
     * re-centred in its array, or moved to a larger one when the array is full. Never more copying per operation
     * than Redis's memmove of the whole listpack, and pushes at either end are amortized O(1).
     */
    private int openGap(int pos, int n) {
        int roomLeft = start;
        int roomRight = buf.length - end;
        if (pos == end && roomRight >= n) {
            end += n;
            return pos;
        }
        if (pos == start && roomLeft >= n) {
            start -= n;
            return start;
        }
        if (roomLeft + roomRight < n) return relocate(new byte[capacityFor(used() + n)], pos, n, false);
        if (pos != start && pos != end) {
            int before = pos - start;
            int after = end - pos;
            if (roomLeft >= n && (before <= after || roomRight < n)) {
                System.arraycopy(buf, start, buf, start - n, before);
                start -= n;
                return pos - n;
            }
            if (roomRight >= n) {
                System.arraycopy(buf, pos, buf, pos + n, after);
                end += n;
                return pos;
            }
        }
        return relocate(buf, pos, n, true);
    }

    /**
     * Copies the data into target (possibly the same array) with an n-byte gap at pos. The free space is split
     * evenly when centred; otherwise it goes where the node grows: after the data for appends, before it for
     * prepends.
     */
    private int relocate(byte[] target, int pos, int n, boolean centred) {
        int before = pos - start;
        int after = end - pos;
        int total = before + n + after;
        int newStart;
        if (centred || (pos != end && pos != start)) newStart = (target.length - total) / 2;
        else if (pos == end) newStart = 0;
        else newStart = target.length - total;
        if (target == buf && newStart > start) {
            // moving right inside the same array: the tail first, so that nothing is overwritten before it moves
            System.arraycopy(buf, pos, target, newStart + before + n, after);
            System.arraycopy(buf, start, target, newStart, before);
        } else {
            System.arraycopy(buf, start, target, newStart, before);
            System.arraycopy(buf, pos, target, newStart + before + n, after);
        }
        buf = target;
        start = newStart;
        end = newStart + total;
        return newStart + before;
    }

    static int capacityFor(int bytes) {
        if (bytes <= MIN_CAPACITY) return MIN_CAPACITY;
        if (bytes > (1 << 30)) return bytes;
        return Integer.highestOneBit(bytes - 1) << 1;
    }

    // ---- removal ------------------------------------------------------------------------------------------------

    void removeFirst() {
        changing();
        start += Listpack.entryLength(buf, start);
        count--;
        afterRemoval();
    }

    void removeLast() {
        changing();
        end = lastOffset();
        count--;
        afterRemoval();
    }

    /** Removes n entries starting at entry index from. */
    void removeRange(int from, int n) {
        if (n <= 0) return;
        changing();
        if (n == count) {
            start = end;
            count = 0;
            return;
        }
        int lo = offsetOf(from);
        int hi = lo;
        for (int i = 0; i < n; i++) hi += Listpack.entryLength(buf, hi);
        removeBytes(lo, hi);
        count -= n;
        afterRemoval();
    }

    /** Removes the entry at byte offset pos. */
    void removeAt(int pos) {
        changing();
        removeBytes(pos, pos + Listpack.entryLength(buf, pos));
        count--;
        afterRemoval();
    }

    /** Closes the byte range [lo, hi) by moving the shorter side; returns where the range was closed. */
    private int removeBytes(int lo, int hi) {
        int before = lo - start;
        int after = end - hi;
        if (before <= after) {
            System.arraycopy(buf, start, buf, hi - before, before);
            start = hi - before;
            return hi;
        }
        System.arraycopy(buf, hi, buf, lo, after);
        end = lo + after;
        return lo;
    }

    /**
     * Removes, within the byte range [lo, hi), every entry equal to the encoded one, in one pass. Returns how
     * many were removed.
     */
    int removeMatches(int lo, int hi, byte[] entry) {
        readable();
        int w = lo;
        int removed = 0;
        for (int p = lo; p < hi; ) {
            int len = Listpack.entryLength(buf, p);
            if (Listpack.matches(buf, p, entry)) {
                removed++;
            } else {
                if (w != p) System.arraycopy(buf, p, buf, w, len);
                w += len;
            }
            p += len;
        }
        if (removed > 0) {
            lzf = null;
            incompressible = false;
            System.arraycopy(buf, hi, buf, w, end - hi);
            end = w + (end - hi);
            count -= removed;
            afterRemoval();
        }
        return removed;
    }

    /** Gives memory back when the node has shrunk to a quarter of its capacity. */
    private void afterRemoval() {
        int used = used();
        if (buf.length > 4 * MIN_CAPACITY && used < buf.length / 4) {
            byte[] smaller = new byte[capacityFor(Math.max(used * 2, MIN_CAPACITY))];
            int at = (smaller.length - used) / 2;
            System.arraycopy(buf, start, smaller, at, used);
            buf = smaller;
            start = at;
            end = at + used;
        }
    }

    // ---- split and merge ----------------------------------------------------------------------------------------

    /**
     * Redis's _quicklistSplitNode: with after, this node keeps entries [0, index] and the returned node gets the
     * rest; without, the returned node gets [0, index) and this node keeps [index, count).
     */
    ListNode split(int index, boolean after) {
        changing();
        int cut = offsetOf(after ? index + 1 : index);
        int cutCount = after ? index + 1 : index;
        if (after) {
            ListNode tailPart = fromBytes(buf, cut, end, count - cutCount);
            end = cut;
            count = cutCount;
            afterRemoval();
            return tailPart;
        }
        ListNode headPart = fromBytes(buf, start, cut, cutCount);
        start = cut;
        count -= cutCount;
        afterRemoval();
        return headPart;
    }

    private static ListNode fromBytes(byte[] src, int from, int to, int count) {
        int n = to - from;
        byte[] data = new byte[capacityFor(n)];
        int at = (data.length - n) / 2;
        System.arraycopy(src, from, data, at, n);
        return new ListNode(data, at, at + n, count);
    }

    /** Appends all entries of the node that follows this one (lpMerge); the caller unlinks it. */
    void absorbNext(ListNode right) {
        changing();
        int at = openGap(end, right.used());
        System.arraycopy(right.buf, right.start, buf, at, right.used());
        count += right.count;
    }

    /** Prepends all entries of the node that precedes this one; the caller unlinks it. */
    void absorbPrevious(ListNode left) {
        changing();
        int at = openGap(start, left.used());
        System.arraycopy(left.buf, left.start, buf, at, left.used());
        count += left.count;
    }

    private static final long SHELL = Footprint.object(4, 14);

    /** Heap bytes of this node: the object, its buffer and its compressed form (either may be absent). */
    long footprint() {
        return SHELL + (buf != null ? Footprint.bytes(buf.length) : 0) + (lzf != null ? Footprint.bytes(lzf.length) : 0);
    }
}
