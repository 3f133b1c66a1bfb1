package dev.cinnabar.streams;

import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.protocol.Reply;

import java.nio.charset.StandardCharsets;

/** A stream entry ID: two unsigned 64-bit numbers, milliseconds and sequence, ordered as unsigned pairs. */
public record StreamId(long ms, long seq) implements Comparable<StreamId> {
    public static final StreamId MIN = new StreamId(0, 0);
    public static final StreamId MAX = new StreamId(-1, -1);

    static final RedisError INVALID = new RedisError("ERR Invalid stream ID specified as stream command argument");

    @Override
    public int compareTo(StreamId o) {
        int c = Long.compareUnsigned(ms, o.ms);
        return c != 0 ? c : Long.compareUnsigned(seq, o.seq);
    }

    public boolean isZero() {
        return ms == 0 && seq == 0;
    }

    public boolean isMax() {
        return ms == -1 && seq == -1;
    }

    /** The next ID, or null when this is the largest one. */
    public StreamId next() {
        if (seq != -1) return new StreamId(ms, seq + 1);
        if (ms != -1) return new StreamId(ms + 1, 0);
        return null;
    }

    /** The previous ID, or null when this is 0-0. */
    public StreamId previous() {
        if (seq != 0) return new StreamId(ms, seq - 1);
        if (ms != 0) return new StreamId(ms - 1, -1);
        return null;
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
    }

    /** The "ms-seq" text as bytes (replies), written without an intermediate String in the usual case. */
    public byte[] toBytes() {
        if (ms < 0 || seq < 0) return toString().getBytes(StandardCharsets.US_ASCII);
        int msLength = Numbers.decimalLength(ms);
        byte[] out = new byte[msLength + 1 + Numbers.decimalLength(seq)];
        Numbers.formatLong(ms, out, 0);
        out[msLength] = '-';
        Numbers.formatLong(seq, out, msLength + 1);
        return out;
    }

    /** Replies with the "ms-seq" text as a bulk string. */
    public void writeTo(Reply reply) {
        if (ms < 0 || seq < 0) reply.bulk(toBytes());
        else reply.bulkJoined(ms, '-', seq);
    }

    // ---- parsing ------------------------------------------------------------------------------------------------

    /** Result of parsing an XADD ID: the ID and whether its sequence was given (false for "ms-*"). */
    record Parsed(StreamId id, boolean seqGiven) {}

    /** An ID where "-" and "+" mean the smallest and largest IDs; a missing sequence becomes missingSeq. */
    static StreamId parse(byte[] b, long missingSeq) {
        return parse(b, missingSeq, false, null).id;
    }

    /** An ID where "-" and "+" are refused. */
    static StreamId parseStrict(byte[] b, long missingSeq) {
        return parse(b, missingSeq, true, null).id;
    }

    /** An XADD ID: strict, and "ms-*" allowed. */
    static Parsed parseForAdd(byte[] b) {
        return parse(b, 0, true, Boolean.TRUE);
    }

    private static Parsed parse(byte[] b, long missingSeq, boolean strict, Boolean allowStarSeq) {
        if (b.length > 127) throw INVALID;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) { // the C parser stops at a NUL byte
                b = java.util.Arrays.copyOf(b, i);
                break;
            }
        }
        if (b.length == 1 && (b[0] == '-' || b[0] == '+')) {
            if (strict) throw INVALID;
            return new Parsed(b[0] == '-' ? MIN : MAX, true);
        }
        int dash = -1;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '-') {
                dash = i;
                break;
            }
        }
        int msEnd = dash < 0 ? b.length : dash;
        long ms = parseUnsigned(b, 0, msEnd);
        if (dash < 0) return new Parsed(new StreamId(ms, missingSeq), true);
        if (allowStarSeq != null && b.length - dash - 1 == 1 && b[dash + 1] == '*') {
            return new Parsed(new StreamId(ms, 0), false);
        }
        return new Parsed(new StreamId(ms, parseUnsigned(b, dash + 1, b.length)), true);
    }

    /**
     * Redis's string2ull: the canonical form of a non-negative 64-bit integer, or failing that what C's strtoull
     * accepts in full (leading blanks, a sign, leading zeros; a negative number wraps around), without overflow.
     */
    private static long parseUnsigned(byte[] b, int from, int to) {
        int len = to - from;
        if (len == 0) throw INVALID;
        int i = from;
        while (i < to && (b[i] == ' ' || (b[i] >= '\t' && b[i] <= '\r'))) i++;
        boolean negative = false;
        if (i < to && (b[i] == '+' || b[i] == '-')) negative = b[i++] == '-';
        if (i == to) throw INVALID;
        long v = 0;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) throw INVALID;
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L - d, 10)) > 0) throw INVALID;
            v = v * 10 + d;
        }
        if (negative) {
            // a canonical negative number is refused by string2ll's check; other forms wrap as strtoull does
            if (isCanonicalNegative(b, from, to)) throw INVALID;
            v = -v;
        }
        return v;
    }

    private static boolean isCanonicalNegative(byte[] b, int from, int to) {
        if (b[from] != '-' || to - from < 2 || b[from + 1] < '1' || b[from + 1] > '9' || to - from > 20) return false;
        for (int i = from + 1; i < to; i++) if (b[i] < '0' || b[i] > '9') return false;
        // string2ll accepts it only if it fits a signed long
        return to - from < 20 || compareDigits(b, from + 1, "9223372036854775808") <= 0;
    }

    private static int compareDigits(byte[] b, int from, String limit) {
        for (int i = 0; i < limit.length(); i++) {
            int c = Integer.compare(b[from + i], limit.charAt(i));
            if (c != 0) return c;
        }
        return 0;
    }
}
