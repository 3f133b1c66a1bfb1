package dev.cinnabar.memory;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NativeMemoryWindowTest {
    private static final long MS = 1_000_000L;

    @Test
    void aShortHighReadingIsIgnoredWhileLowerOnesAreRecent() {
        var window = new NativeMemoryWindow();
        assertEquals(90, window.add(0, 90));
        assertEquals(90, window.add(100 * MS, 300));        // heap committed dropped before its pages did
        assertEquals(90, window.add(1_500 * MS, 95));
        assertEquals(90, window.add(4_900 * MS, 95));
    }

    @Test
    void aLastingRiseIsTakenOnceTheWindowHasPassed() {
        var window = new NativeMemoryWindow();
        window.add(0, 90);
        long t = 0;
        long seen = 0;
        for (int i = 1; i <= 70; i++) {                     // ten samples a second, as the cron takes them at hz 10
            t = i * 100 * MS;
            seen = window.add(t, 120);
        }
        assertEquals(120, seen, "after " + t / MS + " ms");
    }

    @Test
    void aFallIsTakenAtOnce() {
        var window = new NativeMemoryWindow();
        window.add(0, 120);
        assertEquals(80, window.add(50 * MS, 80));
    }
}
