package dev.cinnabar.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** The key-spec interpreter, on commands whose specs cover each begin-search and find-keys variant. */
class KeyExtractorTest {
    static CommandTable table;

    @BeforeAll
    static void buildTable() {
        CommandTable.Builder b = new CommandTable.Builder();
        for (String name : List.of("get", "set", "mset", "del", "rename", "lcs", "zunionstore", "eval", "xread",
                "xreadgroup", "migrate", "georadius", "sort", "bitfield", "object|encoding", "lmpop", "ping",
                "spublish", "exists", "sort_ro")) {
            b.handle(name, ctx -> { });
        }
        table = b.build();
    }

    /** "key:flag,flag key2:flag" for the keys found in a space-separated command line, or "invalid". */
    static String keys(String line) {
        return keys(line.split(" "));
    }

    static String keys(String... words) {
        byte[][] argv = new byte[words.length + 2][];
        argv[0] = "command".getBytes(StandardCharsets.UTF_8);
        argv[1] = "getkeys".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < words.length; i++) argv[i + 2] = words[i].getBytes(StandardCharsets.UTF_8);
        CommandSpec cmd = table.lookup(argv, 2, words.length);
        KeyRefs refs = new KeyRefs();
        int n = KeyExtractor.keys(cmd, argv, 2, words.length, refs);
        if (n == 0) return "none";
        StringJoiner out = new StringJoiner(" ");
        for (int i = 0; i < n; i++) {
            List<String> flags = new ArrayList<>();
            for (KeyFlag f : KeyFlag.inMask(refs.flags(i))) flags.add(f.wireName());
            out.add(words[refs.position(i)] + ":" + String.join(",", flags));
        }
        return out.toString();
    }

    @Test
    void singleIndexRange() {
        assertEquals("k:RO,access", keys("get k"));
        assertEquals("k:RO", keys("object encoding k"));
    }

    @Test
    void rangeWithLastKeyRelativeToFirst() {
        assertEquals("a:RO,access b:RO,access", keys("lcs a b"));
        assertEquals("a:RO,access b:RO,access", keys("lcs a b LEN"));
    }

    @Test
    void negativeLastKeyCountsFromTheEnd() {
        assertEquals("a:RM,delete b:RM,delete c:RM,delete", keys("del a b c"));
        assertEquals("a:RO", keys("exists a"));
    }

    @Test
    void keyStepSkipsValues() {
        assertEquals("a:OW,update b:OW,update", keys("mset a 1 b 2"));
        assertEquals("a:OW,update b:OW,update", keys("mset a 1 b"));
    }

    @Test
    void severalSpecsReportKeysInSpecOrder() {
        assertEquals("src:RW,access,delete dst:OW,update", keys("rename src dst"));
    }

    @Test
    void keyNumberArgument() {
        assertEquals("d:OW,update a:RO,access b:RO,access", keys("zunionstore d 2 a b WEIGHTS 1 2"));
        assertEquals("a:RW,access,update b:RW,access,update", keys("eval s 2 a b c"));
        assertEquals("a:RW,access,delete", keys("lmpop 1 a LEFT"));
    }

    @Test
    void keyNumberThatDoesNotFitIsInvalid() {
        assertEquals("none", keys("zunionstore d 3 a b"));    // last key past the end
        assertEquals("none", keys("zunionstore d x a b"));    // not a number
        assertEquals("none", keys("zunionstore d -1 a b"));   // negative
        // the specs read the count with Redis's strict integer syntax; Redis then falls back to ZUNIONSTORE's own
        // finder, which takes "01" as 1 (not implemented here yet)
        assertEquals("none", keys("zunionstore d 01 a"));
        assertEquals("none", keys("eval s 0"));               // no keys at all
    }

    @Test
    void keywordSearchForwardsWithLimit() {
        // after STREAMS, half of the remaining arguments are keys (the other half are IDs)
        assertEquals("a:RO,access b:RO,access", keys("xread COUNT 2 streams a b 0 0"));
        assertEquals("a:RO,access b:RO,access c:RO,access", keys("xread streams a b c 0 0 0"));
        assertEquals("a:RO,access b:RO,access", keys("xread streams a b c 0 0"));
        assertEquals("s:RO,access", keys("xreadgroup GROUP g c STREAMS s >"));
    }

    @Test
    void keywordIsNotSearchedInTheLastArgument() {
        assertEquals("none", keys("xread count 1 STREAMS"));
    }

    @Test
    void keywordAbsentMeansTheSpecFindsNothing() {
        assertEquals("k:RO,access", keys("georadius k 1 2 3 m"));
        assertEquals("k:RO,access d:OW,update e:OW,update", keys("georadius k 1 2 3 m STORE d storedist e"));
        // the search starts at the spec's index: a STORE among the first arguments is not a keyword
        assertEquals("k:RO,access", keys("georadius k store 2 3 m"));
    }

    @Test
    void keywordComparisonStopsAtNulLikeRedis() {
        assertEquals("k:RO,access d:OW,update", keys("georadius", "k", "1", "2", "3", "m", "store\0x", "d"));
    }

    @Test
    void keywordSearchBackwardsOnAnIncompleteSpec() {
        // MIGRATE's KEYS spec searches from the end but is incomplete, so MIGRATE's own finder decides
        assertEquals("a:RW,access,delete b:RW,access,delete", keys("migrate", "h", "1", "", "0", "5", "KEYS", "a", "b"));
        assertEquals("k:RW,access,delete", keys("migrate h 1 k 0 5"));
        assertEquals("k:RW,access,delete", keys("migrate h 1 k 0 5 COPY AUTH keys"));
        assertEquals("none", keys("migrate h 1 k 0 5 KEYS a b"));  // both forms: left to the command to reject
        assertEquals("a:RW,access,delete", keys("migrate", "h", "1", "", "0", "5", "AUTH2", "u", "KEYS", "KEYS", "a"));
    }

    @Test
    void unknownSpecsUseTheCommandsOwnFinder() {
        assertEquals("k:RO,access d:OW,update", keys("sort k by p get q store d"));
        assertEquals("k:RO,access", keys("sort k LIMIT store x"));         // LIMIT's values are skipped
        assertEquals("k:RO,access e:OW,update", keys("sort k STORE d STORE e"));
        assertEquals("k:RO,access store:OW,update", keys("sort k store store"));
        assertEquals("k:RO,access", keys("sort k store"));
        assertEquals("k:RO,access", keys("sort_ro k by p get q"));
    }

    @Test
    void variableFlagsUseTheCommandsOwnFinder() {
        assertEquals("k:OW,update", keys("set k v"));
        assertEquals("k:OW,update", keys("set k v EX 10 NX"));
        assertEquals("k:RW,access,update", keys("set k v get"));
        assertEquals("k:RW,access,update", keys("set k v EX 10 GeT"));
        // the value (position 2) is never taken for the GET option
        assertEquals("k:OW,update", keys("set k get"));
        assertEquals("k:RO,access", keys("bitfield k get u8 0 OVERFLOW SAT get i4 1"));
        assertEquals("k:RW,access,update", keys("bitfield k get u8 0 incrby u8 0 1"));
        assertEquals("k:RW,access,update", keys("bitfield k get u8"));   // incomplete: a syntax error later
        assertEquals("k:RO,access", keys("bitfield k"));
    }

    @Test
    void notKeySpecsAreSkipped() {
        assertEquals("none", keys("spublish chan msg"));
    }

    @Test
    void whichCommandsHaveKeys() {
        assertTrue(KeyExtractor.hasKeys(table.lookupFullName("get")));
        assertTrue(KeyExtractor.hasKeys(table.lookupFullName("set")));
        assertFalse(KeyExtractor.hasKeys(table.lookupFullName("ping")));
        assertFalse(KeyExtractor.hasKeys(table.lookupFullName("spublish")));  // its only spec is not_key
    }

    @Test
    void resultBufferGrows() {
        String[] words = new String[101];
        words[0] = "del";
        StringJoiner expected = new StringJoiner(" ");
        for (int i = 1; i <= 100; i++) {
            words[i] = "k" + i;
            expected.add("k" + i + ":RM,delete");
        }
        assertEquals(expected.toString(), keys(words));
    }
}
