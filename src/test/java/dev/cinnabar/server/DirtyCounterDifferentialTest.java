package dev.cinnabar.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.PairedConnections;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.RespConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.List;

/**
 * rdb_changes_since_last_save (Redis's dirty counter) after each of a series of commands, compared with a real
 * redis-server: a write counts per key it changed, nothing when it changed nothing.
 */
class DirtyCounterDifferentialTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension("enable-debug-command yes");
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension("--enable-debug-command", "yes");

    private static final List<List<String>> COMMANDS = List.of(
            List.of("SET", "a", "1"),
            List.of("SET", "a", "2", "NX"),
            List.of("SETNX", "a", "3"),
            List.of("SET", "a", "4", "XX"),
            List.of("SET", "nokey", "4", "XX"),
            List.of("DEL", "a", "missing", "alsomissing"),
            List.of("MSET", "b", "1", "c", "2"),
            List.of("DEL", "b", "c"),
            List.of("SETBIT", "bits", "0", "0"),
            List.of("SETBIT", "bits", "0", "0"),
            List.of("SETBIT", "bits", "0", "1"),
            List.of("SETBIT", "bits", "0", "1"),
            List.of("BITFIELD", "bf", "SET", "i5", "0", "0"),
            List.of("BITFIELD", "bf", "SET", "i5", "0", "0"),
            List.of("BITFIELD", "bf", "SET", "i5", "0", "1"),
            List.of("BITFIELD", "bf", "GET", "i5", "0"),
            List.of("INCR", "n"),
            List.of("INCRBY", "n", "0"),
            List.of("APPEND", "n", ""),
            List.of("SETRANGE", "n", "0", ""),
            List.of("EXPIRE", "n", "100"),
            List.of("PERSIST", "n"),
            List.of("PERSIST", "n"),
            List.of("EXPIRE", "missing", "100"),
            List.of("GETDEL", "missing"),
            List.of("RENAME", "n", "m"),
            List.of("SET", "other", "x"),
            List.of("RENAME", "other", "m"),
            List.of("SET", "n", "5"),
            List.of("RENAME", "n", "n"),
            List.of("RENAME", "n", "m"),
            List.of("MOVE", "m", "3"),
            List.of("SELECT", "3"),
            List.of("MOVE", "m", "0"),
            List.of("SELECT", "0"),
            List.of("COPY", "m", "m2"),
            List.of("RENAMENX", "m2", "m"),
            List.of("SADD", "s", "x"),
            List.of("SADD", "s", "x"),
            List.of("SMOVE", "s", "s2", "x"),
            List.of("SMOVE", "s2", "s", "x"),
            List.of("RPUSH", "l0", "x"),
            List.of("LMOVE", "l0", "l1", "LEFT", "RIGHT"),
            List.of("LMOVE", "l1", "l1", "LEFT", "RIGHT"),
            List.of("RPOPLPUSH", "l1", "l0"),
            List.of("SREM", "s", "nothere"),
            List.of("LPUSH", "l", "x"),
            List.of("LREM", "l", "0", "nothere"),
            List.of("HSET", "h", "f", "v"),
            List.of("HDEL", "h", "nothere"),
            List.of("ZADD", "z", "1", "m"),
            List.of("ZADD", "z", "1", "m"),
            List.of("ZADD", "z", "2", "m"),
            List.of("ZREM", "z", "nothere"),
            List.of("GET", "m"),
            List.of("SWAPDB", "0", "1"),
            List.of("SWAPDB", "0", "1"),
            List.of("FLUSHDB"),
            List.of("FUNCTION", "LOAD", "#!lua name=lib\nredis.register_function('f', function() return 1 end)"),
            List.of("FUNCTION", "DELETE", "lib"),
            List.of("SET", "k", "v"),
            List.of("FLUSHALL"),
            List.of("DEBUG", "RELOAD"),
            List.of("SET", "k", "v"));

    private static long dirty(RespConnection c) throws IOException {
        String info = c.call("INFO", "persistence");
        int at = info.indexOf("rdb_changes_since_last_save:") + "rdb_changes_since_last_save:".length();
        return Long.parseLong(info.substring(at, info.indexOf('\r', at)));
    }

    @Test
    void changesCountAsInRedis() throws Exception {
        try (PairedConnections c = PairedConnections.open(cinnabar, redis, 2)) {
            c.both("FLUSHALL");
            c.both("FUNCTION", "FLUSH");
            StringBuilder expected = new StringBuilder(), actual = new StringBuilder();
            for (List<String> command : COMMANDS) {
                long redisBefore = dirty(c.redis()), cinnabarBefore = dirty(c.cinnabar());
                c.same(command.toArray(String[]::new));
                String name = String.join(" ", command);
                expected.append(name).append(": ").append(dirty(c.redis()) - redisBefore).append('\n');
                actual.append(name).append(": ").append(dirty(c.cinnabar()) - cinnabarBefore).append('\n');
            }
            assertEquals(expected.toString(), actual.toString());
        }
    }
}
