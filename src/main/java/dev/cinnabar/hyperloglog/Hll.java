package dev.cinnabar.hyperloglog;

import dev.cinnabar.strings.StringValue;
import dev.cinnabar.strings.Strings;

/**
 * Redis's HyperLogLog representation, byte for byte. A value is a string: a 16-byte header ("HYLL", the encoding,
 * three unused bytes, the cached cardinality as 8 little-endian bytes whose top bit marks it invalid), then the
 * 16384 registers of 6 bits, either dense (packed from the least significant bit of each byte) or sparse (a run
 * code of ZERO {@code 00xxxxxx}, XZERO {@code 01xxxxxx xxxxxxxx} and VAL {@code 1vvvvvxx} opcodes). Writes follow
 * Redis's exact steps (how a run is split, which neighbouring VAL opcodes are merged, when the sparse form is
 * promoted), since they decide the bytes a client sees with GET.
 */
final class Hll {
    static final int HEADER = 16;
    static final int P = 14;
    static final int Q = 64 - P;
    static final int REGISTERS = 1 << P;
    static final int BITS = 6;
    static final int REGISTER_MAX = (1 << BITS) - 1;
    static final int DENSE_SIZE = HEADER + (REGISTERS * BITS + 7) / 8;
    static final int DENSE = 0, SPARSE = 1;
    private static final long SEED = 0xadc83b19L;
    private static final int ENCODING = 4, CARD = 8;

    private static final int VAL_MAX_VALUE = 32, VAL_MAX_LEN = 4, ZERO_MAX_LEN = 64, XZERO_MAX_LEN = 16384;
    private static final double ALPHA_INF = 0.721347520444481703680; // 0.5 / ln(2)

    private Hll() {}

    // ---- the value as a whole ------------------------------------------------------------------------------------

    /** A new, empty HyperLogLog: sparse, one XZERO opcode covering every register. */
    static byte[] create() {
        byte[] b = new byte[HEADER + 2];
        b[0] = 'H';
        b[1] = 'Y';
        b[2] = 'L';
        b[3] = 'L';
        b[ENCODING] = SPARSE;
        setXzero(b, HEADER, REGISTERS);
        return b;
    }

    /** Redis's isHLLObjectOrReply test on a string value: the header, a known encoding, the dense size. */
    static boolean isValid(Object value) {
        int length = Strings.length(value);
        if (length < HEADER) return false;
        byte[] b = Strings.buffer(value);
        if (b[0] != 'H' || b[1] != 'Y' || b[2] != 'L' || b[3] != 'L') return false;
        int encoding = b[ENCODING] & 0xff;
        return encoding <= SPARSE && (encoding != DENSE || length == DENSE_SIZE);
    }

    static int encoding(byte[] b) {
        return b[ENCODING] & 0xff;
    }

    static boolean cacheValid(byte[] b) {
        return (b[CARD + 7] & 0x80) == 0;
    }

    static void invalidateCache(byte[] b) {
        b[CARD + 7] |= (byte) 0x80;
    }

    static long cachedCardinality(byte[] b) {
        long card = 0;
        for (int i = 7; i >= 0; i--) card = card << 8 | (b[CARD + i] & 0xffL);
        return card;
    }

    static void setCachedCardinality(byte[] b, long card) {
        for (int i = 0; i < 8; i++) b[CARD + i] = (byte) (card >>> (8 * i));
    }

    // ---- hashing -------------------------------------------------------------------------------------------------

    /**
     * The register an element falls in (low 16 bits of the result) and the length of its "000..1" run (bits 16 and
     * up), counted from the hash's bits after the register index, at most Q + 1.
     */
    static int patternOf(byte[] element) {
        long hash = MurmurHash64A.hash(element, 0, element.length, SEED);
        int index = (int) (hash & (REGISTERS - 1));
        hash = (hash >>> P) | (1L << Q);
        int count = Long.numberOfTrailingZeros(hash) + 1;
        return count << 16 | index;
    }

    // ---- dense registers -----------------------------------------------------------------------------------------

