package dev.cinnabar.zsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Both encodings against a simple sorted reference (a TreeSet ordered by score, then member bytes): random inserts,
 * deletions, score changes and range deletions, checking after each step every rank, every range lookup and count,
 * and, for the skip list, its internal invariants (links, spans, member index) and a complete ZSCAN.
 */
class SkipListModelTest {
    private record Element(double score, byte[] member) {}

    private static final Comparator<Element> ORDER = (a, b) -> {
        if (a.score < b.score) return -1;
        if (a.score > b.score) return 1;
        return Arrays.compareUnsigned(a.member, b.member);
    };

    private static final double[] SCORES = {Double.NEGATIVE_INFINITY, -5, -1.5, -0.0, 0, 1, 1, 2.25, 3, 1e300,
            Double.POSITIVE_INFINITY, 0x1p60, -0x1p60, 0x1p61, -0x1p61, 0x1p62, 123456789012345678.0, -1e-300, 63, 64, -64};

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void skipListMatchesReference(long seed) {
        run(seed, new SkipList(0), 3000, 400, false);
    }

    @ParameterizedTest
    @ValueSource(longs = {7, 8})
    void lexRangesOnEqualScores(long seed) {
        run(seed, new SkipList(0), 2000, 300, true);
        run(seed, new Listpack(), 1000, 60, true);
    }

    @ParameterizedTest
    @ValueSource(longs = {5, 6})
    void listpackMatchesReference(long seed) {
        run(seed, new Listpack(), 1500, 60, false);
    }

    private static void run(long seed, ZsetEncoding set, int steps, int members, boolean equalScores) {
        Random rnd = new Random(seed);
        TreeSet<Element> model = new TreeSet<>(ORDER);
        Map<String, Element> byMember = new HashMap<>();
        for (int step = 0; step < steps; step++) {
            String name = "m" + rnd.nextInt(members);
            byte[] member = name.getBytes(StandardCharsets.UTF_8);
            double score = rnd.nextInt(4) == 0 ? SCORES[rnd.nextInt(SCORES.length)] : rnd.nextInt(50) / 4.0;
            if (equalScores || (set instanceof Listpack && score == 0)) score = 0.0;   // the listpack stores -0 as 0
            Element old = byMember.get(name);
            int op = rnd.nextInt(10);
            if (op < 5) {
                if (old == null) {
                    set.insert(score, member);
                } else {
                    int pos = set.find(member);
                    set.setScore(pos, score);
                    model.remove(old);
                }
                Element e = new Element(score, member);
                model.add(e);
                byMember.put(name, e);
            } else if (op < 8) {
                int pos = set.find(member);
                assertEquals(old == null, pos == ZsetEncoding.NONE);
                if (old != null) {
                    set.delete(pos);
                    model.remove(old);
                    byMember.remove(name);
                }
            } else if (op == 8 && !model.isEmpty()) {
                int from = rnd.nextInt(model.size());
                int to = Math.min(model.size() - 1, from + rnd.nextInt(20));
                set.deleteRanks(from, to);
                List<Element> all = new ArrayList<>(model);
                for (int i = from; i <= to; i++) {
                    model.remove(all.get(i));
                    byMember.remove(new String(all.get(i).member, StandardCharsets.UTF_8));
                }
            }
            if (step % 25 == 0 || step == steps - 1) check(set, model, rnd);
        }
        // empty it completely, which also shrinks the skip list
        while (set.size() > 0) {
            set.delete(set.first());
            model.pollFirst();
            if (set.size() % 97 == 0) check(set, model, rnd);
        }
        check(set, model, rnd);
    }

