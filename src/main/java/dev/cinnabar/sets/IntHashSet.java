package dev.cinnabar.sets;

/** A small open-addressing set of ints (no boxing), sized once for an expected number of entries. */
final class IntHashSet {
    private final int[] slots;
    private final boolean[] used;
    private final int mask;
    private final int shift;
    private int size;

    IntHashSet(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        slots = new int[capacity];
        used = new boolean[capacity];
        mask = capacity - 1;
        shift = 32 - Integer.numberOfTrailingZeros(capacity);
    }

    int size() {
        return size;
    }

    /** Adds the value; false if it was already present. At most the expected number of entries fit. */
    boolean add(int value) {
        int i = (value * 0x9E3779B9) >>> shift;      // Fibonacci hashing: the top bits of the product
        while (used[i]) {
            if (slots[i] == value) return false;
            i = (i + 1) & mask;
        }
        used[i] = true;
        slots[i] = value;
        size++;
        return true;
    }
}
