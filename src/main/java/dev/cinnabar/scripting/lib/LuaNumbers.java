package dev.cinnabar.scripting.lib;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Number conversions as the C code behind Redis's Lua libraries performs them: printf's %.Ng, strtod, Lua 5.1's
 * string-to-number coercion, and the x86-64 results of casting out-of-range doubles to integers (which the
 * libraries rely on, knowingly or not).
 */
public final class LuaNumbers {
    /** The NaN an x86 FPU produces for 0/0 (sign bit set), which is what scripts usually hold. */
    public static final double DEFAULT_NAN = Double.longBitsToDouble(0xFFF8000000000000L);
    private static final double POSITIVE_NAN = Double.longBitsToDouble(0x7FF8000000000000L);
    private static final double TWO_63 = 9223372036854775808.0;

    private LuaNumbers() {
    }

    /** Lua's tostring for numbers (LUA_NUMBER_FMT "%.14g"). */
    public static String toLuaString(double d) {
        return formatG(d, 14);
    }

    /** C's printf("%.{precision}g", d) with glibc's output for infinities and NaN. */
    public static String formatG(double d, int precision) {
        boolean negative = (Double.doubleToRawLongBits(d) & Long.MIN_VALUE) != 0;
        if (Double.isNaN(d)) return negative ? "-nan" : "nan";
        if (Double.isInfinite(d)) return negative ? "-inf" : "inf";
        if (d == 0) return negative ? "-0" : "0";
        int p = Math.max(precision, 1);
        // the exact binary value rounded to p significant digits, ties to even as glibc does
        BigDecimal rounded = new BigDecimal(Math.abs(d)).round(new MathContext(p, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        StringBuilder out = new StringBuilder(32);
        if (negative) out.append('-');
        if (exponent >= -4 && exponent < p) {
            out.append(stripZeros(rounded.setScale(Math.max(p - 1 - exponent, 0), RoundingMode.UNNECESSARY)
                    .toPlainString()));
        } else {
            String digits = rounded.unscaledValue().toString();
            StringBuilder mantissa = new StringBuilder().append(digits.charAt(0));
            if (digits.length() > 1) mantissa.append('.').append(digits, 1, digits.length());
            out.append(stripZeros(mantissa.toString())).append('e').append(exponent < 0 ? '-' : '+');
            int abs = Math.abs(exponent);
            if (abs < 10) out.append('0');
            out.append(abs);
        }
        return out.toString();
    }

    private static String stripZeros(String s) {
        if (s.indexOf('.') < 0) return s;
        int end = s.length();
        while (s.charAt(end - 1) == '0') end--;
        if (s.charAt(end - 1) == '.') end--;
        return s.substring(0, end);
    }

    /** The result of {@link #strtod}: the value and the index just after the number (== start: no number). */
    public record Parsed(double value, int end) {
    }

    /**
     * glibc's strtod on {@code s} from {@code start}: leading white space, a sign, then a decimal or hexadecimal
     * number, "inf", "infinity" or "nan(...)" in any case. A NUL byte or the end of the array ends the input.
     */
    public static Parsed strtod(byte[] s, int start) {
        int i = start;
        while (isSpace(at(s, i))) i++;
        boolean negative = false;
        if (at(s, i) == '+' || at(s, i) == '-') {
            negative = at(s, i) == '-';
            i++;
        }
        if (matchesIgnoreCase(s, i, "inf")) {
            i += matchesIgnoreCase(s, i, "infinity") ? 8 : 3;
            return new Parsed(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, i);
        }
        if (matchesIgnoreCase(s, i, "nan")) {
            i += 3;
            if (at(s, i) == '(') {
                int j = i + 1;
                while (isAsciiAlphanumeric(at(s, j)) || at(s, j) == '_') j++;
                if (at(s, j) == ')') i = j + 1;
            }
            return new Parsed(negative ? DEFAULT_NAN : POSITIVE_NAN, i);
        }
        if (at(s, i) == '0' && (at(s, i + 1) | 0x20) == 'x') {
            Parsed hex = hexadecimal(s, i + 2, negative);
            if (hex != null) return hex;
        }
        int digitsStart = i;
        int digits = 0;
        while (isDigit(at(s, i))) {
            i++;
            digits++;
        }
        if (at(s, i) == '.') {
            i++;
            while (isDigit(at(s, i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) return new Parsed(0, start);
        i = skipExponent(s, i, 'e');
        String text = new String(s, digitsStart, i - digitsStart, StandardCharsets.ISO_8859_1);
        double value = Double.parseDouble(text);
        return new Parsed(negative ? -value : value, i);
    }

    /** Hexadecimal digits after "0x", with an optional fraction and binary exponent; null if there are none. */
    private static Parsed hexadecimal(byte[] s, int i, boolean negative) {
        int mantissaStart = i;
        int digits = 0;
        while (hexValue(at(s, i)) >= 0) {
            i++;
            digits++;
        }
        if (at(s, i) == '.') {
            i++;
            while (hexValue(at(s, i)) >= 0) {
                i++;
                digits++;
            }
        }
        if (digits == 0) return null;
        String mantissa = new String(s, mantissaStart, i - mantissaStart, StandardCharsets.ISO_8859_1);
        int exponentEnd = skipExponent(s, i, 'p');
        String exponent = exponentEnd > i ? new String(s, i + 1, exponentEnd - i - 1, StandardCharsets.ISO_8859_1)
                : "0";
        double value = Double.parseDouble("0x" + mantissa + "p" + exponent);
        return new Parsed(negative ? -value : value, exponentEnd);
    }

    /** The end of an exponent part ("e-12", "p+3") starting at i, or i when there is no complete one. */
    private static int skipExponent(byte[] s, int i, char marker) {
        if ((at(s, i) | 0x20) != marker) return i;
        int j = i + 1;
        if (at(s, j) == '+' || at(s, j) == '-') j++;
        if (!isDigit(at(s, j))) return i;
        while (isDigit(at(s, j))) j++;
        return j;
    }

    /**
     * Lua 5.1's coercion of a string to a number (luaO_str2d): strtod on the whole string, surrounding white
     * space allowed. Returns null when the string is not a number.
     */
    public static Double parseLuaNumber(byte[] s) {
        Parsed parsed = strtod(s, 0);
        if (parsed.end() == 0) return null;
        int i = parsed.end();
        while (isSpace(at(s, i))) i++;
        return at(s, i) == 0 ? parsed.value() : null;
    }

    /** The x86-64 conversion of a double to a 64-bit integer: out of range and NaN give Long.MIN_VALUE. */
    public static long toInt64(double d) {
        if (d >= -TWO_63 && d < TWO_63) return (long) d;
        return Long.MIN_VALUE;
    }

    /** The x86-64 conversion of a double to a 32-bit int: out of range and NaN give Integer.MIN_VALUE. */
    public static int toInt32(double d) {
        if (d > -2147483649.0 && d < 2147483648.0) return (int) d;
        return Integer.MIN_VALUE;
    }

    /** gcc's conversion of a double to an unsigned 64-bit integer on x86-64 (values from 2^64 on give 0). */
    public static long toUint64(double d) {
        if (d >= TWO_63) return toInt64(d - TWO_63) ^ Long.MIN_VALUE;
        return toInt64(d);
    }

    private static int at(byte[] s, int i) {
        return i < s.length ? s[i] & 0xFF : 0;
    }

    /** The value of an ASCII hex digit, or -1. */
    static int hexValue(int c) {
        if (c >= '0' && c <= '9') return c - '0';
        int lower = c | 0x20;
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }

    static boolean isAsciiAlphanumeric(int c) {
        int lower = c | 0x20;
        return isDigit(c) || (lower >= 'a' && lower <= 'z');
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSpace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static boolean matchesIgnoreCase(byte[] s, int i, String word) {
        for (int k = 0; k < word.length(); k++) {
            if ((at(s, i + k) | 0x20) != word.charAt(k)) return false;
        }
        return true;
    }
}