    static int denseGet(byte[] b, int register) {
        int at = HEADER + register * BITS / 8;
        int fb = register * BITS & 7;
        int b0 = b[at] & 0xff;
        int b1 = at + 1 < DENSE_SIZE ? b[at + 1] & 0xff : 0;
        return ((b0 >>> fb) | (b1 << (8 - fb))) & REGISTER_MAX;
    }

    static void denseSetRegister(byte[] b, int register, int value) {
        int at = HEADER + register * BITS / 8;
        int fb = register * BITS & 7;
        int fb8 = 8 - fb;
        b[at] = (byte) ((b[at] & ~(REGISTER_MAX << fb)) | (value << fb));
        if (at + 1 < DENSE_SIZE) b[at + 1] = (byte) ((b[at + 1] & ~(REGISTER_MAX >>> fb8)) | (value >>> fb8));
    }

    /** Raises a dense register to count if it is lower; true when it changed. */
    static boolean denseSet(byte[] b, int register, int count) {
        if (count <= denseGet(b, register)) return false;
        denseSetRegister(b, register, count);
        return true;
    }

    // ---- sparse opcodes ------------------------------------------------------------------------------------------

    private static boolean isZero(int op) {
        return (op & 0xc0) == 0;
    }

    private static boolean isXzero(int op) {
        return (op & 0xc0) == 0x40;
    }

    private static boolean isVal(int op) {
        return (op & 0x80) != 0;
    }

    private static int zeroLen(int op) {
        return (op & 0x3f) + 1;
    }

    /** The run length of an XZERO opcode at p; a second byte past the end reads as 0 (Redis's string terminator). */
    private static int xzeroLen(byte[] b, int p, int end) {
        int second = p + 1 < end ? b[p + 1] & 0xff : 0;
        return (((b[p] & 0x3f) << 8) | second) + 1;
    }

    private static int valValue(int op) {
        return ((op >>> 2) & 0x1f) + 1;
    }

    private static int valLen(int op) {
        return (op & 0x3) + 1;
    }

    private static byte val(int value, int len) {
        return (byte) (((value - 1) << 2 | (len - 1)) | 0x80);
    }

    private static void setXzero(byte[] b, int p, int len) {
        int l = len - 1;
        b[p] = (byte) ((l >>> 8) | 0x40);
        b[p + 1] = (byte) l;
    }

    /** Writes a ZERO or XZERO run of len registers at n; returns the position after it. */
    private static int zeroRun(byte[] seq, int n, int len) {
        if (len > ZERO_MAX_LEN) {
            setXzero(seq, n, len);
            return n + 2;
        }
        seq[n] = (byte) (len - 1);
        return n + 1;
    }

    // ---- conversions and updates ---------------------------------------------------------------------------------

    /**
     * Converts a sparse value to dense in place (the header, cached cardinality included, is kept). False, leaving
     * the value alone, when the sparse form does not describe exactly 16384 registers.
     */
    static boolean sparseToDense(StringValue value) {
        byte[] b = value.buffer();
        if (encoding(b) == DENSE) return true;
        byte[] dense = new byte[DENSE_SIZE];
        System.arraycopy(b, 0, dense, 0, HEADER);
        dense[ENCODING] = DENSE;
        int end = value.length();
        int idx = 0;
        int p = HEADER;
        while (p < end) {
            int op = b[p] & 0xff;
            if (isZero(op)) {
                idx += zeroLen(op);
                p++;
            } else if (isXzero(op)) {
                idx += xzeroLen(b, p, end);
                p += 2;
            } else {
                int runlen = valLen(op);
                int regval = valValue(op);
                if (runlen + idx > REGISTERS) break;
                for (int i = 0; i < runlen; i++) denseSetRegister(dense, idx++, regval);
                p++;
            }
        }
        if (idx != REGISTERS) return false;
        value.setBuffer(dense, DENSE_SIZE);
        return true;
    }

    /** Adds an element: 1 when a register changed, 0 when not, -1 for a corrupt sparse value. */
    static int add(StringValue value, byte[] element, long sparseMaxBytes) {
        int pattern = patternOf(element);
        return set(value, pattern & 0xffff, pattern >>> 16, sparseMaxBytes);
    }

