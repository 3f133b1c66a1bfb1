package dev.cinnabar.memory;

import dev.cinnabar.keyspace.Database;

import java.util.Arrays;

/**
 * Redis's eviction pool: the best candidates seen so far, sorted by ascending score (a higher score is a better
 * victim: longer idle, lower frequency, sooner expiry). Sampling adds to it across calls, so each eviction chooses
 * from more keys than one sample holds, which is what makes the approximation close to true LRU/LFU.
 */
final class EvictionPool {
    static final int SIZE = 16;

    private final long[] scores = new long[SIZE];
    private final byte[][] keys = new byte[SIZE][];
    private final int[] dbs = new int[SIZE];

    /**
     * Offers a sampled key: kept if the pool has room or its score beats the worst kept one (the lowest score is
     * dropped). The key is copied only when it is kept.
     */
    void offer(Database db, int handle, long score) {
        int k = 0;
        while (k < SIZE && keys[k] != null && scores[k] < score) k++;
        if (k == 0 && keys[SIZE - 1] != null) return;   // worse than everything in a full pool
        if (k < SIZE && keys[k] == null) {
            // an empty slot: nothing to move
        } else if (keys[SIZE - 1] == null) {
            shift(k, k + 1, SIZE - k - 1);                 // room on the right: move the better ones up
        } else {
            k--;                                           // full: drop the lowest, move the worse ones down
            shift(1, 0, k);
        }
        scores[k] = score;
        keys[k] = db.keyAt(handle);
        dbs[k] = db.id();
    }

    private void shift(int from, int to, int count) {
        System.arraycopy(scores, from, scores, to, count);
        System.arraycopy(keys, from, keys, to, count);
        System.arraycopy(dbs, from, dbs, to, count);
    }

    /** Index of the best candidate (highest score), or -1 when empty. */
    int best() {
        for (int k = SIZE - 1; k >= 0; k--) if (keys[k] != null) return k;
        return -1;
    }

    byte[] key(int k) {
        return keys[k];
    }

    int db(int k) {
        return dbs[k];
    }

    /** Takes a candidate out (it is being evicted, or turned out to be gone). */
    void remove(int k) {
        keys[k] = null;
        scores[k] = 0;
    }

    void clear() {
        Arrays.fill(keys, null);
    }
}
