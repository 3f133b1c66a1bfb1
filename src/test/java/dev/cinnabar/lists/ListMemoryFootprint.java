package dev.cinnabar.lists;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * Prints the heap bytes per element of a list of 1,000,000 elements "element:NNNNNN" built by RPUSH and by LPUSH
 * with the default list-max-listpack-size (-2). Not a test: run it by hand, e.g. with the launcher's JVM options,
 * {@code java -XX:+UseCompactObjectHeaders -cp target/classes:target/test-classes
 * dev.cinnabar.lists.ListMemoryFootprint}, and compare with redis-server's used_memory growth for the same data.
 */
public final class ListMemoryFootprint {
    private static final int ELEMENTS = 1_000_000;

    public static void main(String[] args) {
        measure(false); // a first run loads and compiles what the measured ones use
        for (boolean atHead : new boolean[] {false, true}) {
            long before = heapAfterGc();
            ListValue list = measure(atHead);
            long after = heapAfterGc();
            System.out.printf("%s of %d elements: %.2f bytes per element (%s)%n", atHead ? "LPUSH" : "RPUSH",
                    list.size(), (after - before) / (double) ELEMENTS, list.layout());
        }
    }

    private static ListValue measure(boolean atHead) {
        ListValue list = new ListValue();
        for (int i = 0; i < ELEMENTS; i++) {
            byte[] element = String.format("element:%06d", i).getBytes(StandardCharsets.US_ASCII);
            list.prepareGrowth(element.length, 1, -2, 0);
            list.push(element, atHead);
        }
        return list;
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
