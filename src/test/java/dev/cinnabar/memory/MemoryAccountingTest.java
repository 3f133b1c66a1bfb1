package dev.cinnabar.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RespConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.lang.management.ManagementFactory;

/** MEMORY USAGE and used_memory are honest: they follow what is stored, and the heap it really takes. */
class MemoryAccountingTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension().flushingBeforeEach();

    private static long number(String reply) {
        return Long.parseLong(reply.substring(1).trim());
    }

    private static long info(RespConnection c, String field) throws IOException {
        for (String line : c.call("INFO", "memory").split("\r\n")) {
            if (line.startsWith(field + ":")) return Long.parseLong(line.substring(field.length() + 1));
        }
        throw new AssertionError("no " + field);
    }

    /** Sends count commands built by the function and reads their replies. */
    private static void pipeline(RespConnection c, int count, java.util.function.IntFunction<String[]> command)
            throws IOException {
        for (int i = 0; i < count; i++) c.send(command.apply(i));
        for (int i = 0; i < count; i++) c.readReply();
    }

    @Test
    void usageCoversThePayloadOfEveryType() throws IOException {
        try (RespConnection c = cinnabar.connect()) {
            String value = "v".repeat(100);
            c.call("SET", "s", "x".repeat(1000));
            long s = number(c.call("MEMORY", "USAGE", "s"));
            assertTrue(s >= 1001 && s < 1100, "string: " + s);
            pipeline(c, 1000, i -> new String[] {"HSET", "h", "field" + i, value});
            pipeline(c, 1000, i -> new String[] {"RPUSH", "l", value + i});
            pipeline(c, 1000, i -> new String[] {"SADD", "set", value + i});
            pipeline(c, 1000, i -> new String[] {"ZADD", "z", Integer.toString(i), value + i});
            pipeline(c, 1000, i -> new String[] {"XADD", "x", "*", "f", value});
            for (String key : new String[] {"h", "l", "set", "z", "x"}) {
                long all = number(c.call("MEMORY", "USAGE", key, "SAMPLES", "0"));
                long sampled = number(c.call("MEMORY", "USAGE", key));
                assertTrue(all > 100_000 && all < 300_000, key + ": " + all);
                assertTrue(sampled > all / 2 && sampled < all * 2, key + ": sampled " + sampled + " of " + all);
            }
            // a small collection is one compact array: its size follows each change
            c.call("HSET", "small", "a", "1");
            long before = number(c.call("MEMORY", "USAGE", "small"));
            c.call("HSET", "small", "b", "x".repeat(40));
            assertTrue(number(c.call("MEMORY", "USAGE", "small")) >= before + 40);
        }
    }

    @Test
    void usedMemoryFollowsWritesAndDeletesExactly() throws IOException {
        try (RespConnection c = cinnabar.connect()) {
            long empty = info(c, "used_memory_dataset");
            assertEquals(0, empty);
            c.call("SET", "k", "x".repeat(1000));
            long one = info(c, "used_memory_dataset");
            assertTrue(one >= 1001 && one < 1100, "one key: " + one);
            c.call("EXPIRE", "k", "100");                        // the expire time lives in the entry
            assertEquals(one + 8, info(c, "used_memory_dataset"));
            pipeline(c, 500, i -> new String[] {"RPUSH", "list", "element-" + i});
            long withList = info(c, "used_memory_dataset");
            assertTrue(withList > one + 500 * 10, "with the list: " + withList);
            c.call("DEL", "list");
            assertEquals(one + 8, info(c, "used_memory_dataset"));
            c.call("FLUSHALL");
            assertEquals(0, info(c, "used_memory_dataset"));
        }
    }

    @Test
    void theAccountedDatasetMatchesTheHeapItTakes() throws Exception {
        var memory = ManagementFactory.getMemoryMXBean();
        try (RespConnection c = cinnabar.connect()) {
            System.gc();
            long heapBefore = memory.getHeapMemoryUsage().getUsed();
            long accountedBefore = info(c, "used_memory_dataset") + tables(c);
            for (int batch = 0; batch < 100; batch++) {
                int base = batch * 2000;
                pipeline(c, 2000, i -> new String[] {"SET", "key:" + (base + i), "value-" + (base + i) + "-".repeat(60)});
            }
            pipeline(c, 200, i -> new String[] {"HSET", "hash" + (i % 20), "f" + i, "x".repeat(200)});
            System.gc();
            long heapGrowth = memory.getHeapMemoryUsage().getUsed() - heapBefore;
            long accountedGrowth = info(c, "used_memory_dataset") + tables(c) - accountedBefore;
            double ratio = (double) heapGrowth / accountedGrowth;
            assertTrue(ratio > 0.8 && ratio < 1.25, "heap grew " + heapGrowth + ", accounted " + accountedGrowth);
        }
    }

    /** The hash tables' slots (overhead.hashtable.main of db 0, from MEMORY STATS). */
    private static long tables(RespConnection c) throws IOException {
        String stats = c.call("MEMORY", "STATS");
        int at = stats.indexOf("overhead.hashtable.main\r\n");
        if (at < 0) return 0;
        String rest = stats.substring(at + "overhead.hashtable.main\r\n".length());
        return Long.parseLong(rest.substring(1, rest.indexOf("\r\n")));
    }
}
