package dev.cinnabar.server;

import java.util.Map;
import java.util.TreeMap;

/** Server-wide counters for INFO stats / errorstats; reset by CONFIG RESETSTAT. */
public final class ServerStats {
    public long totalConnectionsReceived;
    public long totalCommandsProcessed;
    public long rejectedConnections;
    public long totalErrorReplies;
    public long unexpectedErrorReplies;
    public long netInputBytes;
    public long netOutputBytes;
    /** Error replies by their code ("ERR", "WRONGTYPE"...), for INFO errorstats. */
    public final Map<String, Long> errorsByCode = new TreeMap<>();

    // instantaneous_ops_per_sec: a ring of samples taken by the cron, as Redis does
    private static final int SAMPLES = 16;
    private final long[] opsSamples = new long[SAMPLES];
    private int sampleIndex;
    private long lastSampleTime;
    private long lastSampleCommands;

    /** Records an error reply; the code is the first word of the message. */
    public void recordError(byte[] message, int length) {
        totalErrorReplies++;
        int end = 0;
        while (end < length && message[end] != ' ') end++;
        String code = new String(message, 0, Math.min(end, 128), java.nio.charset.StandardCharsets.UTF_8);
        // Redis stops tracking new error codes past 128 distinct ones, to bound memory.
        if (errorsByCode.containsKey(code) || errorsByCode.size() < 128) errorsByCode.merge(code, 1L, Long::sum);
    }

    void sampleOps(long nowMillis) {
        long elapsed = nowMillis - lastSampleTime;
        if (lastSampleTime != 0 && elapsed > 0) {
            opsSamples[sampleIndex] = (totalCommandsProcessed - lastSampleCommands) * 1000 / elapsed;
            sampleIndex = (sampleIndex + 1) % SAMPLES;
        }
        lastSampleTime = nowMillis;
        lastSampleCommands = totalCommandsProcessed;
    }

    public long instantaneousOpsPerSec() {
        long sum = 0;
        for (long s : opsSamples) sum += s;
        return sum / SAMPLES;
    }

    public void reset() {
        totalConnectionsReceived = totalCommandsProcessed = rejectedConnections = 0;
        totalErrorReplies = unexpectedErrorReplies = netInputBytes = netOutputBytes = 0;
        errorsByCode.clear();
        java.util.Arrays.fill(opsSamples, 0);
    }
}
