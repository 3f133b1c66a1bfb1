package dev.cinnabar.protocol;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Formats doubles exactly as Redis 7.2 writes them in replies (its d2string): "nan", "inf", "-inf", "0", "-0";
 * integral values up to 2^62 as plain integers; everything else with the Grisu2 algorithm (Loitsch, "Printing
 * Floating-Point Numbers Quickly and Accurately with Integers", 2010) as Redis's bundled fpconv implements it.
 * Grisu2 gives digits that read back as the same double, almost always the shortest such digits; to be byte for
 * byte compatible this follows fpconv's variant step by step (its boundary computation, rounded 64-bit products
 * and digit weeding) rather than a shortest-digits algorithm such as Java's own {@code Double.toString}.
 * <p>
 * fpconv's layout: with K the decimal exponent of the last digit and E that of the first,
 * <ul>
 *   <li>an integer (K &ge; 0) is written in full when |E| &lt; digits + 7: {@code 123000};</li>
 *   <li>a fraction (K &lt; 0) is written plainly when K &gt; -7 or |E| &lt; 4: {@code 0.000123}, {@code 1.5};</li>
 *   <li>anything else in exponent notation with a sign and no leading zeros: {@code 1e+20}, {@code 1.5e-7}.</li>
 * </ul>
 */
public final class DoubleFormat {
    /** Longest output: sign, 17 digits, point, "e-308". */
    public static final int MAX_LENGTH = 32;

    private static final long FRACTION_MASK = 0x000FFFFFFFFFFFFFL;
    private static final long HIDDEN_BIT = 0x0010000000000000L;
    private static final int EXPONENT_BIAS = 1023 + 52;

    /** The cached powers of ten: 10^(FIRST_POWER + i * POWER_STEP) as a rounded 64-bit significand and exponent. */
    private static final int POWER_COUNT = 87;
    private static final int FIRST_POWER = -348;
    private static final int POWER_STEP = 8;
    private static final long[] POWER_SIGNIFICAND = new long[POWER_COUNT];
    private static final int[] POWER_EXPONENT = new int[POWER_COUNT];
    /** Range of the binary exponent of the scaled upper boundary, so that its integral part fits in 32 bits. */
    private static final int MIN_SCALED_EXPONENT = -60;
    private static final int MAX_SCALED_EXPONENT = -32;
    private static final double LOG10_2 = 0.30102999566398114;

    /** Powers of ten, 10^0 .. 10^19, as unsigned longs. */
    private static final long[] POW10 = new long[20];

    static {
        long p = 1;
        for (int i = 0; i < POW10.length; i++, p *= 10) POW10[i] = p;
        for (int i = 0; i < POWER_COUNT; i++) {
            int k = FIRST_POWER + i * POWER_STEP;
            BigInteger num = k >= 0 ? BigInteger.TEN.pow(k) : BigInteger.ONE;
            BigInteger den = k >= 0 ? BigInteger.ONE : BigInteger.TEN.pow(-k);
            // find e such that 2^63 <= 10^k / 2^e < 2^64, then round to nearest
            int e = num.bitLength() - den.bitLength() - 64;
            BigInteger[] qr;
            while (true) {
                BigInteger n = e < 0 ? num.shiftLeft(-e) : num;
                BigInteger d = e > 0 ? den.shiftLeft(e) : den;
                qr = n.divideAndRemainder(d);
                if (qr[0].bitLength() > 64) e++;
                else if (qr[0].bitLength() < 64) e--;
                else {
                    if (qr[1].shiftLeft(1).compareTo(d) >= 0) qr[0] = qr[0].add(BigInteger.ONE);
                    break;
                }
            }
            // a carry to 2^64 cannot happen: 10^k is never that close below a power of two in this range
            POWER_SIGNIFICAND[i] = qr[0].longValue();
            POWER_EXPONENT[i] = e;
        }
    }

    private DoubleFormat() {}

    public static String format(double value) {
        byte[] out = new byte[MAX_LENGTH];
        int n = format(value, out, 0);
        return new String(out, 0, n, StandardCharsets.US_ASCII);
    }

