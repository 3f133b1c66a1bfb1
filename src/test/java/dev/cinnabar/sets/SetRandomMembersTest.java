package dev.cinnabar.sets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.RespTree;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SPOP and SRANDMEMBER, whose results are random: checked for count, distinctness, membership, effect, order where
 * Redis fixes it (listpacks answer in their own order), encoding afterwards, and uniformity (a chi-square test with
 * a threshold that a fair draw exceeds with probability about 1e-5, as in Redis's own tests).
 */
class SetRandomMembersTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    static RespConnection c;

    @BeforeAll
    static void connect() throws IOException {
        c = cinnabar.connect();
    }

    @AfterAll
    static void disconnect() throws IOException {
        c.call("CONFIG", "SET", "set-max-listpack-entries", "128");
        c.close();
    }

    @BeforeEach
    void flush() throws IOException {
        c.call("FLUSHALL");
        c.call("CONFIG", "SET", "set-max-listpack-entries", "128");
    }

    private static List<String> members(String key) throws IOException {
        RespTree reply = RespTree.parse(c.call("SMEMBERS", key));
        return reply.strings();
    }

    private static String encoding(String key) throws IOException {
        return RespTree.parse(c.call("OBJECT", "ENCODING", key)).text();
    }

    private static List<String> fill(String key, String prefix, int n) throws IOException {
        List<String> all = new ArrayList<>(List.of("SADD", key));
        for (int i = 0; i < n; i++) all.add(prefix + i);
        c.call(all.toArray(String[]::new));
        return all.subList(2, all.size());
    }

    /** True when the elements appear in {@code order} in the same relative order. */
    private static boolean isSubsequence(List<String> elements, List<String> order) {
        int previous = -1;
        for (String e : elements) {
            int at = order.indexOf(e);
            if (at <= previous) return false;
            previous = at;
        }
        return true;
    }

    /** A hashtable set holding only the first {@code kept} of {@code n} members it was created with. */
    private static List<String> shrunkHashtable(String key, String prefix, int n, int kept) throws IOException {
        List<String> all = fill(key, prefix, n);
        List<String> srem = new ArrayList<>(List.of("SREM", key));
        srem.addAll(all.subList(kept, n));
        c.call(srem.toArray(String[]::new));
        return all.subList(0, kept);
    }

    /** Pops of every size take distinct members, leave the rest, and keep the encoding or rebuild as Redis does. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"intset", "listpack", "hashtable", "hashtable-of-integers"})
    void spopWithCount(String kind) throws IOException {
        for (int count : new int[] {1, 2, 5, 30, 50, 80, 99}) {
            c.call("DEL", "s");
            List<String> all = switch (kind) {
                case "intset" -> fill("s", "", 100);
                case "listpack" -> fill("s", "m", 100);
                case "hashtable" -> shrunkHashtable("s", "member:", 200, 100);
                default -> shrunkHashtable("s", "", 600, 100);
            };
            assertEquals(kind.startsWith("hashtable") ? "hashtable" : kind, encoding("s"));
            List<String> before = members("s");
            RespTree reply = RespTree.parse(c.call("SPOP", "s", String.valueOf(count)));
            List<String> popped = reply.strings();
            assertEquals(count, popped.size());
            assertEquals(count, new HashSet<>(popped).size(), "distinct");
            assertTrue(new HashSet<>(all).containsAll(popped));
            List<String> left = new ArrayList<>(before);
            left.removeAll(popped);
            List<String> after = members("s");
            assertEquals(new HashSet<>(left), new HashSet<>(after));
            boolean rebuilt = (100 - count) * 5 <= count;
            if (kind.equals("listpack")) {
                assertTrue(isSubsequence(popped, before), "popped in listpack order");
                assertEquals(left, after, "survivors keep their order");
            }
            String expectedEncoding = switch (kind) {
                case "hashtable-of-integers" -> rebuilt ? "listpack" : "hashtable";  // the kept few start a listpack
                case "hashtable" -> rebuilt ? "listpack" : "hashtable";
                default -> kind;
            };
            assertEquals(expectedEncoding, encoding("s"), kind + " after SPOP " + count);
        }
    }

    @Test
    void spopRebuildingAHashtableKeepsAHashtableWhenTheSurvivorsDoNotFitAListpack() throws IOException {
        fill("s", "member:", 200);
        c.call("CONFIG", "SET", "set-max-listpack-entries", "3");
        c.call("SPOP", "s", "196");
        assertEquals("hashtable", encoding("s"));
        assertEquals(4, members("s").size());
        c.call("SPOP", "s", "1");
        c.call("SPOP", "s", "2");    // 1 left, 1 * 5 > 2: popped one by one, the hashtable stays
        assertEquals("hashtable", encoding("s"));
    }

    @Test
    void singlePopsEmptyAHashtableWithoutRepeats() throws IOException {
        Set<String> all = new HashSet<>(fill("s", "element:", 2000));
        Set<String> popped = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String member = RespTree.parse(c.call("SPOP", "s")).text();
            assertTrue(all.contains(member) && popped.add(member), member);
        }
        assertEquals(all, popped);
        assertEquals(":0\r\n", c.call("EXISTS", "s"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"intset", "listpack", "hashtable"})
    void srandmemberCounts(String kind) throws IOException {
        List<String> all = switch (kind) {
            case "intset" -> fill("s", "", 100);
            case "listpack" -> fill("s", "m", 100);
            default -> fill("s", "member:", 300);
        };
        assertEquals(kind, encoding("s"));
        List<String> order = members("s");
        for (int count : new int[] {1, 2, 10, 33, 34, 99, 100, 101, 1000, -1, -5, -500}) {
            List<String> got = RespTree.parse(c.call("SRANDMEMBER", "s", String.valueOf(count))).strings();
            int expected = count < 0 ? -count : Math.min(count, all.size());
            assertEquals(expected, got.size(), "SRANDMEMBER " + count);
            assertTrue(new HashSet<>(all).containsAll(got));
            if (count > 0) assertEquals(got.size(), new HashSet<>(got).size(), "distinct for " + count);
            if (count >= all.size()) assertEquals(order, got, "the whole set in its order");
            if (kind.equals("listpack") && count > 1) assertTrue(isSubsequence(got, order), "listpack order");
        }
        assertEquals(new LinkedHashSet<>(order), new LinkedHashSet<>(members("s")), "unchanged");
    }

    /** The members come out equally often, for each encoding and each way of drawing them. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"intset", "listpack", "hashtable"})
    void drawsAreUniform(String kind) throws IOException {
        List<String> all = switch (kind) {
            case "intset" -> fill("s", "", 10);
            case "listpack" -> fill("s", "m", 10);
            default -> shrunkHashtable("s", "member:", 150, 10);    // clustered as deletions leave a table
        };
        assertEquals(kind, encoding("s"));
        assertUniform(RespTree.parse(c.call("SRANDMEMBER", "s", "-10000")).strings(), all);
        for (int size : new int[] {8, 2}) {      // drawn by elimination from a copy, and by repeated draws
            List<String> draws = new ArrayList<>();
            for (int i = 0; i < 2000 / size; i++) {
                draws.addAll(RespTree.parse(c.call("SRANDMEMBER", "s", String.valueOf(size))).strings());
            }
            assertUniform(draws, all);
        }
        List<String> singles = new ArrayList<>();
        for (int i = 0; i < 2000; i++) singles.add(RespTree.parse(c.call("SRANDMEMBER", "s")).text());
        assertUniform(singles, all);
    }

    @Test
    void popsAreUniform() throws IOException {
        List<String> popped = new ArrayList<>();
        List<String> all = null;
        for (int round = 0; round < 2000; round++) {
            c.call("DEL", "s");
            all = shrunkHashtable("s", "member:", 150, 10);
            popped.add(RespTree.parse(c.call("SPOP", "s")).text());
        }
        assertUniform(popped, all);
    }

    private static void assertUniform(List<String> draws, List<String> members) {
        Map<String, Integer> counts = new HashMap<>();
        for (String d : draws) counts.merge(d, 1, Integer::sum);
        assertEquals(new HashSet<>(members), counts.keySet());
        double expected = (double) draws.size() / members.size();
        double chiSquare = 0;
        for (int n : counts.values()) chiSquare += (n - expected) * (n - expected) / expected;
        assertTrue(chiSquare < 40, "chi-square " + chiSquare + " for " + counts);   // 9 degrees of freedom
    }
}
