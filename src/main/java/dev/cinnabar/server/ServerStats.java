package dev.cinnabar.server;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Server-wide counters for INFO stats / errorstats; reset by CONFIG RESETSTAT. They are updated under the
 * execution lock.
 */
public final class ServerStats {
    /** Redis stops tracking new error codes past this many distinct ones, to bound memory. */
    private static final int MAX_ERROR_CODES = 128;

    public long totalConnectionsReceived;
    public long totalCommandsProcessed;
    public long rejectedConnections;
    public long totalErrorReplies;
    public long unexpectedErrorReplies;
    public long netInputBytes;
    public long netOutputBytes;
    /** Reads from and writes to client sockets. */
    public long totalReadsProcessed;
    public long totalWritesProcessed;
    /** Failed AUTH / HELLO AUTH attempts (acl_access_denied_auth); CONFIG RESETSTAT keeps it, as in Redis. */
    public long authFailures;
    /** Commands refused by ACL rules for the command, a key or a channel (acl_access_denied_cmd / key / channel). */
    public long aclDeniedCommands, aclDeniedKeys, aclDeniedChannels;
    /**
     * Redis's dirty counter (rdb_changes_since_last_save): changes since the last save, kept from the keyspace's
     * change signals by DirtyCounter.
     */
    public long dirty;

    /**
     * For a command that signalled two keys for what Redis counts as one change (RENAME, MOVE, LMOVE): its
     * second signal does not count.
     */
    public void countTwoSignalsAsOneChange() {
        dirty--;
    }
    /**
     * The "event loop" of Cinnabar is the execution lock: a cycle is one batch of commands (or one cron run)
     * executed while holding it. Durations are in microseconds.
     */
    public long eventLoopCycles;
    public long eventLoopDurationSum;
    public long eventLoopCommandDurationSum;
    /** INFO debug: the cron's share of the cycles, the longest cycle, the most commands run in one cycle. */
    public long eventLoopCronDurationSum;
    public long eventLoopDurationMax;
    public long eventLoopCommandsPerCycleMax;
    private long commandsBeforeCycle;
    /** Error replies by their code ("ERR", "WRONGTYPE"...), for INFO errorstats, in the order Redis lists them. */
    public final Map<String, Long> errorsByCode = new TreeMap<>();

    private final Metric ops = new Metric();
    private final Metric netInput = new Metric();
    private final Metric netOutput = new Metric();
    private final Metric cycles = new Metric();
    private final Metric cycleDuration = new Metric();

    /** Records an error reply; the code is the first word of the message. */
    public void recordError(byte[] message, int length) {
        totalErrorReplies++;
        int end = 0;
        while (end < length && message[end] != ' ') end++;
        String code = new String(message, 0, Math.min(end, 128), StandardCharsets.UTF_8);
        if (errorsByCode.containsKey(code) || errorsByCode.size() < MAX_ERROR_CODES) {
            errorsByCode.merge(code, 1L, Long::sum);
        }
    }

    /**
     * Records one batch of work done under the execution lock, begun by {@link #beginCycle} (the dispatcher adds
     * the commands' own time).
     */
    public void recordCycle(long durationMicros) {
        eventLoopCycles++;
        eventLoopDurationSum += durationMicros;
        eventLoopDurationMax = Math.max(eventLoopDurationMax, durationMicros);
        // a CONFIG RESETSTAT during the cycle leaves fewer commands than at its start: nothing to count then
        if (totalCommandsProcessed > commandsBeforeCycle) {
            eventLoopCommandsPerCycleMax = Math.max(eventLoopCommandsPerCycleMax, totalCommandsProcessed - commandsBeforeCycle);
        }
    }

    /** Marks the start of a cycle (see {@link #recordCycle}). */
    public void beginCycle() {
        commandsBeforeCycle = totalCommandsProcessed;
    }

    /** Records one run of the server cron, a cycle of its own. */
    public void recordCronCycle(long durationMicros) {
        eventLoopCronDurationSum += durationMicros;
        recordCycle(durationMicros);
    }

    /** Takes one sample of each instantaneous metric; the cron calls it, as Redis does every 100 ms. */
    void sample(long nowMillis) {
        ops.sample(totalCommandsProcessed, nowMillis, 1000);
        netInput.sample(netInputBytes, nowMillis, 1000);
        netOutput.sample(netOutputBytes, nowMillis, 1000);
        cycles.sample(eventLoopCycles, nowMillis, 1000);
        cycleDuration.sample(eventLoopDurationSum, eventLoopCycles, 1);
    }

    public long instantaneousOpsPerSec() {
        return ops.average();
    }

    public long instantaneousInputBytesPerSec() {
        return netInput.average();
    }

    public long instantaneousOutputBytesPerSec() {
        return netOutput.average();
    }

    public long instantaneousEventLoopCyclesPerSec() {
        return cycles.average();
    }

    public long instantaneousEventLoopDurationMicros() {
        return cycleDuration.average();
    }

    public void reset() {
        totalConnectionsReceived = totalCommandsProcessed = rejectedConnections = 0;
        totalErrorReplies = unexpectedErrorReplies = netInputBytes = netOutputBytes = 0;
        totalReadsProcessed = totalWritesProcessed = 0;
        eventLoopCycles = eventLoopDurationSum = eventLoopCommandDurationSum = 0;
        eventLoopCronDurationSum = eventLoopDurationMax = eventLoopCommandsPerCycleMax = 0;
        errorsByCode.clear();
        for (Metric m : new Metric[] {ops, netInput, netOutput, cycles, cycleDuration}) m.reset();
    }

    /**
     * Redis's instantaneous metrics: each sample is the growth of a counter per unit of a base (time or cycles)
     * since the previous sample, and the metric is the mean of the last 16 samples.
     */
    private static final class Metric {
        private static final int SAMPLES = 16;
        private final long[] samples = new long[SAMPLES];
        private int index;
        private long lastValue;
        private long lastBase;

        void sample(long value, long base, long factor) {
            if (lastBase > 0) {
                long baseDelta = base - lastBase;
                samples[index] = baseDelta > 0 ? (value - lastValue) * factor / baseDelta : 0;
                index = (index + 1) % SAMPLES;
            }
            lastValue = value;
            lastBase = base;
        }

        long average() {
            long sum = 0;
            for (long s : samples) sum += s;
            return sum / SAMPLES;
        }

        void reset() {
            java.util.Arrays.fill(samples, 0);
            index = 0;
            lastValue = lastBase = 0;
        }
    }
}
