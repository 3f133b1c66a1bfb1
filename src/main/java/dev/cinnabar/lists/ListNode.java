package dev.cinnabar.lists;

import dev.cinnabar.keyspace.Footprint;

/**
 * One listpack: a run of list elements in Redis's listpack entry format ({@link Listpack}), held in a gap buffer
 * so that both ends grow and shrink in O(1) amortized time. A list in the listpack encoding is one node; a
 * quicklist is a doubly linked chain of them. Capacities are powers of two, so a node filled up to Redis's size
 * limit (4 KB, 8 KB...) wastes almost nothing.
 */
final class ListNode {
    private static final int MIN_CAPACITY = 16;

    byte[] buf;
    /** The entries occupy buf[start, end). */
    int start;
    int end;
    int count;
    ListNode prev;
    ListNode next;

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
        byte[] data = new byte[capacityFor(used())];
        int at = (data.length - used()) / 2;
        System.arraycopy(buf, start, data, at, used());
        return new ListNode(data, at, at + used(), count);
    }

    // ---- positions ----------------------------------------------------------------------------------------------

    /** Byte offset of the entry at index (0 <= index < count), walking from the nearer end. */
    int offsetOf(int index) {
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
        return Listpack.entryStartBefore(buf, end);
    }

    // ---- insertion ----------------------------------------------------------------------------------------------

    void pushFirst(byte[] element) {
        int n = Listpack.entrySize(element);
        int at = openGap(start, n);
        Listpack.write(buf, at, element);
        count++;
    }

    void pushLast(byte[] element) {
        int n = Listpack.entrySize(element);
        int at = openGap(end, n);
        Listpack.write(buf, at, element);
        count++;
    }

    /** Inserts the element so that its entry starts at byte offset pos (an entry boundary or end). */
    void insertAt(int pos, byte[] element) {
        int n = Listpack.entrySize(element);
        int at = openGap(pos, n);
        Listpack.write(buf, at, element);
        count++;
    }

    /** Copies an already encoded entry to the front or back of this node. */
    void pushEncoded(byte[] src, int off, int len, boolean first) {
        int at = openGap(first ? start : end, len);
        System.arraycopy(src, off, buf, at, len);
        count++;
    }

    /** Replaces the entry at offset pos by the element. */
    void replaceAt(int pos, byte[] element) {
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
        start += Listpack.entryLength(buf, start);
        count--;
        afterRemoval();
    }

    void removeLast() {
        end = lastOffset();
        count--;
        afterRemoval();
    }

    /** Removes n entries starting at entry index from. */
    void removeRange(int from, int n) {
        if (n <= 0) return;
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
        int at = openGap(end, right.used());
        System.arraycopy(right.buf, right.start, buf, at, right.used());
        count += right.count;
    }

    /** Prepends all entries of the node that precedes this one; the caller unlinks it. */
    void absorbPrevious(ListNode left) {
        int at = openGap(start, left.used());
        System.arraycopy(left.buf, left.start, buf, at, left.used());
        count += left.count;
    }

    private static final long SHELL = Footprint.object(3, 12);

    /** Heap bytes of this node: the object and its buffer. */
    long footprint() {
        return SHELL + Footprint.bytes(buf.length);
    }
}
