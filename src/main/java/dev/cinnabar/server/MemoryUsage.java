package dev.cinnabar.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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

    /**
     * Resident set size of the process, from /proc/self/statm; 0 where /proc is not available. The file is kept
     * open and read into one buffer: the cron calls this ten times a second, and an idle server that allocates
     * nothing lets the collector's idle collection run (any young collection postpones it).
     */
    public static long residentSetSize() {
        return Statm.INSTANCE == null ? 0 : Statm.INSTANCE.residentPages() * PAGE_SIZE;
    }

    /** /proc/self/statm, open for the life of the process: "size resident shared ...", in pages. */
    private static final class Statm {
        static final Statm INSTANCE = open();
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(128);

        private Statm(FileChannel channel) {
            this.channel = channel;
        }

        private static Statm open() {
            try {
                return new Statm(FileChannel.open(Path.of("/proc/self/statm"), StandardOpenOption.READ));
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        synchronized long residentPages() {
            try {
                buffer.clear();
                while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) { /* read it all */ }
                int i = 0, end = buffer.position();
                while (i < end && buffer.get(i) != ' ') i++;        // skip the total size
                long pages = 0;
                for (i++; i < end && buffer.get(i) >= '0' && buffer.get(i) <= '9'; i++) {
                    pages = pages * 10 + buffer.get(i) - '0';
                }
                return pages;
            } catch (IOException e) {
                return 0;
            }
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
