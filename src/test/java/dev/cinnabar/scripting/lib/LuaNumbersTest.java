package dev.cinnabar.scripting.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * printf %g, strtod and Lua's string-to-number coercion. number-format-cases.txt holds doubles (IEEE bits) with
 * what real redis-server's Lua printed for them with %.17g, %.14g, %.5g and %.1g (tools/gen-number-format-cases.py).
 */
class LuaNumbersTest {
    record Formatted(String bits, String expected) {
        @Override
        public String toString() {
            return bits;
        }
    }

    static List<Formatted> formats() throws IOException {
        List<Formatted> cases = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                LuaNumbersTest.class.getResourceAsStream("/scripting/number-format-cases.txt"), StandardCharsets.US_ASCII))) {
            for (String line; (line = in.readLine()) != null; ) {
                String[] parts = line.split("\t");
                cases.add(new Formatted(parts[0], parts[1]));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void formatsLikeGlibcPrintf(Formatted c) {
        double d = Double.longBitsToDouble(HexFormat.fromHexDigitsToLong(c.bits()));
        String actual = String.join("|", LuaNumbers.formatG(d, 17), LuaNumbers.formatG(d, 14),
                LuaNumbers.formatG(d, 5), LuaNumbers.formatG(d, 1));
        assertEquals(c.expected(), actual);
    }

    @Test
    void formatsNanWithItsSign() {
        assertEquals("-nan", LuaNumbers.formatG(LuaNumbers.DEFAULT_NAN, 14));
        assertEquals("nan", LuaNumbers.formatG(Double.longBitsToDouble(0x7FF8000000000000L), 14));
    }

    private static Double luaNumber(String s) {
        return LuaNumbers.parseLuaNumber(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void coercesStringsAsLuaTonumberDoes() {
        // expected values from tonumber() in redis-server's Lua
        assertEquals(12.0, luaNumber(" 12 "));
        assertEquals(16.0, luaNumber("0x10"));
        assertNull(luaNumber("1e"));
        assertNull(luaNumber("0x"));
        assertEquals(100000.0, luaNumber("1e5 "));
        assertEquals(0.5, luaNumber(".5"));
        assertEquals(5.0, luaNumber("5."));
        assertEquals(16.0, luaNumber("0x1p4"));
        assertEquals(Double.POSITIVE_INFINITY, luaNumber("infinity"));
        assertNull(luaNumber("- 1"));
        assertNull(luaNumber("1 2"));
        assertNull(luaNumber(""));
        assertNull(luaNumber(" "));
        assertEquals(0.25, luaNumber("0x1P-2"));
        assertNull(luaNumber("1e+"));
        assertEquals(7.0, luaNumber("\t7\n"));
        assertTrue(Double.isNaN(luaNumber("nan")));
        assertEquals(Double.NEGATIVE_INFINITY, luaNumber("-INF"));
        assertNull(luaNumber("1.5e3x"));
    }

    @Test
    void strtodStopsWhereTheNumberEnds() {
        byte[] s = "[12.5e3,".getBytes(StandardCharsets.US_ASCII);
        LuaNumbers.Parsed parsed = LuaNumbers.strtod(s, 1);
        assertEquals(12500.0, parsed.value());
        assertEquals(7, parsed.end());
        assertEquals(0, LuaNumbers.strtod(s, 0).end());
    }

    @Test
    void convertsOutOfRangeDoublesAsX86Does() {
        assertEquals(Long.MIN_VALUE, LuaNumbers.toInt64(1e19));
        assertEquals(Long.MIN_VALUE, LuaNumbers.toInt64(Double.NaN));
        assertEquals(Integer.MIN_VALUE, LuaNumbers.toInt32(3e9));
        assertEquals(-4611686018427387904L, LuaNumbers.toUint64(13835058055282163712.0));
        assertEquals(0L, LuaNumbers.toUint64(18446744073709551616.0));
    }
}
