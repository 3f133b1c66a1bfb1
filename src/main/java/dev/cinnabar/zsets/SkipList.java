package dev.cinnabar.zsets;

import dev.cinnabar.keyspace.Hashing;
import dev.cinnabar.protocol.Reply;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The "skiplist" encoding of a large sorted set: Redis's skip list with spans (so that ranks cost O(log n)) plus a
 * member index (so that ZSCORE costs O(1)), laid out for memory.
 *
 * <p>Nodes are not objects. A node is an int id indexing parallel arrays: its score (a primitive double), its member
 * (the one {@code byte[]} a member costs), its level-0 successor and predecessor, and, for the quarter of nodes
 * taller than one level, one {@code int[]} holding the successor and span of each higher level. The span of level 0
 * is never stored: it is 1 when there is a successor. The member index chains nodes by id within buckets, like
 * Redis's dict, and rehashes incrementally like it (both bucket arrays are searched while a resize is under way), so
 * no single call pays for a whole rehash. Id 0 is the header node, so 0 also means "no node" in every link.
 * Freed ids are reused; when fewer than a quarter of the ids are in use the arrays are rebuilt smaller.
 *
 * <p>Positions handed out by {@link ZsetEncoding} methods are node ids; they stay valid until the node is deleted.
 */
final class SkipList implements ZsetEncoding {
    static final int MAX_LEVEL = 32;
    private static final long SEED = ThreadLocalRandom.current().nextLong();
    private static final int MIN_CAPACITY = 16;
    private static final int MIN_BUCKETS = 4;
    /** Empty buckets a rehash step may pass over for each bucket it moves, as in Redis. */
    private static final int EMPTY_VISITS = 10;

    private double[] scores;
    private byte[][] members;
    private int[] next;          // level-0 successor; the next free id for a free node
    private int[] prev;          // level-0 predecessor (0: the node is first)
    private int[][] upper;       // levels 1..: {successor, span, successor, span, ...}; null for one-level nodes
    private int[] chain;         // next node in the same member-index bucket
    private int used = 1;        // ids below this have been handed out (id 0 is the header)
    private int freeIds;         // head of the free-id list, 0 when empty
    private int length;
    private int level = 1;
    private int tail;

    private int[] buckets;
    private int[] newBuckets;    // the table a resize fills; null when none is under way
    private int rehashIndex;     // buckets below this have moved to newBuckets

    // Scratch space of the search paths; every command runs under the server's execution lock.
    private final int[] update = new int[MAX_LEVEL];
    private final int[] rank = new int[MAX_LEVEL];

    SkipList(int expectedSize) {
        int capacity = Math.max(MIN_CAPACITY, expectedSize + 1);
        scores = new double[capacity];
        members = new byte[capacity][];
        next = new int[capacity];
        prev = new int[capacity];
        upper = new int[capacity][];
        chain = new int[capacity];
        upper[0] = new int[2 * (MAX_LEVEL - 1)];
        buckets = new int[bucketsFor(expectedSize)];
    }

    private static int bucketsFor(int size) {
        return Math.max(MIN_BUCKETS, Integer.highestOneBit(Math.max(1, size) - 1) << 1);
    }

    // ---- levels -------------------------------------------------------------------------------------------------

    private int forward(int x, int i) {
        return i == 0 ? next[x] : upper[x][2 * i - 2];
    }

    private int span(int x, int i) {
        return i == 0 ? (next[x] != 0 ? 1 : 0) : upper[x][2 * i - 1];
    }

    private void setForward(int x, int i, int node) {
        if (i == 0) next[x] = node;
        else upper[x][2 * i - 2] = node;
    }

    private void setSpan(int x, int i, int span) {
        if (i != 0) upper[x][2 * i - 1] = span;
    }

    private int levelOf(int x) {
        int[] up = upper[x];
        return up == null ? 1 : up.length / 2 + 1;
    }

    /** Redis's zslRandomLevel: each further level with probability 1/4, at most 32. */
    private static int randomLevel() {
        long bits = ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE;
        return Math.min(MAX_LEVEL, Long.numberOfTrailingZeros(bits) / 2 + 1);
    }

