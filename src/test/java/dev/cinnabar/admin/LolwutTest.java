package dev.cinnabar.admin;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.PairedConnections;
import dev.cinnabar.testing.RedisExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** LOLWUT against a real redis-server: the deterministic parts of the drawings byte for byte, the rest by shape. */
class LolwutTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    /** The server's version named at the end differs between the reference and Cinnabar. */
    private static final UnaryOperator<String> VERSION = s -> s.replaceAll("Redis ver\\. [0-9.]+", "Redis ver. X")
            .replaceAll("^\\$\\d+|^=\\d+", "\\$N");

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void matchesRedis(int protocol) throws IOException {
        try (PairedConnections c = PairedConnections.open(cinnabar, redis, protocol)) {
            c.same(VERSION, "LOLWUT");
            c.same(VERSION, "LOLWUT", "VERSION", "7");
            c.same(VERSION, "LOLWUT", "VERSION", "-1");
            // Schotter's first two rows of squares are not randomized
            c.same(VERSION, "LOLWUT", "VERSION", "5", "20", "3", "2");
            c.same(VERSION, "LOLWUT", "VERSION", "5", "1", "1", "1");
            c.same(VERSION, "LOLWUT", "VERSION", "5", "5000", "0", "-3");
            List<String> ours = lines(c.cinnabar().call("LOLWUT", "VERSION", "5"));
            List<String> theirs = lines(c.redis().call("LOLWUT", "VERSION", "5"));
            assertEquals(theirs.size(), ours.size());
            assertEquals(theirs.subList(0, 8), ours.subList(0, 8));
            // the skyline is random: its size and text
            ours = lines(c.cinnabar().call("LOLWUT", "VERSION", "6", "30", "10"));
            theirs = lines(c.redis().call("LOLWUT", "VERSION", "6", "30", "10"));
            assertEquals(theirs.size(), ours.size());
            assertEquals(ours.get(1).split("\033\\[0m").length, theirs.get(1).split("\033\\[0m").length);
            assertEquals(VERSION.apply(theirs.get(theirs.size() - 2)), VERSION.apply(ours.get(ours.size() - 2)));
            c.same("LOLWUT", "VERSION", "x");
            c.same("LOLWUT", "VERSION", "5", "x");
            c.same("LOLWUT", "VERSION", "6", "10", "x");
        }
    }

    private static List<String> lines(String reply) {
        return Arrays.asList(VERSION.apply(reply).split("\n"));
    }
}
