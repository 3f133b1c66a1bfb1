package dev.cinnabar.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RespConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The heap estimate of a document: whole, sampled (what used_memory and MEMORY USAGE use), and over TCP. */
class JsonMemoryTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();

    private static JsonNode array(int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : ",").append("{\"name\":\"item\",\"price\":").append(i).append('}');
        return JsonText.parse(sb.append(']').toString(), true);
    }

    @Test
    void samplingAUniformDocumentGivesTheWholeWalk() {
        JsonNode doc = array(1000);
        assertEquals(JsonValues.memory(doc), JsonValues.memory(doc, 5));
        assertEquals(JsonValues.memory(doc), new JsonValue(doc).memoryUsage(0));
        assertTrue(JsonValues.memory(array(2000)) > JsonValues.memory(doc) * 19 / 10);
    }

    @Test
    void memoryUsageOfAJsonKeyGrowsWithTheDocument() throws Exception {
        try (RespConnection c = cinnabar.connect()) {
            c.call("JSON.SET", "small", "$", "[1]");
            c.call("JSON.SET", "big", "$", array(5000).toString());
            long small = Long.parseLong(c.call("MEMORY", "USAGE", "small").substring(1).trim());
            long big = Long.parseLong(c.call("MEMORY", "USAGE", "big").substring(1).trim());
            assertTrue(small > 0 && big > small * 100, small + " " + big);
        }
    }
}
