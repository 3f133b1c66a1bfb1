package dev.cinnabar.zsets;

import dev.cinnabar.keyspace.Footprint;

import dev.cinnabar.config.ServerConfig;
import dev.cinnabar.keyspace.RedisValue;

/**
 * A sorted set stored under a key. It holds one of two encodings and switches from the compact {@link Listpack} to
 * the {@link SkipList} exactly when Redis does (more than zset-max-listpack-entries elements, or a member longer
 * than zset-max-listpack-value bytes), and back only where Redis does (results of the store commands).
 */
public final class ZsetValue implements RedisValue {
    /** Listpacks never grow past 1 GB (Redis's LISTPACK_MAX_SAFETY_SIZE). */
    static final long LISTPACK_SAFETY_LIMIT = 1L << 30;

    // zsetAdd input flags
    static final int NX = 1, XX = 2, GT = 4, LT = 8, INCR = 16;
    // zsetAdd results
    static final int ADDED = 1, UPDATED = 2, NOP = 4, NAN = 8;

    private ZsetEncoding set;

    ZsetValue(ZsetEncoding set) {
        this.set = set;
    }

    /** Redis's zsetTypeCreate: compact when the hints fit the listpack limits, else a skip list sized for them. */
    static ZsetValue create(long sizeHint, long memberLengthHint, ServerConfig config) {
        if (sizeHint <= config.zsetMaxListpackEntries.value() && memberLengthHint <= config.zsetMaxListpackValue.value()) {
            return new ZsetValue(new Listpack());
        }
        return new ZsetValue(new SkipList((int) Math.min(sizeHint, 1 << 20)));
    }

    @Override
    public String typeName() {
        return "zset";
    }

    @Override
    public String encoding() {
        return set.encodingName();
    }

    @Override
    public ZsetValue copy() {
        return new ZsetValue(set.copy());
    }

    // ---- RDB serialization ----------------------------------------------------------------------------------------

    /** Receives one element of a sorted set. */
    public interface ElementVisitor {
        void visit(byte[] member, double score);
    }

    public boolean isListpack() {
        return set instanceof Listpack;
    }

    /** Visits the elements in rank order, or from the highest rank down when descending. */
    public void forEach(boolean descending, ElementVisitor visitor) {
        int p = descending ? set.last() : set.first();
        while (p != ZsetEncoding.NONE) {
            visitor.visit(set.member(p), set.score(p));
            p = descending ? set.prev(p) : set.next(p);
        }
    }

    /** Loading: a sorted set of these distinct members with their (non-NaN) scores, compact or as a skip list. */
    public static ZsetValue ofElements(java.util.List<byte[]> members, double[] scores, boolean listpack) {
        ZsetEncoding set = listpack ? new Listpack() : new SkipList((int) Math.min(members.size(), 1 << 20));
        for (int i = 0; i < members.size(); i++) set.insert(scores[i], members.get(i));
        return new ZsetValue(set);
    }

    /** The current encoding; replaced when the set converts, so do not keep it across writes. */
    ZsetEncoding set() {
        return set;
    }

    public int size() {
        return set.size();
    }

    /** The member's score, or NaN when it is absent (a stored score is never NaN). */
    public double score(byte[] member) {
        int pos = set.find(member);
        return pos == ZsetEncoding.NONE ? Double.NaN : set.score(pos);
    }

    /** Receives an element of a score range by position (see {@link #memberAt}); returns false to stop. */
    public interface PositionVisitor {
        boolean visit(int pos, double score);
    }

    /**
     * Visits the elements with min <= score < max in rank order until the visitor returns false (the geo
     * commands read their candidate boxes this way). Positions stay valid while the set is not modified.
     */
    public void forEachInRange(double min, double maxExclusive, PositionVisitor visitor) {
        ScoreRange range = ScoreRange.of(min, false, maxExclusive, true);
        for (int p = set.firstIn(range); p != ZsetEncoding.NONE; p = set.next(p)) {
            double score = set.score(p);
            if (!range.belowMax(score) || !visitor.visit(p, score)) return;
        }
    }

    /** The member at a position given by {@link #forEachInRange}. */
    public byte[] memberAt(int pos) {
        return set.member(pos);
    }

