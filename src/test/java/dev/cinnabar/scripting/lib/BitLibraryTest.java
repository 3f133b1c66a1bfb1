package dev.cinnabar.scripting.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * bit. The table-driven cases (src/test/resources/scripting/bit-cases.txt) hold the results redis-server 7.2.4
 * gave for the same Lua lines (collected with tools/gen-lua-lib-cases.py).
 */
class BitLibraryTest {
    static List<LuaCase.Expectation> cases() throws IOException {
        return LuaCase.load("/scripting/bit-cases.txt");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesRealRedis(LuaCase.Expectation c) {
        assertEquals(c.expected(), LuaCase.run(c.source(), LuaCase::allLibraries), c.source());
    }

    @Test
    void argumentErrorsTellTheEngineWhichArgumentFailed() {
        LuaLibraryError e = assertThrows(LuaLibraryError.class,
                () -> new BitLibrary().functions().get("band").call(List.of(LuaArgs.num(1), LuaArgs.str("x"))));
        assertEquals("bad argument #2 to 'band' (number expected, got string)", e.getMessage());
        assertEquals(2, e.argumentIndex());
        assertEquals("number expected, got string", e.argumentDetail());
        assertTrue(e.withPosition());
    }

    @Test
    void otherErrorsAreNotArgumentErrors() {
        LuaLibraryError e = assertThrows(LuaLibraryError.class,
                () -> new StructLibrary().functions().get("size").call(List.of(LuaArgs.str("i40"))));
        assertEquals("integral size 40 is larger than limit of 32", e.getMessage());
        assertEquals(-1, e.argumentIndex());
        assertNull(e.argumentDetail());
    }

    @Test
    void tohexWithWidthMinus2To31IsUpperCaseAsInRedis726() {
        // redis-server 7.2.4 crashes on this call; 7.2.6 treats the width as -(2^31-1)
        List<LuaValue> hex = new BitLibrary().functions().get("tohex")
                .call(List.of(LuaArgs.num(0xabcdef), LuaArgs.num(-2147483648.0)));
        assertEquals("00ABCDEF", new String(((LuaValue.Str) hex.getFirst()).bytes()));
    }

    @Test
    void numbersWrapModulo2To32AndRoundToEven() {
        LuaFunction tobit = new BitLibrary().functions().get("tobit");
        assertEquals(List.of(LuaArgs.num(-1)), tobit.call(List.of(LuaArgs.num(4294967295.0))));
        assertEquals(List.of(LuaArgs.num(2)), tobit.call(List.of(LuaArgs.num(2.5))));
        assertEquals(List.of(LuaArgs.num(4)), tobit.call(List.of(LuaArgs.num(3.5))));
        assertEquals(List.of(LuaArgs.num(5)), tobit.call(List.of(LuaArgs.num(4294967301.0))));
    }
}