    /** True when node f sorts before (score, member): lower score, or equal score and smaller member. */
    private boolean before(int f, double score, byte[] member) {
        double s = scores[f];
        return s < score || (s == score && Arrays.compareUnsigned(members[f], member) < 0);
    }

    // ---- node storage -------------------------------------------------------------------------------------------

    private int allocate(double score, byte[] member, int nodeLevel) {
        int x;
        if (freeIds != 0) {
            x = freeIds;
            freeIds = next[x];
        } else {
            if (used == scores.length) grow(used + (used >> 1));
            x = used++;
        }
        scores[x] = score;
        members[x] = member;
        next[x] = 0;
        prev[x] = 0;
        chain[x] = 0;
        upper[x] = nodeLevel == 1 ? null : new int[2 * (nodeLevel - 1)];
        return x;
    }

    private void release(int x) {
        members[x] = null;
        upper[x] = null;
        next[x] = freeIds;
        freeIds = x;
    }

    private void grow(int capacity) {
        scores = Arrays.copyOf(scores, capacity);
        members = Arrays.copyOf(members, capacity);
        next = Arrays.copyOf(next, capacity);
        prev = Arrays.copyOf(prev, capacity);
        upper = Arrays.copyOf(upper, capacity);
        chain = Arrays.copyOf(chain, capacity);
    }

    // ---- linking ------------------------------------------------------------------------------------------------

    /** Fills {@link #update} with the last node before (score, member) on each level, and {@link #rank} with ranks. */
    private void searchPath(double score, byte[] member) {
        int x = 0;
        for (int i = level - 1; i >= 0; i--) {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            int f;
            while ((f = forward(x, i)) != 0 && before(f, score, member)) {
                rank[i] += span(x, i);
                x = f;
            }
            update[i] = x;
        }
    }

    /** Links an allocated node at its place (Redis's zslInsert after the node is created). */
    private void link(int x) {
        searchPath(scores[x], members[x]);
        int nodeLevel = levelOf(x);
        if (nodeLevel > level) {
            for (int i = level; i < nodeLevel; i++) {
                rank[i] = 0;
                update[i] = 0;
                setSpan(0, i, length);
            }
            level = nodeLevel;
        }
        for (int i = 0; i < nodeLevel; i++) {
            int u = update[i];
            setForward(x, i, forward(u, i));
            setForward(u, i, x);
            setSpan(x, i, span(u, i) - (rank[0] - rank[i]));
            setSpan(u, i, rank[0] - rank[i] + 1);
        }
        // The span of level 0 is implicit; the loop above wrote the real links of every level.
        for (int i = nodeLevel; i < level; i++) setSpan(update[i], i, span(update[i], i) + 1);
        prev[x] = update[0];
        if (next[x] != 0) prev[next[x]] = x;
        else tail = x;
        length++;
    }

    /** Unlinks node x, whose search path is in {@link #update} (Redis's zslDeleteNode). */
    private void unlink(int x) {
        for (int i = 0; i < level; i++) {
            int u = update[i];
            if (forward(u, i) == x) {
                setSpan(u, i, span(u, i) + span(x, i) - 1);
                setForward(u, i, forward(x, i));
            } else {
                setSpan(u, i, span(u, i) - 1);
            }
        }
        if (next[x] != 0) prev[next[x]] = prev[x];
        else tail = prev[x];
        while (level > 1 && upper[0][2 * (level - 1) - 2] == 0) level--;
        length--;
    }

    // ---- ZsetEncoding -------------------------------------------------------------------------------------------

    @Override
    public int size() {
        return length;
    }

    @Override
    public int find(byte[] member) {
        if (length == 0) return NONE;
        if (newBuckets != null) rehashStep();
        long h = Hashing.hash(member, SEED);
        int x = findIn(buckets, h, member, newBuckets != null ? rehashIndex : 0);
        if (x == 0 && newBuckets != null) x = findIn(newBuckets, h, member, 0);
        return x == 0 ? NONE : x;
    }

