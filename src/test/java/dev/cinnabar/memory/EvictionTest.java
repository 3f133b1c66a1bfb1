package dev.cinnabar.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.propagation.PropagationSink;
import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RespConnection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which keys each maxmemory-policy evicts, the OOM refusal, the "evicted" event and evicted_keys, against an
 * in-process server (whose used_memory is its data and client buffers: the test JVM is not its own).
 */
class EvictionTest {
    private static final String OOM = "-OOM command not allowed when used memory > 'maxmemory'.\r\n";
    private static final String VALUE = "x".repeat(1000);
    private static final String LIMIT = "2mb";

    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();

    private RespConnection c;

    @BeforeEach
    void reset() throws IOException {
        c = cinnabar.connect();
        c.call("CONFIG", "SET", "maxmemory", "0");
        c.call("FLUSHALL");
        c.call("CONFIG", "SET", "maxmemory-policy", "noeviction", "lfu-log-factor", "10", "maxmemory-samples", "5");
        c.call("CONFIG", "RESETSTAT");
    }

    /** SETs keys prefix0..prefix(n-1) in pipelined batches (with a TTL in seconds when ttl > 0); the replies. */
    private List<String> fill(String prefix, int from, int to, long ttl) throws IOException {
        List<String> replies = new ArrayList<>();
        for (int start = from; start < to; start += 100) {
            int end = Math.min(to, start + 100);
            for (int i = start; i < end; i++) {
                if (ttl > 0) c.send("SET", prefix + i, VALUE, "EX", Long.toString(ttl + i));
                else c.send("SET", prefix + i, VALUE);
            }
            for (int i = start; i < end; i++) replies.add(c.readReply());
        }
        return replies;
    }

    private boolean exists(String key) throws IOException {
        return c.call("EXISTS", key).equals(":1\r\n");
    }

    private long info(String field) throws IOException {
        for (String line : c.call("INFO", "all").split("\r\n")) {
            if (line.startsWith(field + ":")) return Long.parseLong(line.substring(field.length() + 1));
        }
        throw new AssertionError("no " + field);
    }

    private int survivors(String prefix, int from, int to) throws IOException {
        int n = 0;
        for (int i = from; i < to; i++) if (exists(prefix + i)) n++;
        return n;
    }

    /** CLIENT PAUSE WRITE holds evictions as it holds expiry; they resume with the next command after it ends. */
    @Test
    void pausedWritesHoldEvictions() throws Exception {
        fill("p", 0, 3000, 0); // about 3 MB: above the limit set while paused
        c.call("CONFIG", "SET", "maxmemory-policy", "allkeys-random");
        assertEquals("+OK\r\n", c.call("CLIENT", "PAUSE", "100000", "WRITE"));
        try {
            c.call("CONFIG", "SET", "maxmemory", LIMIT);
            c.call("GET", "p1");
            assertEquals(":3000\r\n", c.call("DBSIZE"));
            assertEquals(0, info("evicted_keys"));
        } finally {
            c.call("CLIENT", "UNPAUSE");
        }
        c.call("GET", "p1");
        assertTrue(info("evicted_keys") > 0);
        assertTrue(survivors("p", 0, 3000) < 3000);
    }

    @Test
    void noevictionRefusesWritesButServesReads() throws Exception {
        c.call("CONFIG", "SET", "maxmemory", LIMIT);
        List<String> replies = fill("k", 0, 4000, 0);
        int refused = (int) replies.stream().filter(OOM::equals).count();
        assertTrue(refused > 1000, "refused " + refused);
        assertEquals(0, info("evicted_keys"));
        c.call("CONFIG", "SET", "maxmemory", "1mb");                  // well over the limit from now on
        c.call("SET", "over", "1");
        Thread.sleep(100);
        long current = info("current_eviction_exceeded_time");
        assertTrue(current >= 100, "over the limit for " + current + " ms");
        assertTrue(info("total_eviction_exceeded_time") >= current);            // asked later: includes it
        assertEquals("$1000\r\n" + VALUE + "\r\n", c.call("GET", "k0"));
        assertEquals(OOM, c.call("LPUSH", "list", "a"));
        assertEquals(OOM, c.call("APPEND", "k1", "more"));
        // in MULTI every queued command is refused, and EXEC then aborts
        c.call("MULTI");
        assertEquals(OOM, c.call("GET", "k1"));
        assertEquals("-EXECABORT Transaction discarded because of previous errors.\r\n", c.call("EXEC"));
        assertEquals(":1\r\n", c.call("DEL", "k0"));                 // DEL may free memory: never refused
        c.call("CONFIG", "SET", "maxmemory", "0");
        assertEquals("+OK\r\n", c.call("SET", "k0", "again"));
    }

