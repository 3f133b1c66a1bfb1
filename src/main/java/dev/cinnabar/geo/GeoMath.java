package dev.cinnabar.geo;

/**
 * Sine, cosine and arcsine rounded correctly to the nearest double, computed in double-double arithmetic (about
 * 106 bits). Redis takes these from the C library, whose results are the correctly rounded ones in all but rare
 * cases, while Java's Math and StrictMath versions are off by one unit in the last place much more often: with
 * them a distance stored by GEOSEARCHSTORE STOREDIST would often differ from Redis's in its last digit. Only the
 * arguments the geo distance formulas use get this treatment: |x| <= 7 for sin and cos, 0 <= x <= 1 for asin.
 */
final class GeoMath {
    // pi/2 as the sum of three doubles
    private static final double PIO2_1 = 1.5707963267948966;
    private static final double PIO2_2 = 6.123233995736766e-17;
    private static final double PIO2_3 = -1.4973849048591698e-33;

    private GeoMath() {}

    /** A double-double value hi + lo with |lo| <= ulp(hi) / 2. */
    private record DD(double hi, double lo) {}

    private static DD quickTwoSum(double a, double b) {
        double s = a + b;
        return new DD(s, b - (s - a));
    }

    private static DD twoSum(double a, double b) {
        double s = a + b;
        double bb = s - a;
        return new DD(s, (a - (s - bb)) + (b - bb));
    }

    private static DD add(DD a, DD b) {
        DD s = twoSum(a.hi, b.hi);
        DD t = twoSum(a.lo, b.lo);
        DD u = quickTwoSum(s.hi, s.lo + t.hi);
        return quickTwoSum(u.hi, u.lo + t.lo);
    }

    private static DD mul(DD a, DD b) {
        double p = a.hi * b.hi;
        double e = Math.fma(a.hi, b.hi, -p);
        return quickTwoSum(p, e + (a.hi * b.lo + a.lo * b.hi));
    }

    private static DD div(DD a, double d) {
        double q1 = a.hi / d;
        double p = q1 * d;
        double pe = Math.fma(q1, d, -p);
        double q2 = (((a.hi - p) - pe) + a.lo) / d;
        return quickTwoSum(q1, q2);
    }

    /** sin(r) for |r| <= pi/4, by its Taylor series. */
    private static DD sinSeries(DD r) {
        DD r2 = mul(r, r);
        DD term = r;
        DD sum = r;
        for (int n = 1; n < 30; n++) {
            term = div(mul(term, r2), -(2.0 * n) * (2.0 * n + 1));
            if (Math.abs(term.hi) < 1e-40) break;
            sum = add(sum, term);
        }
        return sum;
    }

    /** cos(r) for |r| <= pi/4, by its Taylor series. */
    private static DD cosSeries(DD r) {
        DD r2 = mul(r, r);
        DD term = new DD(1, 0);
        DD sum = term;
        for (int n = 1; n < 30; n++) {
            term = div(mul(term, r2), -(2.0 * n - 1) * (2.0 * n));
            if (Math.abs(term.hi) < 1e-40) break;
            sum = add(sum, term);
        }
        return sum;
    }

    /** sin(x) (or cos(x) when cosine) in double-double, x reduced by multiples of pi/2. */
    private static DD sinCos(double x, boolean cosine) {
        long k = Math.round(x / PIO2_1);
        DD r = twoSum(x, -k * PIO2_1);             // k is small, so k * PIO2_1 is exact
        r = add(r, new DD(-k * PIO2_2, 0));
        r = add(r, new DD(-k * PIO2_3, 0));
        int quadrant = (int) ((k + (cosine ? 1 : 0)) & 3);
        return switch (quadrant) {
            case 0 -> sinSeries(r);
            case 1 -> cosSeries(r);
            case 2 -> negate(sinSeries(r));
            default -> negate(cosSeries(r));
        };
    }

    private static DD negate(DD a) {
        return new DD(-a.hi, -a.lo);
    }

