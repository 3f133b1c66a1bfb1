package dev.cinnabar.persistence.rdb;

import dev.cinnabar.config.ServerConfig;

/**
 * The encoding thresholds that decide, when a value is loaded, whether it stays compact (listpack, intset) or takes
 * its large form, as Redis's loader decides with the current *-max-listpack-* / *-max-intset-* configuration, and
 * the list-compress-depth loaded lists get.
 */
public record RdbLimits(int listMaxListpackSize, long hashMaxListpackEntries, long hashMaxListpackValue,
                        long setMaxIntsetEntries, long setMaxListpackEntries, long setMaxListpackValue,
                        long zsetMaxListpackEntries, long zsetMaxListpackValue, int listCompressDepth) {
    /** Redis refuses to grow a listpack past 1 GB (lpSafeToAdd). */
    static final long LISTPACK_SAFETY_SIZE = 1L << 30;
    /** Intsets hold at most 2^30 members whatever set-max-intset-entries says. */
    private static final long INTSET_HARD_LIMIT = 1L << 30;

    /** Thresholds with lists not compressed (list-compress-depth 0). */
    public RdbLimits(int listMaxListpackSize, long hashMaxListpackEntries, long hashMaxListpackValue,
                     long setMaxIntsetEntries, long setMaxListpackEntries, long setMaxListpackValue,
                     long zsetMaxListpackEntries, long zsetMaxListpackValue) {
        this(listMaxListpackSize, hashMaxListpackEntries, hashMaxListpackValue, setMaxIntsetEntries,
                setMaxListpackEntries, setMaxListpackValue, zsetMaxListpackEntries, zsetMaxListpackValue, 0);
    }

    public static RdbLimits of(ServerConfig config) {
        return new RdbLimits((int) config.listMaxListpackSize.value(), config.hashMaxListpackEntries.value(),
                config.hashMaxListpackValue.value(), config.setMaxIntsetEntries.value(),
                config.setMaxListpackEntries.value(), config.setMaxListpackValue.value(),
                config.zsetMaxListpackEntries.value(), config.zsetMaxListpackValue.value(),
                config.listCompressDepth.intValue());
    }

    /** Redis's default thresholds. */
    public static RdbLimits defaults() {
        return of(new ServerConfig());
    }

    long intsetMaxEntries() {
        return Math.min(setMaxIntsetEntries, INTSET_HARD_LIMIT);
    }
}
