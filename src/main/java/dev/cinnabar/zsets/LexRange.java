package dev.cinnabar.zsets;

import dev.cinnabar.command.RedisError;

import java.util.Arrays;

/**
 * A member interval as ZRANGEBYLEX, ZLEXCOUNT and ZREMRANGEBYLEX take it (Redis's zslParseLexRange): "[m" inclusive,
 * "(m" exclusive, "-" and "+" the smallest and largest strings. Members compare as unsigned bytes.
 */
final class LexRange implements ZRange {
    static final RedisError INVALID = new RedisError("ERR min or max not valid string range item");
    /** Stand-ins for "-" and "+", told apart from members by identity. */
    private static final byte[] MIN_STRING = new byte[0];
    private static final byte[] MAX_STRING = new byte[0];

    private final byte[] min, max;
    private final boolean minExclusive, maxExclusive;

    private LexRange(byte[] min, boolean minExclusive, byte[] max, boolean maxExclusive) {
        this.min = min;
        this.minExclusive = minExclusive;
        this.max = max;
        this.maxExclusive = maxExclusive;
    }

    static LexRange parse(byte[] min, byte[] max) {
        return new LexRange(item(min), exclusive(min), item(max), exclusive(max));
    }

    private static byte[] item(byte[] s) {
        if (s.length == 0) throw INVALID;
        return switch (s[0]) {
            case '+' -> endsAfterFirst(s) ? MAX_STRING : invalid();
            case '-' -> endsAfterFirst(s) ? MIN_STRING : invalid();
            case '(', '[' -> Arrays.copyOfRange(s, 1, s.length);
            default -> invalid();
        };
    }

    /** "+" and "-" must stand alone (a NUL byte ends the C string Redis reads). */
    private static boolean endsAfterFirst(byte[] s) {
        return s.length == 1 || s[1] == 0;
    }

    private static byte[] invalid() {
        throw INVALID;
    }

    private static boolean exclusive(byte[] s) {
        return s[0] != '[';
    }

    /** Redis's sdscmplex between two range ends. */
    private static int compareEnds(byte[] a, byte[] b) {
        if (a == b) return 0;
        if (a == MIN_STRING || b == MAX_STRING) return -1;
        if (a == MAX_STRING || b == MIN_STRING) return 1;
        return Arrays.compareUnsigned(a, b);
    }

    /** The member at pos compared with a range end. */
    private static int compare(ZsetEncoding set, int pos, byte[] end) {
        if (end == MIN_STRING) return 1;
        if (end == MAX_STRING) return -1;
        return set.compareMember(pos, end);
    }

    @Override
    public boolean isEmpty() {
        int cmp = compareEnds(min, max);
        return cmp > 0 || (cmp == 0 && (minExclusive || maxExclusive));
    }

    @Override
    public boolean aboveMin(ZsetEncoding set, int pos) {
        int cmp = compare(set, pos, min);
        return minExclusive ? cmp > 0 : cmp >= 0;
    }

    @Override
    public boolean belowMax(ZsetEncoding set, int pos) {
        int cmp = compare(set, pos, max);
        return maxExclusive ? cmp < 0 : cmp <= 0;
    }
}
