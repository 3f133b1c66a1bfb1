package dev.cinnabar.sets;

import dev.cinnabar.keyspace.Footprint;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The "intset" encoding: distinct 64-bit integers kept sorted ascending in one byte array, each stored in the
 * narrowest width that fits every member (2, 4 or 8 bytes), like Redis's intset. Membership is a binary search;
 * an insert or removal shifts the tail. The width only grows (as in Redis): removing the one wide member does not
 * narrow the others.
 */
final class IntSet {
    private static final VarHandle INT16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] EMPTY = new byte[0];

    private byte[] data = EMPTY;
    private int size;
    private int width = 2;

    IntSet() {}

    private IntSet(byte[] data, int size, int width) {
        this.data = data;
        this.size = size;
        this.width = width;
    }

    int size() {
        return size;
    }

    int width() {
        return width;
    }

    long get(int index) {
        return read(data, width, index);
    }

    long min() {
        return get(0);
    }

    long max() {
        return get(size - 1);
    }

    boolean contains(long value) {
        return widthOf(value) <= width && search(value) >= 0;
    }

    /** Adds the value; false when it was already a member. */
    boolean add(long value) {
        if (widthOf(value) > width) {
            upgradeAndAdd(value);
            return true;
        }
        int at = search(value);
        if (at >= 0) return false;
        at = -at - 1;
        ensureCapacity(size + 1);
        System.arraycopy(data, at * width, data, (at + 1) * width, (size - at) * width);
        write(data, width, at, value);
        size++;
        return true;
    }

    /** Removes the value; false when it was not a member. */
    boolean remove(long value) {
        if (widthOf(value) > width) return false;
        int at = search(value);
        if (at < 0) return false;
        removeAt(at);
        return true;
    }

    void removeAt(int index) {
        System.arraycopy(data, (index + 1) * width, data, index * width, (size - index - 1) * width);
        size--;
    }

    IntSet copy() {
        return new IntSet(Arrays.copyOf(data, size * width), size, width);
    }


    /** The index of the value, or (-(insertion point) - 1) when absent. */
    private int search(long value) {
        int low = 0, high = size - 1;
        if (size > 0) {
            // appends and prepends of ordered input are common: check the ends first, as Redis does
            if (value > get(high)) return -(size + 1);
            if (value < get(0)) return -1;
        }
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long v = get(mid);
            if (v < value) low = mid + 1;
            else if (v > value) high = mid - 1;
            else return mid;
        }
        return -(low + 1);
    }

    /** The value does not fit the current width: it is smaller or larger than every member, so it goes at an end. */
    private void upgradeAndAdd(long value) {
        int newWidth = widthOf(value);
        byte[] wider = new byte[capacityFor(size + 1) * newWidth];
        boolean prepend = value < 0;
        int shift = prepend ? 1 : 0;
        for (int i = 0; i < size; i++) write(wider, newWidth, i + shift, get(i));
        write(wider, newWidth, prepend ? 0 : size, value);
        data = wider;
        width = newWidth;
        size++;
    }

    private void ensureCapacity(int elements) {
        if (elements * width > data.length) data = Arrays.copyOf(data, capacityFor(elements) * width);
    }

    /** Room for a quarter more than needed: few copies while a set grows, little slack when it stays small. */
    private static int capacityFor(int elements) {
        return elements + (elements >> 2);
    }

    static int widthOf(long value) {
        if (value == (short) value) return 2;
        if (value == (int) value) return 4;
        return 8;
    }

    private static long read(byte[] data, int width, int index) {
        return switch (width) {
            case 2 -> (short) INT16.get(data, index << 1);
            case 4 -> (int) INT32.get(data, index << 2);
            default -> (long) INT64.get(data, index << 3);
        };
    }

    private static void write(byte[] data, int width, int index, long value) {
        switch (width) {
            case 2 -> INT16.set(data, index << 1, (short) value);
            case 4 -> INT32.set(data, index << 2, (int) value);
            default -> INT64.set(data, index << 3, value);
        }
    }

    /** Heap bytes of this intset: the object and its array. */
    long footprint() {
        return Footprint.object(1, 8) + Footprint.bytes(data.length);
    }
}
