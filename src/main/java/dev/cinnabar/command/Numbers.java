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
     * Parses a double the way Redis's string2d/strtod accepts it: decimal or exponent notation, "inf"/"infinity"
     * with an optional sign, no surrounding spaces, never NaN. Throws {@code notAFloat} otherwise.
     */
    public static double parseDouble(byte[] s, RedisError notAFloat) {
        int n = s.length;
        if (n == 0 || n > 5000) throw notAFloat;
        if (isSpace(s[0]) || isSpace(s[n - 1])) throw notAFloat;
        String text = new String(s, StandardCharsets.ISO_8859_1);
        String body = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
        if (body.equalsIgnoreCase("inf") || body.equalsIgnoreCase("infinity")) {
            return text.charAt(0) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+'
                    || c == 'x' || c == 'X' || c == 'p' || c == 'P' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) throw notAFloat;
        }
        try {
            double d = Double.parseDouble(text);
            if (Double.isNaN(d)) throw notAFloat;
            return d;
        } catch (NumberFormatException e) {
            throw notAFloat;
        }
    }

    public static double parseDouble(byte[] s) {
        return parseDouble(s, RedisError.NOT_FLOAT);
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
