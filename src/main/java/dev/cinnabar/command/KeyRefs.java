package dev.cinnabar.command;

import java.util.Arrays;

/**
 * The keys found in a command line: argument positions (relative to the command name) and each key's access
 * flags ({@link KeyFlag} bits). Reusable: {@link KeyExtractor} clears it before filling it.
 */
public final class KeyRefs {
    private int[] positions = new int[8];
    private int[] flags = new int[8];
    private int count;

    public int count() {
        return count;
    }

    /** The argument index of the i-th key, counted from the command name (index 0). */
    public int position(int i) {
        return positions[i];
    }

    /** The {@link KeyFlag} bits of the i-th key. */
    public int flags(int i) {
        return flags[i];
    }

    void clear() {
        count = 0;
    }

    void add(int position, int keyFlags) {
        if (count == positions.length) {
            positions = Arrays.copyOf(positions, count * 2);
            flags = Arrays.copyOf(flags, count * 2);
        }
        positions[count] = position;
        flags[count++] = keyFlags;
    }
}
