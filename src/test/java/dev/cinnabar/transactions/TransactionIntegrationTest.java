package dev.cinnabar.transactions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RespConnection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;

/** Transactions under concurrency and through a real client library, plus the state CLIENT LIST and INFO show. */
class TransactionIntegrationTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension().flushingBeforeEach();

    private static Jedis newJedis() {
        return new Jedis("127.0.0.1", cinnabar.port());
    }

    @Test
    void execIsAtomicAgainstConcurrentWriters() throws Exception {
        int transactions = 200;
        int incrsPerTransaction = 20;
        Thread writer = new Thread(() -> {
            try (Jedis j = newJedis()) {
                for (int i = 0; i < 4000; i++) j.incr("counter");
            }
        });
        writer.start();
        try (Jedis j = newJedis()) {
            for (int t = 0; t < transactions; t++) {
                Transaction tx = j.multi();
                for (int i = 0; i < incrsPerTransaction; i++) tx.incr("counter");
                List<Object> results = tx.exec();
                // no other client's INCR can land between two of ours: the values are consecutive
                for (int i = 1; i < results.size(); i++) {
                    assertEquals((Long) results.get(i - 1) + 1, (Long) results.get(i));
                }
            }
        }
        writer.join();
        try (Jedis j = newJedis()) {
            assertEquals(String.valueOf(4000 + transactions * incrsPerTransaction), j.get("counter"));
        }
    }

    /** The classic optimistic-locking transfer: WATCH both balances, MULTI, EXEC, retry on a nil reply. */
    @Test
    void concurrentTransfersWithWatchKeepTheTotal() throws Exception {
        try (Jedis j = newJedis()) {
            j.set("a", "1000");
            j.set("b", "1000");
        }
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            boolean forward = t % 2 == 0;
            threads.add(new Thread(() -> {
                try (Jedis j = newJedis()) {
                    for (int i = 0; i < 100; i++) {
                        String from = forward ? "a" : "b";
                        String to = forward ? "b" : "a";
                        while (true) {
                            j.watch(from, to);
                            long balance = Long.parseLong(j.get(from));
                            Transaction tx = j.multi();
                            tx.set(from, String.valueOf(balance - 1));
                            tx.incr(to);
                            if (tx.exec() != null) break;
                        }
                    }
                }
            }));
        }
        for (Thread t : threads) t.start();
        for (Thread t : threads) t.join();
        try (Jedis j = newJedis()) {
            assertEquals(2000, Long.parseLong(j.get("a")) + Long.parseLong(j.get("b")));
            assertEquals(1000, Long.parseLong(j.get("a"))); // as many transfers each way
        }
    }

    @Test
    void jedisSeesANullExecWhenAWatchedKeyChanged() {
        try (Jedis j = newJedis(); Jedis other = newJedis()) {
            j.set("k", "1");
            j.watch("k");
            other.set("k", "2");
            Transaction tx = j.multi();
            tx.set("k", "3");
            assertNull(tx.exec());
            assertEquals("2", j.get("k"));
        }
    }

    @Test
    void clientListShowsTheQueueAndTheDirtyFlag() throws Exception {
        try (RespConnection c = cinnabar.connect(); RespConnection admin = cinnabar.connect()) {
            String id = c.call("CLIENT", "ID").substring(1).trim();
            c.call("WATCH", "k");
            admin.call("SET", "k", "changed");
            c.call("MULTI");
            c.call("SET", "a", "12345");
            c.call("GET", "a");
            String info = admin.call("CLIENT", "LIST", "ID", id);
            assertTrue(info.contains(" flags=xd "), info);
            assertTrue(info.contains(" multi=0 "), info); // a doomed transaction queues nothing, as in Redis
            c.call("DISCARD");
            c.call("MULTI");
            c.call("SET", "a", "12345");
            c.call("GET", "a");
            info = admin.call("CLIENT", "LIST", "ID", id);
            assertTrue(info.contains(" flags=x "), info);
            assertTrue(info.contains(" multi=2 "), info);
            assertTrue(info.contains(" multi-mem=" + (3 + 1 + 5 + 3 + 1 + 5 * 8) + " "), info);
            assertEquals("+OK\r\n", c.call("RESET").replace("+RESET", "+OK"));
            info = admin.call("CLIENT", "LIST", "ID", id);
            assertTrue(info.contains(" flags=N ") && info.contains(" multi=-1 "), info);
        }
    }

    @Test
    void commandsInsideExecAreCountedInCommandstats() throws Exception {
        try (RespConnection c = cinnabar.connect()) {
            c.call("CONFIG", "RESETSTAT");
            c.call("SET", "s", "text");
            c.call("MULTI");
            c.call("INCR", "s");
            c.call("GET", "s");
            c.call("EXEC");
            String stats = c.call("INFO", "commandstats");
            assertTrue(stats.contains("cmdstat_exec:calls=1,"), stats);
            assertTrue(stats.contains("cmdstat_multi:calls=1,"), stats);
            assertTrue(stats.matches("(?s).*cmdstat_incr:calls=1,.*failed_calls=1\r\n.*"), stats);
            assertTrue(stats.matches("(?s).*cmdstat_exec:calls=1,.*rejected_calls=0,failed_calls=0\r\n.*"), stats);
        }
    }
}
