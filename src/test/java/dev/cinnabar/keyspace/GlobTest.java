package dev.cinnabar.keyspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;

class GlobTest {

    private static boolean match(String pattern, String subject) {
        return Glob.matches(pattern, subject, false);
    }

    @ParameterizedTest(name = "''{0}'' ~ ''{1}'' = {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // stars and question marks
        "*|anything|true", "*|x|true", "a*|abc|true", "a*|bac|false", "*c|abc|true", "*c|abd|false",
        "a*c|ac|true", "a*c|abbbc|true", "a*c|abcd|false", "**|ab|true", "a**b|ab|true", "*a*b*|xxaxxbxx|true",
        "*a*b*|xxbxxaxx|false", "?|a|true", "?|ab|false", "??|ab|true", "a?c|abc|true", "a?c|ac|false",
        "*?|a|true", "?*?|a|false", "h*llo|hllo|true", "h*llo|heeeello|true",
        // classes
        "[abc]|b|true", "[abc]|d|false", "[a-c]|b|true", "[a-c]|d|false", "[c-a]|b|true", "[^a]|b|true",
        "[^a]|a|false", "[^a-c]|d|true", "[^a-c]|b|false", "h[ae]llo|hello|true", "h[ae]llo|hillo|false",
        "[a-]|b|false", "[a-]|]|true", "[]a]|a|false", "[]a]|]a|false", "[^]|x|true", "[^]|xy|false",
        "[|[|false", "[^|x|true", "[abc|b|true", "[abc|d|false", "[a\\]]|]|true", "[a\\]]|a|true",
        "[\\a]|a|true", "[a-c-e]|d|false", "x[a-c]|xb|true",
        // escapes
        "\\*|*|true", "\\*|a|false", "\\?|?|true", "\\?|a|false", "a\\|a\\|true", "\\[a]|[a]|true",
        "\\\\|\\|true", "h\\ello|hello|true",
        // empty strings: an empty subject matches only the empty pattern
        "\"\"|\"\"|true", "*|\"\"|false", "**|\"\"|false", "?|\"\"|false", "\"\"|a|false",
    })
    void matchesLikeRedis(String pattern, String subject, boolean expected) {
        assertEquals(expected, match(pattern, subject));
    }

    @Test
    void nocaseFoldsAsciiLettersOnlyOutsideEscapesInClasses() {
        assertTrue(Glob.matches("HELLO", "hello", true));
        assertTrue(Glob.matches("h[A-Z]llo", "hello", true));
        assertFalse(Glob.matches("h[A-Z]llo", "hello", false));
        assertTrue(Glob.matches("[^A]", "b", true));
        assertFalse(Glob.matches("[^A]", "a", true));
        assertFalse(Glob.matches("[\\A]", "a", true), "an escaped class member compares exactly");
        assertFalse(Glob.matches("\u00e9", "\u00c9", true), "only ASCII letters fold");
    }

    @Test
    void classRangesCompareBytesAsSignedChars() {
        byte[] pattern = {'[', 'a', '-', (byte) 0xFF, ']'};
        assertTrue(Glob.matches(pattern, new byte[] {(byte) 0xFF}, false));
        assertTrue(Glob.matches(pattern, new byte[] {'0'}, false));
        assertFalse(Glob.matches(pattern, new byte[] {'b'}, false));
        assertFalse(Glob.matches(pattern, new byte[] {(byte) 0x80}, false));
    }

    @Test
    void binarySubjectsAndPatterns() {
        byte[] subject = {0, 1, 2, (byte) 0xFE};
        assertTrue(Glob.matches(new byte[] {'*', (byte) 0xFE}, subject, false));
        assertTrue(Glob.matches(new byte[] {0, '?', 2, '*'}, subject, false));
        assertFalse(Glob.matches(new byte[] {1, '*'}, subject, false));
    }

    @Test
    void subRangesOfArraysCanBeMatched() {
        byte[] p = "xxa*cyy".getBytes(StandardCharsets.US_ASCII);
        byte[] s = "--abbc--".getBytes(StandardCharsets.US_ASCII);
        assertTrue(Glob.matches(p, 2, 5, s, 2, 6, false));
        assertFalse(Glob.matches(p, 2, 5, s, 2, 7, false));
    }

    @Test
    void pathologicalPatternsTakePolynomialTime() {
        String subject = "a".repeat(5000);
        String pattern = "a*".repeat(200) + "b";
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertFalse(match(pattern, subject)));
    }

    /** A direct transcription of the matching rules (recursive, exponential): the oracle for random inputs. */
    private static boolean reference(byte[] p, int pi, byte[] s, int si) {
        if (si == s.length) {
            if (pi == p.length) return true;
            return false;
        }
        while (pi < p.length && si < s.length) {
            byte c = p[pi];
            if (c == '*') {
                while (pi + 1 < p.length && p[pi + 1] == '*') pi++;
                if (pi + 1 == p.length) return true;
                for (int k = si; k < s.length; k++) if (reference(p, pi + 1, s, k)) return true;
                return false;
            } else if (c == '?') {
                pi++;
            } else if (c == '[') {
                int i = pi + 1;
                boolean negate = i < p.length && p[i] == '^';
                if (negate) i++;
                boolean m = false;
                while (true) {
                    if (i < p.length && p[i] == '\\' && i + 1 < p.length) {
                        if (p[i + 1] == s[si]) m = true;
                        i += 2;
                    } else if (i < p.length && p[i] == ']') {
                        i++;
                        break;
                    } else if (i >= p.length) {
                        break;
                    } else if (i + 2 < p.length && p[i + 1] == '-') {
                        int lo = Math.min(p[i], p[i + 2]), hi = Math.max(p[i], p[i + 2]);
                        if (s[si] >= lo && s[si] <= hi) m = true;
                        i += 3;
                    } else {
                        if (p[i] == s[si]) m = true;
                        i++;
                    }
                }
                if (m == negate) return false;
                pi = i;
            } else {
                if (c == '\\' && pi + 1 < p.length) pi++;
                if (p[pi] != s[si]) return false;
                pi++;
            }
            si++;
            if (si == s.length) {
                while (pi < p.length && p[pi] == '*') pi++;
            }
        }
        return pi == p.length && si == s.length;
    }

    @Test
    void randomPatternsAgreeWithTheReferenceRules() {
        Random rnd = new Random(42);
        byte[] alphabet = "ab*?[]^-\\".getBytes(StandardCharsets.US_ASCII);
        byte[] subjectAlphabet = "ab-]^\\*".getBytes(StandardCharsets.US_ASCII);
        for (int n = 0; n < 200_000; n++) {
            byte[] p = new byte[rnd.nextInt(8)];
            for (int i = 0; i < p.length; i++) p[i] = alphabet[rnd.nextInt(alphabet.length)];
            byte[] s = new byte[rnd.nextInt(6)];
            for (int i = 0; i < s.length; i++) s[i] = subjectAlphabet[rnd.nextInt(subjectAlphabet.length)];
            boolean expected = reference(p, 0, s, 0);
            assertEquals(expected, Glob.matches(p, s, false), () -> "pattern '" + new String(p, StandardCharsets.ISO_8859_1)
                    + "' subject '" + new String(s, StandardCharsets.ISO_8859_1) + "'");
        }
    }
}