    private static void check(ZsetEncoding set, TreeSet<Element> model, Random rnd) {
        if (set instanceof SkipList list) list.verify();
        List<Element> all = new ArrayList<>(model);
        assertEquals(all.size(), set.size());
        int rank = 0;
        for (int p = set.first(); p != ZsetEncoding.NONE; p = set.next(p), rank++) {
            Element e = all.get(rank);
            assertEquals(e.score, set.score(p), "score at rank " + rank);
            assertTrue(Arrays.equals(e.member, set.member(p)), "member at rank " + rank);
            assertEquals(rank, set.rankOf(p));
            assertEquals(p, set.atRank(rank));
            assertEquals(p, set.find(e.member));
        }
        assertEquals(all.size(), rank);
        rank = all.size() - 1;
        for (int p = set.last(); p != ZsetEncoding.NONE; p = set.prev(p), rank--) {
            assertTrue(Arrays.equals(all.get(rank).member, set.member(p)));
        }
        assertEquals(-1, rank);
        assertEquals(ZsetEncoding.NONE, set.atRank(all.size()));
        for (int i = 0; i < 20; i++) {
            double a = SCORES[rnd.nextInt(SCORES.length)], b = rnd.nextInt(50) / 4.0;
            boolean minEx = rnd.nextBoolean(), maxEx = rnd.nextBoolean();
            checkRange(set, all, ScoreRange.parse(bound(a, minEx), bound(b, maxEx)));
            checkRange(set, all, ScoreRange.parse(bound(b, minEx), bound(a, maxEx)));
            String lo = "m" + rnd.nextInt(500), hi = "m" + rnd.nextInt(500);
            checkRange(set, all, LexRange.parse(((minEx ? "(" : "[") + lo).getBytes(), ((maxEx ? "(" : "[") + hi).getBytes()));
            checkRange(set, all, LexRange.parse("-".getBytes(), ((maxEx ? "(" : "[") + hi).getBytes()));
            checkRange(set, all, LexRange.parse(((minEx ? "(" : "[") + lo).getBytes(), "+".getBytes()));
            if (!all.isEmpty()) {
                int start = rnd.nextInt(all.size());
                int n = rnd.nextInt(all.size() + 2);
                int target = start + n;
                int p = set.skip(set.atRank(start), n, false);
                assertEquals(target < all.size() ? set.atRank(target) : ZsetEncoding.NONE, p);
                p = set.skip(set.atRank(start), n, true);
                assertEquals(start - n >= 0 ? set.atRank(start - n) : ZsetEncoding.NONE, p);
            }
        }
        if (set instanceof SkipList list) {
            Set<String> seen = new HashSet<>();
            long cursor = 0;
            do {
                cursor = list.scan(cursor, node -> seen.add(new String(list.member(node), StandardCharsets.UTF_8)));
            } while (cursor != 0);
            assertEquals(all.size(), seen.size());
        }
        if (!all.isEmpty()) {
            int p = set.random();
            assertTrue(set.find(set.member(p)) == p);
        }
    }

    private static byte[] bound(double value, boolean exclusive) {
        String text = Double.isInfinite(value) ? (value > 0 ? "+inf" : "-inf") : Double.toString(value);
        return ((exclusive ? "(" : "") + text).getBytes(StandardCharsets.US_ASCII);
    }

    /** firstIn, lastIn and count against a scan of the sorted reference (members sort with their scores here). */
    private static void checkRange(ZsetEncoding set, List<Element> all, ZRange range) {
        int first = -1, last = -1;
        for (int i = 0; i < all.size(); i++) {
            int pos = set.atRank(i);
            if (range.aboveMin(set, pos) && range.belowMax(set, pos)) {
                if (first < 0) first = i;
                last = i;
            }
        }
        boolean lex = range instanceof LexRange;
        if (lex && !sortedByMember(all)) return;      // lex ranges are only defined when scores are all equal
        if (range.isEmpty()) first = last = -1;
        assertEquals(first < 0 ? ZsetEncoding.NONE : set.atRank(first), set.firstIn(range));
        assertEquals(last < 0 ? ZsetEncoding.NONE : set.atRank(last), set.lastIn(range));
        assertEquals(first < 0 ? 0 : last - first + 1, set.count(range));
    }

    private static boolean sortedByMember(List<Element> all) {
        for (int i = 1; i < all.size(); i++) {
            if (Arrays.compareUnsigned(all.get(i - 1).member, all.get(i).member) > 0) return false;
        }
        return true;
    }
}
