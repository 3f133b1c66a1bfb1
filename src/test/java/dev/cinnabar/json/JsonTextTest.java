package dev.cinnabar.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cinnabar.command.RedisError;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

/** JSON text in and out: serde_json's error messages, number handling, nesting limit, and RedisJSON's output. */
class JsonTextTest {
    private static String roundTrip(String json) {
        return new String(JsonWriter.write(JsonText.parse(json, true)), StandardCharsets.UTF_8);
    }

    private static String error(String json) {
        return assertThrows(RedisError.class, () -> JsonText.parse(json, true)).getMessage();
    }

    @Test
    void syntaxErrorsReadAsSerdeJsonWritesThem() {
        assertEquals("EOF while parsing a value at line 1 column 0", error(""));
        assertEquals("EOF while parsing an object at line 1 column 1", error("{"));
        assertEquals("expected value at line 1 column 1", error("bar"));
        assertEquals("expected ident at line 1 column 2", error("foo"));
        assertEquals("trailing characters at line 1 column 5", error("truex"));
        assertEquals("expected ident at line 1 column 2", error("tx"));
        assertEquals("trailing characters at line 1 column 5", error("true1"));
        assertEquals("trailing characters at line 1 column 8", error("{\"a\":1}x"));
        assertEquals("trailing characters at line 1 column 4", error("123abc"));
        assertEquals("key must be a string at line 1 column 2", error("{a:1}"));
        assertEquals("expected `:` at line 1 column 6", error("{\"a\" 1}"));
        assertEquals("expected `,` or `}` at line 1 column 8", error("{\"a\":1 \"b\":2}"));
        assertEquals("expected `,` or `]` at line 1 column 4", error("[1 2]"));
        assertEquals("trailing comma at line 1 column 4", error("[1,]"));
        assertEquals("EOF while parsing a list at line 1 column 2", error("[1"));
        assertEquals("EOF while parsing a string at line 1 column 4", error("\"abc"));
        assertEquals("invalid number at line 1 column 2", error("01"));
        assertEquals("invalid number at line 1 column 2", error("-a"));
        assertEquals("invalid escape at line 1 column 3", error("\"\\x\""));
        assertEquals("control character (\\u0000-\\u001F) found while parsing a string at line 1 column 2",
                error("\"\n\""));
        assertEquals("expected value at line 2 column 3", error("[1,\n  x]"));
        assertEquals("number out of range at line 1 column 5", error("1e400"));
        assertEquals("expected value at line 1 column 1", error("NaN"));
        assertEquals("expected value at line 1 column 1", error("'a'"));
    }

    @Test
    void nestingBeyond127ContainersIsRefused() {
        String ok = "[".repeat(127) + "]".repeat(127);
        assertEquals(ok, roundTrip(ok));
        String deep = "{\"a\":".repeat(128) + "1" + "}".repeat(128);
        assertEquals("recursion limit exceeded at line 1 column " + (5 * 127 + 1), error(deep));
        // snapshots load documents of any depth
        String deeper = "[".repeat(1000) + "]".repeat(1000);
        assertEquals(deeper, new String(JsonValue.fromJson(deeper).toJson(), StandardCharsets.UTF_8));
    }

    @Test
    void numbersKeepTheirKind() {
        assertEquals("[1,-2,9223372036854775807,18446744073709551615,1.0,100.0,-0.0,0.5]",
                roundTrip("[1,-2,9223372036854775807,18446744073709551615,1.0,1e2,-0,0.5]"));
        // beyond 64 bits: a double, as serde_json reads it
        assertEquals("[1.8446744073709552e19,-9.223372036854776e18]",
                roundTrip("[18446744073709551616,-9223372036854775809]"));
        JsonNode n = JsonText.parse("[3, 3.0]", true);
        assertEquals("integer", JsonValues.typeName(n.get(0)));
        assertEquals("number", JsonValues.typeName(n.get(1)));
    }

