package dev.cinnabar.zsets;

import dev.cinnabar.keyspace.Footprint;

import dev.cinnabar.keyspace.Hashing;
import dev.cinnabar.protocol.Reply;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The "skiplist" encoding of a large sorted set: Redis's skip list with spans (so that ranks cost O(log n)) plus a
 * member index (so that ZSCORE costs O(1)), laid out for memory and for few cache misses.
 *
 * <p>A node is one object holding its score (a primitive double), its member (the one {@code byte[]} a member
 * costs), its level-0 neighbours and its higher levels inline: three quarters of the nodes have one level, and the
 * classes {@link Node2}, {@link Node3}, {@link Node4} add the successor and span of levels 1 to 3 as fields, so a
 * search touches one object per step, as Redis's nodes do; only the rare nodes of five levels or more carry arrays.
 * The span of level 0 is never stored: it is 1 when there is a successor. The member index chains nodes within
 * buckets like Redis's dict and rehashes incrementally like it (both bucket arrays are searched while a resize is
 * under way), so no single call pays for a whole rehash.
 *
 * <p>Positions handed out through {@link ZsetEncoding} are ids: every node has a dense id (1 to size) naming it in
 * {@link #byId}; deleting a node gives its id to the node with the last id. Ids therefore change on deletion, which
 * the interface allows (positions are valid until the next change), and a uniformly random node is one array read.
 */
final class SkipList implements ZsetEncoding {
    static final int MAX_LEVEL = 32;
    private static final long SEED = ThreadLocalRandom.current().nextLong();
    private static final int MIN_BUCKETS = 4;
    private static final int MIN_IDS = 16;
    /** Empty buckets a rehash step may pass over for each bucket it moves, as in Redis. */
    private static final int EMPTY_VISITS = 10;

    /** A node of one level. */
    static class Node {
        double score;
        byte[] member;
        Node backward;   // level-0 predecessor; null for the first node
        Node next;       // level-0 successor
        Node chain;      // next node in the same member-index bucket
        int id;
        int hash;        // the member's hash (its low bits), so chains and rehashing rarely read members

        Node(double score, byte[] member) {
            this.score = score;
            this.member = member;
        }
    }

    static class Node2 extends Node {
        Node f1;
        int s1;

        Node2(double score, byte[] member) {
            super(score, member);
        }
    }

    static class Node3 extends Node2 {
        Node f2;
        int s2;

        Node3(double score, byte[] member) {
            super(score, member);
        }
    }

    static class Node4 extends Node3 {
        Node f3;
        int s3;

        Node4(double score, byte[] member) {
            super(score, member);
        }
    }

    /** Five levels or more: levels from 4 up in arrays. */
    static final class NodeN extends Node4 {
        final Node[] forwards;
        final int[] spans;

        NodeN(double score, byte[] member, int level) {
            super(score, member);
            forwards = new Node[level - 4];
            spans = new int[level - 4];
        }
    }

    private static final int SPARE_BATCH = 32;

    private final NodeN header = new NodeN(0, null, MAX_LEVEL);
    private final Node[][] spares = new Node[4][SPARE_BATCH];
    private final int[] spareCount = new int[4];
    private Node tail;
    private int length;
    private int level = 1;

    private Node[] byId;         // byId[1..length]; byId[0] is unused
    private Node[] buckets;
    private Node[] newBuckets;   // the table a resize fills; null when none is under way
    private int rehashIndex;     // buckets below this have moved to newBuckets

    // Scratch space of the search paths; every command runs under the server's execution lock.
    private final Node[] update = new Node[MAX_LEVEL];
    private final int[] rank = new int[MAX_LEVEL];

    SkipList(int expectedSize) {
        byId = new Node[Math.max(MIN_IDS, expectedSize + 1)];
        buckets = new Node[bucketsFor(expectedSize)];
    }

    private static int bucketsFor(int size) {
        return Math.max(MIN_BUCKETS, Integer.highestOneBit(Math.max(1, size) - 1) << 1);
    }

    // ---- levels -------------------------------------------------------------------------------------------------

    private static Node forward(Node x, int i) {
        return switch (i) {
            case 0 -> x.next;
            case 1 -> ((Node2) x).f1;
            case 2 -> ((Node3) x).f2;
            case 3 -> ((Node4) x).f3;
            default -> ((NodeN) x).forwards[i - 4];
        };
    }

    private static int span(Node x, int i) {
        return switch (i) {
            case 0 -> x.next != null ? 1 : 0;
            case 1 -> ((Node2) x).s1;
            case 2 -> ((Node3) x).s2;
            case 3 -> ((Node4) x).s3;
            default -> ((NodeN) x).spans[i - 4];
        };
    }

    private static void setForward(Node x, int i, Node node) {
        switch (i) {
            case 0 -> x.next = node;
            case 1 -> ((Node2) x).f1 = node;
            case 2 -> ((Node3) x).f2 = node;
            case 3 -> ((Node4) x).f3 = node;
            default -> ((NodeN) x).forwards[i - 4] = node;
        }
    }

    /** Sets a span; level 0's is implicit. */
    private static void setSpan(Node x, int i, int span) {
        switch (i) {
            case 0 -> { }
            case 1 -> ((Node2) x).s1 = span;
            case 2 -> ((Node3) x).s2 = span;
            case 3 -> ((Node4) x).s3 = span;
            default -> ((NodeN) x).spans[i - 4] = span;
        }
    }

    private static int levelOf(Node x) {
        if (x instanceof NodeN n) return 4 + n.forwards.length;
        if (x instanceof Node4) return 4;
        if (x instanceof Node3) return 3;
        return x instanceof Node2 ? 2 : 1;
    }

    /**
     * A node for an insert. Nodes of up to four levels are allocated in batches, one after the other, so that a
     * set's nodes sit together in memory rather than between the short-lived objects allocated while it was built:
     * a search then touches fewer cache lines and pages. Deleted nodes are kept for reuse, up to a batch.
     */
    private Node newNode(double score, byte[] member, int level) {
        if (level > 4) return new NodeN(score, member, level);
        Node[] pool = spares[level - 1];
        int n = spareCount[level - 1];
        if (n == 0) {
            // batches grow with the set (a node of level L is about 4^(L-1) times rarer): small sets waste little
            n = Math.max(1, Math.min(SPARE_BATCH, (length >> 3) >> (2 * (level - 1))));
            for (int i = 0; i < n; i++) pool[i] = blank(level);
        }
        Node x = pool[--n];
        pool[n] = null;
        spareCount[level - 1] = n;
        x.score = score;
        x.member = member;
        return x;
    }

    private static Node blank(int level) {
        return switch (level) {
            case 1 -> new Node(0, null);
            case 2 -> new Node2(0, null);
            case 3 -> new Node3(0, null);
            default -> new Node4(0, null);
        };
    }

    /** Keeps a deleted node for reuse, its links cleared. */
    private void recycle(Node x) {
        int level = levelOf(x);
        if (level > 4 || spareCount[level - 1] == SPARE_BATCH) return;
        x.member = null;
        x.backward = x.next = x.chain = null;
        for (int i = 1; i < level; i++) setForward(x, i, null);
        spares[level - 1][spareCount[level - 1]++] = x;
    }

    /** Redis's zslRandomLevel: each further level with probability 1/4, at most 32. */
    private static int randomLevel() {
        long bits = ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE;
        return Math.min(MAX_LEVEL, Long.numberOfTrailingZeros(bits) / 2 + 1);
    }

    /** True when node f sorts before (score, member): lower score, or equal score and smaller member. */
    private static boolean before(Node f, double score, byte[] member) {
        double s = f.score;
        return s < score || (s == score && Arrays.compareUnsigned(f.member, member) < 0);
    }

    // ---- ids ----------------------------------------------------------------------------------------------------

    /** Gives a node that just joined the list (length already counts it) the next id. */
    private void assignId(Node x) {
        if (length >= byId.length) byId = Arrays.copyOf(byId, byId.length + (byId.length >> 1));
        x.id = length;
        byId[length] = x;
    }

    /** Frees the id of a node leaving the list (called after length was decremented): the last id takes its place. */
    private void releaseId(Node x) {
        Node last = byId[length + 1];
        byId[x.id] = last;
        last.id = x.id;
        byId[length + 1] = null;
        if (byId.length > MIN_IDS * 4 && length < byId.length / 4) byId = Arrays.copyOf(byId, byId.length / 2);
    }

    private Node node(int pos) {
        return byId[pos];
    }

    private static int pos(Node x) {
        return x == null ? NONE : x.id;
    }

    // ---- linking ------------------------------------------------------------------------------------------------

    /**
     * Fills {@link #update} with the last node before (score, member) on each level, and {@link #rank} with their
     * ranks. The hottest loop of the type: each level reads its own field directly, with no dispatch on the level.
     */
    private void searchPath(double score, byte[] member) {
        Node x = header;
        int r = 0;
        Node f;
        for (int i = level - 1; i >= 4; i--) {
            while ((f = ((NodeN) x).forwards[i - 4]) != null && before(f, score, member)) {
                r += ((NodeN) x).spans[i - 4];
                x = f;
            }
            update[i] = x;
            rank[i] = r;
        }
        if (level > 3) {
            while ((f = ((Node4) x).f3) != null && before(f, score, member)) {
                r += ((Node4) x).s3;
                x = f;
            }
            update[3] = x;
            rank[3] = r;
        }
        if (level > 2) {
            while ((f = ((Node3) x).f2) != null && before(f, score, member)) {
                r += ((Node3) x).s2;
                x = f;
            }
            update[2] = x;
            rank[2] = r;
        }
        if (level > 1) {
            while ((f = ((Node2) x).f1) != null && before(f, score, member)) {
                r += ((Node2) x).s1;
                x = f;
            }
            update[1] = x;
            rank[1] = r;
        }
        while ((f = x.next) != null && before(f, score, member)) {
            r++;
            x = f;
        }
        update[0] = x;
        rank[0] = r;
    }

    /** Links a node at its place (Redis's zslInsert after the node is created). */
    private void link(Node x) {
        searchPath(x.score, x.member);
        int nodeLevel = levelOf(x);
        if (nodeLevel > level) {
            for (int i = level; i < nodeLevel; i++) {
                rank[i] = 0;
                update[i] = header;
                setSpan(header, i, length);
            }
            level = nodeLevel;
        }
        for (int i = 0; i < nodeLevel; i++) {
            Node u = update[i];
            setForward(x, i, forward(u, i));
            setForward(u, i, x);
            setSpan(x, i, span(u, i) - (rank[0] - rank[i]));
            setSpan(u, i, rank[0] - rank[i] + 1);
        }
        for (int i = nodeLevel; i < level; i++) setSpan(update[i], i, span(update[i], i) + 1);
        x.backward = update[0] == header ? null : update[0];
        if (x.next != null) x.next.backward = x;
        else tail = x;
        length++;
    }

    /** Unlinks node x, whose search path is in {@link #update} (Redis's zslDeleteNode). */
    private void unlink(Node x) {
        for (int i = 0; i < level; i++) {
            Node u = update[i];
            if (forward(u, i) == x) {
                setSpan(u, i, span(u, i) + span(x, i) - 1);
                setForward(u, i, forward(x, i));
            } else {
                setSpan(u, i, span(u, i) - 1);
            }
        }
        if (x.next != null) x.next.backward = x.backward;
        else tail = x.backward;
        while (level > 1 && forward(header, level - 1) == null) level--;
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
        int h = hash(member);
        Node x = findIn(buckets, h, member, newBuckets != null ? rehashIndex : 0);
        if (x == null && newBuckets != null) x = findIn(newBuckets, h, member, 0);
        return pos(x);
    }

    private static int hash(byte[] member) {
        return (int) Hashing.hash(member, SEED);
    }

    private static Node findIn(Node[] table, int h, byte[] member, int movedBelow) {
        int b = h & (table.length - 1);
        if (b < movedBelow) return null;
        for (Node x = table[b]; x != null; x = x.chain) {
            if (x.hash == h && Arrays.equals(x.member, member)) return x;
        }
        return null;
    }

    @Override
    public double score(int pos) {
        return node(pos).score;
    }

    @Override
    public byte[] member(int pos) {
        return node(pos).member;
    }

    @Override
    public void writeMember(int pos, Reply reply) {
        reply.bulk(node(pos).member);
    }

    @Override
    public int memberLength(int pos) {
        return node(pos).member.length;
    }

    @Override
    public int compareMember(int pos, byte[] other) {
        return Arrays.compareUnsigned(node(pos).member, other);
    }

    @Override
    public int first() {
        return pos(header.next);
    }

    @Override
    public int last() {
        return pos(tail);
    }

    @Override
    public int next(int pos) {
        return pos(node(pos).next);
    }

    @Override
    public int prev(int pos) {
        return pos(node(pos).backward);
    }

    /** Redis's zslGetElementByRank with a 0-based rank. */
    @Override
    public int atRank(long rank0) {
        if (rank0 < 0 || rank0 >= length) return NONE;
        long wanted = rank0 + 1, traversed = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            Node f;
            while ((f = forward(x, i)) != null && traversed + span(x, i) <= wanted) {
                traversed += span(x, i);
                x = f;
            }
            if (traversed == wanted) return x.id;
        }
        return NONE;
    }

    /** Redis's zslGetRank, 0-based. */
    @Override
    public long rankOf(int pos) {
        Node target = node(pos);
        double score = target.score;
        byte[] member = target.member;
        long r = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            Node f;
            while ((f = forward(x, i)) != null
                    && (f.score < score || (f.score == score && Arrays.compareUnsigned(f.member, member) <= 0))) {
                r += span(x, i);
                x = f;
            }
            if (x == target) return r - 1;
        }
        throw new IllegalStateException("node not in the skip list");
    }

    @Override
    public int skip(int pos, long n, boolean reverse) {
        if (n <= 0) return pos;
        return atRank(rankOf(pos) + (reverse ? -n : n));
    }

    @Override
    public int firstIn(ZRange range) {
        if (length == 0 || range.isEmpty() || !range.aboveMin(this, tail.id) || !range.belowMax(this, header.next.id)) {
            return NONE;
        }
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            Node f;
            while ((f = forward(x, i)) != null && !range.aboveMin(this, f.id)) x = f;
        }
        x = x.next;
        return range.belowMax(this, x.id) ? x.id : NONE;
    }

    @Override
    public int lastIn(ZRange range) {
        if (length == 0 || range.isEmpty() || !range.aboveMin(this, tail.id) || !range.belowMax(this, header.next.id)) {
            return NONE;
        }
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            Node f;
            while ((f = forward(x, i)) != null && range.belowMax(this, f.id)) x = f;
        }
        return range.aboveMin(this, x.id) ? x.id : NONE;
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
        Node x = newNode(score, member, randomLevel());
        link(x);
        assignId(x);
        indexAdd(x);
    }

    /** Appends a node known to sort after every node (building from sorted input). */
    void append(double score, byte[] member) {
        Node x = newNode(score, member, randomLevel());
        int nodeLevel = levelOf(x);
        if (nodeLevel > level) {
            for (int i = level; i < nodeLevel; i++) setSpan(header, i, length);
            level = nodeLevel;
        }
        // The last node of each level: walk along the top of each level, counting positions.
        Node u = header;
        int r = 0;
        for (int i = level - 1; i >= 0; i--) {
            Node f;
            while ((f = forward(u, i)) != null) {
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
        x.backward = update[0] == header ? null : update[0];
        tail = x;
        length++;
        assignId(x);
        indexAdd(x);
    }

    @Override
    public void delete(int pos) {
        Node x = node(pos);
        searchPath(x.score, x.member);
        unlink(x);
        indexRemove(x);
        releaseId(x);
        recycle(x);
    }

    /** Redis's zslUpdateScore: in place when the order is unchanged, otherwise the node moves. */
    @Override
    public void setScore(int pos, double newScore) {
        Node x = node(pos);
        if ((x.backward == null || x.backward.score < newScore) && (x.next == null || x.next.score > newScore)) {
            x.score = newScore;
            return;
        }
        searchPath(x.score, x.member);
        unlink(x);
        x.score = newScore;
        link(x);
    }

    /** Redis's zslDeleteRangeByRank with 0-based inclusive ranks: O(log n) to the start, then O(1) per node. */
    @Override
    public void deleteRanks(long from, long to) {
        long traversed = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            Node f;
            while ((f = forward(x, i)) != null && traversed + span(x, i) <= from) {
                traversed += span(x, i);
                x = f;
            }
            update[i] = x;
        }
        traversed++;
        x = x.next;
        while (x != null && traversed <= to + 1) {
            Node following = x.next;
            unlink(x);
            indexRemove(x);
            releaseId(x);
            recycle(x);
            traversed++;
            x = following;
        }
    }

    @Override
    public int random() {
        return length == 0 ? NONE : 1 + ThreadLocalRandom.current().nextInt(length);
    }

    @Override
    public String encodingName() {
        return "skiplist";
    }

    @Override
    public SkipList copy() {
        SkipList copy = new SkipList(length);
        for (Node x = header.next; x != null; x = x.next) copy.append(x.score, x.member);
        return copy;
    }

    // ---- member index -------------------------------------------------------------------------------------------

    private void indexAdd(Node x) {
        if (newBuckets != null) rehashStep();
        else if (length > buckets.length) startResize(buckets.length * 2);
        Node[] table = newBuckets != null ? newBuckets : buckets;
        x.hash = hash(x.member);
        int b = x.hash & (table.length - 1);
        x.chain = table[b];
        table[b] = x;
    }

    private void indexRemove(Node x) {
        if (!unchain(buckets, x) && newBuckets != null) unchain(newBuckets, x);
        x.chain = null;
        if (newBuckets != null) rehashStep();
        else if (buckets.length > MIN_BUCKETS && length * 10L < buckets.length) startResize(bucketsFor(length));
    }

    private static boolean unchain(Node[] table, Node x) {
        int b = x.hash & (table.length - 1);
        Node y = table[b];
        if (y == x) {
            table[b] = x.chain;
            return true;
        }
        for (; y != null; y = y.chain) {
            if (y.chain == x) {
                y.chain = x.chain;
                return true;
            }
        }
        return false;
    }

    private void startResize(int bucketCount) {
        if (bucketCount == buckets.length) return;
        newBuckets = new Node[bucketCount];
        rehashIndex = 0;
    }

    /** Moves one bucket (passing at most ten empty ones) to the new table; finishes the resize at the end. */
    private void rehashStep() {
        int empty = EMPTY_VISITS;
        while (rehashIndex < buckets.length && buckets[rehashIndex] == null) {
            rehashIndex++;
            if (--empty == 0) break;
        }
        if (rehashIndex < buckets.length && buckets[rehashIndex] != null) {
            int mask = newBuckets.length - 1;
            for (Node x = buckets[rehashIndex], following; x != null; x = following) {
                following = x.chain;
                int b = x.hash & mask;
                x.chain = newBuckets[b];
                newBuckets[b] = x;
            }
            buckets[rehashIndex++] = null;
        }
        if (rehashIndex >= buckets.length) {
            buckets = newBuckets;
            newBuckets = null;
            rehashIndex = 0;
        }
    }

    // ---- ZSCAN --------------------------------------------------------------------------------------------------

    /** Receives the positions of the nodes of one SCAN step. */
    interface NodeVisitor {
        void visit(int pos);
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
        Node[] small = buckets, large = newBuckets;
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

    private static void visitBucket(Node[] table, int b, NodeVisitor visitor) {
        // Buckets of the old table below the rehash index are empty: their nodes are in the new table.
        for (Node x = table[b]; x != null; x = x.chain) visitor.visit(x.id);
    }

    // ---- checks for tests ---------------------------------------------------------------------------------------

    /** Verifies every invariant (order, links, spans, ids, index); throws on the first violation. For tests. */
    void verify() {
        int count = 0;
        Node p = null;
        for (Node x = header.next; x != null; p = x, x = x.next) {
            count++;
            if (x.backward != p) throw new IllegalStateException("backward link of " + x.id);
            if (p != null && !before(p, x.score, x.member)) throw new IllegalStateException("order at " + x.id);
            if (byId[x.id] != x) throw new IllegalStateException("id of " + x.id);
            if (find(x.member) != x.id) throw new IllegalStateException("index misses " + x.id);
        }
        if (count != length || tail != p) throw new IllegalStateException("length or tail");
        for (int i = length + 1; i < byId.length; i++) {
            if (byId[i] != null) throw new IllegalStateException("stale id " + i);
        }
        for (int i = 1; i < level; i++) {
            for (Node x = header, f; (f = forward(x, i)) != null; x = f) {
                int expected = 0;
                for (Node y = x; y != f; y = y.next) expected++;
                if (span(x, i) != expected) throw new IllegalStateException("span at level " + i);
            }
        }
        for (int i = level; i < MAX_LEVEL; i++) {
            if (forward(header, i) != null) throw new IllegalStateException("level above the list level");
        }
    }

    /** A node's heap bytes with its member: levels above the first add a link and a span each. */
    private static long nodeFootprint(Node x) {
        int level = levelOf(x);
        long links = Math.min(level, 4) - 1;
        long node = Footprint.object(4 + (int) links, 16 + 4 * (int) links);
        if (x instanceof NodeN n) {
            node += 2L * Footprint.REFERENCE + Footprint.references(n.forwards.length) + Footprint.ints(n.spans.length);
        }
        return node + Footprint.bytes(x.member.length);
    }

    @Override
    public long footprint(int samples) {
        long tables = Footprint.references(byId.length) + Footprint.references(buckets.length)
                + (newBuckets == null ? 0 : Footprint.references(newBuckets.length));
        long nodes = 0;
        int measured = 0;
        for (Node x = header.next; x != null && (samples == 0 || measured < samples); x = x.next, measured++) {
            nodes += nodeFootprint(x);
        }
        return Footprint.object(10, 12) + tables + (measured == 0 ? 0 : nodes * length / measured);
    }
}
