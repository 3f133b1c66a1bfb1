package dev.cinnabar.strings;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * The arithmetic of Redis's INCRBYFLOAT, which works in C's {@code long double}: on x86-64 the x87 80-bit extended
 * format, with a 64-bit significand, exponents down to 2^-16445 (subnormals) and values below 2^16384. Parsing
 * (strtold), addition and printing ("%.17Lf") are all correctly rounded to nearest-even there, so emulating them
 * exactly only needs exact arithmetic plus one rounding step: a value is kept as sign * significand * 2^exponent
 * with a significand of at most 64 bits, and every operation computes the exact result and rounds it to that grid.
 * Public for HINCRBYFLOAT, which shares this arithmetic.
 */
public final class LongDouble {
    private static final int PRECISION = 64;
    /** The value of the last bit of the smallest subnormal: 2^-16445. */
    private static final int MIN_EXPONENT = -16445;
    /** Finite values are below 2^16384. */
    private static final int MAX_BINARY_DIGITS = 16384;
    /** Redis's MAX_LONG_DOUBLE_CHARS: longer input is not a number, and no output is longer. */
    private static final int MAX_CHARS = 5 * 1024;
    /** Decimal places of Redis's "%.17Lf" output. */
    private static final int FRACTION_DIGITS = 17;
    /** Exponents beyond this cannot matter for 5 KB of digits; larger ones are clamped while parsing. */
    private static final int EXPONENT_CLAMP = 1_000_000;

    public static final LongDouble ZERO = new LongDouble(false, BigInteger.ZERO, 0);
    /** An infinite or NaN result: Redis refuses to store either. */
    private static final LongDouble NOT_FINITE = new LongDouble(false, null, 0);

    private final boolean negative;
    private final BigInteger significand; // null when not finite
    private final int exponent;

    private LongDouble(boolean negative, BigInteger significand, int exponent) {
        this.negative = negative;
        this.significand = significand;
        this.exponent = exponent;
    }

    public boolean isFinite() {
        return significand != null;
    }

    /** The exact sum, rounded once; not finite when either operand is not. */
    public LongDouble add(LongDouble other) {
        if (!isFinite() || !other.isFinite()) return NOT_FINITE;
        if (significand.signum() == 0) return other;
        if (other.significand.signum() == 0) return this;
        int common = Math.min(exponent, other.exponent);
        BigInteger a = significand.shiftLeft(exponent - common);
        BigInteger b = other.significand.shiftLeft(other.exponent - common);
        BigInteger sum = (negative ? a.negate() : a).add(other.negative ? b.negate() : b);
        if (sum.signum() == 0) return ZERO;
        return round(sum.signum() < 0, sum.abs(), BigInteger.ONE, common);
    }

    /**
     * Rounds num / den * 2^binaryExponent (num, den positive) to the nearest long double, ties to even. Returns
     * null when the result underflows to zero and {@link #NOT_FINITE} when it overflows.
     */
    private static LongDouble round(boolean negative, BigInteger num, BigInteger den, int binaryExponent) {
        // floor(log2(num / den))
        int log2 = num.bitLength() - den.bitLength();
        boolean below = log2 >= 0 ? num.compareTo(den.shiftLeft(log2)) < 0 : num.shiftLeft(-log2).compareTo(den) < 0;
        if (below) log2--;
        long top = (long) log2 + binaryExponent;
        if (top >= MAX_BINARY_DIGITS) return NOT_FINITE;
        int exponent = (int) Math.max(top - (PRECISION - 1), MIN_EXPONENT);
        long shift = (long) binaryExponent - exponent;
        BigInteger scaledNum = shift >= 0 ? num.shiftLeft((int) shift) : num;
        BigInteger scaledDen = shift < 0 ? den.shiftLeft((int) -shift) : den;
        BigInteger[] qr = scaledNum.divideAndRemainder(scaledDen);
        BigInteger q = qr[0];
        int half = qr[1].shiftLeft(1).compareTo(scaledDen);
        if (half > 0 || (half == 0 && q.testBit(0))) q = q.add(BigInteger.ONE);
        if (q.signum() == 0) return null;
        if (q.bitLength() > PRECISION) { // rounded up to 2^64
            q = q.shiftRight(1);
            exponent++;
        }
        if ((long) q.bitLength() + exponent > MAX_BINARY_DIGITS) return NOT_FINITE;
        return new LongDouble(negative, q, exponent);
    }

    /**
     * Parses a string as Redis's string2ld does: strtold in the C locale (decimal or hexadecimal notation,
     * "inf"/"infinity"), the whole string and nothing else, no leading space, at most 5 KB, and neither NaN nor
     * a value that overflows or underflows to zero. Returns null when the string is not such a number.
     */
    public static LongDouble parse(byte[] s, int length) {
        if (length == 0 || length >= MAX_CHARS || isSpace(s[0])) return null;
        int i = 0;
        boolean negative = false;
        if (s[0] == '+' || s[0] == '-') {
            negative = s[0] == '-';
            i = 1;
        }
        if (matchesWord(s, i, length, "infinity") || matchesWord(s, i, length, "inf")) {
            return NOT_FINITE; // a valid number, which no sum can make finite again
        }
        boolean hex = i + 2 < length && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')
                && startsHexMantissa(s, i + 2, length);
        LongDouble value = hex ? parseHex(s, i + 2, length, negative) : parseDecimal(s, i, length, negative);
        return value == null || !value.isFinite() ? null : value; // strtold's ERANGE: overflow or underflow to 0
    }

