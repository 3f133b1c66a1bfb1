package dev.cinnabar.zsets;

import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;

/**
 * A score interval as ZRANGEBYSCORE, ZCOUNT and ZREMRANGEBYSCORE take it (Redis's zslParseRange): each end is read
 * by C's strtod up to the end of the C string (a NUL byte ends it), so leading white space, hexadecimal, "inf" and
 * even an empty string (0) are accepted; a leading "(" makes the end exclusive; NaN is refused.
 */
final class ScoreRange implements ZRange {
    static final RedisError NOT_A_FLOAT = new RedisError("ERR min or max is not a float");

    final double min, max;
    final boolean minExclusive, maxExclusive;

    private ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) {
        this.min = min;
        this.minExclusive = minExclusive;
        this.max = max;
        this.maxExclusive = maxExclusive;
    }

    /** The interval from min to max, each end included or not. */
    static ScoreRange of(double min, boolean minExclusive, double max, boolean maxExclusive) {
        return new ScoreRange(min, minExclusive, max, maxExclusive);
    }

    static ScoreRange parse(byte[] min, byte[] max) {
        boolean minEx = min.length > 0 && min[0] == '(';
        boolean maxEx = max.length > 0 && max[0] == '(';
        return new ScoreRange(bound(min, minEx), minEx, bound(max, maxEx), maxEx);
    }

    private static double bound(byte[] s, boolean exclusive) {
        int from = exclusive ? 1 : 0;
        int end = from;
        while (end < s.length && s[end] != 0) end++;
        int length = Numbers.strtodLength(s, from, end);
        if (from + length != end) throw NOT_A_FLOAT;
        double value = length == 0 ? 0 : Numbers.strtodValue(s, from, length);
        if (Double.isNaN(value)) throw NOT_A_FLOAT;
        return value;
    }

    boolean aboveMin(double score) {
        return minExclusive ? score > min : score >= min;
    }

    boolean belowMax(double score) {
        return maxExclusive ? score < max : score <= max;
    }

    @Override
    public boolean isEmpty() {
        return min > max || (min == max && (minExclusive || maxExclusive));
    }

    @Override
    public boolean aboveMin(ZsetEncoding set, int pos) {
        return aboveMin(set.score(pos));
    }

    @Override
    public boolean belowMax(ZsetEncoding set, int pos) {
        return belowMax(set.score(pos));
    }
}
