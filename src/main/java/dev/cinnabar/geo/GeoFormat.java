package dev.cinnabar.geo;

import dev.cinnabar.protocol.Reply;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/** Redis's number formats for geo replies and errors. */
final class GeoFormat {
    private GeoFormat() {}

    /** A distance with exactly four decimals, rounded half to even after scaling (fixedpoint_d2string). */
    static byte[] distance(double d) {
        if (d == 0) return "0.0000".getBytes(StandardCharsets.US_ASCII);
        long scaled = (long) Math.rint(d * 10000.0);
        boolean negative = scaled < 0;
        String digits = Long.toUnsignedString(negative ? -scaled : scaled);
        if (digits.length() < 5) digits = "0".repeat(5 - digits.length()) + digits;
        String text = (negative ? "-" : "") + digits.substring(0, digits.length() - 4) + "."
                + digits.substring(digits.length() - 4);
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** A coordinate as C's "%.17Lf" of its exact value, trailing zeros (and a bare point) removed, "-0" as "0". */
    static String human(double value) {
        String s = new BigDecimal(value).setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        if (s.indexOf('.') >= 0) {
            int end = s.length();
            while (s.charAt(end - 1) == '0') end--;
            if (s.charAt(end - 1) == '.') end--;
            s = s.substring(0, end);
        }
        return s.equals("-0") ? "0" : s;
    }

    /** A coordinate reply: a bulk string in RESP2, a double in RESP3, in the human format either way. */
    static void coordinate(Reply reply, double value) {
        byte[] text = human(value).getBytes(StandardCharsets.US_ASCII);
        if (reply.resp3()) {
            reply.raw(resp3Double(text));
        } else {
            reply.bulk(text);
        }
    }

    private static byte[] resp3Double(byte[] text) {
        byte[] out = new byte[text.length + 3];
        out[0] = ',';
        System.arraycopy(text, 0, out, 1, text.length);
        out[text.length + 1] = '\r';
        out[text.length + 2] = '\n';
        return out;
    }

    /** C's "%f": six decimals of the exact value, half to even; inf and nan spelled as glibc does. */
    static String printfF(double value) {
        if (Double.isNaN(value)) return (Double.doubleToRawLongBits(value) < 0 ? "-" : "") + "nan";
        if (Double.isInfinite(value)) return value > 0 ? "inf" : "-inf";
        String s = new BigDecimal(value).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
        if (value < 0 || (value == 0 && 1 / value < 0)) {
            if (!s.startsWith("-")) s = "-" + s;
        }
        return s;
    }
}