    private int findIn(int[] table, long h, byte[] member, int movedBelow) {
        int b = (int) h & (table.length - 1);
        if (b < movedBelow) return 0;
        for (int x = table[b]; x != 0; x = chain[x]) {
            if (Arrays.equals(members[x], member)) return x;
        }
        return 0;
    }

    @Override
    public double score(int pos) {
        return scores[pos];
    }

    @Override
    public byte[] member(int pos) {
        return members[pos];
    }

    @Override
    public void writeMember(int pos, Reply reply) {
        reply.bulk(members[pos]);
    }

    @Override
    public int memberLength(int pos) {
        return members[pos].length;
    }

    @Override
    public int compareMember(int pos, byte[] other) {
        return Arrays.compareUnsigned(members[pos], other);
    }

    @Override
    public int first() {
        return next[0] == 0 ? NONE : next[0];
    }

    @Override
    public int last() {
        return tail == 0 ? NONE : tail;
    }

    @Override
    public int next(int pos) {
        int n = next[pos];
        return n == 0 ? NONE : n;
    }

    @Override
    public int prev(int pos) {
        int p = prev[pos];
        return p == 0 ? NONE : p;
    }

    /** Redis's zslGetElementByRank with a 0-based rank. */
    @Override
    public int atRank(long rank0) {
        if (rank0 < 0 || rank0 >= length) return NONE;
        long wanted = rank0 + 1, traversed = 0;
        int x = 0;
        for (int i = level - 1; i >= 0; i--) {
            int f;
            while ((f = forward(x, i)) != 0 && traversed + span(x, i) <= wanted) {
                traversed += span(x, i);
                x = f;
            }
            if (traversed == wanted) return x;
        }
        return NONE;
    }

    /** Redis's zslGetRank, 0-based. */
    @Override
    public long rankOf(int pos) {
        double score = scores[pos];
        byte[] member = members[pos];
        long r = 0;
        int x = 0;
        for (int i = level - 1; i >= 0; i--) {
            int f;
            while ((f = forward(x, i)) != 0
                    && (scores[f] < score || (scores[f] == score && Arrays.compareUnsigned(members[f], member) <= 0))) {
                r += span(x, i);
                x = f;
            }
            if (x == pos) return r - 1;
        }
        throw new IllegalStateException("node not in the skip list");
    }

    @Override
    public int skip(int pos, long n, boolean reverse) {
        if (n <= 0) return pos;
        long r = rankOf(pos) + (reverse ? -n : n);
        return atRank(r);
    }

    @Override
    public int firstIn(ZRange range) {
        if (length == 0 || range.isEmpty() || !range.aboveMin(this, tail) || !range.belowMax(this, next[0])) {
            return NONE;
        }
        int x = 0;
        for (int i = level - 1; i >= 0; i--) {
            int f;
            while ((f = forward(x, i)) != 0 && !range.aboveMin(this, f)) x = f;
        }
        x = next[x];
        return range.belowMax(this, x) ? x : NONE;
    }

    @Override
    public int lastIn(ZRange range) {
        if (length == 0 || range.isEmpty() || !range.aboveMin(this, tail) || !range.belowMax(this, next[0])) {
            return NONE;
        }
        int x = 0;
        for (int i = level - 1; i >= 0; i--) {
            int f;
            while ((f = forward(x, i)) != 0 && range.belowMax(this, f)) x = f;
        }
        return range.aboveMin(this, x) ? x : NONE;
    }

    /** ZCOUNT / ZLEXCOUNT from the ranks of the first and last nodes in range, as Redis computes it. */
    @Override
    public long count(ZRange range) {
        int first = firstIn(range);
        if (first == NONE) return 0;
        long count = length - rankOf(first);
        int last = lastIn(range);
        if (last != NONE) count -= length - (rankOf(last) + 1);
        return count;
    }

    @Override
    public void insert(double score, byte[] member) {
        int x = allocate(score, member, randomLevel());
        link(x);
        indexAdd(x);
    }