    /**
     * A sorted set built as the result of a store command from distinct members: a skip list, made compact when it
     * fits the listpack limits (Redis's zsetConvertToListpackIfNeeded).
     */
    public static ZsetValue storedResult(java.util.List<byte[]> members, double[] scores, ServerConfig config) {
        ZsetValue result = ofElements(members, scores, false);
        long longest = 0, total = 0;
        for (byte[] member : members) {
            longest = Math.max(longest, member.length);
            total += member.length;
        }
        result.compactIfSmall(longest, total, config);
        return result;
    }

    /** SORT reads a sorted set through its skip list, converting a compact one for good as Redis's SORT does. */
    public void convertForSort() {
        if (set instanceof Listpack) toSkipList(set.size());
    }

    /** n members in rank order from rank start, or from the highest rank down when reverse. */
    public java.util.List<byte[]> members(long start, long n, boolean reverse) {
        java.util.List<byte[]> out = new java.util.ArrayList<>((int) Math.min(n, 1 << 20));
        int p = set.atRank(reverse ? set.size() - 1 - start : start);
        for (long i = 0; i < n && p != ZsetEncoding.NONE; i++) {
            out.add(set.member(p));
            p = reverse ? set.prev(p) : set.next(p);
        }
        return out;
    }

    /** Redis's zsetTypeMaybeConvert: a write about to add this many elements converts a listpack at once. */
    void prepareFor(long elements, ServerConfig config) {
        if (set instanceof Listpack && elements > config.zsetMaxListpackEntries.value()) toSkipList(elements);
    }

    private void toSkipList(long expected) {
        SkipList list = new SkipList((int) Math.min(expected, 1 << 20));
        for (int p = set.first(); p != ZsetEncoding.NONE; p = set.next(p)) list.append(set.score(p), set.member(p));
        set = list;
    }

    /**
     * Redis's zsetAdd: adds or updates one member under the NX/XX/GT/LT/INCR flags and returns ADDED, UPDATED, NOP
     * or NAN (an increment that produced NaN; nothing changed). With INCR, or when {@code newScore} is given, the
     * resulting score is stored in newScore[0].
     */
    int add(double score, byte[] member, int flags, double[] newScore, ServerConfig config) {
        if (Double.isNaN(score)) return NAN;
        int pos = set.find(member);
        if (pos != ZsetEncoding.NONE) {
            if ((flags & NX) != 0) return NOP;
            double current = set.score(pos);
            if ((flags & INCR) != 0) {
                score += current;
                if (Double.isNaN(score)) return NAN;
            }
            if (((flags & LT) != 0 && score >= current) || ((flags & GT) != 0 && score <= current)) return NOP;
            if (newScore != null) newScore[0] = score;
            if (score == current) return 0;
            set.setScore(pos, score);
            return UPDATED;
        }
        if ((flags & XX) != 0) return NOP;
        if (set instanceof Listpack lp && (lp.size() + 1 > config.zsetMaxListpackEntries.value()
                || member.length > config.zsetMaxListpackValue.value()
                || lp.bytes() + (long) member.length > LISTPACK_SAFETY_LIMIT)) {
            toSkipList(lp.size() + 1L);
        }
        set.insert(score, member);
        if (newScore != null) newScore[0] = score;
        return ADDED;
    }

    /** Removes a member; true when it was there. */
    boolean remove(byte[] member) {
        int pos = set.find(member);
        if (pos == ZsetEncoding.NONE) return false;
        set.delete(pos);
        return true;
    }

    /**
     * Redis's zsetConvertToListpackIfNeeded for a freshly built result: back to the compact encoding when it fits
     * the limits, judged by the longest member and the total member bytes.
     */
    void compactIfSmall(long longestMember, long totalMemberBytes, ServerConfig config) {
        if (set instanceof SkipList && set.size() <= config.zsetMaxListpackEntries.value()
                && longestMember <= config.zsetMaxListpackValue.value() && totalMemberBytes <= LISTPACK_SAFETY_LIMIT) {
            set = Listpack.of(set);
        }
    }

    @Override
    public long memoryUsage(int samples) {
        return Footprint.object(1, 0) + set.footprint(samples);
    }
}