    // sin and cos of k/64 for |k| <= TABLE_HALF, computed once: an argument is split into the nearest k/64 and a
    // remainder below 1/128, whose short series and the table give the result with a few double-double operations.
    private static final int TABLE_HALF = 64 * 7;
    private static final double[] SIN_HI = new double[2 * TABLE_HALF + 1], SIN_LO = new double[2 * TABLE_HALF + 1];
    private static final double[] COS_HI = new double[2 * TABLE_HALF + 1], COS_LO = new double[2 * TABLE_HALF + 1];

    static {
        for (int k = -TABLE_HALF; k <= TABLE_HALF; k++) {
            DD s = sinCos(k / 64.0, false);
            DD c = sinCos(k / 64.0, true);
            SIN_HI[k + TABLE_HALF] = s.hi;
            SIN_LO[k + TABLE_HALF] = s.lo;
            COS_HI[k + TABLE_HALF] = c.hi;
            COS_LO[k + TABLE_HALF] = c.lo;
        }
    }

    /**
     * sin(x) or cos(x) through the table: with a = k/64 the nearest grid point and b = x - a (|b| <= 1/128),
     * f(a + b) = f(a) + f'(a) b + f(a) (cos b - 1) + f'(a) (sin b - b). The last two terms are small, so plain
     * doubles carry them; the result is good to about 70 bits, which decides the rounding in all but
     * vanishingly rare cases. Results that are tiny compared with f(a) take the slower full double-double path.
     */
    private static DD fast(double x, boolean cosine) {
        double k = Math.rint(x * 64);
        if (Math.abs(k) > TABLE_HALF) return sinCos(x, cosine);
        double b = x - k / 64; // exact: x and k/64 are close
        int i = (int) k + TABLE_HALF;
        double b2 = b * b;
        double sinMinusB = b * b2 * (-1 / 6.0 + b2 * (1 / 120.0 + b2 * (-1 / 5040.0 + b2 * (1 / 362880.0))));
        double cosMinus1 = b2 * (-0.5 + b2 * (1 / 24.0 + b2 * (-1 / 720.0 + b2 * (1 / 40320.0))));
        double fh = cosine ? COS_HI[i] : SIN_HI[i], fl = cosine ? COS_LO[i] : SIN_LO[i];
        double gh = cosine ? -SIN_HI[i] : COS_HI[i], gl = cosine ? -SIN_LO[i] : COS_LO[i];
        double p = gh * b;
        double pe = Math.fma(gh, b, -p);
        DD s = twoSum(fh, p);
        DD result = quickTwoSum(s.hi, s.lo + (fl + pe + gl * b + fh * cosMinus1 + gh * sinMinusB));
        if (Math.abs(result.hi) < 0x1p-10 * Math.max(Math.abs(fh), Math.abs(gh * b))) return sinCos(x, cosine);
        return result;
    }

    /** Beyond this the formulas only size search boxes, and Java's functions serve. */
    private static final double LIMIT = 7;

    static double sin(double x) {
        if (x == 0) return x;
        if (!(Math.abs(x) <= LIMIT)) return Math.sin(x);
        return fast(x, false).hi;
    }

    static double cos(double x) {
        if (!(Math.abs(x) <= LIMIT)) return Math.cos(x);
        return fast(x, true).hi;
    }

    /**
     * asin(x) for 0 <= x <= 1: an estimate within an ulp or two corrected by one Newton step with a double-double
     * sine. Searches mostly see small x (x = sin(d / 2R), 8e-5 for a kilometre), where a few terms of the Taylor
     * series are that good and much cheaper than Java's asin.
     */
    static double asin(double x) {
        double y = x < 0x1p-7 ? asinSeries(x) : Math.asin(x);
        if (x == 0 || x >= 1) return y;
        DD s = fast(y, false);
        double residual = (x - s.hi) - s.lo;
        double c = Math.cos(y);
        if (c == 0) return y;
        return y + residual / c;
    }

    /** asin(x) for 0 <= x < 2^-7 by its Taylor series to x^13: the next term is below 2^-100 of x. */
    private static double asinSeries(double x) {
        double x2 = x * x;
        return x + x * x2 * (1 / 6.0 + x2 * (3 / 40.0 + x2 * (5 / 112.0 + x2 * (35 / 1152.0
                + x2 * (63 / 2816.0 + x2 * (231 / 13312.0))))));
    }
}