    @Test
    void allkeysPoliciesStayWithinTheLimit() throws IOException {
        for (String policy : List.of("allkeys-lru", "allkeys-lfu", "allkeys-random")) {
            reset();
            c.call("CONFIG", "SET", "maxmemory-policy", policy, "maxmemory", LIMIT);
            List<String> replies = fill("k", 0, 6000, 0);
            assertEquals(List.of(), replies.stream().filter(r -> !r.equals("+OK\r\n")).distinct().toList(), policy);
            long evicted = info("evicted_keys");
            assertTrue(evicted > 3000, policy + " evicted " + evicted);
            assertEquals(":" + (6000 - evicted) + "\r\n", c.call("DBSIZE"), policy);
        }
    }

    @Test
    void volatilePoliciesEvictOnlyKeysWithATtl() throws IOException {
        for (String policy : List.of("volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl")) {
            reset();
            c.call("CONFIG", "SET", "maxmemory-policy", policy);
            fill("persistent", 0, 500, 0);
            c.call("CONFIG", "SET", "maxmemory", LIMIT);
            List<String> replies = fill("volatile", 0, 3000, 100_000);
            assertEquals(List.of(), replies.stream().filter(r -> !r.equals("+OK\r\n")).distinct().toList(),
                    policy + " " + replies.indexOf(OOM));
            assertEquals(500, survivors("persistent", 0, 500), policy);
            assertTrue(survivors("volatile", 0, 3000) < 2000, policy);
            assertTrue(info("evicted_keys") > 1000, policy);
        }
    }

    @Test
    void volatilePoliciesRefuseWritesWhenNoKeyHasATtl() throws IOException {
        c.call("CONFIG", "SET", "maxmemory-policy", "volatile-lru", "maxmemory", LIMIT);
        List<String> replies = fill("k", 0, 4000, 0);
        assertTrue(replies.contains(OOM));
        assertEquals(0, info("evicted_keys"));
    }

    @Test
    void volatileTtlEvictsTheSoonestToExpireFirst() throws IOException {
        c.call("CONFIG", "SET", "maxmemory-policy", "volatile-ttl", "maxmemory", LIMIT);
        fill("k", 0, 4000, 100_000);   // key i expires in 100000 + i seconds
        long evictedLow = 0, evictedHigh = 0;
        for (int i = 0; i < 4000; i++) {
            if (exists("k" + i)) continue;
            if (i < 2000) evictedLow++;
            else evictedHigh++;
        }
        assertTrue(evictedLow > 4 * evictedHigh, "early " + evictedLow + ", late " + evictedHigh);
    }

    @Test
    void lruKeepsRecentlyUsedKeysAndIdleTimeShowsIt() throws Exception {
        c.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
        fill("k", 0, 1500, 0);
        Thread.sleep(2100);                                         // the LRU clock counts seconds
        assertTrue(Long.parseLong(c.call("OBJECT", "IDLETIME", "k0").substring(1).trim()) >= 2);
        for (int i = 0; i < 300; i++) c.call("GET", "k" + i);
        c.call("GET", "k0");
        // just read: idle 0, or 1 if the clock's second turned in between
        assertTrue(Long.parseLong(c.call("OBJECT", "IDLETIME", "k0").substring(1).trim()) <= 1);
        c.call("CONFIG", "SET", "maxmemory", LIMIT);
        fill("new", 0, 1500, 0);
        int accessed = survivors("k", 0, 300);
        int idle = survivors("k", 300, 1500);
        assertTrue(accessed >= 270, "accessed keys kept: " + accessed);
        assertTrue(idle < 600, "idle keys kept: " + idle);
    }

