package dev.cinnabar.scripting.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The four libraries against the results real redis-server gave for the same Lua lines (expected values taken
 * from redis-server 7.2.4 by tools/gen-lua-lib-cases.py and stored in src/test/resources/scripting/*-cases.txt).
 */
class LibraryCasesTest {
    static List<LuaCase.Expectation> cjson() throws IOException {
        return LuaCase.load("/scripting/cjson-cases.txt");
    }

    static List<LuaCase.Expectation> cmsgpack() throws IOException {
        return LuaCase.load("/scripting/cmsgpack-cases.txt");
    }

    static List<LuaCase.Expectation> struct() throws IOException {
        return LuaCase.load("/scripting/struct-cases.txt");
    }

    static List<LuaCase.Expectation> bit() throws IOException {
        return LuaCase.load("/scripting/bit-cases.txt");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"cjson", "cmsgpack", "struct", "bit"})
    void matchesRealRedis(LuaCase.Expectation c) {
        assertEquals(c.expected(), LuaCase.run(c.source(), LuaCase::allLibraries), c.source());
    }
}
