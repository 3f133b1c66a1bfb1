package dev.cinnabar.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

class ServerStatsTest {

    private static void error(ServerStats stats, String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        stats.recordError(bytes, bytes.length);
    }

    @Test
    void errorsAreCountedByCode() {
        ServerStats stats = new ServerStats();
        error(stats, "ERR syntax error");
        error(stats, "WRONGTYPE Operation against a key holding the wrong kind of value");
        error(stats, "ERR unknown command");
        assertEquals(3, stats.totalErrorReplies);
        assertEquals(2L, stats.errorsByCode.get("ERR"));
        assertEquals(1L, stats.errorsByCode.get("WRONGTYPE"));
        assertEquals("[ERR, WRONGTYPE]", stats.errorsByCode.keySet().toString());
    }

    @Test
    void onlyTheFirst128ErrorCodesAreTracked() {
        ServerStats stats = new ServerStats();
        for (int i = 0; i < 200; i++) error(stats, "CODE" + i + " message");
        error(stats, "CODE5 again");
        assertEquals(128, stats.errorsByCode.size());
        assertEquals(2L, stats.errorsByCode.get("CODE5"));
        assertEquals(201, stats.totalErrorReplies);
    }

    @Test
    void instantaneousOpsAreTheMeanOfTheLast16Samples() {
        ServerStats stats = new ServerStats();
        long t = 1_000_000;
        stats.sample(t);
        for (int i = 0; i < 16; i++) {
            stats.totalCommandsProcessed += 50; // 50 commands per 100 ms
            t += 100;
            stats.sample(t);
        }
        assertEquals(500, stats.instantaneousOpsPerSec());
        stats.reset();
        assertEquals(0, stats.instantaneousOpsPerSec());
        assertEquals(0, stats.totalCommandsProcessed);
    }

    @Test
    void eventLoopDurationIsPerCycle() {
        ServerStats stats = new ServerStats();
        stats.sample(1000);
        // as in Redis, a per-cycle metric starts sampling once there has been a cycle: 17 rounds give 16 samples
        for (int i = 0; i < 17; i++) {
            stats.recordCycle(30);
            stats.recordCycle(10);
            stats.sample(1000 + (i + 1) * 100L);
        }
        assertEquals(20, stats.instantaneousEventLoopDurationMicros());
        assertEquals(20, stats.instantaneousEventLoopCyclesPerSec());
        assertEquals(34, stats.eventLoopCycles);
        assertEquals(680, stats.eventLoopDurationSum);
    }
}