    /** Appends a node known to sort after every node (building from sorted input). */
    void append(double score, byte[] member) {
        int x = allocate(score, member, randomLevel());
        int nodeLevel = levelOf(x);
        if (nodeLevel > level) {
            for (int i = level; i < nodeLevel; i++) setSpan(0, i, length);
            level = nodeLevel;
        }
        // The last node of each level is found by walking the tops of the levels; spans count the distance.
        int u = 0;
        int r = 0;
        for (int i = level - 1; i >= 0; i--) {
            int f;
            while ((f = forward(u, i)) != 0) {
                r += span(u, i);
                u = f;
            }
            update[i] = u;
            rank[i] = r;
        }
        for (int i = 0; i < nodeLevel; i++) {
            setForward(update[i], i, x);
            setSpan(update[i], i, length - rank[i] + 1);
        }
        for (int i = nodeLevel; i < level; i++) setSpan(update[i], i, span(update[i], i) + 1);
        prev[x] = update[0];
        tail = x;
        length++;
        indexAdd(x);
    }

    @Override
    public void delete(int pos) {
        searchPath(scores[pos], members[pos]);
        unlink(pos);
        indexRemove(pos);
        release(pos);
        maybeCompact();
    }

    /** Redis's zslUpdateScore: in place when the order is unchanged, otherwise the node moves (keeping its id). */
    @Override
    public void setScore(int pos, double newScore) {
        int p = prev[pos], n = next[pos];
        if ((p == 0 || scores[p] < newScore) && (n == 0 || scores[n] > newScore)) {
            scores[pos] = newScore;
            return;
        }
        searchPath(scores[pos], members[pos]);
        unlink(pos);
        scores[pos] = newScore;
        link(pos);
    }

    /** Redis's zslDeleteRangeByRank with 0-based inclusive ranks: O(log n) to the start, then O(1) per node. */
    @Override
    public void deleteRanks(long from, long to) {
        long traversed = 0;
        int x = 0;
        for (int i = level - 1; i >= 0; i--) {
            int f;
            while ((f = forward(x, i)) != 0 && traversed + span(x, i) <= from) {
                traversed += span(x, i);
                x = f;
            }
            update[i] = x;
        }
        traversed++;
        x = next[x];
        while (x != 0 && traversed <= to + 1) {
            int following = next[x];
            unlink(x);
            indexRemove(x);
            release(x);
            traversed++;
            x = following;
        }
        maybeCompact();
    }

    @Override
    public int random() {
        if (length == 0) return NONE;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        while (true) {
            int x = 1 + rnd.nextInt(used - 1);
            if (members[x] != null) return x;          // at least a quarter of the ids are live: few retries
        }
    }

    @Override
    public String encodingName() {
        return "skiplist";
    }

    @Override
    public SkipList copy() {
        SkipList copy = new SkipList(length);
        for (int x = next[0]; x != 0; x = next[x]) copy.append(scores[x], members[x]);
        return copy;
    }

    // ---- member index -------------------------------------------------------------------------------------------

    private void indexAdd(int x) {
        if (newBuckets != null) rehashStep();
        else if (length > buckets.length) startResize(buckets.length * 2);
        int[] table = newBuckets != null ? newBuckets : buckets;
        int b = (int) Hashing.hash(members[x], SEED) & (table.length - 1);
        chain[x] = table[b];
        table[b] = x;
    }

    private void indexRemove(int x) {
        long h = Hashing.hash(members[x], SEED);
        if (!unchain(buckets, h, x) && newBuckets != null) unchain(newBuckets, h, x);
        if (newBuckets != null) rehashStep();
    }

    private boolean unchain(int[] table, long h, int x) {
        int b = (int) h & (table.length - 1);
        int y = table[b];
        if (y == x) {
            table[b] = chain[x];
            return true;
        }
        for (; y != 0; y = chain[y]) {
            if (chain[y] == x) {
                chain[y] = chain[x];
                return true;
            }
        }
        return false;
    }

    private void startResize(int bucketCount) {
        newBuckets = new int[bucketCount];
        rehashIndex = 0;
    }

