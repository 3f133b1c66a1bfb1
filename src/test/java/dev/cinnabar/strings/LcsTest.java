package dev.cinnabar.strings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

class LcsTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<String> ranges(String a, String b, long minMatchLength, StringBuilder sequence) {
        List<String> found = new ArrayList<>();
        Lcs lcs = Lcs.table(bytes(a), a.length(), bytes(b), b.length());
        byte[] subsequence = lcs.walk(minMatchLength,
                (as, ae, bs, be) -> found.add(as + "-" + ae + "/" + bs + "-" + be));
        sequence.append(new String(subsequence, StandardCharsets.ISO_8859_1));
        return found;
    }

    @Test
    void findsRedisDocumentationExample() {
        StringBuilder sequence = new StringBuilder();
        assertEquals(List.of("4-7/5-8", "2-3/0-1"), ranges("ohmytext", "mynewtext", 0, sequence));
        assertEquals("mytext", sequence.toString());
        assertEquals(List.of("4-7/5-8"), ranges("ohmytext", "mynewtext", 4, new StringBuilder()));
    }

    @Test
    void walksTiesTheWayRedisDoes() {
        // "ABCBDAB" / "BDCABA" has several LCS of length 4; Redis's walk picks these
        StringBuilder sequence = new StringBuilder();
        ranges("ABCBDAB", "BDCABA", 0, sequence);
        assertEquals("BDAB", sequence.toString());
        StringBuilder reversed = new StringBuilder();
        ranges("BDCABA", "ABCBDAB", 0, reversed);
        assertEquals("BCBA", reversed.toString());
    }

    @Test
    void emptyInputs() {
        assertEquals(0, Lcs.length(new byte[0], 0, bytes("abc"), 3));
        StringBuilder sequence = new StringBuilder();
        assertTrue(ranges("", "", 0, sequence).isEmpty());
        assertEquals("", sequence.toString());
    }

    @Test
    void usesOnlyTheGivenLengthOfTheBuffers() {
        byte[] a = bytes("abcXXXX");
        byte[] b = bytes("abcYYYY");
        assertEquals(3, Lcs.length(a, 3, b, 3));
        assertArrayEquals(bytes("abc"), Lcs.table(a, 3, b, 3).walk(0, (as, ae, bs, be) -> { }));
    }

    @Test
    void lengthAgreesWithTheFullTableAndTheSubsequenceIsCommon() {
        Random random = new Random(5);
        for (int round = 0; round < 500; round++) {
            String a = randomString(random), b = randomString(random);
            int length = Lcs.length(bytes(a), a.length(), bytes(b), b.length());
            StringBuilder sequence = new StringBuilder();
            ranges(a, b, 0, sequence);
            assertEquals(length, sequence.length(), a + " / " + b);
            assertTrue(isSubsequence(sequence.toString(), a) && isSubsequence(sequence.toString(), b));
            assertEquals(naiveLength(a, b), length);
        }
    }

    @Test
    void tablesBeyondOneJavaArrayAreRefused() {
        assertTrue(Lcs.tableFitsArray(100_000, 100_000));
        assertFalse(Lcs.tableFitsArray(1L << 31, 1L << 31));
    }

    private static String randomString(Random random) {
        StringBuilder sb = new StringBuilder();
        int length = random.nextInt(30);
        int alphabet = 1 + random.nextInt(5);
        for (int i = 0; i < length; i++) sb.append((char) ('a' + random.nextInt(alphabet)));
        return sb.toString();
    }

    private static boolean isSubsequence(String sub, String s) {
        int j = 0;
        for (int i = 0; i < s.length() && j < sub.length(); i++) if (s.charAt(i) == sub.charAt(j)) j++;
        return j == sub.length();
    }

    private static int naiveLength(String a, String b) {
        int[][] t = new int[a.length() + 1][b.length() + 1];
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                t[i][j] = a.charAt(i - 1) == b.charAt(j - 1) ? t[i - 1][j - 1] + 1 : Math.max(t[i - 1][j], t[i][j - 1]);
            }
        }
        return t[a.length()][b.length()];
    }
}