    @Test
    void lfuKeepsFrequentlyUsedKeys() throws IOException {
        c.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
        fill("k", 0, 1500, 0);
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 300; i++) c.send("GET", "k" + i);
            for (int i = 0; i < 300; i++) c.readReply();
        }
        c.call("CONFIG", "SET", "maxmemory", LIMIT);
        fill("new", 0, 1500, 0);
        int frequent = survivors("k", 0, 300);
        assertTrue(frequent >= 270, "frequently used keys kept: " + frequent);
    }

    @Test
    void frequencyGrowsFasterWithASmallerLogFactor() throws IOException {
        c.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu", "lfu-log-factor", "0");
        c.call("SET", "k", "v");
        assertEquals(":5\r\n", c.call("OBJECT", "FREQ", "k"));     // LFU_INIT_VAL
        for (int i = 0; i < 100; i++) c.call("GET", "k");
        assertEquals(":105\r\n", c.call("OBJECT", "FREQ", "k"));   // factor 0: every access counts
        c.call("CONFIG", "SET", "lfu-log-factor", "10");
        c.call("SET", "j", "v");
        for (int i = 0; i < 100; i++) c.call("GET", "j");
        long freq = Long.parseLong(c.call("OBJECT", "FREQ", "j").substring(1).trim());
        assertTrue(freq > 5 && freq < 30, "log factor 10 after 100 hits: " + freq);
    }

    @Test
    void loweringMaxmemoryEvictsWithoutAnotherCommand() throws Exception {
        c.call("CONFIG", "SET", "maxmemory-policy", "allkeys-random");
        fill("k", 0, 4000, 0);
        c.call("CONFIG", "SET", "maxmemory", LIMIT);
        try (RespConnection other = cinnabar.connect()) {
            long deadline = System.currentTimeMillis() + 5000;
            while (info("evicted_keys") == 0 && System.currentTimeMillis() < deadline) Thread.sleep(20);
        }
        assertTrue(info("evicted_keys") > 1500);
    }

    @Test
    void evictionPublishesTheEvictedEventAndPropagatesNothingToTheClient() throws IOException {
        c.call("CONFIG", "SET", "notify-keyspace-events", "Ee");
        try (RespConnection sub = cinnabar.connect()) {
            sub.call("SUBSCRIBE", "__keyevent@0__:evicted");
            c.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lru", "maxmemory", LIMIT);
            fill("k", 0, 3000, 0);
            String message = sub.readReply();
            assertTrue(message.startsWith("*3\r\n$7\r\nmessage\r\n$22\r\n__keyevent@0__:evicted\r\n$"), message);
            String key = message.split("\r\n")[6];
            assertEquals(":0\r\n", c.call("EXISTS", key));
        } finally {
            c.call("CONFIG", "SET", "notify-keyspace-events", "");
        }
    }

    @Test
    void evictedKeysArePropagatedAsDeletions() throws IOException {
        List<String> propagated = new ArrayList<>();
        PropagationSink sink = (db, argv, argc) -> propagated.add(db + " " + new String(argv[0]) + " "
                + (argc > 1 ? new String(argv[1]) : ""));
        var propagation = cinnabar.server().server().propagation();
        propagation.addSink(sink);
        try {
            c.call("SELECT", "3");
            c.call("SET", "victim", VALUE, "EX", "1000");                // the only key volatile-ttl may take
            c.call("CONFIG", "SET", "maxmemory-policy", "volatile-ttl", "maxmemory", LIMIT);
            fill("k", 0, 3000, 0);
            assertTrue(propagated.contains("3 DEL victim"), propagated.toString());
            c.call("CONFIG", "SET", "lazyfree-lazy-eviction", "yes", "maxmemory", "0");
            c.call("SET", "victim2", VALUE, "EX", "1000");
            c.call("CONFIG", "SET", "maxmemory", LIMIT);
            c.call("SET", "trigger", "1");
            assertTrue(propagated.contains("3 UNLINK victim2"), propagated.toString());
        } finally {
            propagation.removeSink(sink);
            c.call("CONFIG", "SET", "lazyfree-lazy-eviction", "no");
        }
    }

    @Test
    void watchedKeyEvictedFailsTheTransaction() throws IOException {
        c.call("SET", "watched", VALUE, "EX", "1000");                 // the only key volatile-ttl may take
        c.call("WATCH", "watched");
        try (RespConnection other = cinnabar.connect()) {
            other.call("CONFIG", "SET", "maxmemory-policy", "volatile-ttl", "maxmemory", LIMIT);
            for (int i = 0; i < 4000 && other.call("EXISTS", "watched").equals(":1\r\n"); i++) {
                other.call("SET", "k" + i, VALUE);
            }
        }
        assertEquals(":0\r\n", c.call("EXISTS", "watched"));
        c.call("CONFIG", "SET", "maxmemory", "0");
        c.call("MULTI");
        c.call("SET", "x", "y");
        assertEquals("*-1\r\n", c.call("EXEC"));
    }
}
