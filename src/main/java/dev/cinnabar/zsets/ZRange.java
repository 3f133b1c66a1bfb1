package dev.cinnabar.zsets;

/**
 * A range of a sorted set, by score ({@link ScoreRange}) or by member ({@link LexRange}): the encodings find where it
 * starts and ends through these tests, so each range search is written once per encoding.
 */
interface ZRange {
    /** True when no element can be inside (min above max, or equal with an exclusive end). */
    boolean isEmpty();

    /** True when the element at pos is at or above the minimum (above it when exclusive). */
    boolean aboveMin(ZsetEncoding set, int pos);

    /** True when the element at pos is at or below the maximum (below it when exclusive). */
    boolean belowMax(ZsetEncoding set, int pos);
}
