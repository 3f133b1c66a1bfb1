package dev.cinnabar.config;

import java.util.List;

/**
 * A memory amount that may also be given as a percentage ("10%"), stored as Redis stores it: bytes, or a negative
 * number of percent (maxmemory-clients).
 */
public final class MemoryOrPercent extends ConfigParam {
    private final long maxPercent;
    private volatile long value;

    public MemoryOrPercent(String name, long maxPercent, long defaultValue) {
        super(name, List.of(), true, false, Long.toString(defaultValue));
        this.maxPercent = maxPercent;
        this.value = defaultValue;
    }

    /** Bytes when zero or positive, minus a percentage when negative. */
    public long value() {
        return value;
    }

    @Override
    public String get() {
        return value < 0 ? -value + "%" : Long.toString(value);
    }

    @Override
    public void set(List<String> words) throws ConfigException {
        String w = words.get(0);
        long v = Params.parseMemory(w);
        if (v < 0) {
            v = percent(w);
            if (v < 0) throw new ConfigException("argument must be a memory or percent value");
            if (v > maxPercent) throw new ConfigException("percentage argument must be less or equal to " + maxPercent);
            v = -v;
        }
        value = v;
    }

    private static long percent(String w) {
        if (w.length() < 2 || !w.endsWith("%")) return -1;
        try {
            return Long.parseLong(w.substring(0, w.length() - 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
