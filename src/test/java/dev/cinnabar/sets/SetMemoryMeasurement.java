package dev.cinnabar.sets;

import dev.cinnabar.config.ServerConfig;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * Prints the heap one large set takes per member (not a test: run it by hand with the server's JVM options, e.g.
 * {@code java -XX:+UseCompactObjectHeaders -cp target/classes:target/test-classes
 * dev.cinnabar.sets.SetMemoryMeasurement}).
 * The members are "element:000000" to "element:999999" by default, as the comparison with redis-server's
 * used_memory uses.
 */
public final class SetMemoryMeasurement {
    private SetMemoryMeasurement() {}

    public static void main(String[] args) {
        int members = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        ServerConfig config = new ServerConfig();
        long before = usedHeapAfterGc();
        SetValue set = SetValue.create("element:000000".getBytes(StandardCharsets.US_ASCII), members, config);
        for (int i = 0; i < members; i++) {
            set.add(String.format("element:%06d", i).getBytes(StandardCharsets.US_ASCII), config);
        }
        report("just after the adds", set, members, usedHeapAfterGc() - before);
        if (set.isHashtable()) {
            // the last growth of the table may still be moving entries: the old table is freed once it is done
            while (set.hashtable().rehash(1000)) { }
            report("once the table's resize completed", set, members, usedHeapAfterGc() - before);
        }
    }

    private static void report(String when, SetValue set, int members, long bytes) {
        System.out.printf("%d members, %s, %s: %.1f bytes per member (%d bytes of heap)%n",
                set.size(), set.encoding(), when, bytes / (double) members, bytes);
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
