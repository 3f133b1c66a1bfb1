package dev.cinnabar.sets;

import dev.cinnabar.keyspace.Footprint;

import java.util.Arrays;

/**
 * The "listpack" encoding of a small set: its members packed one after another in insertion order in a single byte
 * array, each as a length (7 bits per byte, high bit = more bytes follow) and its bytes. Like Redis's listpack it
 * costs one object however many members it has, and lookups walk it linearly, which is fast while it is small
 * (set-max-listpack-entries, 128 by default). Positions handed out ({@link #first}, {@link #next}, {@link #find})
 * are byte offsets of entries and stay valid until the next modification.
 */
final class Listpack {
    static final int END = -1;
    private static final byte[] EMPTY = new byte[0];

    private byte[] data;
    private int used;
    private int count;

    Listpack() {
        this(EMPTY, 0, 0);
    }

    private Listpack(byte[] data, int used, int count) {
        this.data = data;
        this.used = used;
        this.count = count;
    }

    int size() {
        return count;
    }

    /** The array holding the entries; member bytes are read from it in place with {@link #memberOffset}. */
    byte[] data() {
        return data;
    }

    int first() {
        return used == 0 ? END : 0;
    }

    int next(int position) {
        int n = memberOffset(position) + memberLength(position);
        return n >= used ? END : n;
    }

    /** Where the member bytes of the entry at a position start. */
    int memberOffset(int position) {
        int p = position;
        while (data[p] < 0) p++;
        return p + 1;
    }

    int memberLength(int position) {
        int length = 0;
        for (int p = position, shift = 0; ; p++, shift += 7) {
            byte b = data[p];
            length |= (b & 0x7F) << shift;
            if (b >= 0) return length;
        }
    }

    /** The position of the entry at an index (0-based, in insertion order): a walk from the start. */
    int positionOf(int index) {
        int p = 0;
        for (int i = 0; i < index; i++) p = next(p);
        return p;
    }

    /** The position of the member given as {@code length} bytes of m starting at offset, or {@link #END}. */
    int find(byte[] m, int offset, int length) {
        for (int p = 0; p < used; ) {
            int len = 0, shift = 0;
            byte b;
            do {
                b = data[p++];
                len |= (b & 0x7F) << shift;
                shift += 7;
            } while (b < 0);
            if (len == length && Arrays.equals(data, p, p + len, m, offset, offset + length)) {
                return p - lengthBytes(len);
            }
            p += len;
        }
        return END;
    }

    void append(byte[] m, int offset, int length) {
        int header = lengthBytes(length);
        int needed = used + header + length;
        if (needed > data.length) data = Arrays.copyOf(data, needed + (needed >> 2));
        int p = used;
        for (int rest = length; ; rest >>>= 7) {
            if (rest < 0x80) {
                data[p++] = (byte) rest;
                break;
            }
            data[p++] = (byte) (rest & 0x7F | 0x80);
        }
        System.arraycopy(m, offset, data, p, length);
        used = needed;
        count++;
    }

    /** Removes the entry at a position; the entries after it move back. */
    void removeAt(int position) {
        int end = memberOffset(position) + memberLength(position);
        System.arraycopy(data, end, data, position, used - end);
        used -= end - position;
        count--;
    }

    /**
     * Removes the entries whose indexes are flagged (in one pass that moves each kept entry once), as Redis's
     * lpBatchDelete does after SPOP has chosen several members.
     */
    void removeFlagged(boolean[] flagged) {
        int write = 0, removed = 0;
        for (int p = 0, i = 0; p < used; i++) {
            int end = memberOffset(p) + memberLength(p);
            if (flagged[i]) {
                removed++;
            } else {
                if (write != p) System.arraycopy(data, p, data, write, end - p);
                write += end - p;
            }
            p = end;
        }
        used = write;
        count -= removed;
    }

    /** Positions of every entry in order, for picking many entries at random without walking each time. */
    int[] positions() {
        int[] positions = new int[count];
        for (int p = 0, i = 0; p < used; p = memberOffset(p) + memberLength(p)) positions[i++] = p;
        return positions;
    }

    Listpack copy() {
        return new Listpack(Arrays.copyOf(data, used), used, count);
    }


    private static int lengthBytes(int length) {
        int n = 1;
        while ((length >>>= 7) != 0) n++;
        return n;
    }

    /** Heap bytes of this listpack: the object and its array. */
    long footprint() {
        return Footprint.object(1, 8) + Footprint.bytes(data.length);
    }
}