    /** Raises a register in either encoding: 1 when it changed, 0 when not, -1 for a corrupt sparse value. */
    static int set(StringValue value, int register, int count, long sparseMaxBytes) {
        byte[] b = value.buffer();
        if (encoding(b) == DENSE) return denseSet(b, register, count) ? 1 : 0;
        return sparseSet(value, register, count, sparseMaxBytes);
    }

    /**
     * Redis's hllSparseSet: raises a sparse register, splitting the opcode that covers it and merging equal VAL
     * neighbours afterwards; promotes the value to dense when the count is too large for a VAL opcode or the
     * result would pass hll-sparse-max-bytes.
     */
    static int sparseSet(StringValue value, int index, int count, long sparseMaxBytes) {
        if (count > VAL_MAX_VALUE) return promote(value, index, count);
        reserve(value, sparseMaxBytes);
        byte[] b = value.buffer();
        int end = value.length();

        // Step 1: find the opcode covering the register.
        int p = HEADER, prev = -1, first = 0, span = 0;
        while (p < end) {
            int op = b[p] & 0xff;
            int oplen = 1;
            if (isZero(op)) {
                span = zeroLen(op);
            } else if (isVal(op)) {
                span = valLen(op);
            } else {
                span = xzeroLen(b, p, end);
                oplen = 2;
            }
            if (index <= first + span - 1) break;
            prev = p;
            p += oplen;
            first += span;
        }
        if (span == 0 || p >= end) return -1;
        int op = b[p] & 0xff;
        int next = isXzero(op) ? p + 2 : p + 1;
        if (next >= end) next = -1;
        boolean zero = isZero(op), xzero = isXzero(op), isVal = !zero && !xzero;
        int runlen = zero ? zeroLen(op) : xzero ? xzeroLen(b, p, end) : valLen(op);

        // Step 2: the trivial cases are updated in place.
        boolean inPlace = false;
        if (isVal) {
            if (valValue(op) >= count) return 0;
            if (runlen == 1) {
                b[p] = val(count, 1);
                inPlace = true;
            }
        }
        if (!inPlace && zero && runlen == 1) {
            b[p] = val(count, 1);
            inPlace = true;
        }
        if (!inPlace) {
            // Split the run into at most three opcodes: before, the register, after.
            byte[] seq = new byte[5];
            int n = 0;
            int last = first + span - 1;
            if (zero || xzero) {
                if (index != first) n = zeroRun(seq, n, index - first);
                seq[n++] = val(count, 1);
                if (index != last) n = zeroRun(seq, n, last - index);
            } else {
                int current = valValue(op);
                if (index != first) seq[n++] = val(current, index - first);
                seq[n++] = val(count, 1);
                if (index != last) seq[n++] = val(current, last - index);
            }
            // Step 3: put the sequence in place of the old opcode.
            int delta = n - (xzero ? 2 : 1);
            if (delta > 0 && (long) end + delta > sparseMaxBytes) return promote(value, index, count);
            if (delta != 0 && next >= 0) System.arraycopy(b, next, b, next + delta, end - next);
            System.arraycopy(seq, 0, b, p, n);
            end += delta;
        }

        // Step 4: merge adjacent VAL opcodes of equal value, looking at up to five opcodes from the previous one.
        p = prev >= 0 ? prev : HEADER;
        int scan = 5;
        while (p < end && scan-- > 0) {
            int o = b[p] & 0xff;
            if (isXzero(o)) {
                p += 2;
                continue;
            }
            if (isZero(o)) {
                p++;
                continue;
            }
            if (p + 1 < end && isVal(b[p + 1] & 0xff)) {
                int v1 = valValue(o), v2 = valValue(b[p + 1] & 0xff);
                if (v1 == v2) {
                    int len = valLen(o) + valLen(b[p + 1] & 0xff);
                    if (len <= VAL_MAX_LEN) {
                        b[p + 1] = val(v1, len);
                        System.arraycopy(b, p + 1, b, p, end - p - 1);
                        end--;
                        continue;
                    }
                }
            }
            p++;
        }
        value.setBuffer(b, end);
        invalidateCache(b);
        return 1;
    }

