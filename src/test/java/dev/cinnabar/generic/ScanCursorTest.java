package dev.cinnabar.generic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cinnabar.command.RedisError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

class ScanCursorTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "0|0", "\"\"|0", "17|17", "007|7", "+5|5", "-0|0", "-1|18446744073709551615",
        "18446744073709551615|18446744073709551615", "-18446744073709551615|1", "9223372036854775808|9223372036854775808",
    })
    void acceptsWhatStrtoulAccepts(String text, String unsigned) {
        long cursor = ScanCursor.parse(text.getBytes(StandardCharsets.US_ASCII));
        assertEquals(unsigned, Long.toUnsignedString(cursor));
    }

    @ParameterizedTest
    @ValueSource(strings = {" 1", "\t1", "1 ", "abc", "1x", "0x10", "+", "-", "+-1", "--1", "1.0", "1e3",
        "18446744073709551616", "99999999999999999999999", "-18446744073709551616"})
    void rejectsEverythingElse(String text) {
        RedisError e = assertThrows(RedisError.class, () -> ScanCursor.parse(text.getBytes(StandardCharsets.US_ASCII)));
        assertSame(ScanCursor.INVALID, e);
        assertEquals("ERR invalid cursor", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"12,12", "0,0"})
    void stopsAtANulByteLikeACString(String digits, long expected) {
        byte[] arg = (digits + "\0garbage").getBytes(StandardCharsets.US_ASCII);
        assertEquals(expected, ScanCursor.parse(arg));
        assertEquals(0, ScanCursor.parse(new byte[] {0, 'x'}));
    }
}
