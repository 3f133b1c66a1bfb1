package dev.cinnabar.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Random;

/** Expected strings are what Redis 7.2's d2string (fpconv_dtoa) prints for the same doubles. */
class DoubleFormatTest {

    @ParameterizedTest
    @CsvSource(delimiter = ' ', value = {
            // special values
            "7ff8000000000000 nan",
            "7ff0000000000000 inf",
            "fff0000000000000 -inf",
            "0000000000000000 0",
            "8000000000000000 -0",
            // integral values up to 2^62 are printed as integers
            "4059000000000000 100",
            "430c6bf526340000 1000000000000000",
            "43d0000000000000 4611686018427387904",
            "c3d0000000000000 -4611686018427387904",
            "4340000000000000 9007199254740992",
            "4341c37937e08001 10000000000000002",
            // beyond 2^62 Grisu2 digits: written in full while the exponent is below digits + 7
            "43e0000000000000 9223372036854776000",
            "43e158e460913d00 1e+19",
            "444b1ae4d6e2ef50 1e+21",
            "4480f0cf064dd592 1e+22",
            // fractions: plain while the last digit's exponent is above -7 or the first's is below 4 in size
            "3ff8000000000000 1.5",
            "bff8000000000000 -1.5",
            "3fb999999999999a 0.1",
            "3fd3333333333333 0.3",
            "3fd5555555555555 0.3333333333333333",
            "400921f9f01b866e 3.14159",
            "3f1a36e2eb1c432d 0.0001",
            "3f5437c5692b3cc5 0.001234",
            "3eb0c6f7a0b5ed8d 0.000001",
            "40fe2401f9acffa8 123456.123456",
            "41678c29d0000000 12345678.5",
            "416312d010000000 10000000.5",
            "423cbe991a148000 123456789012.5",
            // otherwise exponent notation, with a sign and without leading zeros in the exponent
            "3eb92a737110e454 1.5e-6",
            "3eb4f8b588e368f1 1.25e-6",
            "3e7ad7f29abcaf48 1e-7",
            "3e8421f5f40d8376 1.5e-7",
            "4132d6871f9adbb9 1.2345671234567e+6",
            "3ee9e409302678ba 1.2345678901234568e-5",
            "3dd2533fe68fd3d2 6.666666666666667e-11",
            "44dfe185ca57c517 6.02214076e+23",
            "54b249ad2594c37d 1e+100",
            "2b34ff632b6a83e4 1.5e-100",
            "81bac9a7b3b7302f -2.5e-300",
            "7fefffffffffffff 1.7976931348623157e+308",
            "0010000000000000 2.2250738585072014e-308",
            "0000000000000001 5e-324",
            "0000000000000003 1.5e-323",
            // Grisu2 is not always shortest or closest: these differ from Java's Double.toString digits
            "4484d64651fe74c6 12300000000000001000000",
            "44b52d02c7e14af6 99999999999999990000000",
            "4449b4d546160576 948398000000000100000",
            "c27f6ba18eadc880 -2159195777756.5313",
            "42ded8c7dd4e8ba8 135665659755054.63",
            "419b778306320000 1.1520428954882813e+8",
            "430d2d017ebec6fe 1026532346157279.7",
    })
    void formatsLikeRedis(String bits, String expected) {
        double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
        assertEquals(expected, DoubleFormat.format(value));
    }

    @Test
    void everyOutputReadsBackAsTheSameDouble() {
        Random random = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            double value = Double.longBitsToDouble(random.nextLong());
            if (Double.isNaN(value)) continue;
            String text = DoubleFormat.format(value);
            assertEquals(value, Double.parseDouble(text), text);
        }
    }

    @Test
    void writesIntoAByteArray() {
        byte[] out = new byte[DoubleFormat.MAX_LENGTH + 3];
        int n = DoubleFormat.format(-1.2345678901234567e-300, out, 3);
        assertEquals("-1.2345678901234568e-300", new String(out, 3, n, java.nio.charset.StandardCharsets.US_ASCII));
    }
}
