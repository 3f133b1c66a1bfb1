package dev.cinnabar.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cinnabar.command.RedisError;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** JSONPath parsing and evaluation, with RedisJSON's dialect and result order. */
class JsonPathTest {
    private static final String STORE = """
            {"store":{"book":[
              {"category":"reference","author":"Nigel Rees","title":"Sayings of the Century","price":8.95},
              {"category":"fiction","author":"Evelyn Waugh","title":"Sword of Honour","price":12.99},
              {"category":"fiction","author":"Herman Melville","title":"Moby Dick","isbn":"0-553-21311-3","price":8.99},
              {"category":"fiction","author":"J. R. R. Tolkien","title":"The Lord of the Rings","isbn":"0-395-19395-8","price":22.99}],
             "bicycle":{"color":"red","price":19.95}},
             "expensive":10}""";

    private static JsonNode doc(String json) {
        return JsonText.parse(json, true);
    }

    /** The compact JSON of the matches, as JSON.GET writes them. */
    private static String eval(String path, String json) {
        List<JsonNode> values = JsonPath.compile(path).values(doc(json));
        return new String(JsonWriter.writeList(values, JsonWriter.Format.COMPACT), StandardCharsets.UTF_8);
    }

    private static List<String> paths(String path, String json) {
        List<String> out = new ArrayList<>();
        for (JsonPath.Match m : JsonPath.compile(path).matches(doc(json))) out.add(m.path().toString());
        return out;
    }

    @Test
    void namesBracketsAndIndexes() {
        assertEquals("[[1,2,3]]", eval("$.foo", "{\"foo\":[1,2,3]}"));
        assertEquals("[[1,2,3]]", eval("$[\"foo\"]", "{\"foo\":[1,2,3]}"));
        assertEquals("[[1,2,3]]", eval("$.[\"foo\"].boo", "{\"foo\":{\"boo\":[1,2,3]}}"));
        assertEquals("[[1,2,3]]", eval("$.foo.['boo']", "{\"foo\":{\"boo\":[1,2,3]}}"));
        assertEquals("[1,3]", eval("$.foo[0,2]", "{\"foo\":[1,2,3]}"));
        assertEquals("[1,3]", eval("$.foo[-3,-1]", "{\"foo\":[1,2,3]}"));
        assertEquals("[2]", eval("$.foo.[1]", "{\"foo\":[1,2,3]}"));
        assertEquals("[[1]]", eval("$[1].foo", "[{\"foo\":[1,2,3]},{\"foo\":[1]}]"));
        assertEquals("[1,3,4,6]", eval("$.[\"foo1\",\"foo2\"].boo[0,2]",
                "{\"foo1\":{\"boo\":[1,2,3]},\"foo2\":{\"boo\":[4,5,6]}}"));
        assertEquals("[{\"a\":1}]", eval("$", "{\"a\":1}"));
        assertEquals("[]", eval("$.missing", "{\"a\":1}"));
        assertEquals("[]", eval("$[0]", "{\"a\":1}"));
    }

    @Test
    void negativeIndexesBeforeTheStartClampToTheFirstElement() {
        assertEquals("[1]", eval("$[-10]", "[1,2,3]"));
        assertEquals("[]", eval("$[3]", "[1,2,3]"));
    }

    @Test
    void slices() {
        String arr = "{\"foo\":[1,2,3]}";
        assertEquals("[1,2]", eval("$.foo[0:2]", arr));
        assertEquals("[1,3]", eval("$.foo[0:3:2]", arr));
        assertEquals("[1,2,3]", eval("$.foo[:]", arr));
        assertEquals("[1,2]", eval("$.foo[:2]", arr));
        assertEquals("[2,3]", eval("$.foo[1:]", arr));
        assertEquals("[2,3]", eval("$.foo[-2:]", arr));
        assertEquals("[1,2]", eval("$.foo[:-1]", arr));
        assertEquals("[]", eval("$.foo[2:1]", arr));
        assertThrows(RedisError.class, () -> JsonPath.compile("$.foo[0:3:0]"));
    }

    @Test
    void wildcardAndRecursiveDescentInDocumentOrder() {
        String json = "{\"a\":2,\"b\":{\"a\":3,\"c\":[{\"a\":4}]},\"d\":{\"a\":5}}";
        assertEquals("[2,3,4,5]", eval("$..a", json));
        assertEquals(List.of("[a]", "[b, a]", "[b, c, 0, a]", "[d, a]"), paths("$..a", json));
        assertEquals("[2,{\"a\":3,\"c\":[{\"a\":4}]},{\"a\":5}]", eval("$.*", json));
        assertEquals("[3,[{\"a\":4}],{\"a\":4},4]", eval("$..*", "{\"a\":3,\"c\":[{\"a\":4}]}"));
        assertEquals("[[4,5]]", eval("$..[\"x\"]", "{\"y\":{\"x\":[4,5]}}"));
        assertEquals("[4]", eval("$..x[0]", "{\"y\":{\"x\":[4,5]}}"));
    }

