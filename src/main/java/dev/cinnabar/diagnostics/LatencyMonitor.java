package dev.cinnabar.diagnostics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Redis's latency monitor: for each event class ("command", "fast-command", "expire-cycle", "eviction-cycle",
 * "aof-fsync-always"...) the latest 160 spikes, one per second (the worst of that second), and the worst ever.
 * A sample is kept only when latency-monitor-threshold is set and the latency reaches it ({@link #record}).
 * Used under the execution lock.
 */
public final class LatencyMonitor {
    static final int HISTORY = 160;

    /** One event class's history: a ring of (unix second, milliseconds) samples. */
    static final class Series {
        final long[] times = new long[HISTORY];
        final long[] latencies = new long[HISTORY];
        int next;
        long max;

        int last() {
            return (next + HISTORY - 1) % HISTORY;
        }

        void add(long nowSeconds, long millis) {
            if (millis > max) max = millis;
            int prev = last();
            if (times[prev] == nowSeconds) {
                if (millis > latencies[prev]) latencies[prev] = millis;
                return;
            }
            times[next] = nowSeconds;
            latencies[next] = millis;
            next = (next + 1) % HISTORY;
        }
    }

    private final Map<String, Series> events = new LinkedHashMap<>();
    /** latency-monitor-threshold in milliseconds; 0 disables the monitor. */
    private final java.util.function.LongSupplier threshold;

    LatencyMonitor(java.util.function.LongSupplier threshold) {
        this.threshold = threshold;
    }

    long threshold() {
        return threshold.getAsLong();
    }

    /** Redis's latencyAddSampleIfNeeded: records the event when the monitor is on and the latency reaches it. */
    public void record(String event, long millis) {
        long min = threshold.getAsLong();
        if (min == 0 || millis < min) return;
        events.computeIfAbsent(event, e -> new Series()).add(System.currentTimeMillis() / 1000, millis);
    }

    Map<String, Series> events() {
        return events;
    }

    Series series(String event) {
        return events.get(event);
    }

    /** LATENCY RESET: forgets one event class (matched without regard to case), or all when null; returns how many. */
    int reset(String event) {
        int before = events.size();
        if (event == null) events.clear();
        else events.keySet().removeIf(e -> e.equalsIgnoreCase(event));
        return before - events.size();
    }
}
