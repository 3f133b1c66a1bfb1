package dev.cinnabar.diagnostics;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The recording rules of the latency monitor (what other parts of the server call). */
class LatencyMonitorTest {
    @Test
    void recordsOnlyWhenEnabledAndAtTheThreshold() {
        AtomicLong threshold = new AtomicLong(0);
        LatencyMonitor monitor = new LatencyMonitor(threshold::get);
        monitor.record("eviction-cycle", 500);
        assertNull(monitor.series("eviction-cycle"), "disabled at 0");
        threshold.set(10);
        monitor.record("eviction-cycle", 9);
        assertNull(monitor.series("eviction-cycle"), "below the threshold");
        monitor.record("eviction-cycle", 10);
        monitor.record("eviction-cycle", 30); // same second: the worst one is kept
        monitor.record("eviction-cycle", 20);
        LatencyMonitor.Series s = monitor.series("eviction-cycle");
        assertEquals(30, s.latencies[s.last()]);
        assertEquals(30, s.max);
        assertEquals(1, monitor.reset("EVICTION-CYCLE"));
        assertEquals(0, monitor.reset(null));
    }

    @Test
    void historyKeepsTheLatest160Seconds() {
        LatencyMonitor.Series s = new LatencyMonitor.Series();
        for (int second = 1; second <= 200; second++) s.add(second, second);
        int filled = 0;
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < LatencyMonitor.HISTORY; i++) {
            if (s.times[i] != 0) {
                filled++;
                oldest = Math.min(oldest, s.times[i]);
            }
        }
        assertEquals(160, filled);
        assertEquals(41, oldest);
        assertEquals(200, s.latencies[s.last()]);
    }
}
