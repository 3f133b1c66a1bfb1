package dev.cinnabar.scripting.lib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * cmsgpack. The table-driven cases (src/test/resources/scripting/cmsgpack-cases.txt) hold the results
 * redis-server 7.2.4 gave for the same Lua lines (collected with tools/gen-lua-lib-cases.py).
 */
class CmsgpackLibraryTest {
    static List<LuaCase.Expectation> cases() throws IOException {
        return LuaCase.load("/scripting/cmsgpack-cases.txt");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesRealRedis(LuaCase.Expectation c) {
        assertEquals(c.expected(), LuaCase.run(c.source(), LuaCase::allLibraries), c.source());
    }

    private final CmsgpackLibrary cmsgpack = new CmsgpackLibrary();

    private byte[] pack(LuaValue... values) {
        return ((LuaValue.Str) cmsgpack.functions().get("pack").call(List.of(values)).getFirst()).bytes();
    }

    @Test
    void mapsFollowTheTableOrder() {
        LuaValue t = new LuaValue.Table(List.of(LuaArgs.str("b"), LuaArgs.str("a")), List.of(LuaArgs.num(1), LuaArgs.num(2)));
        assertArrayEquals(HexFormat.of().parseHex("82a16201a16102"), pack(t));
    }

    @Test
    void unpackableValuesPackAsNil() {
        assertArrayEquals(HexFormat.of().parseHex("c0c0c0"),
                pack(LuaValue.NULL_POINTER, new LuaValue.Opaque("function", 1), LuaValue.TOO_DEEP));
    }

    @Test
    void unpackingANilKeyIsALuaCoreErrorWithoutPosition() {
        LuaLibraryError e = assertThrows(LuaLibraryError.class, () -> cmsgpack.functions().get("unpack")
                .call(List.of(new LuaValue.Str(HexFormat.of().parseHex("81c001")))));
        assertEquals("table index is nil", e.getMessage());
        assertFalse(e.withPosition());
    }

    @Test
    void deepNestingNeedsNoDeepJavaStack() throws InterruptedException {
        byte[] nested = new byte[3990];
        java.util.Arrays.fill(nested, (byte) 0x91);
        nested[nested.length - 1] = 0x01;
        int[] depth = new int[1];
        Thread thread = new Thread(null, () -> {
            LuaValue v = cmsgpack.functions().get("unpack").call(List.of(new LuaValue.Str(nested))).getFirst();
            while (v instanceof LuaValue.Table t) {
                depth[0]++;
                v = t.values().getFirst();
            }
        }, "small-stack", 128 * 1024);
        thread.start();
        thread.join();
        assertEquals(3989, depth[0]);
    }
}
