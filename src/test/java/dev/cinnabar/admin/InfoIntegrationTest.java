package dev.cinnabar.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.server.Server;
import dev.cinnabar.testing.RealRedis;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** INFO: Redis's layout (checked against a real redis-server) and values that follow what the server did. */
class InfoIntegrationTest {
    static CinnabarServer server;
    static RealRedis redis;

    /** Fields Redis 7.2 added after 7.0 (the reference server), plus Cinnabar's own version. */
    static final Set<String> NEWER_THAN_REFERENCE = Set.of("listener0", "total_blocking_keys",
            "total_blocking_keys_on_nokey", "eventloop_cycles", "eventloop_duration_sum",
            "eventloop_duration_cmd_sum", "instantaneous_eventloop_cycles_per_sec",
            "instantaneous_eventloop_duration_usec", "acl_access_denied_auth", "acl_access_denied_cmd",
            "acl_access_denied_key", "acl_access_denied_channel", "cinnabar_version");

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        redis = RealRedis.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        redis.close();
    }

    static String text(String reply) {
        String body = reply.substring(reply.indexOf("\r\n") + 2, reply.length() - 2);
        return reply.startsWith("=") ? body.substring(4) : body;
    }

    /** Section title to its field names, in order (keyspace and per-command/per-error lines left out). */
    static Map<String, List<String>> layout(String info) {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : info.split("\r\n")) {
            if (line.startsWith("# ")) {
                current = new ArrayList<>();
                sections.put(line.substring(2), current);
            } else if (!line.isEmpty() && current != null && !line.startsWith("cmdstat_")
                    && !line.startsWith("errorstat_") && !line.startsWith("latency_percentiles_usec_")
                    && !line.matches("db\\d+:.*")) {
                current.add(line.substring(0, line.indexOf(':')));
            }
        }
        return sections;
    }

    static Map<String, String> values(String info) {
        Map<String, String> v = new LinkedHashMap<>();
        for (String line : info.split("\r\n")) {
            int colon = line.indexOf(':');
            if (!line.startsWith("#") && colon > 0) v.put(line.substring(0, colon), line.substring(colon + 1));
        }
        return v;
    }

    @Test
    void sectionsAndFieldsFollowRedis() throws Exception {
        for (String[] args : new String[][] {{"INFO"}, {"INFO", "everything"}, {"INFO", "all"}, {"INFO", "default"}}) {
            Map<String, List<String>> theirs, ours;
            try (RespConnection r = new RespConnection(redis.port()); RespConnection c = new RespConnection(server.port())) {
                theirs = layout(text(r.call(args)));
                ours = layout(text(c.call(args)));
            }
            assertEquals(List.copyOf(theirs.keySet()), List.copyOf(ours.keySet()), String.join(" ", args));
            for (Map.Entry<String, List<String>> section : theirs.entrySet()) {
                // fields newer than the 7.0 reference are left out on both sides, so a 7.2 reference compares too
                List<String> mine = new ArrayList<>(ours.get(section.getKey()));
                List<String> reference = new ArrayList<>(section.getValue());
                mine.removeAll(NEWER_THAN_REFERENCE);
                reference.removeAll(NEWER_THAN_REFERENCE);
                assertEquals(reference, mine, "fields of # " + section.getKey());
            }
        }
    }

    @Test
    void sectionSelection() throws Exception {
        try (RespConnection c = new RespConnection(server.port())) {
            assertEquals(List.of("Clients"), List.copyOf(layout(text(c.call("INFO", "clients"))).keySet()));
            assertEquals(List.of("Server", "Keyspace"),
                    List.copyOf(layout(text(c.call("INFO", "KEYSPACE", "Server", "keyspace"))).keySet()));
            assertEquals(List.of("Commandstats"), List.copyOf(layout(text(c.call("INFO", "commandstats"))).keySet()));
            assertTrue(layout(text(c.call("INFO", "default", "commandstats"))).containsKey("Commandstats"));
            assertEquals("$0\r\n\r\n", c.call("INFO", "nosuchsection"));
            c.call("HELLO", "3");
            assertEquals("=4\r\ntxt:\r\n", c.call("INFO", "nosuchsection"));
            assertTrue(c.call("INFO", "server").startsWith("="), "RESP3 INFO is verbatim text");
        }
    }

    @Test
    void serverSectionValues() throws Exception {
        try (RespConnection c = new RespConnection(server.port())) {
            Map<String, String> v = values(text(c.call("INFO", "server")));
            assertEquals("7.2.4", v.get("redis_version"));
            assertEquals(Server.CINNABAR_VERSION, v.get("cinnabar_version"));
            assertEquals("standalone", v.get("redis_mode"));
            assertEquals(String.valueOf(ProcessHandle.current().pid()), v.get("process_id"));
            assertEquals(server.server().runId(), v.get("run_id"));
            assertEquals(40, v.get("run_id").length());
            assertEquals(String.valueOf(server.port()), v.get("tcp_port"));
            assertEquals("name=tcp,bind=127.0.0.1,port=" + server.port(), v.get("listener0"));
            long serverMicros = Long.parseLong(v.get("server_time_usec"));
            assertTrue(Math.abs(serverMicros / 1000 - System.currentTimeMillis()) < 5000);
            assertEquals("10", v.get("hz"));
            assertEquals("", v.get("config_file"));
            assertTrue(v.get("executable").endsWith("java"), v.get("executable"));
        }
    }

    @Test
    void statsFollowWhatHappened() throws Exception {
        try (CinnabarServer own = TestServer.start(); RespConnection c = new RespConnection(own.port())) {
            c.call("SET", "a", "1");
            c.call("GET", "a");
            c.call("GET", "missing");
            c.call("GET", "missing2");
            c.call("NOSUCHCOMMAND");
            c.call("GET");
            c.call("SELECT", "x");
            Map<String, String> v = values(text(c.call("INFO", "everything")));
            assertEquals("1", v.get("connected_clients"));
            assertEquals("1", v.get("keyspace_hits"));
            assertEquals("2", v.get("keyspace_misses"));
            assertEquals("5", v.get("total_commands_processed"), "the rejected ones do not count");
            assertEquals("3", v.get("total_error_replies"));
            assertEquals("1", v.get("total_connections_received"));
            assertEquals("keys=1,expires=0,avg_ttl=0", v.get("db0"));
            assertEquals("calls=3,usec=", v.get("cmdstat_get").substring(0, 13));
            assertTrue(v.get("cmdstat_get").endsWith(",rejected_calls=1,failed_calls=0"), v.get("cmdstat_get"));
            assertEquals("count=3", v.get("errorstat_ERR"));
            assertEquals("1", v.get("rdb_changes_since_last_save"), "one write");
            assertTrue(v.get("cmdstat_select").endsWith(",rejected_calls=0,failed_calls=1"), v.get("cmdstat_select"));
            assertTrue(Long.parseLong(v.get("total_net_input_bytes")) > 50);
            assertTrue(Long.parseLong(v.get("used_memory")) > 0);
            assertTrue(Long.parseLong(v.get("used_memory_rss")) > 0);
            assertTrue(Long.parseLong(v.get("used_memory_peak")) >= Long.parseLong(v.get("used_memory")));
            assertTrue(Double.parseDouble(v.get("used_cpu_user")) > 0);
            assertEquals("master", v.get("role"));
            assertTrue(v.get("master_replid").matches("[0-9a-f]{40}"));
            assertEquals("0", v.get("aof_enabled"));
            assertEquals("0", v.get("rdb_saves"));

            assertEquals("+OK\r\n", c.call("CONFIG", "RESETSTAT"));
            v = values(text(c.call("INFO", "everything")));
            assertEquals("0", v.get("keyspace_hits"));
            assertEquals("0", v.get("total_error_replies"));
            assertEquals(null, v.get("cmdstat_get"));
            assertEquals(null, v.get("errorstat_ERR"));
            assertEquals("calls=1", v.get("cmdstat_config|resetstat").substring(0, 7));
        }
    }

    /** INFO debug (Redis 7.2; the 7.0 reference server has no such section): shown only when asked by name. */
    @Test
    void debugSectionShowsEventLoopPeaksOnlyWhenNamed() throws Exception {
        try (CinnabarServer own = TestServer.start("hz 100"); RespConnection c = new RespConnection(own.port())) {
            assertFalse(layout(text(c.call("INFO", "everything"))).containsKey("Debug"));
            assertFalse(layout(text(c.call("INFO", "all"))).containsKey("Debug"));
            assertEquals(Map.of("Debug", List.of("eventloop_duration_aof_sum", "eventloop_duration_cron_sum",
                    "eventloop_duration_max", "eventloop_cmd_per_cycle_max")), layout(text(c.call("INFO", "DEBUG"))));
            assertEquals(List.of("Keyspace", "Debug"),
                    List.copyOf(layout(text(c.call("INFO", "debug", "keyspace"))).keySet()));

            // seven commands arriving in one read run in one cycle
            StringBuilder pipeline = new StringBuilder();
            for (int i = 0; i < 7; i++) pipeline.append(new String(RespConnection.encode("PING")));
            c.sendRaw(pipeline.toString());
            for (int i = 0; i < 7; i++) assertEquals("+PONG\r\n", c.readReply());
            Map<String, String> first = values(text(c.call("INFO", "debug")));
            assertEquals("0", first.get("eventloop_duration_aof_sum"), "there is no AOF");
            assertEquals("7", first.get("eventloop_cmd_per_cycle_max"));
            assertTrue(Long.parseLong(first.get("eventloop_duration_max")) > 0, first.toString());
            Thread.sleep(100); // ten cron runs at hz 100
            Map<String, String> later = values(text(c.call("INFO", "debug")));
            assertTrue(Long.parseLong(later.get("eventloop_duration_cron_sum"))
                    > Long.parseLong(first.get("eventloop_duration_cron_sum")), later + " after " + first);

            // as in Redis, the cycle of the reset does not count, and INFO is not counted before it has run
            c.call("CONFIG", "RESETSTAT");
            assertEquals("0", values(text(c.call("INFO", "debug"))).get("eventloop_cmd_per_cycle_max"));
        }
    }

    /** The latency-tracking tests of Redis 7.2's unit/info, and the layout of the lines. */
    @Test
    void latencyStatsFollowTheCallsAndTheConfiguredPercentiles() throws Exception {
        try (CinnabarServer own = TestServer.start("enable-debug-command yes");
             RespConnection c = new RespConnection(own.port())) {
            c.call("CONFIG", "RESETSTAT");
            c.call("CONFIG", "SET", "latency-tracking", "no");
            c.call("SET", "a", "b");
            assertEquals(List.of("Latencystats"), List.copyOf(layout(text(c.call("INFO", "latencystats"))).keySet()));
            assertNull(values(text(c.call("INFO", "latencystats"))).get("latency_percentiles_usec_set"));
            c.call("CONFIG", "SET", "latency-tracking", "yes");
            c.call("SET", "a", "b");
            c.call("CLIENT", "ID");
            assertEquals("+OK\r\n", c.call("DEBUG", "SLEEP", "0.05"));
            Map<String, String> v = values(text(c.call("INFO", "latencystats")));
            String number = "\\d+\\.\\d{3}";
            assertTrue(v.get("latency_percentiles_usec_set").matches("p50=" + number + ",p99=" + number
                    + ",p99\\.9=" + number), v.get("latency_percentiles_usec_set"));
            assertTrue(v.containsKey("latency_percentiles_usec_client|id"), v.toString());
            assertTrue(v.containsKey("latency_percentiles_usec_config|set"), v.toString());
            assertNull(v.get("latency_percentiles_usec_info"), "INFO is counted once it has run");
            double debugP50 = Double.parseDouble(v.get("latency_percentiles_usec_debug").split("[=,]")[1]);
            double setP50 = Double.parseDouble(v.get("latency_percentiles_usec_set").split("[=,]")[1]);
            assertTrue(debugP50 >= 50000 && debugP50 >= setP50, v.toString());

            // every section shows it, the default one does not
            assertTrue(layout(text(c.call("INFO", "all"))).containsKey("Latencystats"));
            assertFalse(layout(text(c.call("INFO"))).containsKey("Latencystats"));

            c.call("CONFIG", "SET", "latency-tracking-info-percentiles", "0.0 50.0 100.0");
            assertTrue(values(text(c.call("INFO", "latencystats"))).get("latency_percentiles_usec_set")
                    .matches("p0=" + number + ",p50=" + number + ",p100=" + number));
            c.call("CONFIG", "SET", "latency-tracking-info-percentiles", "");
            assertEquals("", values(text(c.call("INFO", "latencystats"))).get("latency_percentiles_usec_set"));

            c.call("CONFIG", "RESETSTAT");
            assertNull(values(text(c.call("INFO", "latencystats"))).get("latency_percentiles_usec_set"));
        }
    }

    @Test
    void instantaneousOpsFollowTheLoad() throws Exception {
        try (CinnabarServer own = TestServer.start(); RespConnection c = new RespConnection(own.port())) {
            long end = System.currentTimeMillis() + 800;
            while (System.currentTimeMillis() < end) c.call("PING");
            Map<String, String> v = values(text(c.call("INFO", "stats")));
            assertTrue(Long.parseLong(v.get("instantaneous_ops_per_sec")) > 0, v.get("instantaneous_ops_per_sec"));
            assertTrue(Double.parseDouble(v.get("instantaneous_input_kbps")) > 0, v.get("instantaneous_input_kbps"));
            assertTrue(Long.parseLong(v.get("total_reads_processed")) > 10);
        }
    }

    @Test
    void bytesToHuman() {
        assertEquals("0B", InfoReport.human(0));
        assertEquals("1023B", InfoReport.human(1023));
        assertEquals("1.00K", InfoReport.human(1024));
        assertEquals("1.50M", InfoReport.human(1024 * 1024 * 3 / 2));
        assertEquals("2.00G", InfoReport.human(2L << 30));
        assertEquals("1023.00P", InfoReport.human(1023L << 50));
        assertEquals("1152921504606846976B", InfoReport.human(1L << 60));
    }
}
