package dev.cinnabar.zsets;

import dev.cinnabar.keyspace.Footprint;

import dev.cinnabar.protocol.Reply;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The "listpack" encoding of a small sorted set: every element in one exact-size {@code byte[]}, in order, like
 * Redis's listpack of member/score pairs. An entry is
 *
 * <pre>
 *   length   varint, 7 bits a byte, low bits first, high bit set when more follow
 *   member   the bytes
 *   score    an integral score below 2^61 in magnitude as the varint of its zigzag form shifted left by one (1 to
 *            9 bytes, low bit 0); any other score as the byte 1 followed by the 8 bytes of the double
 *   back     the entry's size without this field, as a varint stored backwards (read from its last byte), so that
 *            the previous entry can be found from the start of the next one
 * </pre>
 *
 * Positions are byte offsets of entries. Every change rewrites the array (at most a few kilobytes at the default
 * limits), as Redis reallocates its listpack. Like Redis, which also stores integral scores as integers, a score of
 * -0 therefore comes back as 0.
 */
final class Listpack implements ZsetEncoding {
    private static final VarHandle DOUBLES = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] EMPTY = new byte[0];

    private byte[] data;
    private int count;

    Listpack() {
        data = EMPTY;
    }

    private Listpack(byte[] data, int count) {
        this.data = data;
        this.count = count;
    }

    /** The compact form of any encoding's elements (already in order). */
    static Listpack of(ZsetEncoding source) {
        int bytes = 0;
        for (int p = source.first(); p != NONE; p = source.next(p)) {
            bytes += entrySize(source.memberLength(p), source.score(p));
        }
        byte[] out = new byte[bytes];
        int at = 0;
        for (int p = source.first(); p != NONE; p = source.next(p)) {
            at = writeEntry(out, at, source.member(p), source.score(p));
        }
        return new Listpack(out, source.size());
    }

    /** Bytes in use, for the listpack safety limit. */
    int bytes() {
        return data.length;
    }

    // ---- entry layout -------------------------------------------------------------------------------------------

    private static int varintSize(int v) {
        return v < (1 << 7) ? 1 : v < (1 << 14) ? 2 : v < (1 << 21) ? 3 : v < (1 << 28) ? 4 : 5;
    }

    private static int longVarintSize(long v) {
        int size = 1;
        while ((v >>>= 7) != 0) size++;
        return size;
    }

    /** The score field of an integral score: zigzag form shifted left once, or -1 when the score is not one. */
    private static long integralScore(double score) {
        if (score <= -0x1p61 || score >= 0x1p61 || (long) score != score) return -1;
        long v = (long) score;
        return ((v << 1) ^ (v >> 63)) << 1;
    }

    private static int scoreSize(double score) {
        long integral = integralScore(score);
        return integral < 0 ? 9 : longVarintSize(integral);
    }

    private static int entrySize(int memberLength, double score) {
        int body = varintSize(memberLength) + memberLength + scoreSize(score);
        return body + varintSize(body);
    }

    private static int writeEntry(byte[] out, int at, byte[] member, double score) {
        int length = member.length;
        int start = at;
        at = writeVarint(out, at, length);
        System.arraycopy(member, 0, out, at, length);
        at += length;
        long integral = integralScore(score);
        if (integral >= 0) {
            at = writeVarint(out, at, integral);
        } else {
            out[at++] = 1;
            DOUBLES.set(out, at, score);
            at += 8;
        }
        int body = at - start;
        int size = varintSize(body);
        for (int i = 0; i < size; i++, body >>>= 7) {
            out[at + size - 1 - i] = (byte) ((body & 0x7F) | (i < size - 1 ? 0x80 : 0));
        }
        return at + size;
    }

    @Override
    public int memberLength(int pos) {
        int v = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = data[pos++];
            v |= (b & 0x7F) << shift;
            if (b >= 0) return v;
        }
    }

    private static int writeVarint(byte[] out, int at, long v) {
        while ((v & ~0x7FL) != 0) {
            out[at++] = (byte) (v & 0x7F | 0x80);
            v >>>= 7;
        }
        out[at++] = (byte) v;
        return at;
    }

    private int memberOffset(int pos, int length) {
        return pos + varintSize(length);
    }

    /** Where the score field of the entry at pos starts. */
    private int scoreOffset(int pos) {
        int length = memberLength(pos);
        return memberOffset(pos, length) + length;
    }

    private int scoreFieldSize(int at) {
        if (data[at] == 1) return 9;
        int size = 1;
        while (data[at++] < 0) size++;
        return size;
    }

    private int end(int pos) {
        int at = scoreOffset(pos);
        int body = at - pos + scoreFieldSize(at);
        return pos + body + varintSize(body);
    }

    // ---- ZsetEncoding -------------------------------------------------------------------------------------------

    @Override
    public int size() {
        return count;
    }

    @Override
    public int find(byte[] member) {
        for (int pos = 0; pos < data.length; pos = end(pos)) {
            int length = memberLength(pos);
            if (length == member.length) {
                int off = memberOffset(pos, length);
                if (Arrays.equals(data, off, off + length, member, 0, length)) return pos;
            }
        }
        return NONE;
    }

    @Override
    public double score(int pos) {
        int at = scoreOffset(pos);
        if (data[at] == 1) return (double) DOUBLES.get(data, at + 1);
        long field = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = data[at++];
            field |= (long) (b & 0x7F) << shift;
            if (b >= 0) break;
        }
        long zigzag = field >>> 1;
        return (double) ((zigzag >>> 1) ^ -(zigzag & 1));
    }

    @Override
    public byte[] member(int pos) {
        int length = memberLength(pos);
        int off = memberOffset(pos, length);
        return Arrays.copyOfRange(data, off, off + length);
    }

    @Override
    public void writeMember(int pos, Reply reply) {
        int length = memberLength(pos);
        reply.bulk(data, memberOffset(pos, length), length);
    }

    @Override
    public int compareMember(int pos, byte[] other) {
        int length = memberLength(pos);
        int off = memberOffset(pos, length);
        return Arrays.compareUnsigned(data, off, off + length, other, 0, other.length);
    }

    @Override
    public int first() {
        return count == 0 ? NONE : 0;
    }

    @Override
    public int last() {
        return count == 0 ? NONE : before(data.length);
    }

    @Override
    public int next(int pos) {
        int e = end(pos);
        return e == data.length ? NONE : e;
    }

    @Override
    public int prev(int pos) {
        return pos == 0 ? NONE : before(pos);
    }

    /** The entry that ends where another starts, found through its backward size. */
    private int before(int entryEnd) {
        int body = 0, at = entryEnd - 1;
        for (int shift = 0; ; shift += 7, at--) {
            byte b = data[at];
            body |= (b & 0x7F) << shift;
            if (b >= 0) break;
        }
        return at - body;
    }

    @Override
    public int atRank(long rank) {
        if (rank < 0 || rank >= count) return NONE;
        if (rank < count / 2) return skip(0, rank, false);
        return skip(last(), count - 1 - rank, true);
    }

    @Override
    public long rankOf(int pos) {
        long rank = 0;
        for (int p = 0; p != pos; p = end(p)) rank++;
        return rank;
    }

    @Override
    public int firstIn(ZRange range) {
        if (count == 0 || range.isEmpty() || !range.aboveMin(this, last()) || !range.belowMax(this, 0)) return NONE;
        for (int p = 0; p != NONE; p = next(p)) {
            if (range.aboveMin(this, p)) return range.belowMax(this, p) ? p : NONE;
        }
        return NONE;
    }

    @Override
    public int lastIn(ZRange range) {
        if (count == 0 || range.isEmpty() || !range.aboveMin(this, last()) || !range.belowMax(this, 0)) return NONE;
        for (int p = last(); p != NONE; p = prev(p)) {
            if (range.belowMax(this, p)) return range.aboveMin(this, p) ? p : NONE;
        }
        return NONE;
    }

    @Override
    public long count(ZRange range) {
        long n = 0;
        for (int p = firstIn(range); p != NONE && range.belowMax(this, p); p = next(p)) n++;
        return n;
    }

    /** Inserts before the first element that sorts after it (Redis's zzlInsert). */
    @Override
    public void insert(double score, byte[] member) {
        int at = data.length;
        for (int p = 0; p < data.length; p = end(p)) {
            double s = score(p);
            if (s > score || (s == score && compareMember(p, member) > 0)) {
                at = p;
                break;
            }
        }
        int size = entrySize(member.length, score);
        byte[] out = new byte[data.length + size];
        System.arraycopy(data, 0, out, 0, at);
        writeEntry(out, at, member, score);
        System.arraycopy(data, at, out, at + size, data.length - at);
        data = out;
        count++;
    }

    @Override
    public void delete(int pos) {
        cut(pos, end(pos), 1);
    }

    private void cut(int from, int to, int entries) {
        byte[] out = new byte[data.length - (to - from)];
        System.arraycopy(data, 0, out, 0, from);
        System.arraycopy(data, to, out, from, data.length - to);
        data = out;
        count -= entries;
    }

    /** Redis removes the entry and inserts it again. */
    @Override
    public void setScore(int pos, double score) {
        byte[] member = member(pos);
        delete(pos);
        insert(score, member);
    }

    @Override
    public void deleteRanks(long from, long to) {
        int start = atRank(from);
        int stop = skip(start, to - from + 1, false);
        cut(start, stop == NONE ? data.length : stop, (int) (to - from + 1));
    }

    @Override
    public int random() {
        return atRank(ThreadLocalRandom.current().nextInt(count));
    }

    @Override
    public String encodingName() {
        return "listpack";
    }

    @Override
    public Listpack copy() {
        return new Listpack(data.clone(), count);
    }

    @Override
    public long footprint(int samples) {
        return Footprint.object(1, 4) + Footprint.bytes(data.length);
    }
}
