package dev.cinnabar.memory;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.PairedConnections;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.ReferenceVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.function.UnaryOperator;

/**
 * The maxmemory refusals and the MEMORY command compared byte for byte with redis-server. "maxmemory 1" puts both
 * servers over the limit whatever they hold, so the OOM rules can be compared without filling either.
 */
class MemoryDifferentialTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private static final String LIBRARY = "#!lua name=memlib\n"
            + "redis.register_function('w', function() return redis.call('set', 'fw', '1') end)\n"
            + "redis.register_function{function_name='r', callback=function() return redis.call('get', 'a') end, "
            + "flags={'no-writes'}}\n"
            + "redis.register_function{function_name='o', callback=function() return redis.call('set', 'fo', '1') end, "
            + "flags={'allow-oom'}}";

    /** Numbers differ between the servers (layouts differ); the shape and the names must not. */
    private static final UnaryOperator<String> NUMBERS = r -> r
            .replaceAll(":\\d+\r\n", ":N\r\n")
            .replaceAll(",[-0-9.e+]+\r\n", ",D\r\n")
            .replaceAll("\\$\\d+\r\n-?[0-9][0-9.e+-]*\r\n", "\\$D\r\n");

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void commandsThatMayGrowMemoryAreRefusedOverTheLimit(int protocol) throws Exception {
        try (PairedConnections c = PairedConnections.open(cinnabar, redis, protocol)) {
            c.both("FLUSHALL");
            c.both("FUNCTION", "FLUSH");
            c.both("SET", "a", "1");
            c.both("HSET", "h", "f", "v");
            c.both("FUNCTION", "LOAD", LIBRARY);
            c.both("CONFIG", "SET", "maxmemory", "1");
            try {
                c.same("SET", "b", "2");
                c.same("GET", "a");
                c.same("LPUSH", "l", "x");
                c.same("APPEND", "a", "x");
                c.same("INCR", "a");
                c.same("EXPIRE", "h", "100");                 // not denyoom: allowed
                c.same("PERSIST", "h");
                c.same("HGET", "h", "f");
                c.same("MULTI");
                c.same("GET", "a");                           // anything queued is refused in MULTI
                c.same("EXEC");
                c.same("MULTI");
                c.same("EXEC");
                c.same("EVAL", "return redis.call('set','x','y')", "0");
                c.same("EVAL", "redis.call('get','a'); return redis.call('set','y','z')", "0");
                c.same("EVAL", "return redis.pcall('set','y','z')", "0");
                c.same("EVAL", "return redis.call('get','a')", "0");
                c.same("EVAL", "#!lua\nreturn redis.call('set','x','y')", "0");
                c.same("EVAL", "#!lua flags=no-writes\nreturn redis.call('get','a')", "0");
                c.same("EVAL", "#!lua flags=allow-oom\nreturn redis.call('set','x','y')", "0");
                c.same("FCALL", "w", "0");
                c.same("FCALL", "r", "0");
                c.same("FCALL", "o", "0");
                c.same("FUNCTION", "DELETE", "memlib");
                c.same("DEL", "a", "x");
                c.same("INFO", "nosuchsection");
            } finally {
                c.both("CONFIG", "SET", "maxmemory", "0");
            }
            c.same("SET", "b", "2");
            c.same("MGET", "a", "b", "x", "fo");
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void memoryCommandRepliesAndErrors(int protocol) throws Exception {
        try (PairedConnections c = PairedConnections.open(cinnabar, redis, protocol)) {
            c.both("FLUSHALL");
            c.both("SET", "k", "v");
            if (ReferenceVersion.of(c.redis()).is72()) c.same("MEMORY", "HELP");   // 7.0: "Prints this help."
            c.same("MEMORY");
            c.same("MEMORY", "NOSUCH");
            c.same("MEMORY", "USAGE");
            c.same("MEMORY", "USAGE", "missing");
            c.same("MEMORY", "USAGE", "missing", "SAMPLES", "0");
            c.same(NUMBERS, "MEMORY", "USAGE", "k");
            c.same(NUMBERS, "MEMORY", "USAGE", "k", "SAMPLES", "0");
            c.same(NUMBERS, "MEMORY", "USAGE", "k", "samples", "5", "SAMPLES", "1");
            c.same("MEMORY", "USAGE", "k", "SAMPLES");
            c.same("MEMORY", "USAGE", "k", "SAMPLES", "x");
            c.same("MEMORY", "USAGE", "k", "SAMPLES", "-1");
            c.same("MEMORY", "USAGE", "k", "FOO", "1");
            c.same("MEMORY", "USAGE", "missing", "FOO");
            c.same("MEMORY", "PURGE", "x");
            c.same("MEMORY", "STATS", "x");
            c.same("MEMORY", "DOCTOR", "x");
            c.same("MEMORY", "MALLOC-STATS", "x");
            c.same("MEMORY", "PURGE");
            c.same(NUMBERS, "MEMORY", "STATS");
            c.same("OBJECT", "FREQ", "k");
            c.same("CONFIG", "SET", "maxmemory-samples", "0");
            c.same("CONFIG", "SET", "maxmemory-eviction-tenacity", "101");
            c.same("CONFIG", "SET", "maxmemory-policy", "lru");
            c.same("CONFIG", "SET", "maxmemory", "-1");
            c.same("CONFIG", "GET", "maxmemory-samples");
            c.same("CONFIG", "GET", "maxmemory-eviction-tenacity");
            c.same("CONFIG", "GET", "lazyfree-lazy-eviction");
        }
    }

    @Test
    void memoryDoctorSpeaksLikeRedis() throws Exception {
        try (var conn = cinnabar.connect()) {
            String report = conn.call("MEMORY", "DOCTOR");
            assertTrue(report.contains("Hi Sam, ") || report.startsWith("$") && report.contains("Sam, I detected"),
                    report);
        }
    }
}
