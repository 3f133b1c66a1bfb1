package dev.cinnabar.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.RespConnection;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Seeded random sequences of write commands over four keys that change type, empty and move between each other,
 * run on Cinnabar and on redis-server: each command's reply and the keyspace notifications it produced must be the
 * same. Commands that pick at random (SPOP...) are left out, since the two servers would diverge.
 */
public class RandomKeyspaceEventsDifferentialTest {
    private static final int STEPS = Integer.getInteger("events.steps", 300);
    private static final String[] KEYS = {"a", "b", "c", "d"};
    private static final String[] WORDS = {"1", "2", "10", "-3", "x", "y", "zz", "2.5"};
    private static final String[] SCORES = {"0", "1", "2.5", "-3", "10", "+inf"};
    private static final String[] ENDS = {"LEFT", "RIGHT"};

    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    @ParameterizedTest(name = "seed {0}, notify-keyspace-events {1}, subscriber RESP{2}")
    @CsvSource({"1, KEAn, 2", "2, KEAnm, 3", "3, Eglshz$n, 2", "4, KEA, 3"})
    void randomWritesNotifyAsRedisDoes(long seed, String flags, int protocol) throws IOException {
        assertEquals(trace(redis.port(), seed, flags, protocol), trace(cinnabar.port(), seed, flags, protocol));
    }

    private static String trace(int port, long seed, String flags, int protocol) throws IOException {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>();
        try (RespConnection admin = new RespConnection(port); EventTrace trace = new EventTrace(port, protocol)) {
            admin.call("FLUSHALL");
            admin.call("CONFIG", "SET", "notify-keyspace-events", flags);
            try {
                for (int step = 0; step < STEPS; step++) lines.addAll(trace.run(next(random)));
            } finally {
                admin.call("CONFIG", "SET", "notify-keyspace-events", "");
            }
        }
        return String.join("\n", lines);
    }

    private static String pick(Random r, String[] pool) {
        return pool[r.nextInt(pool.length)];
    }

    private static String number(Random r, int from, int to) {
        return String.valueOf(from + r.nextInt(to - from + 1));
    }

    /** The next random write command (also used to compare the propagated stream with Redis's). */
    public static String[] next(Random r) {
        String k = pick(r, KEYS), k2 = pick(r, KEYS), k3 = pick(r, KEYS), w = pick(r, WORDS), w2 = pick(r, WORDS);
        return switch (r.nextInt(46)) {
            case 0 -> new String[] {"SET", k, w};
            case 1 -> new String[] {"SET", k, w, pick(r, new String[] {"NX", "XX", "GET", "KEEPTTL", "EX"}), "100"};
            case 2 -> new String[] {"GETSET", k, w};
            case 3 -> new String[] {"GETDEL", k};
            case 4 -> r.nextBoolean() ? new String[] {"GETEX", k, "PERSIST"} : new String[] {"GETEX", k, "EX", "100"};
            case 5 -> new String[] {"APPEND", k, w};
            case 6 -> new String[] {"SETRANGE", k, number(r, 0, 3), r.nextBoolean() ? w : ""};
            case 7 -> new String[] {"INCRBY", k, number(r, -3, 3)};
            case 8 -> new String[] {"INCRBYFLOAT", k, "1.5"};
            case 9 -> new String[] {r.nextBoolean() ? "MSET" : "MSETNX", k, w, k2, w2};
            case 10 -> new String[] {"DEL", k, k2};
            // absolute times: relative ones compared by GT / LT would depend on the milliseconds between commands
            case 11 -> new String[] {"EXPIREAT", k, pick(r, new String[] {"4000000000", "4000000100", "1"}),
                    pick(r, new String[] {"NX", "XX", "GT", "LT"})};
            case 12 -> new String[] {"PERSIST", k};
            case 13 -> new String[] {r.nextBoolean() ? "RENAME" : "RENAMENX", k, k2};
            case 14 -> r.nextBoolean() ? new String[] {"COPY", k, k2} : new String[] {"COPY", k, k2, "REPLACE"};
            case 15 -> new String[] {pick(r, new String[] {"LPUSH", "RPUSH", "LPUSHX", "RPUSHX"}), k, w, w2};
            case 16 -> r.nextBoolean() ? new String[] {"LPOP", k} : new String[] {"RPOP", k, number(r, 0, 3)};
            case 17 -> new String[] {"LMOVE", k, k2, pick(r, ENDS), pick(r, ENDS)};
            case 18 -> new String[] {"RPOPLPUSH", k, k2};
            case 19 -> new String[] {"LMPOP", "2", k, k2, pick(r, ENDS), "COUNT", number(r, 1, 3)};
            case 20 -> new String[] {"LREM", k, number(r, -2, 2), w};
            case 21 -> new String[] {"LTRIM", k, number(r, -2, 2), number(r, -2, 2)};
            case 22 -> new String[] {"LSET", k, number(r, -2, 2), w};
            case 23 -> new String[] {"LINSERT", k, pick(r, new String[] {"BEFORE", "AFTER"}), w, w2};
            case 24 -> new String[] {r.nextBoolean() ? "HSET" : "HSETNX", k, w, w2};
            case 25 -> new String[] {"HDEL", k, w, w2};
            case 26 -> new String[] {"HINCRBY", k, w, number(r, -2, 2)};
            case 27 -> new String[] {"HINCRBYFLOAT", k, w, "0.5"};
            case 28 -> new String[] {"SADD", k, w, w2};
            case 29 -> new String[] {"SREM", k, w, w2};
            case 30 -> new String[] {"SMOVE", k, k2, w};
            case 31 -> new String[] {pick(r, new String[] {"SUNIONSTORE", "SINTERSTORE", "SDIFFSTORE"}), k, k2, k3};
            case 32 -> new String[] {"ZADD", k, pick(r, new String[] {"NX", "XX", "GT", "LT", "CH"}),
                    pick(r, SCORES), w, pick(r, SCORES), w2};
            case 33 -> new String[] {"ZADD", k, "INCR", pick(r, SCORES), w};
            case 34 -> new String[] {"ZINCRBY", k, pick(r, new String[] {"1", "-2", "0.5"}), w};
            case 35 -> new String[] {"ZREM", k, w, w2};
            case 36 -> new String[] {"ZREMRANGEBYRANK", k, number(r, -2, 1), number(r, -1, 2)};
            case 37 -> new String[] {"ZREMRANGEBYSCORE", k, pick(r, SCORES), pick(r, SCORES)};
            case 38 -> new String[] {"ZREMRANGEBYLEX", k, "[" + w, "[" + w2};
            case 39 -> r.nextBoolean() ? new String[] {"ZPOPMIN", k} : new String[] {"ZPOPMAX", k, number(r, 0, 3)};
            case 40 -> new String[] {"ZMPOP", "2", k, k2, pick(r, new String[] {"MIN", "MAX"}), "COUNT", "2"};
            case 41 -> new String[] {pick(r, new String[] {"ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"}), k, "2", k2, k3};
            case 42 -> new String[] {"ZRANGESTORE", k, k2, "0", number(r, -1, 2)};
            case 43 -> new String[] {"SORT", k, "ALPHA", "STORE", k2};
            case 44 -> new String[] {"MOVE", k, "1"};
            default -> new String[] {"SELECT", r.nextBoolean() ? "0" : "1"};
        };
    }
}
