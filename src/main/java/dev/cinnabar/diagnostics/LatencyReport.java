package dev.cinnabar.diagnostics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The texts of LATENCY DOCTOR and LATENCY GRAPH, in Redis's words and layout. */
final class LatencyReport {
    private static final int GRAPH_COLUMNS = 80;

    private LatencyReport() {}

    /** The settings the doctor's advice depends on. */
    record Settings(long slowlogSlowerThan, long threshold, int hz, boolean fsyncAlways) {}

    /** Statistics of one event's history, as Redis's analyzeLatencyForEvent computes them. */
    private record Stats(int samples, long avg, long mad, long period) {}

    private static Stats analyze(LatencyMonitor.Series ts, long nowSeconds) {
        int samples = 0;
        long sum = 0, oldest = 0;
        for (int j = 0; j < LatencyMonitor.HISTORY; j++) {
            if (ts.times[j] == 0) continue;
            samples++;
            sum += ts.latencies[j];
            if (oldest == 0 || ts.times[j] < oldest) oldest = ts.times[j];
        }
        if (samples == 0) return new Stats(0, 0, 0, 0);
        long avg = sum / samples;
        long period = nowSeconds - oldest;
        if (period == 0) period = 1;
        long deviation = 0;
        for (int j = 0; j < LatencyMonitor.HISTORY; j++) {
            if (ts.times[j] != 0) deviation += Math.abs(avg - ts.latencies[j]);
        }
        return new Stats(samples, avg, deviation / samples, period);
    }

    /** An advice, printed at most once, in this order. */
    private enum Advice {
        SLOWLOG_ENABLED, SLOWLOG_TUNING, SLOWLOG_INSPECT, SCHEDULER, LOCAL_DISK, SSD, DATA_WRITEBACK,
        DISK_CONTENTION, NO_APPENDFSYNC, RELAX_FSYNC_POLICY, WRITE_LOAD_INFO, HZ, LARGE_OBJECTS, MASS_EVICTION,
        DISABLE_THP
    }

    static String doctor(LatencyMonitor monitor, Settings settings) {
        StringBuilder report = new StringBuilder();
        Map<String, LatencyMonitor.Series> events = monitor.events();
        if (events.isEmpty() && settings.threshold() == 0) {
            return "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may "
                    + "use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we "
                    + "weren't in a deep space mission I'd suggest to take a look at "
                    + "https://redis.io/topics/latency-monitor.\n";
        }
        java.util.EnumSet<Advice> advices = java.util.EnumSet.noneOf(Advice.class);
        int adviceCount = 0;
        int eventNumber = 0;
        long now = System.currentTimeMillis() / 1000;
        for (Map.Entry<String, LatencyMonitor.Series> e : events.entrySet()) {
            String event = e.getKey();
            eventNumber++;
            if (eventNumber == 1) {
                report.append("Dave, I have observed latency spikes in this Redis instance. You don't mind talking "
                        + "about it, do you Dave?\n\n");
            }
            Stats s = analyze(e.getValue(), now);
            report.append(String.format(Locale.ROOT, "%d. %s: %d latency spikes (average %dms, mean deviation %dms, "
                            + "period %.2f sec). Worst all time event %dms.", eventNumber, event, s.samples(), s.avg(),
                    s.mad(), (double) s.period() / s.samples(), e.getValue().max));
            switch (event.toLowerCase(Locale.ROOT)) {
                case "command" -> {
                    if (settings.slowlogSlowerThan() < 0) {
                        advices.add(Advice.SLOWLOG_ENABLED);
                        adviceCount++;
                    } else if (settings.slowlogSlowerThan() / 1000 > settings.threshold()) {
                        advices.add(Advice.SLOWLOG_TUNING);
                        adviceCount++;
                    }
                    advices.add(Advice.SLOWLOG_INSPECT);
                    advices.add(Advice.LARGE_OBJECTS);
                    adviceCount += 2;
                }
                case "fast-command" -> {
                    advices.add(Advice.SCHEDULER);
                    adviceCount++;
                }
                case "aof-write-pending-fsync" -> adviceCount += add(advices, Advice.LOCAL_DISK,
                        Advice.DISK_CONTENTION, Advice.SSD, Advice.DATA_WRITEBACK);
                case "aof-write-active-child" -> adviceCount += add(advices, Advice.NO_APPENDFSYNC,
                        Advice.DATA_WRITEBACK, Advice.SSD);
                case "aof-write-alone" -> adviceCount += add(advices, Advice.LOCAL_DISK, Advice.DATA_WRITEBACK,
                        Advice.SSD);
                case "aof-fsync-always" -> adviceCount += add(advices, Advice.RELAX_FSYNC_POLICY);
                case "aof-fstat", "rdb-unlink-temp-file" -> adviceCount += add(advices, Advice.DISK_CONTENTION,
                        Advice.LOCAL_DISK);
                case "aof-rewrite-diff-write", "aof-rename" -> adviceCount += add(advices, Advice.WRITE_LOAD_INFO,
                        Advice.DATA_WRITEBACK, Advice.SSD, Advice.LOCAL_DISK);
                case "expire-cycle" -> adviceCount += add(advices, Advice.HZ, Advice.LARGE_OBJECTS);
                case "eviction-del" -> adviceCount += add(advices, Advice.LARGE_OBJECTS);
                case "eviction-cycle" -> adviceCount += add(advices, Advice.MASS_EVICTION);
                default -> { }
            }
            report.append('\n');
        }
        if (anonHugePagesBytes() > 0) adviceCount += add(advices, Advice.DISABLE_THP);

        if (eventNumber == 0 && adviceCount == 0) {
            report.append("Dave, no latency spike was observed during the lifetime of this Redis instance, not in "
                    + "the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and "
                    + "think things over.\n");
        } else if (eventNumber > 0 && adviceCount == 0) {
            report.append("\nWhile there are latency events logged, I'm not able to suggest any easy fix. Please use "
                    + "the Redis community to get some help, providing this report in your help request.\n");
        } else {
            report.append("\nI have a few advices for you:\n\n");
            for (Advice a : advices) report.append(text(a, settings));
        }
        return report.toString();
    }

