package dev.cinnabar.keyspace;

/**
 * Redis's glob-style matching, used by KEYS, SCAN MATCH, CONFIG GET and (later) PSUBSCRIBE: {@code *} any run,
 * {@code ?} one byte, {@code [abc]}, {@code [^a-z]} classes (reversed ranges allowed, an unclosed class runs to
 * the end of the pattern), and backslash escapes. Matching backtracks only to the last star, so it takes
 * O(pattern x subject) time at worst, never exponential time. Two Redis quirks are kept on purpose: class ranges
 * compare bytes as signed C chars (so {@code [a-\xff]} means -1..'a'), and an empty subject matches only an
 * empty pattern (not even "*").
 */
public final class Glob {
    private Glob() {}

    public static boolean matches(byte[] pattern, byte[] subject, boolean nocase) {
        return matches(pattern, 0, pattern.length, subject, 0, subject.length, nocase);
    }

    public static boolean matches(String pattern, String subject, boolean nocase) {
        return matches(pattern.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                subject.getBytes(java.nio.charset.StandardCharsets.UTF_8), nocase);
    }

    public static boolean matches(byte[] p, int pStart, int pEnd, byte[] s, int sStart, int sEnd, boolean nocase) {
        if (sStart == sEnd) return pStart == pEnd;
        int pi = pStart, si = sStart;
        int starP = -1, starS = -1;
        while (si < sEnd) {
            if (pi < pEnd && p[pi] == '*') {
                while (pi < pEnd && p[pi] == '*') pi++;
                if (pi == pEnd) return true;
                starP = pi;
                starS = si;
                continue;
            }
            if (pi < pEnd) {
                int next = tokenEnd(p, pi, pEnd);
                if (tokenMatches(p, pi, pEnd, s[si], nocase)) {
                    pi = next;
                    si++;
                    continue;
                }
            }
            if (starP < 0) return false;
            pi = starP;
            si = ++starS;
        }
        while (pi < pEnd && p[pi] == '*') pi++;
        return pi == pEnd;
    }

    /** Index just after the single-byte token (literal, escape, '?' or class) starting at pi. */
    private static int tokenEnd(byte[] p, int pi, int pEnd) {
        byte c = p[pi];
        if (c == '\\') return pi + 1 < pEnd ? pi + 2 : pi + 1;
        if (c != '[') return pi + 1;
        int i = pi + 1;
        if (i < pEnd && p[i] == '^') i++;
        while (i < pEnd) {
            if (p[i] == '\\' && i + 1 < pEnd) i += 2;
            else if (p[i] == ']') return i + 1;
            else if (i + 2 < pEnd && p[i + 1] == '-') i += 3;
            else i++;
        }
        return pEnd;
    }

    private static boolean tokenMatches(byte[] p, int pi, int pEnd, byte sc, boolean nocase) {
        byte c = p[pi];
        if (c == '?') return true;
        if (c == '\\' && pi + 1 < pEnd) return same(p[pi + 1], sc, nocase);
        if (c != '[') return same(c, sc, nocase);
        int i = pi + 1;
        boolean negate = i < pEnd && p[i] == '^';
        if (negate) i++;
        boolean match = false;
        while (i < pEnd && p[i] != ']') {
            if (p[i] == '\\' && i + 1 < pEnd) {
                if (p[i + 1] == sc) match = true;
                i += 2;
            } else if (i + 2 < pEnd && p[i + 1] == '-') {
                int lo = p[i], hi = p[i + 2], x = sc;            // signed, like C chars
                if (lo > hi) {
                    int t = lo;
                    lo = hi;
                    hi = t;
                }
                if (nocase) {
                    lo = lower(lo);
                    hi = lower(hi);
                    x = lower(x);
                }
                if (x >= lo && x <= hi) match = true;
                i += 3;
            } else {
                if (same(p[i], sc, nocase)) match = true;
                i++;
            }
        }
        return negate != match;
    }

    private static boolean same(byte a, byte b, boolean nocase) {
        return a == b || (nocase && lower(a) == lower(b));
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }
}