    /** Moves one bucket (passing at most ten empty ones) to the new table; finishes the resize at the end. */
    private void rehashStep() {
        int empty = EMPTY_VISITS;
        while (rehashIndex < buckets.length && buckets[rehashIndex] == 0) {
            rehashIndex++;
            if (--empty == 0) break;
        }
        if (rehashIndex < buckets.length && buckets[rehashIndex] != 0) {
            int mask = newBuckets.length - 1;
            for (int x = buckets[rehashIndex], following; x != 0; x = following) {
                following = chain[x];
                int b = (int) Hashing.hash(members[x], SEED) & mask;
                chain[x] = newBuckets[b];
                newBuckets[b] = x;
            }
            buckets[rehashIndex++] = 0;
        }
        if (rehashIndex >= buckets.length) {
            buckets = newBuckets;
            newBuckets = null;
            rehashIndex = 0;
        }
    }

    /** Rebuilds the arrays at a quarter of their use: amortized over the deletions that emptied them. */
    private void maybeCompact() {
        if (scores.length <= MIN_CAPACITY * 4 || length >= scores.length / 4) return;
        SkipList fresh = copy();
        scores = fresh.scores;
        members = fresh.members;
        next = fresh.next;
        prev = fresh.prev;
        upper = fresh.upper;
        chain = fresh.chain;
        used = fresh.used;
        freeIds = 0;
        level = fresh.level;
        tail = fresh.tail;
        buckets = fresh.buckets;
        newBuckets = fresh.newBuckets;
        rehashIndex = fresh.rehashIndex;
    }

    // ---- ZSCAN --------------------------------------------------------------------------------------------------

    /** Receives the nodes of one SCAN step. */
    interface NodeVisitor {
        void visit(int node);
    }

    /**
     * Visits the nodes of one cursor step and returns the next cursor (0 at the end): Redis's dictScan over the
     * member index, a reverse-binary cursor over bucket indexes that stays valid across resizes.
     */
    long scan(long cursor, NodeVisitor visitor) {
        if (length == 0) return 0;
        long v = cursor;
        if (newBuckets == null) {
            long m0 = buckets.length - 1;
            visitBucket(buckets, (int) (v & m0), visitor);
            v |= ~m0;
            return Long.reverse(Long.reverse(v) + 1);
        }
        int[] small = buckets, large = newBuckets;
        if (small.length > large.length) {
            small = newBuckets;
            large = buckets;
        }
        long m0 = small.length - 1, m1 = large.length - 1;
        visitBucket(small, (int) (v & m0), visitor);
        do {
            visitBucket(large, (int) (v & m1), visitor);
            v |= ~m1;
            v = Long.reverse(Long.reverse(v) + 1);
        } while ((v & (m0 ^ m1)) != 0);
        return v;
    }

    private void visitBucket(int[] table, int b, NodeVisitor visitor) {
        // Buckets of the old table below the rehash index are empty: their nodes are in the new table.
        for (int x = table[b]; x != 0; x = chain[x]) visitor.visit(x);
    }

    // ---- checks for tests ---------------------------------------------------------------------------------------

    /** Verifies every invariant (order, links, spans, index); throws on the first violation. For tests. */
    void verify() {
        int count = 0;
        int p = 0;
        for (int x = next[0]; x != 0; p = x, x = next[x]) {
            count++;
            if (prev[x] != p) throw new IllegalStateException("backward link of " + x);
            if (p != 0 && !before(p, scores[x], members[x])) throw new IllegalStateException("order at " + x);
            if (find(members[x]) != x) throw new IllegalStateException("index misses " + x);
        }
        if (count != length || tail != p) throw new IllegalStateException("length or tail");
        for (int i = 1; i < level; i++) {
            for (int x = 0, f; (f = forward(x, i)) != 0; x = f) {
                int expected = 0;
                for (int y = x; y != f; y = next[y]) expected++;
                if (span(x, i) != expected) throw new IllegalStateException("span at level " + i);
            }
        }
        for (int i = level; i < MAX_LEVEL; i++) {
            if (forward(0, i) != 0) throw new IllegalStateException("level above the list level");
        }
    }
}