    /** Writes the formatted value into out at offset (at least {@link #MAX_LENGTH} bytes free); returns the length. */
    public static int format(double value, byte[] out, int offset) {
        if (Double.isNaN(value)) return ascii("nan", out, offset);
        if (Double.isInfinite(value)) return ascii(value > 0 ? "inf" : "-inf", out, offset);
        if (value == 0) return ascii(1 / value < 0 ? "-0" : "0", out, offset);
        if (value >= -0x1p62 && value <= 0x1p62 && (long) value == value) {
            return ascii(Long.toString((long) value), out, offset);
        }
        return grisu(value, out, offset);
    }

    /**
     * Redis's fpconv_dtoa alone, without d2string's integer shortcut (1e15 is "1e+15"): how Redis 7.2 turns Lua
     * numbers into command arguments.
     */
    public static int formatShortest(double value, byte[] out, int offset) {
        if (Double.isNaN(value)) return ascii("nan", out, offset);
        if (Double.isInfinite(value)) return ascii(value > 0 ? "inf" : "-inf", out, offset);
        if (value == 0) return ascii(1 / value < 0 ? "-0" : "0", out, offset);
        return grisu(value, out, offset);
    }

    private static int grisu(double value, byte[] out, int offset) {
        int pos = offset;
        boolean negative = value < 0;
        if (negative) out[pos++] = '-';
        byte[] digits = new byte[18];
        long packed = grisu2(Math.abs(value), digits);
        int count = (int) packed;
        int k = (int) (packed >> 32);
        pos += layout(digits, count, k, negative, out, pos);
        return pos - offset;
    }

    /**
     * Grisu2: writes the decimal digits of v (positive, finite) and returns (K << 32) | digitCount where the
     * value is approximately digits * 10^K.
     */
    private static long grisu2(double v, byte[] digits) {
        long bits = Double.doubleToRawLongBits(v);
        long f = bits & FRACTION_MASK;
        int biased = (int) (bits >>> 52);
        int e;
        if (biased != 0) {
            f += HIDDEN_BIT;
            e = biased - EXPONENT_BIAS;
        } else {
            e = 1 - EXPONENT_BIAS;
        }

        // The boundaries m+ and m- (halfway to the neighbouring doubles), normalized to a common exponent.
        long upper = (f << 1) + 1;
        int upperExp = e - 1;
        while ((upper & (HIDDEN_BIT << 1)) == 0) {
            upper <<= 1;
            upperExp--;
        }
        upper <<= 64 - 52 - 2;
        upperExp -= 64 - 52 - 2;
        int lowerShift = f == HIDDEN_BIT ? 2 : 1; // the gap below a power of two is half the gap above
        long lower = (f << lowerShift) - 1;
        int lowerExp = e - lowerShift;
        lower <<= lowerExp - upperExp;

        // v itself, normalized so that its top bit is set.
        long w = f;
        int wExp = e;
        while ((w & HIDDEN_BIT) == 0) {
            w <<= 1;
            wExp--;
        }
        w <<= 64 - 52 - 1;
        wExp -= 64 - 52 - 1;

        // Scale everything by a cached power of ten c = 10^-K so that the upper boundary's exponent is in range.
        int approx = (int) (-(upperExp + POWER_COUNT) * LOG10_2);
        int index = (approx - FIRST_POWER) / POWER_STEP;
        while (true) {
            int scaled = upperExp + POWER_EXPONENT[index] + 64;
            if (scaled < MIN_SCALED_EXPONENT) index++;
            else if (scaled > MAX_SCALED_EXPONENT) index--;
            else break;
        }
        long c = POWER_SIGNIFICAND[index];
        int decimalExponent = -(FIRST_POWER + index * POWER_STEP);
        w = multiplyRounded(w, c);
        upper = multiplyRounded(upper, c) - 1;
        lower = multiplyRounded(lower, c) + 1;
        int shift = -(upperExp + POWER_EXPONENT[index] + 64);

        return generateDigits(w, upper, lower, shift, decimalExponent, digits);
    }

    /** The high 64 bits of the unsigned 128-bit product, rounded half up. */
    private static long multiplyRounded(long a, long b) {
        return Math.unsignedMultiplyHigh(a, b) + ((a * b) >>> 63);
    }

