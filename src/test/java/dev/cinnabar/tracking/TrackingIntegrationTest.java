package dev.cinnabar.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.RespConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What client-side caching shows outside the invalidations: INFO counters, CLIENT LIST / INFO flags and redir,
 * batching of broadcasts per read, the tracking-table-max-keys eviction. Observations that involve client ids or
 * other per-server values are reduced to comparable facts, then compared between Cinnabar and a real redis-server.
 */
class TrackingIntegrationTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private static final Pattern INFO_FIELD = Pattern.compile("(tracking_[a-z_]+):(\\d+)");

    @FunctionalInterface
    interface Observation {
        void play(int port, List<String> seen) throws Exception;
    }

    private static void sameObservations(Observation o) throws Exception {
        List<String> expected = new ArrayList<>();
        o.play(redis.port(), expected);
        List<String> actual = new ArrayList<>();
        o.play(cinnabar.port(), actual);
        assertEquals(String.join("\n", expected), String.join("\n", actual));
    }

    private static String trackingInfo(RespConnection c) throws Exception {
        List<String> fields = new ArrayList<>();
        Matcher m = INFO_FIELD.matcher(c.call("INFO", "everything"));
        while (m.find()) fields.add(m.group(1) + "=" + m.group(2));
        return String.join(" ", fields);
    }

    /** The flags and redir fields of a CLIENT LIST / INFO line, with the redirect id shown as "id" when it is. */
    private static String flagsAndRedir(String line, String redirectId) {
        Matcher flags = Pattern.compile(" flags=(\\S+)").matcher(line);
        Matcher redir = Pattern.compile(" redir=(\\S+)").matcher(line);
        assertTrue(flags.find() && redir.find(), line);
        String r = redir.group(1).equals(redirectId) ? "id" : redir.group(1);
        return "flags=" + flags.group(1) + " redir=" + r;
    }

    private static String id(RespConnection c) throws Exception {
        return c.call("CLIENT", "ID").substring(1).trim();
    }

    private static void awaitTrackingClients(RespConnection c, int expected) throws Exception {
        for (int i = 0; i < 100 && !trackingInfo(c).contains("tracking_clients=" + expected + " "); i++) {
            Thread.sleep(10);
        }
    }

    @Test
    void infoCountsClientsKeysItemsAndPrefixes() throws Exception {
        sameObservations((port, seen) -> {
            try (RespConnection admin = new RespConnection(port); RespConnection a = new RespConnection(port);
                 RespConnection b = new RespConnection(port); RespConnection c = new RespConnection(port)) {
                admin.call("FLUSHALL");
                awaitTrackingClients(admin, 0);
                seen.add(trackingInfo(admin));
                a.call("CLIENT", "TRACKING", "on");
                b.call("CLIENT", "TRACKING", "on");
                a.call("MGET", "k1", "k2", "k3");
                b.call("GET", "k1");
                c.call("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "p:", "PREFIX", "q:");
                seen.add(trackingInfo(admin));
                admin.call("SET", "k1", "x");      // forgets k1 and both its ids
                seen.add(trackingInfo(admin));
                b.call("CLIENT", "TRACKING", "off");
                c.call("CLIENT", "TRACKING", "off");
                seen.add(trackingInfo(admin));
                a.call("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "q:");   // a was not broadcasting: refused
                a.call("QUIT");
                awaitTrackingClients(admin, 0);
                // the departed client's ids stay until their keys change
                seen.add(trackingInfo(admin));
                admin.call("FLUSHALL");
                seen.add(trackingInfo(admin));
            }
        });
    }

    @Test
    void clientListShowsTrackingFlagsAndRedirection() throws Exception {
        sameObservations((port, seen) -> {
            try (RespConnection a = new RespConnection(port); RespConnection b = new RespConnection(port);
                 RespConnection r = new RespConnection(port)) {
                String redirectId = id(r);
                seen.add(flagsAndRedir(a.call("CLIENT", "INFO"), redirectId));
                a.call("CLIENT", "TRACKING", "on");
                seen.add(flagsAndRedir(a.call("CLIENT", "INFO"), redirectId));
                a.call("CLIENT", "TRACKING", "on", "REDIRECT", redirectId);
                seen.add(flagsAndRedir(a.call("CLIENT", "INFO"), redirectId));
                b.call("HELLO", "3");
                b.call("CLIENT", "TRACKING", "on", "BCAST", "REDIRECT", redirectId);
                seen.add(flagsAndRedir(b.call("CLIENT", "INFO"), redirectId));
                seen.add(flagsAndRedir(a.call("CLIENT", "LIST", "ID", id(b)), redirectId));
                r.call("QUIT");
                Thread.sleep(100);
                a.call("GET", "k");
                a.call("SET", "k", "v");      // the redirection is found broken when an invalidation is due
                seen.add(flagsAndRedir(a.call("CLIENT", "INFO"), redirectId));
                // b broadcasts every key: a's write finds its redirection broken too, as does its own
                seen.add(b.readReply().replace(redirectId, "id"));   // tracking-redir-broken push
                b.call("SET", "anything", "v");
                seen.add(b.readReply().replace(redirectId, "id"));
                seen.add(flagsAndRedir(b.call("CLIENT", "INFO"), redirectId));
                a.call("CLIENT", "TRACKING", "off");
                seen.add(flagsAndRedir(a.call("CLIENT", "INFO"), redirectId));
            }
        });
    }

    @Test
    void oneReadOfPipelinedWritesMakesOneBroadcast() throws Exception {
        sameObservations((port, seen) -> {
            try (RespConnection a = new RespConnection(port); RespConnection w = new RespConnection(port)) {
                a.call("HELLO", "3");
                a.call("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "b:");
                w.sendRaw(new String(RespConnection.encode("SET", "b:2", "x"), "ISO-8859-1")
                        + new String(RespConnection.encode("SET", "b:1", "y"), "ISO-8859-1")
                        + new String(RespConnection.encode("SET", "b:2", "z"), "ISO-8859-1"));
                for (int i = 0; i < 3; i++) seen.add(w.readReply());
                seen.add(a.readReply());
                seen.add(String.valueOf(a.nothingReceivedWithin(100)));
            }
        });
    }

    @Test
    void configParameter() throws Exception {
        sameObservations((port, seen) -> {
            try (RespConnection c = new RespConnection(port)) {
                seen.add(c.call("CONFIG", "GET", "tracking-table-max-keys"));
                seen.add(c.call("CONFIG", "SET", "tracking-table-max-keys", "-1"));
                seen.add(c.call("CONFIG", "SET", "tracking-table-max-keys", "5"));
                seen.add(c.call("CONFIG", "GET", "tracking-table-max-keys"));
                seen.add(c.call("CONFIG", "SET", "tracking-table-max-keys", "1000000"));
            }
        });
    }

    /**
     * Past tracking-table-max-keys, random keys are evicted from the table before the next command (or by the
     * cron), their clients told as if the keys had changed. Which key goes is random, so only the shape is compared.
     */
    @Test
    void theTableIsKeptWithinItsLimitByInvalidatingRandomKeys() throws Exception {
        sameObservations((port, seen) -> {
            try (RespConnection admin = new RespConnection(port); RespConnection a = new RespConnection(port)) {
                admin.call("FLUSHALL");
                admin.call("CONFIG", "SET", "tracking-table-max-keys", "2");
                try {
                    a.call("HELLO", "3");
                    a.call("CLIENT", "TRACKING", "on");
                    a.call("MGET", "k1", "k2", "k3", "k4");
                    a.send("PING");
                    // before PONG (evicted before PING runs, or earlier by the cron): two invalidations of two keys
                    List<String> pushes = new ArrayList<>();
                    String reply;
                    while ((reply = a.readReply()).startsWith(">")) pushes.add(reply);
                    seen.add(pushes.size() + " invalidations, then " + reply.trim());
                    for (String p : pushes) {
                        assertTrue(p.matches(">2\r\n\\$10\r\ninvalidate\r\n\\*1\r\n\\$2\r\nk[1-4]\r\n"), p);
                    }
                    assertFalse(pushes.size() == 2 && pushes.get(0).equals(pushes.get(1)));
                    seen.add(trackingInfo(admin).replaceAll("tracking_total_items=\\d+", ""));
                } finally {
                    admin.call("CONFIG", "SET", "tracking-table-max-keys", "1000000");
                }
            }
        });
    }
}
