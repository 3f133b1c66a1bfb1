package dev.cinnabar.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.testing.CinnabarExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Tuple;
import redis.clients.jedis.util.KeyValue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several producers and blocked consumers on real connections at once, on a server with two I/O threads: every
 * element pushed is delivered to exactly one consumer, none is lost or duplicated, and nobody stays blocked.
 */
class BlockingConcurrencyTest {
    private static final int PRODUCERS = 3;
    private static final int CONSUMERS = 4;
    private static final int PER_PRODUCER = 1500;

    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension("io-threads 2");

    private Jedis connect() {
        return new Jedis("127.0.0.1", cinnabar.port());
    }

    @Test
    void queueElementsReachExactlyOneConsumer() throws Exception {
        Map<String, Integer> received = new ConcurrentHashMap<>();
        AtomicInteger duplicates = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS + CONSUMERS);
        try {
            List<Future<?>> consumers = new ArrayList<>();
            for (int c = 0; c < CONSUMERS; c++) {
                int id = c;
                consumers.add(pool.submit(() -> {
                    try (Jedis jedis = connect()) {
                        while (true) {
                            // alternate between the blocking pops so that all of them are exercised
                            String element;
                            if (id % 2 == 0) {
                                KeyValue<String, String> popped = jedis.brpop(2.0, "queue", "other");
                                if (popped == null) return null;
                                element = popped.getValue();
                            } else {
                                element = jedis.brpoplpush("queue", "processed:" + id, 2);
                                if (element == null) return null;
                            }
                            if (received.put(element, id) != null) duplicates.incrementAndGet();
                        }
                    }
                }));
            }
            Thread.sleep(200); // let the consumers block first
            List<Future<?>> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int id = p;
                producers.add(pool.submit(() -> {
                    try (Jedis jedis = connect()) {
                        for (int i = 0; i < PER_PRODUCER; i++) {
                            if (i % 3 == 0) jedis.lpush("queue", "p" + id + ":" + i, "p" + id + ":" + i + "b");
                            else jedis.lpush("queue", "p" + id + ":" + i);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : producers) f.get(60, TimeUnit.SECONDS);
            for (Future<?> f : consumers) f.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        int expected = PRODUCERS * (PER_PRODUCER + (PER_PRODUCER + 2) / 3);
        assertEquals(0, duplicates.get());
        assertEquals(expected, received.size());
        try (Jedis jedis = connect()) {
            assertEquals(0, jedis.llen("queue"));
            long moved = 0;
            for (int c = 1; c < CONSUMERS; c += 2) moved += jedis.llen("processed:" + c);
            assertEquals(received.values().stream().filter(id -> id % 2 == 1).count(), moved);
            assertTrue(jedis.info("clients").contains("blocked_clients:0"));
        }
    }

    @Test
    void priorityQueueConsumersGetEveryJobOnce() throws Exception {
        int jobs = 2000;
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CONSUMERS + 1);
        try {
            List<Future<?>> consumers = new ArrayList<>();
            for (int c = 0; c < CONSUMERS; c++) {
                consumers.add(pool.submit(() -> {
                    try (Jedis jedis = connect()) {
                        while (true) {
                            KeyValue<String, Tuple> job = jedis.bzpopmin(2.0, "jobs");
                            if (job == null) return null;
                            if (!seen.add(job.getValue().getElement())) duplicates.incrementAndGet();
                        }
                    }
                }));
            }
            Thread.sleep(200);
            pool.submit(() -> {
                try (Jedis jedis = connect()) {
                    for (int i = 0; i < jobs; i++) jedis.zadd("jobs", i % 10, "job:" + i);
                }
                return null;
            }).get(60, TimeUnit.SECONDS);
            for (Future<?> f : consumers) f.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, duplicates.get());
        Set<String> all = new HashSet<>();
        for (int i = 0; i < jobs; i++) all.add("job:" + i);
        assertEquals(all, seen);
    }
}