    /** Keeps at least 3 spare bytes (the most a split adds), growing as Redis does but not past the limit. */
    private static void reserve(StringValue value, long sparseMaxBytes) {
        byte[] b = value.buffer();
        int length = value.length();
        if (b.length - length >= 3) return;
        long wanted = length + 3L;
        wanted += Math.min(wanted, 300);
        wanted = Math.min(wanted, sparseMaxBytes);
        byte[] grown = new byte[(int) Math.max(wanted, length + 3L)];
        System.arraycopy(b, 0, grown, 0, length);
        value.setBuffer(grown, length);
    }

    private static int promote(StringValue value, int index, int count) {
        if (!sparseToDense(value)) return -1;
        denseSet(value.buffer(), index, count);
        return 1;
    }

    // ---- union and counting ----------------------------------------------------------------------------------------

    /**
     * Raises max[i] to each register of a valid value (Redis's hllMerge); false for a sparse value that does not
     * cover exactly 16384 registers.
     */
    static boolean merge(byte[] max, byte[] b, int length) {
        if (encoding(b) == DENSE) {
            for (int i = 0; i < REGISTERS; i++) {
                int v = denseGet(b, i);
                if (v > max[i]) max[i] = (byte) v;
            }
            return true;
        }
        int i = 0;
        int p = HEADER;
        while (p < length) {
            int op = b[p] & 0xff;
            if (isZero(op)) {
                i += zeroLen(op);
                p++;
            } else if (isXzero(op)) {
                i += xzeroLen(b, p, length);
                p += 2;
            } else {
                int runlen = valLen(op);
                int regval = valValue(op);
                if (runlen + i > REGISTERS) break;
                for (int k = 0; k < runlen; k++, i++) if (regval > max[i]) max[i] = (byte) regval;
                p++;
            }
        }
        return i == REGISTERS;
    }

    /** The register histogram of a value; false when a sparse value does not cover exactly 16384 registers. */
    static boolean histogram(byte[] b, int length, int[] histogram) {
        if (encoding(b) == DENSE) {
            for (int i = 0; i < REGISTERS; i++) histogram[denseGet(b, i)]++;
            return true;
        }
        int idx = 0;
        int p = HEADER;
        while (p < length) {
            int op = b[p] & 0xff;
            if (isZero(op)) {
                int run = zeroLen(op);
                idx += run;
                histogram[0] += run;
                p++;
            } else if (isXzero(op)) {
                int run = xzeroLen(b, p, length);
                idx += run;
                histogram[0] += run;
                p += 2;
            } else {
                int run = valLen(op);
                idx += run;
                histogram[valValue(op)] += run;
                p++;
            }
        }
        return idx == REGISTERS;
    }

    /** The histogram of registers held one per byte (the union PFCOUNT computes over several keys). */
    static void rawHistogram(byte[] registers, int[] histogram) {
        for (byte r : registers) histogram[r]++;
    }

    /** Redis 7.2's estimator (Ertl's improved raw estimator) from a register histogram. */
    static long estimate(int[] histogram) {
        double m = REGISTERS;
        double z = m * tau((m - histogram[Q + 1]) / m);
        for (int j = Q; j >= 1; --j) {
            z += histogram[j];
            z *= 0.5;
        }
        z += m * sigma(histogram[0] / m);
        return Math.round(ALPHA_INF * m * m / z);
    }

    private static double sigma(double x) {
        if (x == 1.0) return Double.POSITIVE_INFINITY;
        double zPrime;
        double y = 1;
        double z = x;
        do {
            x *= x;
            zPrime = z;
            z += x * y;
            y += y;
        } while (zPrime != z);
        return z;
    }

    private static double tau(double x) {
        if (x == 0.0 || x == 1.0) return 0.0;
        double zPrime;
        double y = 1.0;
        double z = 1 - x;
        do {
            x = Math.sqrt(x);
            zPrime = z;
            y *= 0.5;
            double d = 1 - x;
            z -= d * d * y;
        } while (zPrime != z);
        return z / 3;
    }
}
