package dev.cinnabar.strings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Expected results are what C on x86-64 (glibc strtold, x87 addition, "%.17Lf" with Redis's trimming) gives for
 * the same value and increment.
 */
class LongDoubleTest {

    private static LongDouble parse(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        return LongDouble.parse(bytes, bytes.length);
    }

    private static String sum(String value, String increment) {
        LongDouble a = parse(value);
        LongDouble b = parse(increment);
        assertNotNull(a, value);
        assertNotNull(b, increment);
        LongDouble s = a.add(b);
        return s.isFinite() ? new String(s.toHumanString(), StandardCharsets.US_ASCII) : "not finite";
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0|0.1|0.1",
            "0.1|0.2|0.3",
            "1.1|1.1|2.2",
            "10.50|0.1|10.6",
            "3.0|1.1|4.1",
            "5.0e3|-5.0E-3|4999.99500000000000011",
            "0|1e-20|0",
            "1|-1|0",
            "1|-0|1",
            "-1|0.000003814697265625|-0.99999618530273438",
            // ties at the 17th decimal go to the even digit
            "0.000003814697265625|0|0.00000381469726562",
            "0.000011444091796875|0|0.00001144409179688",
            // a negative value printed as zero loses its sign
            "-0.000000000000000001|0|0",
            // 64-bit significand: every long is exact, 2^64 - 1 is not representable plus one
            "9223372036854775807|1|9223372036854775808",
            "9223372036854775807|0.5|9223372036854775807.5",
            "18446744073709551615|1|18446744073709551616",
            "18446744073709551617|0|18446744073709551616",
            "123456789012345678901234567890|1|123456789012345678899921813504",
            // hexadecimal notation, signs and bare points
            "0x10|0x1.8p1|19",
            "0x.8|0|0.5",
            "0x.8p1|0|1",
            "2.5|.5|3",
            "2.5|5.|7.5",
            "+1|+1|2",
            "1E+3|0|1000",
            "1|0e99999999999999|1",
            "1e4000|-1e4000|0",
            // subnormals are accepted
            "0x1p-16445|0|0",
            "0x1.8p-16446|0|0",
            "3.6e-4951|0|0",
            // infinities parse, but no sum with them is finite
            "inf|1|not finite",
            "1|-inf|not finite",
            "infinity|0|not finite",
            "INF|0|not finite",
            "1.18973149535723176502e+4932|1e4932|not finite",
    })
    void addsAndPrintsLikeX87(String value, String increment, String expected) {
        assertEquals(expected, sum(value, increment));
    }

    @Test
    void repeatedIncrementsOfTheStoredTextMatchRedis() {
        String value = "0";
        for (int i = 0; i < 10; i++) value = sum(value, "1.1"); // Redis stores the printed text and parses it again
        assertEquals("11", value);
        for (int i = 0; i < 7; i++) value = sum(value, "-0.3");
        assertEquals("8.9", value);
    }

    @Test
    void theLargestValueIsPrintedInFull() {
        BigInteger largest = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE).shiftLeft(16383 - 63);
        assertEquals(largest.toString(), sum("0x1.fffffffffffffffep16383", "0"));
        assertEquals(largest.toString(), sum("1.18973149535723176502e+4932", "0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", " 1", "1 ", "\t1", "1\u0000", "abc", "1e", "1e+", "1.2.3", "--1", "+-1", ".", "-", "0x", "0x.p1",
            "0x1p", "nan", "NaN", "-nan", "infinit", "infx",
            // overflow and underflow to zero are errors; the exact thresholds are around the type's limits
            "1e5000", "-1e5000", "1.18973149535723176508e+4932", "0x1.ffffffffffffffffp16383", "0x1p16384",
            "1e-5000", "1e-4960", "0x1p-16446", "1e99999999999999999999", "1e-99999999999999999999",
    })
    void rejectsWhatStrtoldRedisWouldRefuse(String text) {
        assertNull(parse(text), text);
    }

    @Test
    void rejectsFiveKilobytesOfDigits() {
        String digits = "1".repeat(5119);
        assertNotNull(parse("0." + digits.substring(2)));
        assertNull(parse("0." + digits.substring(1)));
    }

    @Test
    void zeroIsFinite() {
        assertFalse(!LongDouble.ZERO.isFinite());
        assertEquals("0", sum("-0", "0"));
        assertEquals("0", sum("0x0p99", "-0.0e-99"));
    }
}
