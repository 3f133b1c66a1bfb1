package dev.cinnabar.admin;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/** Facts about the running process for INFO server and INFO cpu, from the JVM's management beans. */
final class ProcessMetrics {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ProcessMetrics() {}

    /** CPU time of the whole process in nanoseconds, split as {system, user}. */
    static long[] processCpuNanos() {
        long total = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            total = Math.max(0, os.getProcessCpuTime());
        }
        long user = 0;
        if (THREADS.isThreadCpuTimeSupported()) {
            for (long id : THREADS.getAllThreadIds()) {
                long t = THREADS.getThreadUserTime(id);
                if (t > 0) user += t;
            }
        }
        // threads that ended took their user time with them; what is left of the total counts as system time
        user = Math.min(user, total);
        return new long[] {total - user, user};
    }

    /** CPU time of the calling thread (the one executing commands), as {system, user} nanoseconds. */
    static long[] currentThreadCpuNanos() {
        if (!THREADS.isCurrentThreadCpuTimeSupported()) return new long[] {0, 0};
        long total = THREADS.getCurrentThreadCpuTime();
        long user = THREADS.getCurrentThreadUserTime();
        return new long[] {Math.max(0, total - user), user};
    }

    /** Seconds with six decimals, as Redis prints rusage times. */
    static String seconds(long nanos) {
        long micros = nanos / 1000;
        return String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    /** "Linux 6.8.0 x86_64", like uname's sysname, release and machine. */
    static String os() {
        String arch = System.getProperty("os.arch", "");
        if (arch.equals("amd64")) arch = "x86_64";
        return System.getProperty("os.name", "") + " " + System.getProperty("os.version", "") + " " + arch;
    }

    static int archBits() {
        return "32".equals(System.getProperty("sun.arch.data.model")) ? 32 : 64;
    }

    /** The program the process runs (the java launcher). */
    static String executable() {
        return ProcessHandle.current().info().command().orElse("");
    }
}
