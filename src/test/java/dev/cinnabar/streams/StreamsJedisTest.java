package dev.cinnabar.streams;

import dev.cinnabar.testing.CinnabarExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamPendingSummary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A work queue on a stream with a consumer group, through Jedis: workers wait with XREADGROUP BLOCK, producers
 * add jobs, workers acknowledge what they finish, and a worker that dies holding jobs has them taken over with
 * XAUTOCLAIM.
 */
class StreamsJedisTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension().flushingBeforeEach();

    private static final Map<String, StreamEntryID> UNDELIVERED = Map.of("jobs", StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY);

    /** A client of its own (the extension's shared one would queue a producer's command behind a blocked read). */
    private static Jedis client() {
        return new Jedis("127.0.0.1", cinnabar.port());
    }

    @Test
    void workQueueWithBlockingWorkersAcksAndAutoclaim() throws Exception {
        try (Jedis admin = client(); Jedis worker = client(); Jedis producer = client()) {
            assertEquals("OK", admin.xgroupCreate("jobs", "workers", StreamEntryID.XGROUP_LAST_ENTRY, true));

            // a worker waits for work before there is any
            CompletableFuture<List<Map.Entry<String, List<StreamEntry>>>> waiting = CompletableFuture.supplyAsync(() ->
                    worker.xreadGroup("workers", "w1", XReadGroupParams.xReadGroupParams().count(1).block(5000), UNDELIVERED));
            Thread.sleep(100);
            assertTrue(!waiting.isDone(), "the worker blocks");
            StreamEntryID first = producer.xadd("jobs", StreamEntryID.NEW_ENTRY, Map.of("job", "resize", "image", "1"));
            List<Map.Entry<String, List<StreamEntry>>> got = waiting.get(5, TimeUnit.SECONDS);
            assertEquals("jobs", got.get(0).getKey());
            assertEquals(first, got.get(0).getValue().get(0).getID());
            assertEquals(Map.of("job", "resize", "image", "1"), got.get(0).getValue().get(0).getFields());
            assertEquals(1, worker.xack("jobs", "workers", first));

            // more jobs than one worker takes: w1 takes two and "dies", w2 takes the rest and acks them
            List<StreamEntryID> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) ids.add(producer.xadd("jobs", StreamEntryID.NEW_ENTRY, Map.of("job", "n" + i)));
            List<StreamEntry> dead = worker.xreadGroup("workers", "w1", XReadGroupParams.xReadGroupParams().count(2),
                    UNDELIVERED).get(0).getValue();
            assertEquals(ids.subList(0, 2), dead.stream().map(StreamEntry::getID).toList());
            List<StreamEntry> rest = admin.xreadGroup("workers", "w2", XReadGroupParams.xReadGroupParams().count(10),
                    UNDELIVERED).get(0).getValue();
            assertEquals(ids.subList(2, 5), rest.stream().map(StreamEntry::getID).toList());
            assertEquals(3, admin.xack("jobs", "workers", rest.stream().map(StreamEntry::getID).toArray(StreamEntryID[]::new)));

            StreamPendingSummary pending = admin.xpending("jobs", "workers");
            assertEquals(2, pending.getTotal());
            assertEquals(Map.of("w1", 2L), pending.getConsumerMessageCount());

            // nothing is idle long enough yet; after a while w3 takes over w1's jobs
            Map.Entry<StreamEntryID, List<StreamEntry>> none = admin.xautoclaim("jobs", "workers", "w3", 60_000,
                    new StreamEntryID(0, 0), XAutoClaimParams.xAutoClaimParams().count(10));
            assertTrue(none.getValue().isEmpty());
            Thread.sleep(60);
            Map.Entry<StreamEntryID, List<StreamEntry>> claimed = admin.xautoclaim("jobs", "workers", "w3", 50,
                    new StreamEntryID(0, 0), XAutoClaimParams.xAutoClaimParams().count(10));
            assertEquals(new StreamEntryID(0, 0), claimed.getKey());
            assertEquals(ids.subList(0, 2), claimed.getValue().stream().map(StreamEntry::getID).toList());
            assertEquals(Map.of("job", "n0"), claimed.getValue().get(0).getFields());
            assertEquals(Map.of("w3", 2L), admin.xpending("jobs", "workers").getConsumerMessageCount());
            assertEquals(2, admin.xack("jobs", "workers", ids.get(0), ids.get(1)));
            assertEquals(0, admin.xpending("jobs", "workers").getTotal());
            assertNull(admin.xpending("jobs", "workers").getMinId());

            // a blocked worker times out with nothing
            assertNull(worker.xreadGroup("workers", "w1", XReadGroupParams.xReadGroupParams().block(50), UNDELIVERED));
            assertEquals(6, admin.xlen("jobs"));
        }
    }
}