    private static int add(java.util.EnumSet<Advice> advices, Advice... added) {
        java.util.Collections.addAll(advices, added);
        return added.length;
    }

    private static String text(Advice advice, Settings settings) {
        long suggested = settings.threshold() * 1000;
        return switch (advice) {
            case SLOWLOG_ENABLED -> "- There are latency issues with potentially slow commands you are using. Try to "
                    + "enable the Slow Log Redis feature using the command 'CONFIG SET slowlog-log-slower-than "
                    + suggested + "'. If the Slow log is disabled Redis is not able to log slow commands execution "
                    + "for you.\n";
            case SLOWLOG_TUNING -> "- Your current Slow Log configuration only logs events that are slower than your "
                    + "configured latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than "
                    + suggested + "'.\n";
            case SLOWLOG_INSPECT -> "- Check your Slow Log to understand what are the commands you are running which "
                    + "are too slow to execute. Please check https://redis.io/commands/slowlog for more "
                    + "information.\n";
            case SCHEDULER -> "- The system is slow to execute Redis code paths not containing system calls. This "
                    + "usually means the system does not provide Redis CPU time to run for long periods. You should "
                    + "try to:\n"
                    + "  1) Lower the system load.\n"
                    + "  2) Use a computer / VM just for Redis if you are running other software in the same system.\n"
                    + "  3) Check if you have a \"noisy neighbour\" problem.\n"
                    + "  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic latency in your "
                    + "system.\n"
                    + "  5) Check if the problem is allocator-related by recompiling Redis with MALLOC=libc, if you "
                    + "are using Jemalloc. However this may create fragmentation problems.\n";
            case LOCAL_DISK -> "- It is strongly advised to use local disks for persistence, especially if you are "
                    + "using AOF. Remote disks provided by platform-as-a-service providers are known to be slow.\n";
            case SSD -> "- SSD disks are able to reduce fsync latency, and total time needed for snapshotting and AOF "
                    + "log rewriting (resulting in smaller memory usage). With extremely high write load SSD disks "
                    + "can be a good option. However Redis should perform reasonably with high load using normal "
                    + "disks. Use this advice as a last resort.\n";
            case DATA_WRITEBACK -> "- Mounting ext3/4 filesystems with data=writeback can provide a performance boost "
                    + "compared to data=ordered, however this mode of operation provides less guarantees, and "
                    + "sometimes it can happen that after a hard crash the AOF file will have a half-written command "
                    + "at the end and will require to be repaired before Redis restarts.\n";
            case DISK_CONTENTION -> "- Try to lower the disk contention. This is often caused by other disk intensive "
                    + "processes running in the same computer (including other Redis instances).\n";
            case NO_APPENDFSYNC -> "- Assuming from the point of view of data safety this is viable in your "
                    + "environment, you could try to enable the 'no-appendfsync-on-rewrite' option, so that fsync "
                    + "will not be performed while there is a child rewriting the AOF file or producing an RDB file "
                    + "(the moment where there is high disk contention).\n";
            case RELAX_FSYNC_POLICY -> settings.fsyncAlways() ? "- Your fsync policy is set to 'always'. It is very "
                    + "hard to get good performances with such a setup, if possible try to relax the fsync policy to "
                    + "'onesec'.\n" : "";
            case WRITE_LOAD_INFO -> "- Latency during the AOF atomic rename operation or when the final difference "
                    + "is flushed to the AOF file at the end of the rewrite, sometimes is caused by very high write "
                    + "load, causing the AOF buffer to get very large. If possible try to send less commands to "
                    + "accomplish the same work, or use Lua scripts to group multiple operations into a single "
                    + "EVALSHA call.\n";
            case HZ -> settings.hz() < 100 ? "- In order to make the Redis keys expiring process more incremental, "
                    + "try to set the 'hz' configuration parameter to 100 using 'CONFIG SET hz 100'.\n" : "";
            case LARGE_OBJECTS -> "- Deleting, expiring or evicting (because of maxmemory policy) large objects is a "
                    + "blocking operation. If you have very large objects that are often deleted, expired, or "
                    + "evicted, try to fragment those objects into multiple smaller objects.\n";
            case MASS_EVICTION -> "- Sudden changes to the 'maxmemory' setting via 'CONFIG SET', or allocation of "
                    + "large objects via sets or sorted sets intersections, STORE option of SORT, Redis Cluster "
                    + "large keys migrations (RESTORE command), may create sudden memory pressure forcing the server "
                    + "to block trying to evict keys. \n";
            case DISABLE_THP -> "- I detected a non zero amount of anonymous huge pages used by your process. This "
                    + "creates very serious latency events in different conditions, especially when Redis is "
                    + "persisting on disk. To disable THP support use the command 'echo never > "
                    + "/sys/kernel/mm/transparent_hugepage/enabled', make sure to also add it into /etc/rc.local so "
                    + "that the command will be executed again after a reboot. Note that even if you have already "
                    + "disabled THP, you still need to restart the Redis process to get rid of the huge pages "
                    + "already created.\n";
        };
    }

