package dev.cinnabar.hashes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.Differential;
import dev.cinnabar.testing.PairedConnections;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.RespTree;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The hash commands against a real redis-server, in RESP2 and RESP3: scripted cases, then seeded random command
 * sequences over a few keys with random arguments (bad ones included) and encoding thresholds lowered with CONFIG
 * SET so that conversions happen all the time. Replies are compared byte for byte, except where Redis's order is
 * its hash table's (HGETALL/HKEYS/HVALS of a hashtable: compared sorted; HSCAN of a hashtable: whole iterations
 * compared as sets) or random (HRANDFIELD: shape compared, elements checked against the hash's contents).
 */
class HashesDifferentialTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private static final int SEQUENCES = 25;
    private static final int STEPS = 300;

    private PairedConnections pair;

    @AfterEach
    void close() throws IOException {
        if (pair != null) {
            pair.both("CONFIG", "SET", "hash-max-listpack-entries", "512");
            pair.both("CONFIG", "SET", "hash-max-listpack-value", "64");
            pair.close();
        }
    }

    private void open(int protocol) throws IOException {
        pair = PairedConnections.open(cinnabar, redis, protocol);
        pair.both("FLUSHALL");
    }

    /** Runs a script (one command per line, "" an empty argument) and compares every reply exactly. */
    private void script(int protocol, String text) throws IOException {
        open(protocol);
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            String[] words = t.split(" +");
            for (int i = 0; i < words.length; i++) if (words[i].equals("\"\"")) words[i] = "";
            pair.same(words);
        }
    }

    // ---- scripted cases ---------------------------------------------------------------------------------------

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void setGetDelete(int protocol) throws IOException {
        script(protocol, """
                HSET h a 1 b 2 c 3
                HSET h b 20 d 4 a 10
                HGETALL h
                HKEYS h
                HVALS h
                HGET h a
                HGET h zz
                HGET nokey a
                HMGET h a zz b
                HMGET nokey a b
                HLEN h
                HLEN nokey
                HSTRLEN h b
                HSTRLEN h zz
                HSTRLEN nokey a
                HEXISTS h a
                HEXISTS h zz
                HEXISTS nokey a
                HSETNX h a 5
                HSETNX h e 5
                HSETNX new f v
                HGETALL new
                HMSET h x 1 y 2
                HMSET h x
                HSET h x
                HSET h x 1 y
                HSET h "" ""
                HGET h ""
                HDEL h a zz a
                HDEL h b c d e x y ""
                EXISTS h
                HGETALL h
                HKEYS h
                HVALS h
                HDEL nokey a
                hset H A 1
                HgetAll H
                """);
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void wrongTypeAndArity(int protocol) throws IOException {
        script(protocol, """
                SET s v
                HSET s a 1
                HMSET s a 1
                HSETNX s a 1
                HGET s a
                HMGET s a
                HDEL s a
                HLEN s
                HSTRLEN s a
                HEXISTS s a
                HKEYS s
                HVALS s
                HGETALL s
                HINCRBY s a 1
                HINCRBY s a x
                HINCRBYFLOAT s a 1
                HINCRBYFLOAT s a x
                HRANDFIELD s
                HRANDFIELD s 2
                HRANDFIELD s x
                HSCAN s 0
                HSCAN s x
                HSET h a 1
                GET h
                INCR h
                APPEND h x
                TYPE h
                HSET
                HSET h
                HSET h a
                HGET h
                HGET h a b
                HMGET h
                HDEL h
                HLEN
                HLEN h a
                HSTRLEN h
                HEXISTS h
                HKEYS
                HGETALL h x
                HINCRBY h a
                HINCRBYFLOAT h a
                HRANDFIELD
                HSCAN h
                HSETNX h a
                HSETNX h a b c
                """);
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void counters(int protocol) throws IOException {
        script(protocol, """
                HINCRBY h n 5
                HINCRBY h n -7
                HINCRBY h n 9223372036854775807
                HINCRBY h n -9223372036854775808
                HINCRBY h m 9223372036854775807
                HINCRBY h m 1
                HINCRBY h n 1.5
                HINCRBY h n abc
                HINCRBY h n ""
                HINCRBY h n 99999999999999999999
                HSET h s hello f 1.5 sp " 1" z 007 neg -0
                HINCRBY h s 1
                HINCRBY h f 1
                HINCRBY h z 1
                HINCRBY h neg 1
                HINCRBYFLOAT h f 0.25
                HINCRBYFLOAT h f -1.75
                HINCRBYFLOAT h g 0.1
                HINCRBYFLOAT h g 0.2
                HINCRBYFLOAT h g 1e3
                HINCRBYFLOAT h g 5.0e3
                HINCRBYFLOAT h g -6200.3
                HINCRBYFLOAT h g 0x10
                HINCRBYFLOAT h big 1e300
                HINCRBYFLOAT h big 1e300
                HINCRBYFLOAT h tiny 1e-20
                HINCRBYFLOAT h n 1
                HINCRBYFLOAT h s 1
                HINCRBYFLOAT h sp 1
                HINCRBYFLOAT h z 1
                HINCRBYFLOAT h neg 0
                HINCRBYFLOAT h x inf
                HINCRBYFLOAT h x -inf
                HINCRBYFLOAT h x nan
                HINCRBYFLOAT h x abc
                HINCRBYFLOAT h x ""
                HINCRBYFLOAT h x 1e5000
                HSET h i inf
                HINCRBYFLOAT h i 1
                HSET h nn nan
                HINCRBYFLOAT h nn 1
                HINCRBYFLOAT h m 1
                HINCRBYFLOAT h m 1.5
                HMGET h tiny n big g i nn m f s sp z neg
                HINCRBY fresh a 1
                OBJECT ENCODING fresh
                HINCRBYFLOAT fresh2 a 1.5
                OBJECT ENCODING fresh2
                """);
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void encodingConversions(int protocol) throws IOException {
        script(protocol, """
                CONFIG SET hash-max-listpack-entries 3
                CONFIG SET hash-max-listpack-value 5
                HSET h a 1 b 2 c 3
                OBJECT ENCODING h
                HGETALL h
                HSET h c 33
                OBJECT ENCODING h
                HSET h d 4
                OBJECT ENCODING h
                HDEL h a b c
                OBJECT ENCODING h
                HSET v a 12345
                OBJECT ENCODING v
                HSET v b 123456
                OBJECT ENCODING v
                HSET f abcdef 1
                OBJECT ENCODING f
                HSETNX n a 1
                HSETNX n a 123456
                OBJECT ENCODING n
                HSETNX n b 123456
                OBJECT ENCODING n
                HINCRBY i a 99999
                OBJECT ENCODING i
                HINCRBY i a 1
                OBJECT ENCODING i
                HINCRBY j abcdefg 1
                OBJECT ENCODING j
                HINCRBYFLOAT k a 1.5
                HINCRBYFLOAT k a 1000
                OBJECT ENCODING k
                HSET l a 1 b 2 c 3
                HINCRBY l d 1
                OBJECT ENCODING l
                COPY l l2
                OBJECT ENCODING l2
                COPY h h2
                OBJECT ENCODING h2
                HGET h2 d
                CONFIG SET hash-max-listpack-entries 0
                HSET z a 1
                OBJECT ENCODING z
                HINCRBY z2 a 1
                OBJECT ENCODING z2
                HSETNX z3 a 1
                OBJECT ENCODING z3
                CONFIG SET hash-max-listpack-entries 512
                CONFIG SET hash-max-listpack-value 0
                HSET e "" ""
                OBJECT ENCODING e
                HSET e a ""
                OBJECT ENCODING e
                CONFIG SET hash-max-listpack-value 300
                HSET long aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb x y
                OBJECT ENCODING long
                HGETALL long
                HSTRLEN long aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
                HSET long x yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy
                HSET long x z
                HGETALL long
                """);
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void randomFieldArguments(int protocol) throws IOException {
        script(protocol, """
                HRANDFIELD nokey
                HRANDFIELD nokey 3
                HRANDFIELD nokey -3 WITHVALUES
                HSET h a 1 b 2 c 3
                HRANDFIELD h 0
                HRANDFIELD h 0 WITHVALUES
                HRANDFIELD h 3
                HRANDFIELD h 5 WITHVALUES
                HRANDFIELD h 100 withvalues
                HRANDFIELD h abc
                HRANDFIELD h 1.5
                HRANDFIELD h -9223372036854775808
                HRANDFIELD h 9223372036854775807
                HRANDFIELD h 4611686018427387903 WITHVALUES
                HRANDFIELD h 4611686018427387904 WITHVALUES
                HRANDFIELD h -4611686018427387904 WITHVALUES
                HRANDFIELD h 1 WITHVALUE
                HRANDFIELD h 1 WITHVALUES x
                HRANDFIELD h abc WITHVALUES
                HRANDFIELD h -9223372036854775808 WITHVALUES
                HRANDFIELD h abc bogus
                HRANDFIELD h 5 bogus
                """);
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void scanArguments(int protocol) throws IOException {
        script(protocol, """
                HSCAN nokey 0
                HSCAN nokey 0 COUNT 0
                HSCAN nokey 0 bogus
                HSCAN nokey abc
                HSET h a 1 b 2 ab 3 c 4
                HSCAN h 0
                HSCAN h 0 MATCH a*
                HSCAN h 0 MATCH *
                HSCAN h 0 match ?b count 1
                HSCAN h 0 COUNT 1
                HSCAN h 1234
                HSCAN h 0 COUNT 0
                HSCAN h 0 COUNT -1
                HSCAN h 0 COUNT abc
                HSCAN h 0 COUNT
                HSCAN h 0 MATCH
                HSCAN h 0 TYPE string
                HSCAN h 0 bogus 1
                HSCAN h -1
                HSCAN h 18446744073709551615
                HSCAN h 18446744073709551616
                HSCAN h 1a
                HSCAN h " 1"
                """);
    }

    // ---- random sequences -------------------------------------------------------------------------------------

    private static final String[] KEYS = {"h1", "h2", "h3", "str"};
    private static final String[] FIELDS = {"a", "b", "c", "d", "e", "f", "g", "h", "n1", "n2", "", "0", "-1", "12",
            "F".repeat(70), "G".repeat(130), "\u00e9t\u00e9"};
    private static final String[] VALUES = {"1", "-5", "0", "42", "9223372036854775807", "-9223372036854775808",
            "3.5", "1e3", "abc", "", "inf", "-inf", "nan", "0x10", " 1", "1.0", "007", "-0", "1.5e-7", "100000",
            "v".repeat(100), "w".repeat(65), "x".repeat(200), "hello world"};
    private static final String[] INT_INCREMENTS = {"1", "-3", "100", "0", "9223372036854775807",
            "-9223372036854775808", "abc", "1.5", "", " 1", "99999999999999999999"};
    private static final String[] FLOAT_INCREMENTS = {"1.5", "-0.25", "1e3", "10", "-1e20", "inf", "-inf", "nan",
            "abc", "0x1p3", "3.0e-5", "", "5", "1e400"};
    private static final String[] PATTERNS = {"*", "a*", "?", "[ab]*", "*1*", "n?", "x"};
    private static final int[] ENTRY_LIMITS = {0, 1, 2, 3, 4, 6, 8, 512};
    private static final int[] VALUE_LIMITS = {0, 1, 2, 4, 8, 16, 64, 100, 300};

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void randomSequences(int protocol) throws IOException {
        open(protocol);
        int only = Integer.getInteger("hashes.seed", 0);     // -Dhashes.seed=N replays one sequence
        for (int sequence = only > 0 ? only : 1; sequence <= (only > 0 ? only : SEQUENCES); sequence++) {
            new Sequence(new Random(sequence * 7919L + protocol), protocol == 3, "seed " + sequence).run();
        }
    }

    /** One random command sequence on a flushed database, with its own encoding thresholds. */
    private final class Sequence {
        private final Random random;
        private final boolean resp3;
        private final String name;
        private final Deque<String> recent = new ArrayDeque<>();
        private int maxEntries = 512;

        Sequence(Random random, boolean resp3, String name) {
            this.random = random;
            this.resp3 = resp3;
            this.name = name;
        }

        void run() throws IOException {
            send("FLUSHALL");
            configure();
            send("SET", "str", "hello");
            for (int step = 0; step < STEPS; step++) step();
        }

        private void configure() throws IOException {
            maxEntries = pick(ENTRY_LIMITS);
            send("CONFIG", "SET", "hash-max-listpack-entries", Integer.toString(maxEntries));
            send("CONFIG", "SET", "hash-max-listpack-value", Integer.toString(pick(VALUE_LIMITS)));
        }

        private void step() throws IOException {
            String key = KEYS[random.nextInt(10) < 9 ? random.nextInt(3) : 3];
            int choice = random.nextInt(100);
            if (choice < 22) {
                send(setCommand(random.nextInt(5) == 0 ? "HMSET" : "HSET", key));
            } else if (choice < 26) {
                send("HSETNX", key, field(), value());
            } else if (choice < 32) {
                send("HGET", key, field());
            } else if (choice < 35) {
                send(withFields(new ArrayList<>(List.of("HMGET", key)), 1 + random.nextInt(3)));
            } else if (choice < 42) {
                send(withFields(new ArrayList<>(List.of("HDEL", key)), 1 + random.nextInt(3)));
            } else if (choice < 44) {
                send("HLEN", key);
            } else if (choice < 46) {
                send("HSTRLEN", key, field());
            } else if (choice < 48) {
                send("HEXISTS", key, field());
            } else if (choice < 54) {
                unordered(new String[] {"HKEYS", "HVALS", "HGETALL"}[random.nextInt(3)], key);
            } else if (choice < 60) {
                send("HINCRBY", key, field(), pick(INT_INCREMENTS));
            } else if (choice < 66) {
                send("HINCRBYFLOAT", key, field(), pick(FLOAT_INCREMENTS));
            } else if (choice < 76) {
                randomField(key);
            } else if (choice < 84) {
                scan(key);
            } else if (choice < 89) {
                send("OBJECT", "ENCODING", key);
            } else if (choice < 91) {
                send(random.nextBoolean() ? "TYPE" : "EXISTS", key);
            } else if (choice < 93) {
                send(badArity());
            } else if (choice < 94) {
                send("DEL", key);
            } else if (choice < 95) {
                send("SET", "str", "hello");
            } else if (choice < 97) {
                send("COPY", key, KEYS[random.nextInt(3)], "REPLACE");
            } else if (choice < 98) {
                growBeyondThreshold(KEYS[random.nextInt(3)]);
            } else {
                configure();
            }
        }

        /** HSET/HMSET with at most as many pairs as a listpack may hold (Redis 7.2 converts at once on more). */
        private String[] setCommand(String command, String key) {
            int maxPairs = maxEntries == 0 ? 4 : Math.min(4, maxEntries);
            List<String> args = new ArrayList<>(List.of(command, key));
            int pairs = 1 + random.nextInt(maxPairs);
            for (int i = 0; i < pairs; i++) {
                args.add(field());
                args.add(value());
            }
            if (random.nextInt(25) == 0) args.removeLast();       // odd: wrong number of arguments
            return args.toArray(String[]::new);
        }

        /** Adds fields one by one until the hash passes the entries threshold (and so converts). */
        private void growBeyondThreshold(String key) throws IOException {
            for (int i = 0; i <= Math.min(maxEntries, 20); i++) send("HSET", key, "grow" + i, Integer.toString(i));
        }

        private String[] withFields(List<String> args, int n) {
            for (int i = 0; i < n; i++) args.add(field());
            return args.toArray(String[]::new);
        }

        private String[] badArity() {
            String[][] bad = {{"HGET", "h1"}, {"HSET", "h1", "f"}, {"HLEN"}, {"HDEL", "h1"}, {"HMGET", "h1"},
                    {"HINCRBY", "h1", "f"}, {"HINCRBYFLOAT", "h1"}, {"HRANDFIELD"}, {"HSCAN", "h1"},
                    {"HSTRLEN", "h1"}, {"HEXISTS", "h1", "a", "b"}, {"HSETNX", "h1", "f"}, {"HKEYS"},
                    {"HLEN", "h1", "x"}, {"HGETALL"}, {"HVALS", "h1", "x"}, {"HMSET", "h1", "a"}};
            return bad[random.nextInt(bad.length)];
        }

        private String field() {
            return pick(FIELDS);
        }

        private String value() {
            return random.nextInt(3) == 0 ? Integer.toString(random.nextInt(1000)) : pick(VALUES);
        }

        private String pick(String[] choices) {
            return choices[random.nextInt(choices.length)];
        }

        private int pick(int[] choices) {
            return choices[random.nextInt(choices.length)];
        }

        // ---- comparisons ----------------------------------------------------------------------------------

        private String context(String... command) {
            remember(command);
            return name + (resp3 ? " RESP3" : " RESP2") + ", last commands:\n  " + String.join("\n  ", recent);
        }

        private void remember(String... command) {
            String line = String.join(" ", command);
            recent.addLast(line.length() > 120 ? line.substring(0, 120) + "..." : line);
            if (recent.size() > Integer.getInteger("hashes.history", 12)) recent.removeFirst();
        }

        /** Sends to both and compares the replies exactly; returns the reply. */
        private String send(String... command) throws IOException {
            String expected = pair.redis().call(command);
            String actual = pair.cinnabar().call(command);
            if (!expected.equals(actual)) {
                assertEquals(Differential.printable(expected), Differential.printable(actual), context(command));
            }
            remember(command);
            return actual;
        }

        private String encoding(String key) throws IOException {
            return send("OBJECT", "ENCODING", key);
        }

        /** HKEYS/HVALS/HGETALL: exact for a listpack, sorted for a hashtable. */
        private void unordered(String command, String key) throws IOException {
            if (!encoding(key).contains("hashtable")) {
                send(command, key);
                return;
            }
            String expected = pair.redis().call(command, key);
            String actual = pair.cinnabar().call(command, key);
            assertEquals(sortedElements(expected, command.equals("HGETALL")),
                    sortedElements(actual, command.equals("HGETALL")), context(command, key));
        }

        private String sortedElements(String reply, boolean pairs) {
            RespTree value = RespTree.parse(reply);
            List<String> items = new ArrayList<>();
            List<String> strings = value.strings();
            for (int i = 0; i < strings.size(); i += pairs ? 2 : 1) {
                items.add(pairs ? strings.get(i) + "=" + strings.get(i + 1) : strings.get(i));
            }
            items.sort(null);
            return value.type() + String.join(",", items);
        }

        /** The hash's contents from Redis (after checking Cinnabar has the same), field -> value. */
        private Map<String, String> contents(String key) throws IOException {
            unordered("HGETALL", key);
            RespTree all = RespTree.parse(pair.redis().call("HGETALL", key));
            Map<String, String> map = new HashMap<>();
            if (all.isAggregate()) {
                for (int i = 0; i < all.children().size(); i += 2) {
                    map.put(all.children().get(i).text(), all.children().get(i + 1).text());
                }
            }
            return map;
        }

        private void randomField(String key) throws IOException {
            List<String> args = new ArrayList<>(List.of("HRANDFIELD", key));
            int form = random.nextInt(10);
            if (form > 0) {
                args.add(form == 1 ? "abc" : Integer.toString(random.nextInt(13) - 6 + (form == 2 ? 50 : 0)));
                if (random.nextBoolean()) args.add(random.nextInt(15) == 0 ? "WITHVALUE" : "WITHVALUES");
            }
            String[] command = args.toArray(String[]::new);
            String enc = encoding(key);
            Map<String, String> truth = contents(key);
            String expectedReply = pair.redis().call(command);
            String actualReply = pair.cinnabar().call(command);
            RespTree expected = RespTree.parse(expectedReply);
            RespTree actual = RespTree.parse(actualReply);
            String where = context(command);
            if (!expected.isAggregate() && (expected.type() != '$' || expected.text() == null)) {  // errors, nulls
                assertEquals(Differential.printable(expectedReply), Differential.printable(actualReply), where);
                return;
            }
            assertEquals(expected.type(), actual.type(), where);
            if (!expected.isAggregate()) {
                assertTrue(truth.containsKey(actual.text()), where);
                return;
            }
            assertEquals(expected.children().size(), actual.children().size(), where);
            boolean withValues = command.length == 4;
            long count = Long.parseLong(command[2]);
            List<String[]> drawn = new ArrayList<>();
            for (int i = 0; i < actual.children().size(); i++) {
                RespTree item = actual.children().get(i);
                if (withValues && resp3) {
                    assertEquals(2, item.children().size(), where);
                    drawn.add(new String[] {item.children().get(0).text(), item.children().get(1).text()});
                } else if (withValues) {
                    drawn.add(new String[] {item.text(), actual.children().get(++i).text()});
                } else {
                    drawn.add(new String[] {item.text(), null});
                }
            }
            Set<String> fields = new HashSet<>();
            for (String[] d : drawn) {
                assertTrue(truth.containsKey(d[0]), where + "\nunknown field " + d[0]);
                if (withValues) assertEquals(truth.get(d[0]), d[1], where);
                fields.add(d[0]);
            }
            if (count > 0) assertEquals(drawn.size(), fields.size(), where + "\nrepeated fields");
            if (count >= truth.size() && enc.contains("listpack")) {
                assertEquals(Differential.printable(expectedReply), Differential.printable(actualReply), where);
            }
        }

        private void scan(String key) throws IOException {
            List<String> options = new ArrayList<>();
            int n = random.nextInt(3);
            for (int i = 0; i < n; i++) {
                if (random.nextBoolean()) {
                    options.add("MATCH");
                    options.add(pick(PATTERNS));
                } else {
                    options.add("COUNT");
                    options.add(random.nextInt(12) == 0 ? "0" : Integer.toString(1 + random.nextInt(20)));
                }
            }
            if (random.nextInt(30) == 0) options.add("bogus");
            String cursor = random.nextInt(12) == 0 ? pick(new String[] {"abc", "7", "-1"}) : "0";
            String enc = encoding(key);
            String[] command = scanCommand(key, cursor, options);
            if (!enc.contains("hashtable")) {
                send(command);
                return;
            }
            String expectedReply = pair.redis().call(command);
            String actualReply = pair.cinnabar().call(command);
            String where = context(command);
            if (expectedReply.startsWith("-") || actualReply.startsWith("-")) {
                assertEquals(Differential.printable(expectedReply), Differential.printable(actualReply), where);
                return;
            }
            if (!cursor.equals("0")) return;       // cursors into the middle of differently built tables
            assertEquals(fullScan(pair.redis(), key, expectedReply, options),
                    fullScan(pair.cinnabar(), key, actualReply, options), where);
        }

        private String[] scanCommand(String key, String cursor, List<String> options) {
            List<String> args = new ArrayList<>(List.of("HSCAN", key, cursor));
            args.addAll(options);
            return args.toArray(String[]::new);
        }

        /** Every field=value pair returned by a whole iteration that started with the given reply. */
        private Set<String> fullScan(dev.cinnabar.testing.RespConnection c, String key, String firstReply,
                List<String> options) throws IOException {
            Set<String> seen = new TreeSet<>();
            String reply = firstReply;
            for (int calls = 0; calls < 100_000; calls++) {
                RespTree value = RespTree.parse(reply);
                List<String> elements = value.children().get(1).strings();
                for (int i = 0; i < elements.size(); i += 2) seen.add(elements.get(i) + "=" + elements.get(i + 1));
                String next = value.children().get(0).text();
                if (next.equals("0")) return seen;
                reply = c.call(scanCommand(key, next, options));
            }
            fail("HSCAN did not finish");
            return seen;
        }
    }
}
