package dev.cinnabar.zsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

/**
 * Scores as ZADD reads them (Redis's string2d: the whole string through C's strtod, no leading space, no overflow or
 * underflow to zero, no NaN) and range bounds as ZRANGEBYSCORE reads them (strtod up to the C string's end, no
 * ERANGE check). Expected values are what redis-server accepts and stores for the same input.
 */
class ScoreParsingTest {
    private static byte[] bytes(String s) {
        return s.replace("\\0", "\0").getBytes(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1|1", "-1|-1", "+5|5", ".5|0.5", "5.|5", "-.5e1|-5", "1.5e2|150", "0x10|16", "0X1P-2|0.25", "0x.8|0.5",
            "0x1.8p1|3", "inf|Infinity", "-INF|-Infinity", "+infinity|Infinity", "1e-310|1.0E-310", "-0|-0.0",
            "123456789012345678|1.23456789012345677E17", "9007199254740993|9.007199254740992E15",
            "1e0000000000000000005|100000", "0e-400|0"})
    void scoresRedisAccepts(String text, double expected) {
        assertEquals(expected, Numbers.parseDouble(bytes(text)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 1", "1 ", "1d", "1f", "nan", "-nan", "NaN(1)", "abc", "0x", "1e", "1e+", "1e400",
            "-1e400", "1e-400", "0x1p99999", "(1", "1\\0", "--1", "1_0", "0x1g"})
    void scoresRedisRefuses(String text) {
        assertThrows(RedisError.class, () -> Numbers.parseDouble(bytes(text)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "-inf|+inf|-Infinity|false|Infinity|false", "(1|5|1|true|5|false", "\"\"|(|0|false|0|true",
            " 1|0x10|1|false|16|false", "1\\0junk|(2\\0|1|false|2|true", "1e400|-1e400|Infinity|false|-Infinity|false",
            "(-0|1e-400|-0.0|true|0|false", "\\01|1|0|false|1|false"})
    void rangeBounds(String min, String max, double minValue, boolean minEx, double maxValue, boolean maxEx) {
        ScoreRange range = ScoreRange.parse(bytes(min.equals("\"\"") ? "" : min), bytes(max));
        assertEquals(minValue, range.min);
        assertEquals(minEx, range.minExclusive);
        assertEquals(maxValue, range.max);
        assertEquals(maxEx, range.maxExclusive);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nan", "(nan", "abc", "1 ", "[1", "((1", "1e"})
    void rangeBoundsRedisRefuses(String bound) {
        RedisError e = assertThrows(RedisError.class, () -> ScoreRange.parse(bytes(bound), bytes("1")));
        assertEquals("ERR min or max is not a float", e.getMessage());
        assertThrows(RedisError.class, () -> ScoreRange.parse(bytes("1"), bytes(bound)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "", "+a", "-x", "]a"})
    void lexBoundsRedisRefuses(String bound) {
        RedisError e = assertThrows(RedisError.class, () -> LexRange.parse(bytes(bound), bytes("+")));
        assertEquals("ERR min or max not valid string range item", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"-,+,false", "+,-,true", "-,-,true", "[a,[a,false", "(a,[a,true", "[b,(a,true", "+\\0,+,true", "[,-,true"})
    void lexRangeEmptiness(String min, String max, boolean empty) {
        assertEquals(empty, LexRange.parse(bytes(min), bytes(max)).isEmpty());
        assertTrue(ScoreRange.parse(bytes("2"), bytes("1")).isEmpty());
        assertTrue(ScoreRange.parse(bytes("(1"), bytes("1")).isEmpty());
        assertTrue(!ScoreRange.parse(bytes("-0"), bytes("0")).isEmpty());
    }
}
