package dev.cinnabar.compat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.PairedConnections;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.RespTree;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Seeded random command sequences mixing every data type over the same four keys, against a real redis-server:
 * a key is a string, a list, a hash, a set or a sorted set in turn, so WRONGTYPE, RENAME/COPY between types,
 * SORT over each and deletion of emptied collections are all exercised together. Replies whose order Redis leaves
 * unspecified are compared as sorted collections; the random-pick commands are left to each type's own tests.
 */
class MixedTypesDifferentialTest {
    private static final int STEPS = Integer.getInteger("mixed.steps", 400);
    private static final String[] KEYS = {"a", "b", "c", "d"};
    private static final String[] WORDS = {"1", "2", "10", "-3", "x", "y", "zz", "2.5", ""};
    private static final String[] SCORES = {"0", "1", "2.5", "-3", "10", "+inf", "-inf"};
    /** Commands whose replies are collections in hash order (or in an order 7.0 and 7.2 encodings differ on). */
    private static final Set<String> UNORDERED = Set.of("SMEMBERS", "SINTER", "SUNION", "SDIFF");

    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private static final UnaryOperator<String> SORTED = reply -> {
        RespTree tree = RespTree.parse(reply);
        if (tree.isAggregate()) tree.sortUnordered();
        return tree.toString();
    };

    @ParameterizedTest
    @CsvSource({"1,2", "2,3", "3,2", "4,3", "5,2", "6,3"})
    void randomSequences(long seed, int protocol) throws Exception {
        Random random = new Random(seed);
        try (PairedConnections c = PairedConnections.open(cinnabar, redis, protocol)) {
            c.both("FLUSHALL");
            int wrongType = 0;
            for (int step = 0; step < STEPS; step++) {
                String[] command = next(random);
                String reply = UNORDERED.contains(command[0]) ? c.same(SORTED, command) : c.same(command);
                if (reply.startsWith("-WRONGTYPE")) wrongType++;
            }
            assertTrue(wrongType > 10, "the keys changed type too rarely: " + wrongType + " WRONGTYPE replies");
        }
    }

    private static String pick(Random r, String[] pool) {
        return pool[r.nextInt(pool.length)];
    }

    private static String[] next(Random r) {
        String k = pick(r, KEYS), k2 = pick(r, KEYS), w = pick(r, WORDS), w2 = pick(r, WORDS);
        List<String> cmd = new ArrayList<>();
        switch (r.nextInt(40)) {
            case 0 -> cmd.addAll(List.of("SET", k, w));
            case 1 -> cmd.addAll(List.of("GET", k));
            case 2 -> cmd.addAll(List.of("APPEND", k, w));
            case 3 -> cmd.addAll(List.of("INCR", k));
            case 4 -> cmd.addAll(List.of(r.nextBoolean() ? "LPUSH" : "RPUSH", k, w, w2));
            case 5 -> cmd.addAll(r.nextBoolean() ? List.of("LPOP", k) : List.of("RPOP", k, String.valueOf(r.nextInt(4))));
            case 6 -> cmd.addAll(List.of("LRANGE", k, String.valueOf(r.nextInt(5) - 2), String.valueOf(r.nextInt(5) - 2)));
            case 7 -> cmd.addAll(List.of("LLEN", k));
            case 8 -> cmd.addAll(List.of("LMOVE", k, k2, r.nextBoolean() ? "LEFT" : "RIGHT", r.nextBoolean() ? "LEFT" : "RIGHT"));
            case 9 -> cmd.addAll(List.of("LREM", k, String.valueOf(r.nextInt(5) - 2), w));
            case 10 -> cmd.addAll(List.of("LINDEX", k, String.valueOf(r.nextInt(7) - 3)));
            case 11 -> cmd.addAll(List.of("HSET", k, w, w2));
            case 12 -> cmd.addAll(List.of("HGET", k, w));
            case 13 -> cmd.addAll(List.of("HDEL", k, w, w2));
            case 14 -> cmd.addAll(List.of("HGETALL", k));
            case 15 -> cmd.addAll(List.of("HINCRBY", k, w, String.valueOf(r.nextInt(9) - 4)));
            case 16 -> cmd.addAll(List.of("HLEN", k));
            case 17 -> cmd.addAll(List.of("SADD", k, w, w2));
            case 18 -> cmd.addAll(List.of("SREM", k, w));
            case 19 -> cmd.addAll(List.of("SMEMBERS", k));
            case 20 -> cmd.addAll(List.of("SCARD", k));
            case 21 -> cmd.addAll(List.of("SISMEMBER", k, w));
            case 22 -> cmd.addAll(List.of(pick(r, new String[] {"SINTER", "SUNION", "SDIFF"}), k, k2));
            case 23 -> cmd.addAll(List.of("SMOVE", k, k2, w));
            case 24 -> cmd.addAll(List.of(pick(r, new String[] {"SUNIONSTORE", "SINTERSTORE", "SDIFFSTORE"}), k, k2, pick(r, KEYS)));
            case 25 -> cmd.addAll(List.of("ZADD", k, pick(r, SCORES), w, pick(r, SCORES), w2));
            case 26 -> cmd.addAll(List.of("ZRANGE", k, "0", "-1", "WITHSCORES"));
            case 27 -> cmd.addAll(List.of("ZINCRBY", k, pick(r, new String[] {"1", "-2", "0.5"}), w));
            case 28 -> cmd.addAll(List.of("ZREM", k, w));
            case 29 -> cmd.addAll(List.of("ZSCORE", k, w));
            case 30 -> cmd.addAll(List.of(r.nextBoolean() ? "ZUNIONSTORE" : "ZINTERSTORE", k, "2", k2, pick(r, KEYS)));
            case 31 -> cmd.addAll(List.of("ZRANGEBYSCORE", k, pick(r, SCORES), pick(r, SCORES), "WITHSCORES"));
            case 32 -> cmd.addAll(List.of("ZPOPMIN", k));
            case 33 -> cmd.addAll(List.of("TYPE", k));
            case 34 -> cmd.addAll(List.of("DEL", k));
            case 35 -> cmd.addAll(List.of("EXISTS", k, k2));
            case 36 -> cmd.addAll(List.of("RENAME", k, k2));
            case 37 -> cmd.addAll(List.of("COPY", k, k2, "REPLACE"));
            case 38 -> cmd.addAll(r.nextBoolean() ? List.of("SORT", k, "ALPHA") : List.of("SORT", k, "DESC", "LIMIT", "0", "3"));
            default -> cmd.addAll(List.of("SORT", k, "BY", "nosort", "STORE", k2));
        }
        return cmd.toArray(new String[0]);
    }
}
