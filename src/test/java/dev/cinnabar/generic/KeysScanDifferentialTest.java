package dev.cinnabar.generic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.testing.RealRedis;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * KEYS and SCAN MATCH against a real redis-server for many glob patterns. Both servers hold the same keys; the
 * order of results differs by design (different hash functions), so results are compared as sorted sets.
 */
class KeysScanDifferentialTest {
    static CinnabarServer cinnabar;
    static RealRedis redis;
    static RespConnection toCinnabar;
    static RespConnection toRedis;

    static final String[] KEYS = {
        "", "a", "b", "ab", "abc", "abd", "ac", "aXc", "hello", "hallo", "hxllo", "hllo", "heeeello", "h*llo",
        "h?llo", "h[a]llo", "h\\llo", "x\\y", "\\", "-", "]", "[", "^", "*", "?", "A", "Z", "aBc", "foo:bar",
        "foo:baz:1", "foo:baz:22", "foo", "foobar", "user:1000", "user:1001", "user:abc", "1", "12", "123",
        "\u00ff", "\u0080", "a\u00ffb", "tab\tkey", "new\nline", "sp ace", "[abc]", "a-z", "^x",
    };

    static final String[] PATTERNS = {
        "*", "**", "***", "?", "??", "???", "a*", "*c", "a*c", "a?c", "*a*", "*b*c*", "h?llo", "h*llo", "h*l*o",
        "h[ae]llo", "h[^e]llo", "h[a-b]llo", "h[b-a]llo", "h[!e]llo", "[a-z]", "[A-Z]", "[a-zA-Z]", "[^a-z]",
        "[^a]*", "[]", "[]a]*", "[^]", "[^]*", "[", "[a", "[a-", "[ab", "a[", "*[", "[^", "[a-]", "[-a]",
        "[a-c-e]", "\\*", "\\?", "\\[", "h\\*llo", "h\\?llo", "h\\[a]llo", "x\\\\y", "\\\\", "\\", "*\\",
        "a\\", "\\a\\b\\c", "foo:*", "foo:*:*", "foo:ba?:?", "foo:baz:[0-9]", "foo:baz:[0-9][0-9]", "user:[0-9]*",
        "user:100[^0]", "*:*", "[0-9]", "[0-9]*", "1*", "*2*", "\u00ff", "[\u0080-\u00ff]", "[a-\u00ff]",
        "[\u00ff-a]", "a?b", "tab?key", "new?line", "sp ace", "sp*", "[[]abc]", "[\\]]", "[\\^]x", "[\\-]",
        "a-z", "\\[abc\\]", "*?*?*?*?*?*?", "*a*a*a*a*a*a*b", "[*]", "[?]", "?*", "*?",
    };

    @BeforeAll
    static void start() throws Exception {
        cinnabar = TestServer.start();
        redis = RealRedis.start();
        toCinnabar = new RespConnection(cinnabar.port());
        toRedis = new RespConnection(redis.port());
        for (RespConnection c : new RespConnection[] {toCinnabar, toRedis}) {
            c.call("FLUSHALL");
            for (String k : KEYS) c.call(latin1("SET"), latin1(k), latin1("v"));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (toCinnabar != null) toCinnabar.close();
        if (toRedis != null) toRedis.close();
        if (cinnabar != null) cinnabar.close();
        if (redis != null) redis.close();
    }

    /** Strings in these tests stand for bytes 0-255, so "\u00ff" is the single byte 0xFF. */
    static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The bulk strings of a flat array reply. */
    static List<String> bulks(String reply, int from) {
        List<String> out = new ArrayList<>();
        int p = reply.indexOf("\r\n", from) + 2;   // skip the array header
        while (p < reply.length()) {
            assertEquals('$', reply.charAt(p), reply);
            int eol = reply.indexOf("\r\n", p);
            int len = Integer.parseInt(reply.substring(p + 1, eol));
            out.add(reply.substring(eol + 2, eol + 2 + len));
            p = eol + 2 + len + 2;
        }
        return out;
    }

    @Test
    void keysMatchesTheSameKeysAsRedis() throws Exception {
        for (String pattern : PATTERNS) {
            TreeSet<String> expected = new TreeSet<>(bulks(toRedis.call(latin1("KEYS"), latin1(pattern)), 0));
            TreeSet<String> actual = new TreeSet<>(bulks(toCinnabar.call(latin1("KEYS"), latin1(pattern)), 0));
            assertEquals(expected, actual, "KEYS " + pattern);
        }
    }

    @Test
    void randomPatternsMatchTheSameKeysAsRedis() throws Exception {
        Random rnd = new Random(5);
        String alphabet = "ah*?[]^-\\lo:1";
        for (int n = 0; n < 1500; n++) {
            StringBuilder p = new StringBuilder();
            for (int i = rnd.nextInt(7); i >= 0; i--) p.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            String pattern = p.toString();
            TreeSet<String> expected = new TreeSet<>(bulks(toRedis.call(latin1("KEYS"), latin1(pattern)), 0));
            TreeSet<String> actual = new TreeSet<>(bulks(toCinnabar.call(latin1("KEYS"), latin1(pattern)), 0));
            assertEquals(expected, actual, "KEYS " + pattern);
        }
    }

    /** All keys a complete SCAN returns, following the cursor to 0. */
    static TreeSet<String> scanAll(RespConnection c, String... options) throws IOException {
        TreeSet<String> keys = new TreeSet<>();
        String cursor = "0";
        int calls = 0;
        do {
            List<byte[]> args = new ArrayList<>(List.of(latin1("SCAN"), latin1(cursor)));
            for (String o : options) args.add(latin1(o));
            String reply = c.call(args.toArray(new byte[0][]));
            assertTrue(reply.startsWith("*2\r\n$"), reply);
            int eol = reply.indexOf("\r\n", 4);
            int len = Integer.parseInt(reply.substring(5, eol));
            cursor = reply.substring(eol + 2, eol + 2 + len);
            keys.addAll(bulks(reply, eol + 2 + len + 2));
            assertTrue(++calls < 100_000);
        } while (!cursor.equals("0"));
        return keys;
    }

    @Test
    void fullScansWithMatchReturnTheSameKeysAsRedis() throws Exception {
        for (String pattern : PATTERNS) {
            for (String count : new String[] {"1", "3", "1000"}) {
                assertEquals(scanAll(toRedis, "MATCH", pattern, "COUNT", count),
                        scanAll(toCinnabar, "MATCH", pattern, "COUNT", count), "SCAN MATCH " + pattern + " COUNT " + count);
            }
        }
        assertEquals(scanAll(toRedis, "TYPE", "string"), scanAll(toCinnabar, "TYPE", "string"));
        assertEquals(scanAll(toRedis, "TYPE", "list"), scanAll(toCinnabar, "TYPE", "list"));
        assertEquals(scanAll(toRedis, "TYPE", "nosuchtype", "COUNT", "2"), scanAll(toCinnabar, "TYPE", "nosuchtype", "COUNT", "2"));
        assertEquals(KEYS.length, scanAll(toCinnabar).size());
    }
}
