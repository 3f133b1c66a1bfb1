package dev.cinnabar.lists;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * Prints the heap bytes per element of a list of 1,000,000 elements "element:NNNNNN" built by RPUSH and by LPUSH
 * with the default list-max-listpack-size (-2), without and with list-compress-depth 1, and the time per push and
 * per read of one element in the middle (which decompresses a node when compressed). Not a test: run it by hand, e.g. with the launcher's JVM options,
 * {@code java -XX:+UseCompactObjectHeaders -cp target/classes:target/test-classes
 * dev.cinnabar.lists.ListMemoryFootprint}, and compare with redis-server's used_memory growth for the same data.
 */
public final class ListMemoryFootprint {
    private static final int ELEMENTS = 1_000_000;

    public static void main(String[] args) {
        measure(false, 1); // a first run loads and compiles what the measured ones use
        for (int depth : new int[] {0, 1}) {
            for (boolean atHead : new boolean[] {false, true}) {
                long before = heapAfterGc();
                long started = System.nanoTime();
                ListValue list = measure(atHead, depth);
                long built = System.nanoTime() - started;
                long after = heapAfterGc();
                started = System.nanoTime();
                long found = 0;
                for (int i = 0; i < 10_000; i++) found += list.elements(ELEMENTS / 2 + i * 7L, 1, false).size();
                long middle = System.nanoTime() - started;
                System.out.printf("list-compress-depth %d, %s of %d elements: %.2f bytes per element, %.0f ns per "
                                + "push, %.0f ns per read in the middle (%s, %d of %d nodes compressed)%n", depth,
                        atHead ? "LPUSH" : "RPUSH", list.size(), (after - before) / (double) ELEMENTS,
                        built / (double) ELEMENTS, middle / (double) found, list.layout(),
                        list.compressedNodeCount(), list.nodeCount());
            }
        }
    }

    private static ListValue measure(boolean atHead, int depth) {
        ListValue list = new ListValue();
        for (int i = 0; i < ELEMENTS; i++) {
            byte[] element = String.format("element:%06d", i).getBytes(StandardCharsets.US_ASCII);
            list.prepareGrowth(element.length, 1, -2, depth);
            list.push(element, atHead);
        }
        return list;
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