    @Test
    void doublesAreWrittenInRyuShortestForm() {
        assertEquals("0.0", JsonWriter.formatDouble(0.0));
        assertEquals("1.0", JsonWriter.formatDouble(1.0));
        assertEquals("1.5", JsonWriter.formatDouble(1.5));
        assertEquals("64.99", JsonWriter.formatDouble(64.99));
        assertEquals("1e16", JsonWriter.formatDouble(1e16));
        assertEquals("1000000000000000.0", JsonWriter.formatDouble(1e15));
        assertEquals("1.6350000000001313e308", JsonWriter.formatDouble(1.6350000000001313e308));
        assertEquals("0.0001", JsonWriter.formatDouble(0.0001));
        assertEquals("0.00001", JsonWriter.formatDouble(0.00001));
        assertEquals("1e-6", JsonWriter.formatDouble(0.000001));
        assertEquals("1.5e-7", JsonWriter.formatDouble(1.5e-7));
        assertEquals("-2.5", JsonWriter.formatDouble(-2.5));
        assertEquals("123456789012.5", JsonWriter.formatDouble(123456789012.5));
        assertEquals("5e-324", JsonWriter.formatDouble(Double.MIN_VALUE));
        assertEquals("1.7976931348623157e308", JsonWriter.formatDouble(Double.MAX_VALUE));
    }

    @Test
    void stringsAreEscapedAsSerdeJsonEscapesThem() {
        assertEquals("\"escaped control here:\\b \\f \\n \\r \\t / \\\\\"",
                roundTrip("\"escaped control here:\\b \\f \\n \\r \\t \\/ \\\\\""));
        assertEquals("\"\\u0001\\u001f\u007f\"", roundTrip("\"\\u0001\\u001F\\u007f\""));
        assertEquals("\"⭐ é\"", roundTrip("\"\\u2B50 \\u00e9\""));
        assertEquals("\"\\\"q\\\"\"", roundTrip("\"\\\"q\\\"\""));
    }

    @Test
    void duplicateMembersKeepTheFirstPositionAndTheLastValue() {
        assertEquals("{\"a\":3,\"b\":2}", roundTrip("{\"a\":1,\"b\":2,\"a\":3}"));
    }

    @Test
    void formattingPlacesIndentNewlineAndSpaceLikeRedisJson() {
        JsonNode doc = JsonText.parse("{\"a\":[1,{}],\"b\":{\"c\":[]}}", true);
        JsonWriter.Format f = new JsonWriter.Format("\t".getBytes(), "\n".getBytes(), " ".getBytes());
        assertEquals("{\n\t\"a\": [\n\t\t1,\n\t\t{}\n\t],\n\t\"b\": {\n\t\t\"c\": []\n\t}\n}",
                new String(JsonWriter.write(doc, f), StandardCharsets.UTF_8));
        JsonWriter.Format spaceOnly = new JsonWriter.Format(null, null, "  ".getBytes());
        assertEquals("{\"a\":  [1,{}],\"b\":  {\"c\":  []}}", new String(JsonWriter.write(doc, spaceOnly), StandardCharsets.UTF_8));
        JsonWriter.Format indentOnly = new JsonWriter.Format("--".getBytes(), null, null);
        assertEquals("[--1,--2]", new String(JsonWriter.writeList(
                java.util.List.of(JsonText.parse("1", true), JsonText.parse("2", true)), indentOnly), StandardCharsets.UTF_8));
    }

    @Test
    void argumentsMustBeUtf8() {
        RedisError e = assertThrows(RedisError.class, () -> JsonText.parse(new byte[]{'"', (byte) 0x80, '"'}));
        assertEquals("Couldn't parse as UTF-8 string", e.getMessage());
        assertTrue(JsonText.parse("\"é\"".getBytes(StandardCharsets.UTF_8)).isTextual());
    }
}