    /** The process's AnonHugePages (Transparent Huge Pages), from /proc; 0 where it cannot be read. */
    private static long anonHugePagesBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/smaps_rollup"))) {
                if (line.startsWith("AnonHugePages:")) {
                    String[] words = line.substring("AnonHugePages:".length()).trim().split("\\s+");
                    return Long.parseLong(words[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no smaps: report none, as Redis does where it cannot tell
        }
        return 0;
    }

    /** LATENCY GRAPH: the event's history as a sparkline labelled with each sample's age. */
    static String graph(String event, LatencyMonitor.Series ts) {
        Sparkline line = new Sparkline();
        long min = 0, max = 0;
        boolean first = true;
        long now = System.currentTimeMillis() / 1000;
        for (int j = 0; j < LatencyMonitor.HISTORY; j++) {
            int i = (ts.next + j) % LatencyMonitor.HISTORY;
            if (ts.times[i] == 0) continue;
            long latency = ts.latencies[i];
            if (first) {
                min = max = latency;
                first = false;
            } else {
                max = Math.max(max, latency);
                min = Math.min(min, latency);
            }
            line.add(latency, age(now - ts.times[i]));
        }
        StringBuilder graph = new StringBuilder();
        graph.append(event).append(" - high ").append(max).append(" ms, low ").append(min)
                .append(" ms (all time high ").append(ts.max).append(" ms)\n");
        graph.append("-".repeat(GRAPH_COLUMNS)).append('\n');
        line.render(graph, GRAPH_COLUMNS, 4);
        return graph.toString();
    }

    private static String age(long elapsed) {
        if (elapsed < 60) return elapsed + "s";
        if (elapsed < 3600) return elapsed / 60 + "m";
        if (elapsed < 3600 * 24) return elapsed / 3600 + "h";
        return elapsed / (3600 * 24) + "d";
    }
}
