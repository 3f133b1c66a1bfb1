package dev.cinnabar.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.testing.CinnabarExtension;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.json.JsonSetParams;
import redis.clients.jedis.json.Path;
import redis.clients.jedis.json.Path2;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Jedis 8's RedisJSON API against Cinnabar: the JSONPath ("V2") commands over the client's default protocol
 * (RESP3), the legacy-path ("V1") commands over RESP2, which is what they are written for.
 */
class JsonJedisTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    static RedisClient jedis;
    static RedisClient resp2;

    @BeforeAll
    static void connect() {
        jedis = RedisClient.create("127.0.0.1", cinnabar.port());
        resp2 = RedisClient.builder().hostAndPort("127.0.0.1", cinnabar.port())
                .clientConfig(DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP2).build())
                .build();
    }

    @AfterAll
    static void close() {
        jedis.close();
        resp2.close();
    }

    @BeforeEach
    void flush() {
        jedis.flushAll();
    }

    @Test
    void setAndGetWithJsonPaths() {
        assertEquals("OK", jedis.jsonSet("doc", Path2.ROOT_PATH,
                new JSONObject(Map.of("name", "Leonard", "age", 29, "tags", List.of("a", "b")))));
        Object names = jedis.jsonGet("doc", Path2.of("$.name"));
        assertEquals(new JSONArray(List.of("Leonard")).toString(), names.toString());
        assertEquals("OK", jedis.jsonSet("doc", Path2.of("$.age"), 30));
        assertEquals(30, ((JSONArray) jedis.jsonGet("doc", Path2.of("$.age"))).getInt(0));
        assertNull(jedis.jsonSet("doc", Path2.of("$.age"), 31, JsonSetParams.jsonSetParams().nx()));
        assertEquals(List.of(3L), jedis.jsonArrAppend("doc", Path2.of("$.tags"), "\"c\""));
        assertEquals(List.of(3L), jedis.jsonArrLen("doc", Path2.of("$.tags")));
        assertEquals(List.of(Arrays.asList("name", "age", "tags")), jedis.jsonObjKeys("doc", Path2.ROOT_PATH));
        // Jedis sends the value as JSON text ("\"!!\"")
        assertEquals(List.of(9L), jedis.jsonStrAppend("doc", Path2.of("$.name"), "!!"));
        assertEquals(List.of(9L), jedis.jsonStrLen("doc", Path2.of("$.name")));
        assertEquals(List.of(int.class), jedis.jsonType("doc", Path2.of("$.age")));
        assertEquals(new JSONArray(List.of(32)).toString(), jedis.jsonNumIncrBy("doc", Path2.of("$.age"), 2).toString());
        assertEquals(1L, jedis.jsonDel("doc", Path2.of("$.tags[0]")));
        // without a path, the whole document (the legacy root), as Jedis parses it
        Map<?, ?> whole = (Map<?, ?>) jedis.jsonGet("doc");
        assertEquals("Leonard!!", whole.get("name"));
        assertEquals(List.of("b", "c"), whole.get("tags"));
    }

    @Test
    void togglesPopsAndMultiGet() {
        jedis.jsonSet("a", Path2.ROOT_PATH, new JSONObject("{\"on\":true,\"arr\":[1,2,3]}"));
        jedis.jsonSet("b", Path2.ROOT_PATH, new JSONObject("{\"on\":false,\"arr\":[]}"));
        assertEquals(List.of(false), jedis.jsonToggle("a", Path2.of("$.on")));
        assertEquals(Arrays.asList(3.0), jedis.jsonArrPop("a", Path2.of("$.arr")));
        assertEquals(Arrays.asList((Object) null), jedis.jsonArrPop("b", Path2.of("$.arr")));
        List<JSONArray> both = jedis.jsonMGet(Path2.of("$.on"), "a", "b", "missing");
        assertEquals("[false]", both.get(0).toString());
        assertEquals("[false]", both.get(1).toString());
        assertNull(both.get(2));
        assertEquals(List.of(1L), jedis.jsonArrTrim("a", Path2.of("$.arr"), 1, 1));
        assertEquals(1L, jedis.jsonClear("a", Path2.of("$.*")));
        assertTrue(jedis.jsonDebugMemory("a", Path2.ROOT_PATH).getFirst() > 0);
    }

    @Test
    void legacyPathsAndErrors() {
        assertEquals("OK", resp2.jsonSet("old", Path.ROOT_PATH, Map.of("x", 1, "flag", true)));
        assertEquals("false", resp2.jsonToggle("old", Path.of(".flag")));
        assertEquals(3.5, resp2.jsonNumIncrBy("old", Path.of(".x"), 2.5));
        assertEquals(3.5, ((Number) resp2.jsonGet("old", Path.of(".x"))).doubleValue());
        assertEquals(float.class, resp2.jsonType("old", Path.of(".x")));
        assertEquals(boolean.class, resp2.jsonType("old", Path.of(".flag")));
        assertEquals(2L, resp2.jsonObjLen("old"));
        JedisDataException e = assertThrows(JedisDataException.class, () -> resp2.jsonGet("old", Path.of(".nope")));
        assertEquals("ERR Path '$.nope' does not exist", e.getMessage());
        e = assertThrows(JedisDataException.class, () -> jedis.jsonSet("fresh", Path2.of("$.a"), 1));
        assertEquals("ERR new objects must be created at the root", e.getMessage());
        jedis.set("plain", "x");
        e = assertThrows(JedisDataException.class, () -> jedis.jsonGet("plain"));
        assertTrue(e.getMessage().startsWith("WRONGTYPE"));
    }
}
