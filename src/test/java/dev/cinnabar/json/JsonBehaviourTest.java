package dev.cinnabar.json;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RespConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RedisJSON 2.6's replies beyond the documented examples (legacy paths, errors, options, bad input), replayed
 * over RESP from a transcript whose expected replies follow RedisJSON's sources and tests.
 */
class JsonBehaviourTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();

    @Test
    void repliesMatchRedisJson() throws Exception {
        try (RespConnection c = cinnabar.connect()) {
            int checked = Transcript.run(c, Transcript.resource("/json/redisjson-behaviour.txt"));
            assertTrue(checked > 150, "replies checked: " + checked);
        }
    }
}
