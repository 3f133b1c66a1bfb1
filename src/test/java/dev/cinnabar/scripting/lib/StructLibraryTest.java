package dev.cinnabar.scripting.lib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * struct. The table-driven cases (src/test/resources/scripting/struct-cases.txt) hold the results redis-server
 * 7.2.4 gave for the same Lua lines (collected with tools/gen-lua-lib-cases.py).
 */
class StructLibraryTest {
    static List<LuaCase.Expectation> cases() throws IOException {
        return LuaCase.load("/scripting/struct-cases.txt");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesRealRedis(LuaCase.Expectation c) {
        assertEquals(c.expected(), LuaCase.run(c.source(), LuaCase::allLibraries), c.source());
    }

    private final StructLibrary struct = new StructLibrary();

    @Test
    void packAndUnpackRoundTrip() {
        List<LuaValue> packed = struct.functions().get("pack").call(List.of(LuaArgs.str("!<bhc2d"),
                LuaArgs.num(-3), LuaArgs.num(1000), LuaArgs.str("ok"), LuaArgs.num(0.25)));
        byte[] bytes = ((LuaValue.Str) packed.getFirst()).bytes();
        assertArrayEquals(HexFormat.of().parseHex("fd00e8036f6b0000000000000000d03f"), bytes);
        List<LuaValue> unpacked = struct.functions().get("unpack").call(List.of(LuaArgs.str("!<bhc2d"), packed.getFirst()));
        assertEquals(List.of(LuaArgs.num(-3), LuaArgs.num(1000)), unpacked.subList(0, 2));
        assertArrayEquals("ok".getBytes(), ((LuaValue.Str) unpacked.get(2)).bytes());
        assertEquals(List.of(LuaArgs.num(0.25), LuaArgs.num(17)), unpacked.subList(3, 5));
    }
}
