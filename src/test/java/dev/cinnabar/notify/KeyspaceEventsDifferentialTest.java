package dev.cinnabar.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.PairedConnections;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.ReferenceVersion;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.Scenario;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Keyspace notifications beyond single commands, compared with redis-server: the notify-keyspace-events parameter,
 * events of blocked clients served by another client's write, active expiry, and a RESP3 client receiving the
 * events of its own commands.
 */
class KeyspaceEventsDifferentialTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    @Test
    void configSetAndGetUseRedisLettersAndErrors() throws IOException {
        try (PairedConnections both = PairedConnections.open(cinnabar, redis, 2)) {
            for (String value : new String[] {"KEA", "AKE", "", "Ex", "gx$lshz", "KEA$lshzxetdn", "An", "nA", "m",
                    "KEm", "KEAmn", "t", "e", "d", "Kg$", "x", "KEq", "kea", "A ", "KEA,", "\u00e9"}) {
                both.same("CONFIG", "SET", "notify-keyspace-events", value);
                both.same("CONFIG", "GET", "notify-keyspace-events");
            }
            both.same("CONFIG", "SET", "notify-keyspace-events", "KEA", "notify-keyspace-events", "E");
            both.same("CONFIG", "SET", "notify-keyspace-events", "");
        }
    }

    @Test
    void blockedClientsPublishTheirEventsWhenServed() throws IOException {
        assertEquals(blockedTrace(redis.port()), blockedTrace(cinnabar.port()));
    }

    /**
     * Clients blocked in BLPOP, BLMOVE (whose push serves a BLPOP in turn), BZPOPMIN, BLMPOP and BZMPOP, each served
     * by a write from another client: the write's events come first, then the served command's, as in Redis.
     */
    private static String blockedTrace(int port) throws IOException {
        List<String> lines = new ArrayList<>();
        try (RespConnection admin = new RespConnection(port); EventTrace trace = new EventTrace(port, 2);
             RespConnection first = new RespConnection(port); RespConnection second = new RespConnection(port)) {
            admin.call("FLUSHALL");
            admin.call("CONFIG", "SET", "notify-keyspace-events", "KEAn");
            try {
                block(admin, first, 1, "BLPOP", "dst", "0");
                block(admin, second, 2, "BLMOVE", "src", "dst", "RIGHT", "LEFT", "0");
                lines.addAll(trace.run("RPUSH", "src", "a", "b"));
                lines.add("second < " + second.readReply());
                lines.add("first < " + first.readReply());
                block(admin, first, 1, "BZPOPMIN", "z", "0");
                lines.addAll(trace.run("ZADD", "z", "1", "a", "2", "b"));
                lines.add("first < " + first.readReply());
                block(admin, first, 1, "BLMPOP", "0", "2", "l1", "l2", "LEFT", "COUNT", "5");
                lines.addAll(trace.run("LPUSH", "l2", "x", "y"));
                lines.add("first < " + first.readReply());
                block(admin, first, 1, "BZMPOP", "0", "1", "z2", "MAX", "COUNT", "5");
                lines.addAll(trace.run("ZADD", "z2", "1", "a"));
                lines.add("first < " + first.readReply());
            } finally {
                admin.call("CONFIG", "SET", "notify-keyspace-events", "");
            }
        }
        return String.join("\n", lines);
    }

    /** Sends a blocking command and waits until the server counts the given number of blocked clients. */
    private static void block(RespConnection admin, RespConnection client, int blocked, String... command)
            throws IOException {
        client.send(command);
        for (int tries = 0; tries < 200; tries++) {
            if (admin.call("INFO", "clients").contains("blocked_clients:" + blocked + "\r\n")) return;
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("the client did not block: " + String.join(" ", command));
    }

    @Test
    void activeExpiryPublishesExpired() throws IOException {
        assertEquals(activeExpiryTrace(redis.port()), activeExpiryTrace(cinnabar.port()));
    }

    /** Keys given a short TTL and never touched again: the expire cycle deletes them with "expired" events. */
    private static String activeExpiryTrace(int port) throws IOException {
        List<String> events = new ArrayList<>();
        try (RespConnection admin = new RespConnection(port); EventTrace trace = new EventTrace(port, 3)) {
            admin.call("FLUSHALL");
            admin.call("CONFIG", "SET", "notify-keyspace-events", "Ex");
            try {
                admin.call("SET", "str", "v", "PX", "20");
                admin.call("RPUSH", "list", "a");
                admin.call("PEXPIRE", "list", "20");
                admin.call("SET", "stays", "v", "EX", "100");
                long deadline = System.currentTimeMillis() + 5000;
                while (events.size() < 2 && System.currentTimeMillis() < deadline) {
                    events.addAll(trace.notificationsUntilMarker());
                }
                Collections.sort(events); // the cycle visits keys in the order of its hash table
                events.add("dbsize " + admin.call("DBSIZE"));
            } finally {
                admin.call("CONFIG", "SET", "notify-keyspace-events", "");
            }
        }
        return String.join("\n", events);
    }

    @Test
    void servedResp3ClientGetsTheOtherClientsEventsThenItsReplyThenItsOwnEvents() throws Exception {
        try (RespConnection r = redis.connect()) {
            Assumptions.assumeTrue(ReferenceVersion.of(r).is72(), "Redis 7.0 sends a client's own events first");
        }
        Scenario.assertSame(cinnabar, redis, s -> {
            s.call(3, "CONFIG", "SET", "notify-keyspace-events", "EA");
            s.resp3(1);
            s.call(1, "PSUBSCRIBE", "__keyevent@0__:*");
            s.send(1, "BLPOP", "k", "0");
            s.nothingYet(1);
            s.call(2, "RPUSH", "k", "a");
            for (int i = 0; i < 4; i++) s.read(1);
            s.call(3, "CONFIG", "SET", "notify-keyspace-events", "");
        });
    }

    @Test
    void resp3ClientGetsTheEventsOfItsOwnCommandsAfterTheReply() throws Exception {
        Scenario.Script script = s -> {
            s.call(2, "CONFIG", "SET", "notify-keyspace-events", "KEA");
            s.resp3(1);
            s.call(1, "PSUBSCRIBE", "__keyspace@0__:*");
            s.send(1, "RPUSH", "k", "a");
            s.send(1, "LPOP", "k");
            s.send(1, "PING");
            for (int i = 0; i < 6; i++) s.read(1);
            s.call(2, "CONFIG", "SET", "notify-keyspace-events", "");
        };
        ReferenceVersion reference;
        try (RespConnection r = redis.connect()) {
            reference = ReferenceVersion.of(r);
        }
        if (reference.is72()) {
            Scenario.assertSame(cinnabar, redis, script);
            return;
        }
        try (RespConnection c = cinnabar.connect(); RespConnection admin = cinnabar.connect()) {
            admin.call("FLUSHALL");
            admin.call("CONFIG", "SET", "notify-keyspace-events", "KEA");
            c.call("HELLO", "3");
            c.call("PSUBSCRIBE", "__keyspace@0__:*");
            c.send("RPUSH", "k", "a");
            c.send("LPOP", "k");
            c.send("PING");
            String push = ">4\r\n$8\r\npmessage\r\n$16\r\n__keyspace@0__:*\r\n$16\r\n__keyspace@0__:k\r\n";
            assertEquals(":1\r\n", c.readReply());
            assertEquals(push + "$5\r\nrpush\r\n", c.readReply());
            assertEquals("$1\r\na\r\n", c.readReply());
            assertEquals(push + "$4\r\nlpop\r\n", c.readReply());
            assertEquals(push + "$3\r\ndel\r\n", c.readReply());
            assertEquals("+PONG\r\n", c.readReply());
            admin.call("CONFIG", "SET", "notify-keyspace-events", "");
        }
    }
}
