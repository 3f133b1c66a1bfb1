package dev.cinnabar.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory facts measured from the JVM and the operating system: heap in use and committed, the resident set size
 * from /proc. What the server counts as used_memory is {@code dev.cinnabar.memory.MemoryManager}'s, not these.
 */
public final class MemoryUsage {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final long PAGE_SIZE = pageSize();

    private MemoryUsage() {}

    public static long heapUsed() {
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    /** Heap the JVM has reserved from the system (it may hold free space). */
    public static long heapCommitted() {
        return MEMORY.getHeapMemoryUsage().getCommitted();
    }

    /** Resident set size of the process, from /proc/self/statm; 0 where /proc is not available. */
    public static long residentSetSize() {
        try {
            String[] fields = Files.readString(Path.of("/proc/self/statm")).trim().split(" ");
            return Long.parseLong(fields[1]) * PAGE_SIZE;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    public static long totalSystemMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }

    /** The kernel page size statm counts in, read from the first mapping listed in /proc/self/smaps. */
    private static long pageSize() {
        try (BufferedReader r = Files.newBufferedReader(Path.of("/proc/self/smaps"))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("KernelPageSize:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the usual size
        }
        return 4096;
    }
}
