package dev.cinnabar.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.testing.PairedConnections;
import dev.cinnabar.CinnabarServer;
import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RealRedis;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.UnaryOperator;

/** CONFIG GET / SET / RESETSTAT / HELP compared byte for byte with a real redis-server, in RESP2 and RESP3. */
class ConfigDifferentialTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    /** 7.2 added "nothing" to loglevel's choices; the reference server is 7.0. */
    static final UnaryOperator<String> AS_IN_7_2 =
            s -> s.replace("debug, verbose, notice, warning\r\n", "debug, verbose, notice, warning, nothing\r\n");

    private static PairedConnections connect(int protocol) throws Exception {
        return PairedConnections.open(cinnabar, redis, protocol);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void get(int protocol) throws Exception {
        try (PairedConnections c = connect(protocol)) {
            c.same("CONFIG", "GET", "maxclients");
            c.same("CONFIG", "GET", "MAXCLIENTS");
            c.same("CONFIG", "GET", "maxclients", "MaxClients");
            c.same("CONFIG", "GET", "nosuchparameter");
            c.same("CONFIG", "GET", "nosuch*");
            c.same("CONFIG", "GET", "timeout", "timeout");
            c.same("CONFIG", "GET", "proto-max-bulk-len");
            c.same("CONFIG", "GET", "client-query-buffer-limit");
            c.same("CONFIG", "GET", "databases");
            c.same("CONFIG", "GET", "hz");
            c.same("CONFIG", "GET", "h?");
            c.same("CONFIG", "GET", "[h]z");
            c.same("CONFIG", "GET", "loglevel");
            c.same("CONFIG", "GET", "protected-mode");
            c.same("CONFIG", "GET", "tcp-keepalive");
            c.same("CONFIG", "GET", "tcp-backlog");
            c.same("CONFIG", "GET", "requirepass");
            c.same("CONFIG", "GET", "unixsocketperm");
            c.same("CONFIG", "GET", "enable-debug-command");
            c.same("CONFIG", "GET", "enable-protected-configs");
            c.same("CONFIG", "GET", "dbfilename");
            c.same("CONFIG", "GET", "bind");
            c.same("CONFIG", "GET");
            c.same("CONFIG");
            c.same("CONFIG", "NOSUCH");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"list-max-listpack-size", "list-max-ziplist-size", "hash-max-listpack-entries",
            "hash-max-ziplist-value", "set-max-intset-entries", "zset-max-listpack-entries", "zset-max-ziplist-value"})
    void encodingThresholdsAnswerToBothNames(String name) throws Exception {
        try (PairedConnections c = connect(2)) {
            c.same("CONFIG", "GET", name);
            c.same("CONFIG", "SET", name, "-1");
            c.same("CONFIG", "SET", name, "7");
            c.same("CONFIG", "GET", name);
            c.same("CONFIG", "SET", name, "x");
            c.same("CONFIG", "RESETSTAT");
            c.both("CONFIG", "SET", name, name.startsWith("list") ? "-2" : name.startsWith("hash") && name.endsWith("entries") ? "512"
                    : name.endsWith("value") ? "64" : name.startsWith("set") ? "512" : "128");
        }
    }

    @Test
    void memoryUnitsOnlyForValueLimits() throws Exception {
        try (PairedConnections c = connect(2)) {
            c.same("CONFIG", "SET", "hash-max-listpack-value", "1k");
            c.same("CONFIG", "GET", "hash-max-ziplist-value");
            c.same("CONFIG", "SET", "zset-max-listpack-entries", "1k");
            c.both("CONFIG", "SET", "hash-max-listpack-value", "64");
        }
    }

    @Test
    void getWithGlobsMatchesTheSameParameters() throws Exception {
        // the order of a multi-parameter reply is a hash order in Redis, so compare as sets
        try (RespConnection c = new RespConnection(cinnabar.port())) {
            String reply = c.call("CONFIG", "GET", "max*client*", "time*", "timeout");
            assertTrue(reply.startsWith("*6\r\n"), reply);                // as Redis: maxmemory-clients matches too
            assertTrue(reply.contains("$10\r\nmaxclients\r\n$5\r\n10000\r\n"));
            assertTrue(reply.contains("$17\r\nmaxmemory-clients\r\n$1\r\n0\r\n"));
            assertTrue(reply.contains("$7\r\ntimeout\r\n$1\r\n0\r\n"));
            String all = c.call("CONFIG", "GET", "*");
            assertTrue(all.contains("$4\r\nport\r\n"));
            assertTrue(all.contains("$11\r\nrequirepass\r\n$0\r\n\r\n"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void setValidatesEverythingFirst(int protocol) throws Exception {
        try (PairedConnections c = connect(protocol)) {
            c.same("CONFIG", "SET");
            c.same("CONFIG", "SET", "maxclients");
            c.same("CONFIG", "SET", "maxclients", "100", "timeout");
            c.same("CONFIG", "SET", "nosuch", "1");
            c.same("CONFIG", "SET", "timeout", "5", "nosuch", "1", "other", "2");
            c.same("CONFIG", "SET", "databases", "4");
            c.same("CONFIG", "SET", "daemonize", "yes", "nosuch", "1");
            c.same("CONFIG", "SET", "nosuch", "1", "daemonize", "yes");
            c.same("CONFIG", "SET", "dir", "/tmp");
            c.same("CONFIG", "SET", "dbfilename", "x.rdb");
            c.same("CONFIG", "SET", "timeout", "1", "TIMEOUT", "2");
            c.same("CONFIG", "SET", "maxclients", "abc");
            c.same("CONFIG", "SET", "maxclients", "-1");
            c.same("CONFIG", "SET", "maxclients", "0");
            c.same("CONFIG", "SET", "maxclients", "4294967296");
            c.same("CONFIG", "SET", "timeout", "-1");
            c.same("CONFIG", "SET", "timeout", "1.5");
            c.same("CONFIG", "SET", "protected-mode", "maybe");
            c.same(AS_IN_7_2, "CONFIG", "SET", "loglevel", "chatty");
            c.same("CONFIG", "SET", "proto-max-bulk-len", "1000");
            c.same("CONFIG", "SET", "proto-max-bulk-len", "12xb");
            c.same("CONFIG", "SET", "client-query-buffer-limit", "1k");
            // a bad value anywhere leaves every parameter as it was
            c.same("CONFIG", "SET", "timeout", "77", "maxclients", "0");
            c.same("CONFIG", "GET", "timeout");
            c.same("CONFIG", "SET", "Timeout", "77", "MAXCLIENTS", "5000", "hz", "20");
            c.same("CONFIG", "GET", "timeout");
            c.same("CONFIG", "GET", "maxclients");
            c.same("CONFIG", "GET", "hz");
            c.same("CONFIG", "SET", "proto-max-bulk-len", "2mb", "client-query-buffer-limit", "3MB");
            c.same("CONFIG", "GET", "proto-max-bulk-len");
            c.same("CONFIG", "GET", "client-query-buffer-limit");
            c.same("CONFIG", "SET", "protected-mode", "NO", "loglevel", "WARNING");
            c.same("CONFIG", "GET", "protected-mode");
            c.same("CONFIG", "GET", "loglevel");
            c.same("CONFIG", "SET", "timeout", "0", "maxclients", "10000", "hz", "10", "protected-mode", "yes",
                    "loglevel", "notice", "proto-max-bulk-len", "512mb", "client-query-buffer-limit", "1gb");
            c.same("CONFIG", "GET", "proto-max-bulk-len");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void latencyTrackingParameters(int protocol) throws Exception {
        try (PairedConnections c = connect(protocol)) {
            c.same("CONFIG", "GET", "latency-tracking");
            c.same("CONFIG", "GET", "latency-tracking-info-percentiles");
            c.same("CONFIG", "SET", "latency-tracking-info-percentiles", "10.0 50.0 a");
            c.same("CONFIG", "SET", "latency-tracking-info-percentiles", "10.0 50.0 101");
            c.same("CONFIG", "SET", "latency-tracking-info-percentiles", "-0.5");
            c.same("CONFIG", "SET", "latency-tracking-info-percentiles", "10  50"); // split on single spaces
            c.same("CONFIG", "SET", "latency-tracking-info-percentiles", " 50");
            c.same("CONFIG", "GET", "latency-tracking-info-percentiles");
            c.same("CONFIG", "SET", "latency-tracking-info-percentiles", "0.0 50.0 100.0 99.999 1e1 0.0001");
            c.same("CONFIG", "GET", "latency-tracking-info-percentiles");
            c.same("CONFIG", "SET", "latency-tracking-info-percentiles", "");
            c.same("CONFIG", "GET", "latency-tracking-info-percentiles");
            c.same("CONFIG", "SET", "latency-tracking", "maybe");
            c.same("CONFIG", "SET", "latency-tracking", "no", "latency-tracking-info-percentiles", "50 99 99.9");
            c.same("CONFIG", "GET", "latency-tracking");
            c.same("CONFIG", "GET", "latency-tracking-info-percentiles");
            c.same("CONFIG", "SET", "latency-tracking", "yes");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void resetstatAndHelp(int protocol) throws Exception {
        try (PairedConnections c = connect(protocol)) {
            c.same("CONFIG", "RESETSTAT");
            c.same("CONFIG", "RESETSTAT", "now");
            c.same("CONFIG", "HELP", "x");
            String ours = c.cinnabar().call("CONFIG", "HELP");
            String theirs = c.redis().call("CONFIG", "HELP");
            // Redis 7.0 words the HELP entry the older way
            assertEquals(theirs.replace("Prints this help.", "Print this help."), ours);
        }
    }

    @Test
    void protectedConfigsNeedEnableProtectedConfigs() throws Exception {
        try (CinnabarServer local = TestServer.start("enable-protected-configs local");
             RealRedis localRedis = RealRedis.start("--enable-protected-configs", "local");
             PairedConnections c = new PairedConnections(local.port(), localRedis.port())) {
            c.same("CONFIG", "SET", "dbfilename", "other.rdb");
            c.same("CONFIG", "GET", "dbfilename");
            c.same("CONFIG", "SET", "dbfilename", "a/b.rdb");
            c.same("CONFIG", "SET", "enable-protected-configs", "yes");
        }
    }
}
