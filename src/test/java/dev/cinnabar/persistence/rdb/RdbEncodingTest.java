package dev.cinnabar.persistence.rdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

class RdbEncodingTest {
    private static final HexFormat HEX = HexFormat.of();

    private static String encodeString(String s) {
        RdbWriter w = new RdbWriter();
        w.writeString(s.getBytes(StandardCharsets.ISO_8859_1));
        return HEX.formatHex(w.toByteArray());
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"\"|00",
        "1|c001",
        "-1|c0ff",
        "127|c07f",
        "128|c18000",
        "-129|c17fff",
        "32767|c1ff7f",
        "32768|c200800000",
        "2147483647|c2ffffff7f",
        "-2147483648|c200000080",
        "2147483648|0a32313437343833363438",   // beyond 32 bits: digits
        "01|023031",                          // not canonical: raw
        "\" 1\"|022031",
        "-0|022d30",
        "hello|0568656c6c6f",
        "12345678901|0b3132333435363738393031",
    })
    void stringsUseRedisEncodings(String value, String hex) {
        assertEquals(hex, encodeString(value));
    }

    @Test
    void longCompressibleStringsAreLzfCompressed() {
        // c3 = LZF marker, then compressed length 9, original length 51 (0x33), then the LZF bytes.
        assertEquals("c30933016161e026000161 61".replace(" ", ""), encodeString("a".repeat(51)));
        assertEquals("146161616161616161616161616161616161616161", encodeString("a".repeat(20)),
                "20 bytes are never compressed");
    }

    @Test
    void compressionCanBeTurnedOff() {
        RdbWriter w = new RdbWriter(false);
        w.writeString("a".repeat(51).getBytes(StandardCharsets.US_ASCII));
        assertEquals(1 + 51, w.size());
    }

    @Test
    void incompressibleLongStringsAreStoredRaw() {
        byte[] random = new byte[300];
        new Random(3).nextBytes(random);
        RdbWriter w = new RdbWriter();
        w.writeString(random);
        byte[] out = w.toByteArray();
        assertEquals(2 + 300, out.length);
        assertEquals(0x41, out[0] & 0xFF);   // 14-bit length 300 = 0x41 0x2c
        assertEquals(0x2c, out[1] & 0xFF);
    }

    @ParameterizedTest
    @CsvSource({"0,00", "63,3f", "64,4040", "16383,7fff", "16384,8000004000", "4294967295,80ffffffff",
            "4294967296,810000000100000000"})
    void lengthsUseTheSmallestForm(long length, String hex) {
        RdbWriter w = new RdbWriter();
        w.writeLength(length);
        assertEquals(hex, HEX.formatHex(w.toByteArray()));
        assertEquals(length, new RdbReader(w.toByteArray()).readLength());
    }

    @Test
    void stringsRoundTripInEveryEncoding() {
        Random rnd = new Random(11);
        String[] samples = {"", "0", "-5", "300", "-40000", "2147483647", "99999999999", "x", "hello world",
            "a".repeat(21), "ab".repeat(5000), "x".repeat(70_000)};
        for (String s : samples) {
            byte[] v = s.getBytes(StandardCharsets.US_ASCII);
            assertArrayEquals(v, roundTrip(v), s);
        }
        for (int i = 0; i < 500; i++) {
            byte[] v = new byte[rnd.nextInt(3000)];
            for (int j = 0; j < v.length; j++) v[j] = (byte) rnd.nextInt(i % 2 == 0 ? 3 : 256);
            assertArrayEquals(v, roundTrip(v));
        }
    }

    private static byte[] roundTrip(byte[] v) {
        RdbWriter w = new RdbWriter();
        w.writeString(v);
        w.writeString(v);   // two in a row: the reader must stop exactly at the end of each
        RdbReader r = new RdbReader(w.toByteArray());
        assertArrayEquals(v, r.readString());
        return r.readString();
    }

    @Test
    void longAsStringUsesIntegerEncodingWhenItFits() {
        RdbWriter w = new RdbWriter();
        w.writeLongAsString(-3);
        w.writeLongAsString(Long.MAX_VALUE);
        RdbReader r = new RdbReader(w.toByteArray());
        assertArrayEquals("-3".getBytes(StandardCharsets.US_ASCII), r.readString());
        assertArrayEquals(Long.toString(Long.MAX_VALUE).getBytes(StandardCharsets.US_ASCII), r.readString());
        assertEquals("c0fd", HEX.formatHex(w.toByteArray(), 0, 2));
    }

    @Test
    void readingBadDataFails() {
        assertThrows(RdbFormatException.class, () -> new RdbReader(new byte[0]).readString());
        assertThrows(RdbFormatException.class, () -> new RdbReader(HEX.parseHex("05616263")).readString());
        assertThrows(RdbFormatException.class, () -> new RdbReader(HEX.parseHex("c4")).readString(),
                "unknown special encoding");
        assertThrows(RdbFormatException.class, () -> new RdbReader(HEX.parseHex("c1ff")).readString());
        assertThrows(RdbFormatException.class, () -> new RdbReader(HEX.parseHex("c3020a0001")).readString(),
                "LZF output shorter than announced");
        assertThrows(RdbFormatException.class, () -> new RdbReader(HEX.parseHex("c301807fffffff00")).readString(),
                "absurd uncompressed length is rejected before allocating");
        assertThrows(RdbFormatException.class, () -> new RdbReader(HEX.parseHex("82")).readLength());
        assertThrows(RdbFormatException.class, () -> new RdbReader(HEX.parseHex("c0")).readLength());
        assertThrows(RdbFormatException.class, () -> new RdbReader(HEX.parseHex("80ffffffff")).readString(),
                "a 4 GB string that is not there");
        assertThrows(RdbFormatException.class, () -> new RdbReader(HEX.parseHex("08")).readValueType());
        assertThrows(RdbFormatException.class, () -> new RdbReader(HEX.parseHex("16")).readValueType());
    }

    @Test
    void lzfWithZeroLengthIsAcceptedLikeRedis() {
        // Redis compares the decompressed size with the announced one; an announced 0 always "matches".
        assertArrayEquals(new byte[0], new RdbReader(HEX.parseHex("c3020000ff")).readString());
    }

    @Test
    void writerDrainsToAStream() throws Exception {
        RdbWriter w = new RdbWriter();
        w.writeString("hello".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.drainTo(out);
        assertEquals(0, w.size());
        assertEquals("0568656c6c6f", HEX.formatHex(out.toByteArray()));
    }

    @Test
    void moduleValuesAndMalformedStreamsAreRefusedNotSkipped() {
        RdbReader string = new RdbReader(new byte[] {RdbFormat.TYPE_STRING, 1, 'x', 0, 0});
        assertArrayEquals(new byte[] {'x'}, (byte[]) RdbValues.read(string, RdbLimits.defaults()));
        for (int type : new int[] {RdbFormat.TYPE_MODULE_PRE_GA, RdbFormat.TYPE_MODULE_2,
            RdbFormat.TYPE_STREAM_LISTPACKS, RdbFormat.TYPE_STREAM_LISTPACKS_2, RdbFormat.TYPE_STREAM_LISTPACKS_3}) {
            RdbReader r = new RdbReader(new byte[] {(byte) type, 1, 'x', 0, 0});
            assertThrows(RdbFormatException.class, () -> RdbValues.read(r, RdbLimits.defaults()), "type " + type);
        }
    }
}