    @Test
    void filtersCompareNumbersStringsAndBooleans() {
        assertEquals("[\"Sayings of the Century\",\"Moby Dick\"]", eval("$.store.book[?(@.price < 10)].title", STORE));
        assertEquals("[\"Moby Dick\",\"The Lord of the Rings\"]", eval("$..book[?(@.isbn)].title", STORE));
        assertEquals("[\"Sword of Honour\"]",
                eval("$.store.book[?(@.category == \"fiction\" && @.price < 20 && @.price > 10)].title", STORE));
        assertEquals("[\"Sayings of the Century\",\"The Lord of the Rings\"]",
                eval("$.store.book[?(@.price < 9 && @.category == 'reference' || @.price > 20)].title", STORE));
        assertEquals("[\"Sword of Honour\",\"The Lord of the Rings\"]",
                eval("$.store.book[?(@.price > $.expensive)].title", STORE));
        assertEquals("[8.95,12.99,8.99,22.99,19.95]", eval("$.store..price", STORE));
        // a filter applies to the members of an object, too
        assertEquals("[{\"color\":\"red\",\"price\":19.95}]", eval("$.store[?(@.color == 'red')]", STORE));
        assertEquals("[true]", eval("$[?(@ == true)]", "[1,true,\"true\"]"));
        assertEquals("[null]", eval("$[?(@ == null)]", "[1,null,\"null\"]"));
        assertEquals("[2,2.5]", eval("$[?(@ >= 2)]", "[1,2,2.5,\"3\"]"));
    }

    @Test
    void incomparableOperandsAreUnequal() {
        // a missing member compares false, so != holds
        assertEquals("[{\"b\":1}]", eval("$[?(@.a != 1)]", "[{\"a\":1},{\"b\":1}]"));
        assertEquals("[]", eval("$[?(@.a > \"x\")]", "[{\"a\":1}]"));
        assertEquals("[1]", eval("$[?(@ != \"1\")]", "[1]"));
    }

    @Test
    void regexSearchesAnywhereAndBadPatternsMatchNothing() {
        String json = "{\"arr\":[\"kaboom\",\"kafoosh\",\"foolish\",7.0,[\"foo\",\"FoO\"]],\"p\":\"(?i)^[f][o][o]$\",\"bad\":\"[f.*\"}";
        assertEquals("[\"kafoosh\",\"foolish\"]", eval("$.arr[?(@ =~ \".*foo\")]", json));
        assertEquals("[\"foo\",\"FoO\"]", eval("$.arr.*[?(@ =~ $.p)]", json));
        assertEquals("[]", eval("$.arr[?(@ =~ $.bad)]", json));
        assertEquals("[]", eval("$.arr[?(@ =~ $.missing)]", json));
    }

    @Test
    void staticPaths() {
        assertTrue(JsonPath.compile("$.a.b[0]['c']").isStatic());
        assertFalse(JsonPath.compile("$..a").isStatic());
        assertFalse(JsonPath.compile("$.a[0,1]").isStatic());
        assertFalse(JsonPath.compile("$.*").isStatic());
        assertTrue(JsonPath.compile("$").isRoot());
    }

    @Test
    void legacyPathsBecomeJsonPaths() {
        assertEquals("$", new CommandPath(".").fixed());
        assertEquals("$.a.b", new CommandPath(".a.b").fixed());
        assertEquals("$.a.b", new CommandPath("a.b").fixed());
        assertEquals("$.$a", new CommandPath("$a").fixed());
        assertTrue(new CommandPath("$a").legacy());
        assertFalse(new CommandPath("$").legacy());
        assertFalse(new CommandPath("$[0]").legacy());
        assertEquals("$.arr[1]", new CommandPath(".arr[1]").fixed());
    }

    @Test
    void malformedPathsNameThePosition() {
        RedisError e = assertThrows(RedisError.class, () -> JsonPath.compile("$.a[?(@>1"));
        assertTrue(e.getMessage().startsWith("Error occurred on position 9, \"$.a[?(@>1 <<<<----\""), e.getMessage());
        e = assertThrows(RedisError.class, () -> JsonPath.compile("$.a b"));
        assertTrue(e.getMessage().startsWith("Error occurred on position 4, \"$.a  ---->>>> b\""), e.getMessage());
        assertThrows(RedisError.class, () -> JsonPath.compile("$.arr[-inf]"));
        assertThrows(RedisError.class, () -> JsonPath.compile("$.ñ"));
        assertThrows(RedisError.class, () -> JsonPath.compile("$[01]"));
        assertThrows(RedisError.class, () -> JsonPath.compile("$['a]"));
        assertEquals("[1]", eval("$['ñ']", "{\"ñ\":1}"));
        assertEquals("[1]", eval("$['it\\'s']", "{\"it's\":1}"));
    }
}
