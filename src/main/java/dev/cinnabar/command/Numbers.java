package dev.cinnabar.command;

import java.nio.charset.StandardCharsets;

/** Redis's strict number parsing: no spaces, no '+', no leading zeros for integers, and its double syntax. */
public final class Numbers {
    private Numbers() {}

    /** Parses a 64-bit integer as Redis's string2ll does, or throws {@code notANumber}. */
    public static long parseLong(byte[] s, RedisError notANumber) {
        return parseLong(s, 0, s.length, notANumber);
    }

    /** {@link #parseLong(byte[], RedisError)} over {@code length} bytes of s starting at {@code from}. */
    public static long parseLong(byte[] s, int from, int length, RedisError notANumber) {
        int n = from + length;
        if (length == 0 || length > 20) throw notANumber;
        if (length == 1 && s[from] == '0') return 0;
        int i = from;
        boolean negative = false;
        if (s[from] == '-') {
            negative = true;
            i = from + 1;
            if (length == 1) throw notANumber;
        }
        if (s[i] < '1' || s[i] > '9') throw notANumber;
        long v = 0;
        for (; i < n; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) throw notANumber;
            // accumulate as a negative number so that Long.MIN_VALUE fits
            if (v < (Long.MIN_VALUE + d) / 10) throw notANumber;
            v = v * 10 - d;
        }
        if (!negative) {
            if (v == Long.MIN_VALUE) throw notANumber;
            return -v;
        }
        return v;
    }

    public static long parseLong(byte[] s) {
        return parseLong(s, RedisError.NOT_INTEGER);
    }

    /** True when s is exactly the canonical decimal form of a long (what Redis stores with the "int" encoding). */
    public static boolean isCanonicalLong(byte[] s) {
        if (s.length == 0 || s.length > 20) return false;
        try {
            parseLong(s, RedisError.NOT_INTEGER);
            return true;
        } catch (RedisError e) {
            return false;
        }
    }

    /**
     * Parses a double as Redis's string2d does (ZADD scores, WEIGHTS, CONFIG values): C's strtod must consume the
     * whole string, which may not start with white space; NaN, and a result that overflows to infinity or
     * underflows to zero, are refused with {@code notAFloat}.
     */
    public static double parseDouble(byte[] s, RedisError notAFloat) {
        int n = s.length;
        if (n == 0 || isSpace(s[0]) || strtodLength(s, 0, n) != n) throw notAFloat;
        double d = strtodValue(s, 0, n);
        if (Double.isNaN(d) || strtodOutOfRange(s, 0, n, d)) throw notAFloat;
        return d;
    }

    public static double parseDouble(byte[] s) {
        return parseDouble(s, RedisError.NOT_FLOAT);
    }

    /**
     * How many bytes of s[from, to) C's strtod consumes: leading white space, a sign, then decimal digits with an
     * optional point and exponent, hexadecimal digits after "0x" with an optional point and binary exponent,
     * "inf", "infinity" or "nan" (optionally "nan(chars)"), case-insensitively. 0 when no number starts there
     * (strtod then consumes nothing at all).
     */
    public static int strtodLength(byte[] s, int from, int to) {
        int i = from;
        while (i < to && isSpace(s[i])) i++;
        if (i < to && (s[i] == '+' || s[i] == '-')) i++;
        if (i >= to) return 0;
        int c = s[i] | 0x20;
        if (c == 'i') {
            if (matchesIgnoreCase(s, i, to, "infinity")) return i + 8 - from;
            return matchesIgnoreCase(s, i, to, "inf") ? i + 3 - from : 0;
        }
        if (c == 'n') {
            if (!matchesIgnoreCase(s, i, to, "nan")) return 0;
            int j = i + 3;
            if (j < to && s[j] == '(') {
                int k = j + 1;
                while (k < to && (isAlphanumeric(s[k]) || s[k] == '_')) k++;
                if (k < to && s[k] == ')') return k + 1 - from;
            }
            return j - from;
        }
        if (s[i] == '0' && i + 1 < to && (s[i + 1] | 0x20) == 'x') {
            int j = i + 2, digits = 0;
            while (j < to && isHexDigit(s[j])) { j++; digits++; }
            if (j < to && s[j] == '.') {
                j++;
                while (j < to && isHexDigit(s[j])) { j++; digits++; }
            }
            if (digits > 0) return exponentEnd(s, j, to, 'p') - from;
            // "0x" without digits: strtod reads the "0" alone
        }
        int j = i, digits = 0;
        while (j < to && isDigit(s[j])) { j++; digits++; }
        if (j < to && s[j] == '.') {
            j++;
            while (j < to && isDigit(s[j])) { j++; digits++; }
        }
        if (digits == 0) return 0;
        return exponentEnd(s, j, to, 'e') - from;
    }

    /** The end of an optional exponent ("e-5", "p+3") at j: consumed only when at least one digit follows. */
    private static int exponentEnd(byte[] s, int j, int to, char marker) {
        if (j >= to || (s[j] | 0x20) != marker) return j;
        int k = j + 1;
        if (k < to && (s[k] == '+' || s[k] == '-')) k++;
        if (k >= to || !isDigit(s[k])) return j;
        while (k < to && isDigit(s[k])) k++;
        return k;
    }

    /**
     * The value of a number that {@link #strtodLength} measured at s[from, from + length), correctly rounded as
     * strtod rounds it: infinite when it overflows, zero when it underflows.
     */
    public static double strtodValue(byte[] s, int from, int length) {
        int i = from, end = from + length;
        while (i < end && isSpace(s[i])) i++;
        boolean negative = s[i] == '-';
        if (s[i] == '+' || s[i] == '-') i++;
        int c = s[i] | 0x20;
        if (c == 'i') return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        if (c == 'n') return Double.NaN;
        if (end - i <= 15) {                                   // short integers, the common case: exact
            long v = 0;
            int j = i;
            while (j < end && isDigit(s[j])) v = v * 10 + (s[j++] - '0');
            if (j == end) return negative ? -(double) v : (double) v;
        }
        String text = new String(s, i, end - i, StandardCharsets.ISO_8859_1);
        boolean hex = text.length() > 1 && (text.charAt(1) | 0x20) == 'x';
        text = hex ? javaHexLiteral(text) : clampExponent(text, 'e');
        double d = Double.parseDouble(text);
        return negative ? -d : d;
    }

    /** strtod's hexadecimal form as Java writes it: the binary exponent is mandatory there. */
    private static String javaHexLiteral(String text) {
        int p = text.toLowerCase(java.util.Locale.ROOT).indexOf('p');
        return p < 0 ? text + "p0" : clampExponent(text, 'p');
    }

    /** Exponents with more digits than an int holds give the same infinity or zero as a nine-digit one. */
    private static String clampExponent(String text, char marker) {
        int e = text.toLowerCase(java.util.Locale.ROOT).indexOf(marker);
        if (e < 0) return text;
        int digits = e + 1;
        if (digits < text.length() && (text.charAt(digits) == '+' || text.charAt(digits) == '-')) digits++;
        int first = digits;
        while (first < text.length() - 1 && text.charAt(first) == '0') first++;
        if (text.length() - first <= 9) return text;
        return text.substring(0, digits) + "999999999";
    }

    /**
     * True when strtod would report ERANGE with a result of zero or infinity for this number (a finite number
     * that overflows, or a non-zero one that underflows to zero): what Redis's string2d refuses.
     */
    public static boolean strtodOutOfRange(byte[] s, int from, int length, double value) {
        int i = from, end = from + length;
        while (i < end && (isSpace(s[i]) || s[i] == '+' || s[i] == '-')) i++;
        int c = s[i] | 0x20;
        if (c == 'i' || c == 'n') return false;
        if (Double.isInfinite(value)) return true;
        if (value != 0) return false;
        boolean hex = end - i > 1 && (s[i + 1] | 0x20) == 'x';
        int j = hex ? i + 2 : i;
        for (; j < end; j++) {
            int b = s[j] | 0x20;
            if (b == (hex ? 'p' : 'e')) break;
            if (b != '0' && b != '.') return true;                 // a non-zero digit became zero
        }
        return false;
    }

    private static boolean matchesIgnoreCase(byte[] s, int i, int to, String lower) {
        if (to - i < lower.length()) return false;
        for (int k = 0; k < lower.length(); k++) {
            if ((s[i + k] | 0x20) != lower.charAt(k)) return false;
        }
        return true;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isHexDigit(byte b) {
        int c = b | 0x20;
        return isDigit(b) || (c >= 'a' && c <= 'f');
    }

    private static boolean isAlphanumeric(byte b) {
        int c = b | 0x20;
        return isDigit(b) || (c >= 'a' && c <= 'z');
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
    }

    /** The decimal ASCII bytes of a long. */
    public static byte[] toBytes(long value) {
        byte[] out = new byte[decimalLength(value)];
        formatLong(value, out, 0);
        return out;
    }

    /** How many characters the decimal form of a long takes, sign included (Redis's sdigits10). */
    public static int decimalLength(long value) {
        if (value == Long.MIN_VALUE) return 20;
        long v = Math.abs(value);
        int digits = 1;
        for (long rest = v / 10; rest > 0; rest /= 10) digits++;
        return value < 0 ? digits + 1 : digits;
    }

    /** Writes the decimal form of a long into out at offset (up to 20 bytes) and returns its length. */
    public static int formatLong(long value, byte[] out, int offset) {
        int length = decimalLength(value);
        if (value == Long.MIN_VALUE) {
            byte[] min = "-9223372036854775808".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(min, 0, out, offset, length);
            return length;
        }
        long v = Math.abs(value);
        int end = offset + length;
        for (int i = end - 1; v > 0 || i == end - 1; i--, v /= 10) out[i] = (byte) ('0' + v % 10);
        if (value < 0) out[offset] = '-';
        return length;
    }
}
