package dev.cinnabar.json;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RespConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Golden test: the examples of RedisJSON's command documentation, replayed over RESP with their documented
 * replies (see the transcript file for the few documented replies that are corrected, and why).
 */
class JsonDocExamplesTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();

    @Test
    void documentedExamplesGiveTheDocumentedReplies() throws Exception {
        try (RespConnection c = cinnabar.connect()) {
            int checked = Transcript.run(c, Transcript.resource("/json/redisjson-doc-examples.txt"));
            assertTrue(checked > 80, "replies checked: " + checked);
        }
    }
}
