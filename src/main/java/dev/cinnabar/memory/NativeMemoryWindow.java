package dev.cinnabar.memory;

import java.util.Arrays;

/**
 * The process's memory outside the heap, read as resident size minus committed heap, smoothed against the moments
 * the two disagree: a collector that shrinks the heap lowers its committed size at once but returns the pages to
 * the system a little later (G1 uncommits concurrently), so for a while the difference counts the whole shrink as
 * native memory. Acted on, that reading would evict most of the data. The lowest reading of the last few seconds
 * is kept instead (per-second minima, so the cost does not depend on how often it is sampled): real native growth
 * (threads, buffers, the collector's own tables) shows a few seconds late.
 */
final class NativeMemoryWindow {
    private static final long SECOND = 1_000_000_000L;
    /** Seconds covered, the current one included. */
    static final int SECONDS = 5;

    private final long[] lowestOfSecond = new long[SECONDS];
    private final long[] secondOf = new long[SECONDS];

    NativeMemoryWindow() {
        Arrays.fill(secondOf, Long.MIN_VALUE);
    }

    /** Records a reading taken at {@code nanoTime}; returns the lowest reading of the window ending there. */
    long add(long nanoTime, long reading) {
        long second = Math.floorDiv(nanoTime, SECOND);
        int slot = (int) Math.floorMod(second, SECONDS);
        if (secondOf[slot] != second) {
            secondOf[slot] = second;
            lowestOfSecond[slot] = reading;
        } else if (reading < lowestOfSecond[slot]) {
            lowestOfSecond[slot] = reading;
        }
        long lowest = reading;
        for (int i = 0; i < SECONDS; i++) {
            if (secondOf[i] > second - SECONDS && lowestOfSecond[i] < lowest) lowest = lowestOfSecond[i];
        }
        return lowest;
    }
}
