package dev.cinnabar.scripting.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * cjson. The table-driven cases (src/test/resources/scripting/cjson-cases.txt) hold the results redis-server 7.2.4
 * gave for the same Lua lines (collected with tools/gen-lua-lib-cases.py).
 */
class CjsonLibraryTest {
    static List<LuaCase.Expectation> cases() throws IOException {
        return LuaCase.load("/scripting/cjson-cases.txt");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesRealRedis(LuaCase.Expectation c) {
        assertEquals(c.expected(), LuaCase.run(c.source(), LuaCase::allLibraries), c.source());
    }

    private static List<LuaValue> call(CjsonLibrary cjson, String function, LuaValue... args) {
        return cjson.functions().get(function).call(List.of(args));
    }

    private static String encode(CjsonLibrary cjson, LuaValue value) {
        return new String(((LuaValue.Str) call(cjson, "encode", value).getFirst()).bytes(), StandardCharsets.ISO_8859_1);
    }

    private static LuaValue.Table table(List<LuaValue> keys, List<LuaValue> values) {
        return new LuaValue.Table(keys, values);
    }

    @Test
    void exposesTheFieldsRedisGivesScripts() {
        CjsonLibrary cjson = new CjsonLibrary();
        assertEquals("cjson", cjson.name());
        assertEquals(List.of("encode", "decode", "encode_sparse_array", "encode_max_depth", "decode_max_depth",
                "encode_number_precision", "encode_keep_buffer", "encode_invalid_numbers", "decode_invalid_numbers"),
                List.copyOf(cjson.functions().keySet()));
        assertSame(LuaValue.NULL_POINTER, cjson.constants().get("null"));
    }

    @Test
    void settingsBelongToOneInstance() {
        CjsonLibrary first = new CjsonLibrary();
        CjsonLibrary second = new CjsonLibrary();
        call(first, "encode_number_precision", LuaArgs.num(3));
        assertEquals("0.333", encode(first, LuaArgs.num(1.0 / 3)));
        assertEquals("0.33333333333333", encode(second, LuaArgs.num(1.0 / 3)));
    }

    @Test
    void objectMembersFollowTheTableOrder() {
        CjsonLibrary cjson = new CjsonLibrary();
        LuaValue t = table(List.of(LuaArgs.str("b"), LuaArgs.str("a"), LuaArgs.num(2.5)),
                List.of(LuaArgs.num(1), LuaValue.TRUE, LuaArgs.str("x")));
        assertEquals("{\"b\":1,\"a\":true,\"2.5\":\"x\"}", encode(cjson, t));
    }

    @Test
    void decodedObjectsKeepTheLastOfRepeatedKeysAndDropNothingElse() {
        CjsonLibrary cjson = new CjsonLibrary();
        LuaValue.Table t = (LuaValue.Table) call(cjson, "decode", LuaArgs.str("{\"a\":1,\"b\":null,\"a\":2}")).getFirst();
        assertEquals(2, t.keys().size());
        assertEquals(LuaArgs.num(2), t.values().get(t.keys().indexOf(findKey(t, "a"))));
        assertSame(LuaValue.NULL_POINTER, t.values().get(t.keys().indexOf(findKey(t, "b"))));
    }

    private static LuaValue findKey(LuaValue.Table t, String name) {
        for (LuaValue k : t.keys()) {
            if (k instanceof LuaValue.Str s && new String(s.bytes(), StandardCharsets.ISO_8859_1).equals(name)) return k;
        }
        throw new AssertionError("no key " + name);
    }

    @Test
    void aTableTheEngineCouldNotConvertIsTooDeep() {
        CjsonLibrary cjson = new CjsonLibrary();
        LuaValue t = table(List.of(LuaArgs.num(1)), List.of(LuaValue.TOO_DEEP));
        LuaLibraryError e = assertThrows(LuaLibraryError.class, () -> encode(cjson, t));
        assertEquals("Cannot serialise, excessive nesting (1001)", e.getMessage());
        assertTrue(e.withPosition());
    }

    @Test
    void deepNestingNeedsNoDeepJavaStack() throws InterruptedException {
        // thousands of levels on a thread with a small stack: encoding and decoding do not recurse
        CjsonLibrary cjson = new CjsonLibrary();
        call(cjson, "decode_max_depth", LuaArgs.num(100000));
        call(cjson, "encode_max_depth", LuaArgs.num(100000));
        String json = "[".repeat(3000) + "]".repeat(3000);
        boolean[] ok = new boolean[1];
        Thread thread = new Thread(null, () -> {
            LuaValue decoded = call(cjson, "decode", LuaArgs.str(json)).getFirst();
            ok[0] = encode(cjson, decoded).equals("[".repeat(2999) + "{}" + "]".repeat(2999));
        }, "small-stack", 128 * 1024);
        thread.start();
        thread.join();
        assertTrue(ok[0]);
    }

    @Test
    void errorsCarryTheCallerPosition() {
        LuaLibraryError e = assertThrows(LuaLibraryError.class,
                () -> call(new CjsonLibrary(), "decode", LuaArgs.str("[")));
        assertTrue(e.withPosition());
        assertFalse(e.getMessage().startsWith("user_script"));
    }
}
