package dev.cinnabar.geo;

/**
 * Geohash arithmetic on (bits, step) pairs: a step of s holds s bits of latitude in the even positions and s bits
 * of longitude in the odd ones. Scores are hashes of step 26 (52 bits) over Redis's latitude range of
 * +-85.05112878 degrees (the limits of Web Mercator), so the poles cannot be indexed.
 */
final class GeoHash {
    static final int STEP_MAX = 26;
    static final double LAT_MIN = -85.05112878, LAT_MAX = 85.05112878;
    static final double LONG_MIN = -180, LONG_MAX = 180;

    private GeoHash() {}

    /** A hash: bits and step; a zero step with zero bits means "no area". */
    record Bits(long bits, int step) {
        static final Bits NONE = new Bits(0, 0);

        boolean isZero() {
            return bits == 0 && step == 0;
        }
    }

    /** The area a hash covers, in degrees. */
    record Area(double longMin, double longMax, double latMin, double latMax) {}

    /** Spreads the low 32 bits of x and y over the even and odd bits of the result. */
    static long interleave(long x, long y) {
        return spread(x) | (spread(y) << 1);
    }

    private static long spread(long v) {
        v &= 0xffffffffL;
        v = (v | (v << 16)) & 0x0000FFFF0000FFFFL;
        v = (v | (v << 8)) & 0x00FF00FF00FF00FFL;
        v = (v | (v << 4)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v << 2)) & 0x3333333333333333L;
        v = (v | (v << 1)) & 0x5555555555555555L;
        return v;
    }

    private static long squash(long v) {
        v &= 0x5555555555555555L;
        v = (v | (v >>> 1)) & 0x3333333333333333L;
        v = (v | (v >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v >>> 4)) & 0x00FF00FF00FF00FFL;
        v = (v | (v >>> 8)) & 0x0000FFFF0000FFFFL;
        v = (v | (v >>> 16)) & 0x00000000FFFFFFFFL;
        return v;
    }

    /**
     * Encodes a point over the given ranges at a step of 1 to 32; null outside the ranges or outside Redis's
     * indexable limits. Offsets are truncated to unsigned 32-bit integers as C converts them.
     */
    static Bits encode(double longMin, double longMax, double latMin, double latMax, double longitude,
                       double latitude, int step) {
        if (longitude > LONG_MAX || longitude < LONG_MIN || latitude > LAT_MAX || latitude < LAT_MIN) return null;
        if (latitude < latMin || latitude > latMax || longitude < longMin || longitude > longMax) return null;
        double latOffset = (latitude - latMin) / (latMax - latMin);
        double longOffset = (longitude - longMin) / (longMax - longMin);
        latOffset *= (double) (1L << step);
        longOffset *= (double) (1L << step);
        return new Bits(interleave((long) latOffset, (long) longOffset), step);
    }

    /** Encodes over Redis's geo ranges. */
    static Bits encode(double longitude, double latitude, int step) {
        return encode(LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, longitude, latitude, step);
    }

    /** The area of a hash over Redis's geo ranges. */
    static Area decode(Bits hash) {
        long bits = hash.bits;
        long lat = squash(bits) & 0xffffffffL;
        long lon = squash(bits >>> 1) & 0xffffffffL;
        double scale = (double) (1L << hash.step);
        double latScale = LAT_MAX - LAT_MIN;
        double longScale = LONG_MAX - LONG_MIN;
        return new Area(
                LONG_MIN + (lon * 1.0 / scale) * longScale,
                LONG_MIN + ((lon + 1) * 1.0 / scale) * longScale,
                LAT_MIN + (lat * 1.0 / scale) * latScale,
                LAT_MIN + ((lat + 1) * 1.0 / scale) * latScale);
    }

    /** The center of a 52-bit score's area, clamped to the indexable limits: {longitude, latitude}. */
    static double[] decodeScore(double score) {
        Area area = decode(new Bits(toUnsigned64(score), STEP_MAX));
        double x = (area.longMin + area.longMax) / 2;
        x = Math.max(LONG_MIN, Math.min(LONG_MAX, x));
        double y = (area.latMin + area.latMax) / 2;
        y = Math.max(LAT_MIN, Math.min(LAT_MAX, y));
        return new double[] {x, y};
    }

    /** C's conversion of a double to uint64_t as x86-64 compilers emit it, for scores not made by GEOADD. */
    static long toUnsigned64(double d) {
        if (d < 9.223372036854775807E18) return d >= -9.223372036854775808E18 ? (long) d : Long.MIN_VALUE;
        if (Double.isNaN(d)) return Long.MIN_VALUE;
        double shifted = d - 9.223372036854775808E18;
        long low = shifted < 9.223372036854775807E18 ? (long) shifted : Long.MIN_VALUE;
        return low ^ Long.MIN_VALUE;
    }

    /** A hash shifted to 52 bits: the sorted-set score of its south-west corner. */
    static long align52(Bits hash) {
        return hash.bits << (52 - hash.step * 2);
    }

    private static long moveX(long bits, int step, int d) {
        return move(bits, step, d, 0xaaaaaaaaaaaaaaaaL, 0x5555555555555555L);
    }

    private static long moveY(long bits, int step, int d) {
        return move(bits, step, d, 0x5555555555555555L, 0xaaaaaaaaaaaaaaaaL);
    }

    /** Moves one coordinate (the interleaved bits under {@code moving}) one cell in direction d; keeps the other. */
    private static long move(long bits, int step, int d, long moving, long other) {
        if (d == 0) return bits;
        long m = bits & moving;
        long kept = bits & other;
        long zz = other >>> (64 - step * 2);
        if (d > 0) {
            m = m + (zz + 1);
        } else {
            m = m | zz;
            m = m - (zz + 1);
        }
        m &= moving >>> (64 - step * 2);
        return m | kept;
    }

    /** The neighbour dx boxes east (negative: west) and dy boxes north (negative: south), wrapping around. */
    static Bits neighbour(Bits hash, int dx, int dy) {
        return new Bits(moveY(moveX(hash.bits, hash.step, dx), hash.step, dy), hash.step);
    }
}
