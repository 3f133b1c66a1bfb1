package dev.cinnabar.diagnostics;

import dev.cinnabar.testing.CinnabarExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisMonitor;
import redis.clients.jedis.args.ClientPauseMode;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;
import redis.clients.jedis.resps.LatencyLatestInfo;
import redis.clients.jedis.resps.Slowlog;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The diagnostics commands through a real client library (Jedis parses their replies into its own types). */
class DiagnosticsJedisTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension("enable-debug-command yes");

    @Test
    void slowlogAndLatencyParse() {
        try (Jedis jedis = new Jedis("127.0.0.1", cinnabar.port())) {
            jedis.configSet("slowlog-log-slower-than", "0");
            jedis.configSet("latency-monitor-threshold", "5");
            jedis.slowlogReset();
            jedis.clientSetname("jedis");
            jedis.set("k", "v");
            jedis.sendCommand(() -> "DEBUG".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "SLEEP", "0.01");
            List<Slowlog> log = jedis.slowlogGet();
            assertEquals(List.of("DEBUG", "SLEEP", "0.01"), log.get(0).getArgs().subList(0, 3));
            assertTrue(log.get(0).getExecutionTime() >= 10_000);
            assertEquals(List.of("SET", "k", "v"), log.get(1).getArgs());
            assertEquals("jedis", log.get(1).getClientName());
            assertEquals("127.0.0.1", log.get(1).getClientIpPort().getHost());
            assertTrue(jedis.slowlogLen() >= 3);
            Map<String, LatencyLatestInfo> latest = jedis.latencyLatest();
            assertTrue(latest.get("command").getMaxEventLatency() >= 10, latest.toString());
            assertTrue(jedis.latencyDoctor().contains("1. command: 1 latency spikes"));
            assertEquals(1, jedis.latencyReset());
            jedis.configSet("slowlog-log-slower-than", "10000");
            jedis.configSet("latency-monitor-threshold", "0");
        }
    }

    @Test
    void pauseKillAndMonitor() throws Exception {
        try (Jedis admin = new Jedis("127.0.0.1", cinnabar.port()); Jedis other = new Jedis("127.0.0.1", cinnabar.port())) {
            other.ping();
            assertEquals("OK", admin.clientPause(50, ClientPauseMode.WRITE));
            long start = System.nanoTime();
            other.set("paused", "1");
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 30, "the write waited");
            assertEquals("OK", admin.clientUnpause());
            Thread.sleep(1100);
            assertEquals(1, admin.clientKill(ClientKillParams.clientKillParams().type(ClientType.NORMAL).maxAge(1)));
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread monitor = Thread.ofVirtual().start(() -> {
                try (Jedis m = new Jedis("127.0.0.1", cinnabar.port())) {
                    m.monitor(new JedisMonitor() {
                        @Override
                        public void onCommand(String command) {
                            lines.add(command);
                            if (command.contains("\"stop\"")) client.disconnect();
                        }
                    });
                } catch (RuntimeException disconnected) {
                    // the monitor ends by disconnecting
                }
            });
            long deadline = System.currentTimeMillis() + 5000;
            while (System.currentTimeMillis() < deadline && !admin.clientList().contains("flags=O")) Thread.sleep(10);
            admin.echo("stop");
            monitor.join(5000);
            assertTrue(lines.getLast().endsWith("\"ECHO\" \"stop\""), lines.toString());
        }
    }
}
