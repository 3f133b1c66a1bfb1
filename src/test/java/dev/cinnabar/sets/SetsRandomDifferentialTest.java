package dev.cinnabar.sets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.Differential;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.RespTree;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Seeded random command sequences over a few keys, run on Cinnabar and on a real redis-server in RESP2 and RESP3:
 * every set command with random options and bad arguments, WRONGTYPE, and encoding limits set small so that
 * conversions happen all the time (and changed in the middle of a sequence). Replies are compared byte for byte,
 * except where Redis leaves the order unspecified (compared sorted) or the result random (SPOP, SRANDMEMBER:
 * checked for count, distinctness, membership and effect, after which both servers are brought back to the same
 * state).
 *
 * <p>The reference is the installed redis-server, or the one the test support is told to use. Redis 7.0 has no
 * listpack encoding for sets: against it, "listpack" is compared as the "hashtable" 7.0 uses instead, and SADD
 * carries at most set-max-intset-entries members (7.2 converts an intset up front when more are given). Against a
 * Redis 7.2 build, encodings are compared as they are and the members of intsets and listpacks in their order.
 */
class SetsRandomDifferentialTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private static final String[] KEYS = {"s1", "s2", "s3", "s4"};
    private static final String STRING_KEY = "str";
    private static final String[] MEMBERS = {
        "0", "1", "2", "3", "5", "7", "10", "42", "99", "-1", "-100", "32767", "32768", "-32768", "-32769",
        "2147483647", "2147483648", "-2147483649", "9223372036854775807", "-9223372036854775808",
        "9223372036854775808", "007", "+5", "-0", " 1", "1.5", "", "a", "b", "c", "d", "e", "f", "g", "apple",
        "banana", "member:1", "member:2", "xxxxxxxx", "yyyyyyyyyyyy", "z".repeat(70), "\u00ff\u0000\u0080",
    };
    private static final String[] PATTERNS = {"*", "a*", "*1*", "?", "member:*", "[0-9]", "-*", "nomatch", "x*"};
    private static boolean reference72;

    @BeforeAll
    static void detectReferenceVersion() throws IOException {
        try (RespConnection c = redis.connect()) {
            String info = c.call("INFO", "server");
            String version = info.replaceAll("(?s).*redis_version:([0-9.]+).*", "$1");
            String[] parts = version.split("\\.");
            int major = Integer.parseInt(parts[0]), minor = Integer.parseInt(parts[1]);
            reference72 = major > 7 || (major == 7 && minor >= 2);
        }
    }

    @AfterAll
    static void restoreDefaults() throws IOException {
        try (RespConnection c = cinnabar.connect()) {
            c.call("CONFIG", "SET", "set-max-intset-entries", "512");
            c.call("CONFIG", "SET", "set-max-listpack-entries", "128");
            c.call("CONFIG", "SET", "set-max-listpack-value", "64");
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void randomSequences(int protocol) throws IOException {
        for (int seed = 1; seed <= 30; seed++) {
            try (Run run = new Run(protocol, seed * 1000L + protocol)) {
                run.execute(350);
            }
        }
    }

    /** One seeded sequence on a fresh pair of connections. */
    private static final class Run implements AutoCloseable {
        private final RespConnection ours;
        private final RespConnection theirs;
        private final Random random;
        private final String name;
        private final Deque<String> log = new ArrayDeque<>();
        private long intsetEntries, listpackEntries, listpackValue;

        Run(int protocol, long seed) throws IOException {
            ours = cinnabar.connect();
            theirs = redis.connect();
            random = new Random(seed);
            name = "RESP" + protocol + " seed " + seed;
            both("HELLO", String.valueOf(protocol));
            both("FLUSHALL");
            both("SET", STRING_KEY, "text");
            setLimits();
        }

        void execute(int operations) throws IOException {
            for (int i = 0; i < operations; i++) {
                step();
                if (i % 8 == 7) checkAllKeys();
            }
            checkAllKeys();
        }

        @Override
        public void close() throws IOException {
            ours.close();
            theirs.close();
        }

        // ---- the generator ----------------------------------------------------------------------------------

        private void step() throws IOException {
            int pick = random.nextInt(100);
            if (pick < 18) sadd();
            else if (pick < 24) exact(concat(new String[] {"SREM", key()}, members(1 + random.nextInt(3))));
            else if (pick < 27) exact("SISMEMBER", key(), member());
            else if (pick < 30) exact(concat(new String[] {"SMISMEMBER", key()}, members(1 + random.nextInt(4))));
            else if (pick < 32) exact("SCARD", key());
            else if (pick < 36) smembers();
            else if (pick < 44) unordered(concat(new String[] {pickOf("SINTER", "SUNION", "SDIFF")}, keys()));
            else if (pick < 52) store(concat(new String[] {pickOf("SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"), key()},
                    keys()));
            else if (pick < 56) sintercard();
            else if (pick < 61) exact("SMOVE", key(), key(), member());
            else if (pick < 70) spop();
            else if (pick < 77) srandmember();
            else if (pick < 82) sscan();
            else if (pick < 86) exact("OBJECT", "ENCODING", key());
            else if (pick < 88) exact("DEL", key());
            else if (pick < 90) setLimits();
            else if (pick < 95) wrongType();
            else badArguments();
        }

        private void sadd() throws IOException {
            // Redis 7.0 does not convert an intset up front when SADD brings more members than it may hold
            int most = reference72 ? 8 : (int) Math.min(8, intsetEntries);
            exact(concat(new String[] {"SADD", key()}, members(1 + random.nextInt(Math.max(1, most)))));
        }

        /**
         * SINTERSTORE, SUNIONSTORE, SDIFFSTORE. A result built from a hashtable receives its members in that
         * hashtable's order, which differs between servers (and between Redis processes): the result's member order
         * and, for unions and differences, even its encoding (an intset meeting its first string converts according
         * to what it holds by then) may differ, so the destination is rebuilt the same way on both afterwards.
         */
        private void store(String... cmd) throws IOException {
            boolean fromHashtable = false;
            for (int i = 2; i < cmd.length; i++) fromHashtable |= encodingOf(ours, cmd[i]).equals("hashtable");
            exact(cmd);
            if (!fromHashtable) return;
            if (cmd[0].equals("SINTERSTORE")) exact("OBJECT", "ENCODING", cmd[1]);
            rebuild(cmd[1], membersOf(cmd[1]));
        }

        private void sintercard() throws IOException {
            String[] keys = keys();
            List<String> cmd = new ArrayList<>(List.of("SINTERCARD", String.valueOf(keys.length)));
            cmd.addAll(List.of(keys));
            if (random.nextBoolean()) cmd.addAll(List.of("LIMIT", String.valueOf(random.nextInt(5))));
            exact(cmd.toArray(String[]::new));
        }

        private void smembers() throws IOException {
            String key = key();
            if (reference72 && isCompact(key)) exact("SMEMBERS", key);
            else unordered("SMEMBERS", key);
        }

        private void sscan() throws IOException {
            List<String> cmd = new ArrayList<>(List.of("SSCAN", key(), "0"));
            if (random.nextBoolean()) cmd.addAll(List.of("MATCH", pickOf(PATTERNS)));
            if (random.nextBoolean()) cmd.addAll(List.of("COUNT", String.valueOf(1 + random.nextInt(20))));
            scan(cmd.toArray(String[]::new));
        }

        private void wrongType() throws IOException {
            String[][] commands = {
                {"SADD", STRING_KEY, "a"}, {"SREM", STRING_KEY, "a"}, {"SISMEMBER", STRING_KEY, "a"},
                {"SMISMEMBER", STRING_KEY, "a"}, {"SCARD", STRING_KEY}, {"SMEMBERS", STRING_KEY},
                {"SPOP", STRING_KEY}, {"SPOP", STRING_KEY, "2"}, {"SRANDMEMBER", STRING_KEY},
                {"SRANDMEMBER", STRING_KEY, "-3"}, {"SINTER", key(), STRING_KEY}, {"SINTER", "missing", STRING_KEY},
                {"SUNION", key(), STRING_KEY}, {"SDIFF", STRING_KEY, key()}, {"SDIFF", "missing", STRING_KEY},
                {"SINTERSTORE", key(), key(), STRING_KEY}, {"SUNIONSTORE", key(), STRING_KEY},
                {"SDIFFSTORE", key(), key(), STRING_KEY}, {"SINTERCARD", "2", key(), STRING_KEY},
                {"SMOVE", STRING_KEY, key(), "a"}, {"SMOVE", key(), STRING_KEY, member()},
                {"SMOVE", "missing", STRING_KEY, "a"}, {"SSCAN", STRING_KEY, "0"}, {"SSCAN", STRING_KEY, "x"},
                {"SSCAN", STRING_KEY, "0", "COUNT", "0"},
            };
            exact(commands[random.nextInt(commands.length)]);
        }

        private void badArguments() throws IOException {
            String k = key();
            String[][] commands = {
                {"SADD", k}, {"SREM", k}, {"SISMEMBER", k}, {"SISMEMBER", k, "a", "b"}, {"SMISMEMBER", k},
                {"SCARD"}, {"SCARD", k, k}, {"SMEMBERS"}, {"SMEMBERS", k, k}, {"SPOP"}, {"SPOP", k, "1", "2"},
                {"SPOP", k, "-1"}, {"SPOP", k, "abc"}, {"SPOP", k, "1.5"}, {"SPOP", k, "9223372036854775808"},
                {"SPOP", "missing", "-1"}, {"SRANDMEMBER"}, {"SRANDMEMBER", k, "1", "2"}, {"SRANDMEMBER", k, "x"},
                {"SRANDMEMBER", k, "-9223372036854775808"}, {"SRANDMEMBER", "missing", "-9223372036854775808"},
                {"SRANDMEMBER", k, "0"}, {"SMOVE", k, k}, {"SMOVE", k, k, "a", "b"}, {"SINTER"}, {"SUNION"},
                {"SDIFF"}, {"SINTERSTORE", k}, {"SUNIONSTORE", k}, {"SDIFFSTORE", k}, {"SINTERCARD", "1"},
                {"SINTERCARD", "0", k}, {"SINTERCARD", "-1", k}, {"SINTERCARD", "x", k}, {"SINTERCARD", "3", k, k},
                {"SINTERCARD", "1", k, "LIMIT"}, {"SINTERCARD", "1", k, "LIMIT", "-1"},
                {"SINTERCARD", "1", k, "LIMIT", "x"}, {"SINTERCARD", "1", k, "LIMITS", "1"},
                {"SINTERCARD", "1", k, "LIMIT", "1", "LIMIT", "0"}, {"SINTERCARD", "2", k, "LIMIT", "1"},
                {"SINTERCARD", "9223372036854775808", k}, {"SSCAN", k}, {"SSCAN", k, "x"}, {"SSCAN", k, "-1"},
                {"SSCAN", k, "0", "COUNT"}, {"SSCAN", k, "0", "COUNT", "0"}, {"SSCAN", k, "0", "COUNT", "x"},
                {"SSCAN", k, "0", "MATCH"}, {"SSCAN", k, "0", "TYPE", "set"}, {"SSCAN", k, "0", "BOGUS", "1"},
                {"SSCAN", "missing", "0", "COUNT", "0"}, {"SSCAN", "missing", "x"},
            };
            String[] cmd = commands[random.nextInt(commands.length)];
            if (cmd[0].equals("SSCAN") && cmd.length > 2 && !cmd[2].equals("x")) scan(cmd);
            else exact(cmd);
        }

        /** New encoding limits, small so that conversions are frequent (7.0 only knows the intset one). */
        private void setLimits() throws IOException {
            intsetEntries = random.nextInt(4) == 0 ? 512 : 1 + random.nextInt(8);
            listpackEntries = random.nextInt(4) == 0 ? 128 : random.nextInt(9);
            listpackValue = random.nextInt(4) == 0 ? 64 : random.nextInt(12);
            both("CONFIG", "SET", "set-max-intset-entries", String.valueOf(intsetEntries));
            for (String[] cmd : new String[][] {
                    {"CONFIG", "SET", "set-max-listpack-entries", String.valueOf(listpackEntries)},
                    {"CONFIG", "SET", "set-max-listpack-value", String.valueOf(listpackValue)}}) {
                call(ours, cmd);
                if (reference72) call(theirs, cmd);
            }
            record("CONFIG SET limits " + intsetEntries + " " + listpackEntries + " " + listpackValue);
        }

        // ---- random results ---------------------------------------------------------------------------------

        private void srandmember() throws IOException {
            String key = key();
            String[] cmd = switch (random.nextInt(6)) {
                case 0 -> new String[] {"SRANDMEMBER", key};
                case 1 -> new String[] {"SRANDMEMBER", key, String.valueOf(-1 - random.nextInt(20))};
                case 2 -> new String[] {"SRANDMEMBER", key, "1000"};
                case 3 -> new String[] {"SRANDMEMBER", key, "-1"};
                default -> new String[] {"SRANDMEMBER", key, String.valueOf(random.nextInt(12))};
            };
            Set<String> members = new HashSet<>(membersOf(key));
            String mine = call(ours, cmd), reference = call(theirs, cmd);
            record(String.join(" ", cmd));
            RespTree a = RespTree.parse(mine), b = RespTree.parse(reference);
            if (!a.isAggregate() || !b.isAggregate() || cmd.length == 2) {
                if (cmd.length == 2 && a.type() == '$' && a.text() != null) {
                    assertEquals('$', b.type(), () -> context(cmd));
                    assertTrue(members.contains(a.text()), () -> context(cmd) + ": not a member: " + a.text());
                } else {
                    assertSame(reference, mine, cmd);
                }
                return;
            }
            long count = Long.parseLong(cmd[2]);
            assertEquals(b.type(), a.type(), () -> context(cmd));
            assertEquals(b.children().size(), a.children().size(), () -> context(cmd));
            int expected = members.isEmpty() ? 0 : count < 0 ? (int) -count : (int) Math.min(count, members.size());
            assertEquals(expected, a.children().size(), () -> context(cmd));
            assertTrue(members.containsAll(a.strings()), () -> context(cmd) + ": not members: " + a.strings());
            if (count > 0) {
                assertEquals(a.strings().size(), new HashSet<>(a.strings()).size(), () -> context(cmd) + " repeats");
            }
        }

        private void spop() throws IOException {
            String key = key();
            String[] cmd = switch (random.nextInt(5)) {
                case 0, 1 -> new String[] {"SPOP", key};
                case 2 -> new String[] {"SPOP", key, String.valueOf(random.nextInt(3))};
                case 3 -> new String[] {"SPOP", key, String.valueOf(1 + random.nextInt(10))};
                default -> new String[] {"SPOP", key, "100"};
            };
            List<String> before = membersOf(key);
            String encodingBefore = encodingOf(ours, key);
            String mine = call(ours, cmd), reference = call(theirs, cmd);
            record(String.join(" ", cmd) + "  (" + encodingBefore + ", " + before.size() + " members)");
            RespTree a = RespTree.parse(mine), b = RespTree.parse(reference);
            List<String> popped;
            if (a.type() == '$' && a.text() != null) {
                assertEquals('$', b.type(), () -> context(cmd));
                popped = List.of(a.text());
            } else if (a.isAggregate() && b.isAggregate()) {
                assertEquals(b.type(), a.type(), () -> context(cmd));
                assertEquals(b.children().size(), a.children().size(), () -> context(cmd));
                popped = a.strings();
                assertEquals(popped.size(), new HashSet<>(popped).size(), () -> context(cmd) + " repeats");
            } else {
                assertSame(reference, mine, cmd);
                return;
            }
            assertTrue(new HashSet<>(before).containsAll(popped), () -> context(cmd) + ": not members: " + popped);
            List<String> expectedAfter = new ArrayList<>(before);
            expectedAfter.removeAll(popped);
            List<String> after = membersOf(key);
            if (encodingBefore.equals("hashtable")) {
                assertEquals(new TreeSet<>(expectedAfter), new TreeSet<>(after), () -> context(cmd) + " left");
            } else {
                assertEquals(expectedAfter, after, () -> context(cmd) + " left (in order)");
            }
            boolean encodingMayDiffer =
                    checkEncodingAfterPop(key, cmd, encodingBefore, before.size(), popped.size(), after);
            List<String> theirPopped = b.type() == '$' ? List.of(b.text()) : b.strings();
            if (encodingMayDiffer || !new HashSet<>(theirPopped).equals(new HashSet<>(popped))) rebuild(key, after);
        }

        /**
         * The encoding after SPOP is the reference's, except when SPOP rebuilt a listpack or hashtable from the few
         * members it kept: in 7.2 that new set starts as a listpack and stays one if the kept members fit its
         * limits, so it depends on which members were kept (and Redis 7.0 started it as an intset when the first
         * member kept was an integer). Returns true in that case: the servers' encodings may then differ.
         */
        private boolean checkEncodingAfterPop(String key, String[] cmd, String before, int size, int popped,
                                              List<String> kept) throws IOException {
            boolean rebuilt = cmd.length == 3 && (long) (size - popped) * 5 <= popped && popped < size;
            if (rebuilt && !before.equals("intset")) {
                boolean fits = kept.size() <= listpackEntries
                        && kept.stream().allMatch(m -> m.getBytes(StandardCharsets.ISO_8859_1).length
                                <= listpackValue);
                assertEquals(fits ? "listpack" : "hashtable", encodingOf(ours, key), () -> context(cmd) + " encoding");
                return true;
            }
            exact("OBJECT", "ENCODING", key);
            return false;
        }

        /** Gives both servers the same members again after random pops took different ones. */
        private void rebuild(String key, List<String> members) throws IOException {
            both("DEL", key);
            for (String m : members) both("SADD", key, m);
            record("(rebuilt " + key + " from " + members.size() + " members)");
        }

        // ---- comparisons ------------------------------------------------------------------------------------

        private void exact(String... cmd) throws IOException {
            String mine = call(ours, cmd), reference = call(theirs, cmd);
            record(String.join(" ", cmd));
            if (cmd[0].equals("OBJECT")) mine = normalizeEncoding(mine);
            assertSame(reference, mine, cmd);
        }

        private void unordered(String... cmd) throws IOException {
            String mine = call(ours, cmd), reference = call(theirs, cmd);
            record(String.join(" ", cmd));
            RespTree a = RespTree.parse(mine), b = RespTree.parse(reference);
            if (!a.isAggregate() || !b.isAggregate()) {
                assertSame(reference, mine, cmd);
                return;
            }
            assertEquals(b.type(), a.type(), () -> context(cmd));
            assertEquals(sorted(b.strings()), sorted(a.strings()), () -> context(cmd));
        }

        /** One SSCAN call compared exactly where the order is fixed, else the whole iteration compared sorted. */
        private void scan(String... cmd) throws IOException {
            if (reference72 && isCompact(cmd[1])) {
                exact(cmd);
                return;
            }
            String mine = call(ours, cmd), reference = call(theirs, cmd);
            record(String.join(" ", cmd));
            RespTree a = RespTree.parse(mine), b = RespTree.parse(reference);
            if (a.type() != '*' || b.type() != '*') {
                assertSame(reference, mine, cmd);
                return;
            }
            // from another cursor than 0, what comes next depends on each server's hash function
            if (!cmd[2].equals("0")) return;
            assertEquals(sorted(scanAll(theirs, cmd)), sorted(scanAll(ours, cmd)),
                    () -> context(cmd) + " (whole iteration)");
        }

        private List<String> scanAll(RespConnection c, String[] cmd) throws IOException {
            String[] step = cmd.clone();
            Set<String> seen = new HashSet<>();
            for (int calls = 0; calls < 100_000; calls++) {
                RespTree reply = RespTree.parse(call(c, step));
                seen.addAll(reply.children().get(1).strings());
                step[2] = reply.children().get(0).text();
                if (step[2].equals("0")) return new ArrayList<>(seen);
            }
            fail(context(cmd) + ": scan does not end");
            return null;
        }

        /** Every key's encoding, size and members, compared. */
        private void checkAllKeys() throws IOException {
            for (String key : KEYS) {
                exact("OBJECT", "ENCODING", key);
                exact("SCARD", key);
                if (reference72 && isCompact(key)) exact("SMEMBERS", key);
                else unordered("SMEMBERS", key);
            }
        }

        private String normalizeEncoding(String reply) {
            // Redis 7.0 has no listpack sets: what 7.2 keeps as a listpack, 7.0 keeps as a hashtable
            return reference72 ? reply : reply.replace("$8\r\nlistpack\r\n", "$9\r\nhashtable\r\n");
        }

        private boolean isCompact(String key) throws IOException {
            String encoding = encodingOf(ours, key);
            return encoding.equals("intset") || encoding.equals("listpack");
        }

        private String encodingOf(RespConnection c, String key) throws IOException {
            RespTree reply = RespTree.parse(call(c, "OBJECT", "ENCODING", key));
            return reply.text() == null ? "none" : reply.text();
        }

        private List<String> membersOf(String key) throws IOException {
            RespTree reply = RespTree.parse(call(ours, "SMEMBERS", key));
            return reply.isAggregate() ? reply.strings() : List.of();
        }

        private void assertSame(String reference, String mine, String[] cmd) {
            assertEquals(Differential.printable(reference), Differential.printable(mine), () -> context(cmd));
        }

        private String context(String[] cmd) {
            return name + ", " + String.join(" ", cmd) + "\nlast commands:\n" + String.join("\n", log);
        }

        private void record(String line) {
            log.addLast(line);
            if (log.size() > 25) log.removeFirst();
        }

        private void both(String... cmd) throws IOException {
            call(ours, cmd);
            call(theirs, cmd);
        }

        private static String call(RespConnection c, String... cmd) throws IOException {
            byte[][] args = new byte[cmd.length][];
            for (int i = 0; i < cmd.length; i++) args[i] = cmd[i].getBytes(StandardCharsets.ISO_8859_1);
            return c.call(args);
        }

        // ---- random pieces ----------------------------------------------------------------------------------

        private String key() {
            return random.nextInt(20) == 0 ? "missing" : KEYS[random.nextInt(KEYS.length)];
        }

        private String[] keys() {
            String[] keys = new String[1 + random.nextInt(3)];
            for (int i = 0; i < keys.length; i++) keys[i] = key();
            return keys;
        }

        private String member() {
            // mostly integers early in the pool, so that intsets form often
            return random.nextInt(3) == 0 ? MEMBERS[random.nextInt(MEMBERS.length)] : MEMBERS[random.nextInt(12)];
        }

        private String[] members(int n) {
            String[] members = new String[n];
            boolean integers = random.nextBoolean();
            for (int i = 0; i < n; i++) members[i] = integers ? MEMBERS[random.nextInt(20)] : member();
            return members;
        }

        private String pickOf(String... options) {
            return options[random.nextInt(options.length)];
        }

        private static String[] concat(String[] head, String[] tail) {
            String[] all = new String[head.length + tail.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(tail, 0, all, head.length, tail.length);
            return all;
        }

        private static List<String> sorted(List<String> values) {
            List<String> copy = new ArrayList<>(values);
            copy.sort(null);
            return copy;
        }
    }
}