    /** Decimal digits with an optional point and exponent; null when malformed or out of range. */
    private static LongDouble parseDecimal(byte[] s, int i, int length, boolean negative) {
        StringBuilder digits = new StringBuilder();
        int fractionDigits = 0;
        int digitCount = 0;
        boolean point = false;
        for (; i < length; i++) {
            byte c = s[i];
            if (c >= '0' && c <= '9') {
                digitCount++;
                if (point) fractionDigits++;
                if (digits.length() > 0 || c != '0') digits.append((char) c); // leading zeros carry no value
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (digitCount == 0) return null;
        long exponent = 0;
        if (i < length && (s[i] == 'e' || s[i] == 'E')) {
            int end = parseExponent(s, i + 1, length);
            if (end < 0) return null;
            exponent = exponentValue(s, i + 1, end);
            i = end;
        }
        if (i != length) return null;
        if (digits.length() == 0) return negative ? new LongDouble(true, BigInteger.ZERO, 0) : ZERO;
        long scale = exponent - fractionDigits;
        long magnitude = scale + digits.length(); // the value is below 10^magnitude and at least 10^(magnitude-1)
        if (magnitude > 4940) return null;        // far above the largest long double (about 1.19e4932)
        if (magnitude < -4960) return null;       // far below half the smallest subnormal (about 3.6e-4951)
        BigInteger mantissa = new BigInteger(digits.toString());
        BigInteger num = scale >= 0 ? mantissa.multiply(BigInteger.TEN.pow((int) scale)) : mantissa;
        BigInteger den = scale < 0 ? BigInteger.TEN.pow((int) -scale) : BigInteger.ONE;
        return round(negative, num, den, 0);
    }

    /** Hexadecimal digits with an optional point, then an optional binary exponent "p[+-]digits". */
    private static LongDouble parseHex(byte[] s, int i, int length, boolean negative) {
        BigInteger mantissa = BigInteger.ZERO;
        long binaryExponent = 0;
        boolean point = false;
        for (; i < length; i++) {
            int d = Character.digit(s[i], 16);
            if (d >= 0) {
                mantissa = mantissa.shiftLeft(4).or(BigInteger.valueOf(d));
                if (point) binaryExponent -= 4;
            } else if (s[i] == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (i < length && (s[i] == 'p' || s[i] == 'P')) {
            int end = parseExponent(s, i + 1, length);
            if (end < 0) return null;
            binaryExponent += exponentValue(s, i + 1, end);
            i = end;
        }
        if (i != length) return null;
        if (mantissa.signum() == 0) return negative ? new LongDouble(true, BigInteger.ZERO, 0) : ZERO;
        long top = binaryExponent + mantissa.bitLength();
        if (top > MAX_BINARY_DIGITS + 1 || top < MIN_EXPONENT - 2) return null;
        return round(negative, mantissa, BigInteger.ONE, (int) binaryExponent);
    }

    private static boolean startsHexMantissa(byte[] s, int i, int length) {
        if (i < length && Character.digit(s[i], 16) >= 0) return true;
        return i + 1 < length && s[i] == '.' && Character.digit(s[i + 1], 16) >= 0;
    }

    /** The end of a well-formed exponent "[+-]digits" starting at i, or -1 (strtold would then stop before it). */
    private static int parseExponent(byte[] s, int i, int length) {
        if (i < length && (s[i] == '+' || s[i] == '-')) i++;
        int start = i;
        while (i < length && s[i] >= '0' && s[i] <= '9') i++;
        return i > start ? i : -1;
    }

    private static long exponentValue(byte[] s, int start, int end) {
        boolean negative = s[start] == '-';
        if (s[start] == '+' || s[start] == '-') start++;
        long value = 0;
        for (int i = start; i < end; i++) value = Math.min(EXPONENT_CLAMP, value * 10 + (s[i] - '0'));
        return negative ? -value : value;
    }

    private static boolean matchesWord(byte[] s, int i, int length, String word) {
        if (length - i != word.length()) return false;
        for (int j = 0; j < word.length(); j++) {
            if ((s[i + j] | 0x20) != word.charAt(j)) return false;
        }
        return true;
    }

    /** C's isspace in the C locale. */
    private static boolean isSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    /**
     * Redis's human-friendly form (ld2string): "%.17Lf", then trailing zeros and a trailing point removed, and
     * "-0" written as "0".
     */
    public byte[] toHumanString() {
        if (significand.signum() == 0 || significand.bitLength() + exponent < -58) { // below 2^-58 prints as 0
            return new byte[] {'0'};
        }
        BigInteger signed = negative ? significand.negate() : significand;
        String text;
        if (exponent >= 0) {
            text = signed.shiftLeft(exponent).toString();
        } else {
            BigDecimal exact = new BigDecimal(signed.multiply(BigInteger.valueOf(5).pow(-exponent)), -exponent);
            BigDecimal rounded = exact.setScale(FRACTION_DIGITS, RoundingMode.HALF_EVEN);
            text = rounded.signum() == 0 ? "0" : rounded.stripTrailingZeros().toPlainString();
        }
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return isFinite() ? new String(toHumanString(), StandardCharsets.US_ASCII) : "not finite";
    }
}
