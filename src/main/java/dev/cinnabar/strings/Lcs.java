package dev.cinnabar.strings;

/**
 * The longest common subsequence of two byte strings, by the classic dynamic programming table, walked back
 * from the end exactly as Redis walks it, so that the chosen subsequence and the order of the matched ranges are
 * Redis's. Redis keeps the whole table of lengths (4 bytes a cell); the walk only needs to know, where the bytes
 * differ, whether the cell above holds a longer subsequence than the cell to the left, so this keeps that one
 * bit per cell and two rows of lengths.
 */
final class Lcs {
    private final byte[] a;
    private final int aLength;
    private final byte[] b;
    private final int bLength;
    /** Bit (i-1) * bLength + (j-1): LCS(i-1, j) > LCS(i, j-1). */
    private final long[] upIsLonger;
    private final int length;

    private Lcs(byte[] a, int aLength, byte[] b, int bLength, boolean forWalk) {
        this.a = a;
        this.aLength = aLength;
        this.b = b;
        this.bLength = bLength;
        long cells = (long) aLength * bLength;
        this.upIsLonger = forWalk ? new long[(int) ((cells + 63) >>> 6)] : null;
        this.length = fill();
    }

    /** The table for the walk; throws OutOfMemoryError when it cannot be allocated. */
    static Lcs table(byte[] a, int aLength, byte[] b, int bLength) {
        return new Lcs(a, aLength, b, bLength, true);
    }

    /** Only the length of the LCS, in O(min) memory. */
    static int length(byte[] a, int aLength, byte[] b, int bLength) {
        return new Lcs(a, aLength, b, bLength, false).length;
    }

    /** Whether the table for the walk fits in one Java array at all. */
    static boolean tableFitsArray(long aLength, long bLength) {
        return (aLength * bLength + 63) >>> 6 <= StringValue.MAX_LENGTH;
    }

    int length() {
        return length;
    }

    private int fill() {
        int[] previous = new int[bLength + 1];
        int[] current = new int[bLength + 1];
        long cell = 0;
        for (int i = 1; i <= aLength; i++) {
            byte ai = a[i - 1];
            for (int j = 1; j <= bLength; j++, cell++) {
                int value;
                if (ai == b[j - 1]) {
                    value = previous[j - 1] + 1;
                } else {
                    int up = previous[j];
                    int left = current[j - 1];
                    if (up > left) {
                        value = up;
                        if (upIsLonger != null) upIsLonger[(int) (cell >>> 6)] |= 1L << cell;
                    } else {
                        value = left;
                    }
                }
                current[j] = value;
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[bLength];
    }

    /** Receives the matched ranges in the order the walk finds them (from the ends of the strings). */
    interface RangeVisitor {
        void range(int aStart, int aEnd, int bStart, int bEnd);
    }

    /**
     * Walks back from the end of both strings and returns the subsequence; ranges of contiguous matches at
     * least minMatchLength long are reported to the visitor (Redis's IDX output).
     */
    byte[] walk(long minMatchLength, RangeVisitor visitor) {
        byte[] sequence = new byte[length];
        int index = length;
        int aStart = -1, aEnd = 0, bStart = 0, bEnd = 0; // aStart < 0: no range open
        int i = aLength, j = bLength;
        while (i > 0 && j > 0) {
            boolean emit = false;
            if (a[i - 1] == b[j - 1]) {
                sequence[--index] = a[i - 1];
                if (aStart < 0) {
                    aStart = aEnd = i - 1;
                    bStart = bEnd = j - 1;
                } else if (aStart == i && bStart == j) { // extends the open range backwards
                    aStart--;
                    bStart--;
                } else {
                    emit = true;
                }
                if (aStart == 0 || bStart == 0) emit = true; // the walk ends here
                i--;
                j--;
            } else {
                long cell = (long) (i - 1) * bLength + (j - 1);
                if ((upIsLonger[(int) (cell >>> 6)] & (1L << cell)) != 0) i--;
                else j--;
                if (aStart >= 0) emit = true;
            }
            if (emit) {
                int matchLength = aEnd - aStart + 1;
                if (minMatchLength == 0 || matchLength >= minMatchLength) visitor.range(aStart, aEnd, bStart, bEnd);
                aStart = -1;
            }
        }
        return sequence;
    }
}