    /**
     * Produces the digits of the upper boundary (a fixed-point number with {@code shift} fraction bits) until
     * what remains is within the boundaries' interval, then moves the last digit towards w.
     */
    private static long generateDigits(long w, long upper, long lower, int shift, int k, byte[] digits) {
        long distanceToW = upper - w;
        long delta = upper - lower;
        long one = 1L << shift;
        long integral = upper >>> shift;
        long fraction = upper & (one - 1);
        int count = 0;
        int kappa = 10;
        for (int p = 9; kappa > 0; p--) {
            long divisor = POW10[p];
            long digit = integral / divisor;
            if (digit != 0 || count != 0) digits[count++] = (byte) ('0' + digit);
            integral -= digit * divisor;
            kappa--;
            long rest = (integral << shift) + fraction;
            if (Long.compareUnsigned(rest, delta) <= 0) {
                weed(digits, count, delta, rest, divisor << shift, distanceToW);
                return ((long) (k + kappa) << 32) | count;
            }
        }
        for (int unit = 1; ; unit++) {
            fraction *= 10;
            delta *= 10;
            kappa--;
            long digit = fraction >>> shift;
            if (digit != 0 || count != 0) digits[count++] = (byte) ('0' + digit);
            fraction &= one - 1;
            if (Long.compareUnsigned(fraction, delta) < 0) {
                weed(digits, count, delta, fraction, one, distanceToW * POW10[unit]);
                return ((long) (k + kappa) << 32) | count;
            }
        }
    }

    /** Decrements the last digit while that brings the number closer to w and keeps it inside the interval. */
    private static void weed(byte[] digits, int count, long delta, long rest, long step, long distanceToW) {
        while (Long.compareUnsigned(rest, distanceToW) < 0
                && Long.compareUnsigned(delta - rest, step) >= 0
                && (Long.compareUnsigned(rest + step, distanceToW) < 0
                    || Long.compareUnsigned(distanceToW - rest, rest + step - distanceToW) > 0)) {
            digits[count - 1]--;
            rest += step;
        }
    }

    /** Writes digits * 10^k in fpconv's layout (see the class comment); returns the number of bytes written. */
    private static int layout(byte[] digits, int count, int k, boolean negative, byte[] out, int pos) {
        int start = pos;
        int exponent = Math.abs(k + count - 1);
        if (k >= 0 && exponent < count + 7) {
            System.arraycopy(digits, 0, out, pos, count);
            pos += count;
            for (int i = 0; i < k; i++) out[pos++] = '0';
            return pos - start;
        }
        if (k < 0 && (k > -7 || exponent < 4)) {
            int integralDigits = count + k;
            if (integralDigits <= 0) {
                out[pos++] = '0';
                out[pos++] = '.';
                for (int i = 0; i < -integralDigits; i++) out[pos++] = '0';
                System.arraycopy(digits, 0, out, pos, count);
                pos += count;
            } else {
                System.arraycopy(digits, 0, out, pos, integralDigits);
                pos += integralDigits;
                out[pos++] = '.';
                System.arraycopy(digits, integralDigits, out, pos, count - integralDigits);
                pos += count - integralDigits;
            }
            return pos - start;
        }
        int shown = Math.min(count, negative ? 17 : 18);
        out[pos++] = digits[0];
        if (shown > 1) {
            out[pos++] = '.';
            System.arraycopy(digits, 1, out, pos, shown - 1);
            pos += shown - 1;
        }
        out[pos++] = 'e';
        out[pos++] = (byte) (k + shown - 1 < 0 ? '-' : '+');
        if (exponent >= 100) out[pos++] = (byte) ('0' + exponent / 100);
        if (exponent >= 10) out[pos++] = (byte) ('0' + exponent / 10 % 10);
        out[pos++] = (byte) ('0' + exponent % 10);
        return pos - start;
    }

    private static int ascii(String s, byte[] out, int offset) {
        for (int i = 0; i < s.length(); i++) out[offset + i] = (byte) s.charAt(i);
        return s.length();
    }
}
