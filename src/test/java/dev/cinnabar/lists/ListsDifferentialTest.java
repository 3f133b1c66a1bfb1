package dev.cinnabar.lists;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.Differential;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.RespConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random sequences of list commands — every one, with random options, bad arguments and other types — run on
 * Cinnabar and on a real redis-server, replies compared byte for byte in RESP2 and RESP3. list-max-listpack-size
 * changes often and to small values, so lists convert between listpack and quicklist and quicklist nodes split
 * and merge all the time. OBJECT ENCODING is compared when the reference is Redis 7.2 or newer (older ones have
 * no listpack lists; see REDIS_SERVER in RealRedis); {@link ListEncodingTest} pins the transitions otherwise.
 */
class ListsDifferentialTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private static final String[] LIST_KEYS = {"la", "lb", "lc"};
    private static final String[] FILLS = {"-1", "-2", "-3", "-5", "-6", "0", "1", "2", "3", "4", "5", "8", "16",
            "128"};
    private static final String[] NUMBERS = {"0", "1", "-1", "2", "-2", "3", "-3", "5", "10", "-10", "100",
            "-100", "abc", "1.5", "", " 1", "+1", "01", "9223372036854775807", "-9223372036854775808",
            "9223372036854775808", "-9223372036854775807"};
    private static boolean referenceHasListpackLists;

    @BeforeAll
    static void probeReference() throws IOException {
        try (RespConnection c = redis.connect()) {
            String info = c.call("INFO", "server");
            int at = info.indexOf("redis_version:") + "redis_version:".length();
            String[] version = info.substring(at, info.indexOf('\r', at)).split("\\.");
            int major = Integer.parseInt(version[0]);
            int minor = Integer.parseInt(version[1]);
            referenceHasListpackLists = major > 7 || (major == 7 && minor >= 2);
        }
        if (!referenceHasListpackLists) {
            System.out.println("ListsDifferentialTest: reference redis-server is older than 7.2; OBJECT ENCODING "
                    + "of lists is not compared here (ListEncodingTest covers it)");
        }
    }

    /**
     * With a list-compress-depth (third column) the same sequences run on lists whose interior nodes are
     * compressed; DUMP (with rdbcompression off, so only the nodes the list compressed are LZF blobs) then shows
     * that both servers compressed the same nodes.
     */
    @ParameterizedTest(name = "seed {0}, RESP{1}, list-compress-depth {2}")
    @CsvSource({"1, 2, 0", "1, 3, 0", "2, 2, 0", "2, 3, 0", "3, 2, 0", "3, 3, 0", "4, 2, 0", "4, 3, 0", "5, 2, 0",
            "5, 3, 0", "1, 2, 1", "2, 3, 1", "3, 2, 1", "1, 3, 2", "2, 2, 2", "3, 3, 2"})
    void randomCommandSequences(long seed, int protocol, int depth) throws IOException {
        Generator g = new Generator(new Random(seed * 7919 + protocol + 31L * depth));
        List<String[]> commands = new ArrayList<>();
        commands.add(new String[] {"CONFIG", "SET", "list-max-listpack-size", "-2"});
        commands.add(new String[] {"CONFIG", "SET", "list-compress-depth", String.valueOf(depth)});
        commands.add(new String[] {"CONFIG", "SET", "rdbcompression", depth == 0 ? "yes" : "no"});
        commands.add(new String[] {"SET", "str", "text"});
        for (int i = 0; i < 2500; i++) commands.add(g.next());
        for (String key : LIST_KEYS) {
            commands.add(new String[] {"LRANGE", key, "0", "-1"});
            if (referenceHasListpackLists) {
                commands.add(new String[] {"OBJECT", "ENCODING", key});
                commands.add(new String[] {"DUMP", key});
            }
        }
        commands.add(new String[] {"CONFIG", "SET", "list-max-listpack-size", "-2"});
        commands.add(new String[] {"CONFIG", "SET", "list-compress-depth", "0"});
        commands.add(new String[] {"CONFIG", "SET", "rdbcompression", "yes"});
        Differential.forProtocol(cinnabar.port(), redis.port(), protocol).assertSameReplies(commands);
    }

    /** list-compress-depth through CONFIG GET/SET: its range (0 to INT_MAX), bad values, the old lists unaffected. */
    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void compressDepthConfig(int protocol) throws IOException {
        Differential.forProtocol(cinnabar.port(), redis.port(), protocol).assertSameReplies("""
                CONFIG GET list-compress-depth
                CONFIG SET list-compress-depth -1
                CONFIG SET list-compress-depth abc
                CONFIG SET list-compress-depth 1.5
                CONFIG SET list-compress-depth 2147483648
                CONFIG SET list-compress-depth 1k
                CONFIG SET list-compress-depth ""
                CONFIG GET list-compress-depth
                CONFIG SET list-compress-depth 2147483647
                CONFIG GET list-compress-depth
                CONFIG SET list-compress-depth 1
                CONFIG GET list-compress*
                DEL la
                RPUSH la aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
                CONFIG SET list-compress-depth 0
                LRANGE la 0 -1
                DEL la
                CONFIG SET list-compress-depth 01
                CONFIG GET list-compress-depth
                CONFIG SET list-compress-depth 0
                CONFIG GET list-compress-depth
                """);
    }

    /** Edge cases of every command, in order: argument errors, missing keys, other types, null replies. */
    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void edgeCases(int protocol) throws IOException {
        Differential.forProtocol(cinnabar.port(), redis.port(), protocol).assertSameReplies("""
                SET str text
                LPOP none
                LPOP none 0
                LPOP none 2
                LPOP none -1
                LPOP none abc
                LPOP str
                LPOP str 0
                LPOP str -1
                RPUSH l a b c
                LPOP l 0
                LPOP l -1
                LPOP l 1.5
                LPOP l 2 3
                RPOP l 9223372036854775807
                EXISTS l
                LPUSHX l a
                RPUSHX l a
                EXISTS l
                LPUSHX str a
                LPUSH str a
                RPUSH l 1 -1 0 12 -4096 9223372036854775807 -9223372036854775808 007
                LRANGE l 0 -1
                LRANGE l -100 100
                LRANGE l 5 2
                LRANGE l -1 -2
                LRANGE l 9223372036854775807 -9223372036854775808
                LRANGE l a 1
                LRANGE none a 1
                LRANGE str 0 -1
                LRANGE str a 1
                LLEN l
                LLEN none
                LLEN str
                LINDEX l 0
                LINDEX l -1
                LINDEX l 8
                LINDEX l -9
                LINDEX l abc
                LINDEX none abc
                LINDEX str 0
                LSET none 0 x
                LSET str 0 x
                LSET l abc x
                LSET l 8 x
                LSET l -8 x
                LRANGE l 0 0
                LINSERT none BEFORE a b
                LINSERT str BEFORE a b
                LINSERT str MIDDLE a b
                LINSERT l MIDDLE a b
                LINSERT l BEFORE nosuch b
                LINSERT l AFTER 007 z
                LINSERT l before 12 w
                LRANGE l 0 -1
                LREM l abc x
                LREM none 0 x
                LREM str 0 x
                RPUSH r a b a c a b a
                LREM r 2 a
                LRANGE r 0 -1
                LREM r -1 a
                LRANGE r 0 -1
                LREM r 0 b
                LREM r -9223372036854775808 a
                EXISTS r
                LTRIM none 0 1
                LTRIM str 0 1
                LTRIM l a 1
                LTRIM l 1 -2
                LRANGE l 0 -1
                LTRIM l 5 1
                EXISTS l
                RPUSH p a b c a b c a
                LPOS p a
                LPOS p a RANK 2
                LPOS p a RANK -1
                LPOS p a RANK -2 COUNT 0
                LPOS p a COUNT 0
                LPOS p a COUNT 2 RANK 2
                LPOS p a MAXLEN 3 COUNT 0
                LPOS p a RANK -1 MAXLEN 1 COUNT 5
                LPOS p z
                LPOS p z COUNT 1
                LPOS none a
                LPOS none a COUNT 0
                LPOS str a
                LPOS p a RANK 0
                LPOS p a RANK abc
                LPOS p a RANK 9223372036854775807
                LPOS p a COUNT -1
                LPOS p a COUNT abc
                LPOS p a MAXLEN -1
                LPOS p a MAXLEN abc
                LPOS p a RANK
                LPOS p a BOGUS 1
                LPOS p a count 1 rank 1 maxlen 0
                LPOS str a RANK 0
                RPOPLPUSH none p
                RPOPLPUSH str p
                RPOPLPUSH p str
                LRANGE p 0 -1
                RPOPLPUSH p p
                LRANGE p 0 -1
                RPOPLPUSH p q
                LMOVE p q LEFT RIGHT
                LMOVE p q left left
                LMOVE p q RIGHT right
                LMOVE p q up LEFT
                LMOVE none q up LEFT
                LMOVE none q LEFT LEFT
                LRANGE q 0 -1
                LMOVE p p LEFT RIGHT
                LRANGE p 0 -1
                RPUSH one x
                LMOVE one one LEFT RIGHT
                LMOVE one other LEFT RIGHT
                EXISTS one
                LRANGE other 0 -1
                LMPOP 2 none p LEFT
                LMPOP 3 none str p LEFT
                LMPOP 2 none p RIGHT COUNT 2
                LMPOP 2 p none LEFT COUNT 100
                LMPOP 1 none LEFT
                LMPOP 0 p LEFT
                LMPOP -1 p LEFT
                LMPOP abc p LEFT
                LMPOP 2 p LEFT
                LMPOP 1 p MIDDLE
                LMPOP 1 p LEFT COUNT 0
                LMPOP 1 p LEFT COUNT -1
                LMPOP 1 p LEFT COUNT abc
                LMPOP 1 p LEFT COUNT 1 COUNT 1
                LMPOP 1 p LEFT BOGUS
                LMPOP 1 p LEFT COUNT
                LMPOP 1 str LEFT
                LPUSH
                LPUSH l
                LRANGE l 0
                LSET l 0
                LINSERT l BEFORE a
                LPOS l
                LMOVE a b LEFT
                LMPOP 1
                lpush MixedCase v
                LRANGE MixedCase 0 -1
                RPUSH bin binary
                TYPE l
                TYPE q
                OBJECT ENCODING str
                """);
    }

    /** Draws random commands; elements come from a small pool so that searches and removals find matches. */
    private static final class Generator {
        private final Random random;
        private final String[] elements;

        Generator(Random random) {
            this.random = random;
            List<String> pool = new ArrayList<>(List.of("a", "b", "c", "hello", "", "0", "1", "-1", "127", "128",
                    "-4096", "4095", "4096", "32767", "-32769", "8388607", "8388608", "2147483648",
                    "9223372036854775807", "-9223372036854775808", "9223372036854775808", "007", "-0", "1.5",
                    "element:000001", "element:000002"));
            pool.add("x".repeat(63));
            pool.add("y".repeat(64));
            pool.add("z".repeat(200));
            pool.add("w".repeat(700));
            pool.add("v".repeat(2100));
            pool.add("u".repeat(4095));
            pool.add("t".repeat(4096));
            pool.add("s".repeat(9000));
            elements = pool.toArray(String[]::new);
        }

        private String key() {
            int r = random.nextInt(100);
            if (r < 88) return LIST_KEYS[random.nextInt(LIST_KEYS.length)];
            if (r < 95) return "str";
            return "none";
        }

        private String element() {
            // mostly short elements, so that lists get long; the long ones reach the byte limits
            if (random.nextInt(10) < 8) return elements[random.nextInt(26)];
            return elements[random.nextInt(elements.length)];
        }

        private String number() {
            if (random.nextInt(3) > 0) return String.valueOf(random.nextInt(31) - 15);
            return NUMBERS[random.nextInt(NUMBERS.length)];
        }

        private String end() {
            int r = random.nextInt(20);
            if (r == 0) return "middle";
            if (r == 1) return "Left";
            return r % 2 == 0 ? "LEFT" : "right";
        }

        String[] next() {
            int r = random.nextInt(100);
            if (r < 22) return push();
            if (r < 32) return pop();
            if (r < 36) return cmd("LLEN", key());
            if (r < 42) return cmd("LRANGE", key(), number(), number());
            if (r < 46) return cmd("LINDEX", key(), number());
            if (r < 50) return cmd("LSET", key(), lsetIndex(), element());
            if (r < 56) return linsert();
            if (r < 61) return cmd("LREM", key(), number(), element());
            if (r < 63) return cmd("LTRIM", key(), number(), random.nextBoolean() ? "-1" : number());
            if (r < 69) return lpos();
            if (r < 72) return cmd("RPOPLPUSH", key(), key());
            if (r < 77) return cmd("LMOVE", key(), key(), end(), end());
            if (r < 82) return lmpop();
            if (r < 88) return referenceHasListpackLists ? cmd("OBJECT", "ENCODING", key()) : cmd("LLEN", key());
            if (r < 91) return cmd("CONFIG", "SET", "list-max-listpack-size", FILLS[random.nextInt(FILLS.length)]);
            if (r < 93) return cmd("COPY", key(), key(), "REPLACE");
            if (r < 94) return cmd("DEL", key());
            if (r < 95) return cmd("TYPE", key());
            return arityErrors();
        }

        private String[] push() {
            String[] names = {"LPUSH", "RPUSH", "LPUSHX", "RPUSHX"};
            int n = random.nextInt(10) == 0 ? 20 + random.nextInt(150) : 1 + random.nextInt(4);
            List<String> c = new ArrayList<>(List.of(names[random.nextInt(4)], key()));
            for (int i = 0; i < n; i++) c.add(element());
            return c.toArray(String[]::new);
        }

        private String[] pop() {
            String name = random.nextBoolean() ? "LPOP" : "RPOP";
            return switch (random.nextInt(6)) {
                case 0, 1 -> cmd(name, key());
                case 2 -> cmd(name, key(), number(), "extra");
                default -> cmd(name, key(), random.nextInt(4) == 0 ? number() : String.valueOf(random.nextInt(40)));
            };
        }

        private String[] linsert() {
            String[] where = {"BEFORE", "AFTER", "before", "after", "inside"};
            return cmd("LINSERT", key(), where[random.nextInt(where.length)], element(), element());
        }

        private String[] lpos() {
            List<String> c = new ArrayList<>(List.of("LPOS", key(), element()));
            int options = random.nextInt(4);
            for (int i = 0; i < options; i++) {
                switch (random.nextInt(8)) {
                    case 0, 1 -> c.addAll(List.of("RANK", rank()));
                    case 2, 3 -> c.addAll(List.of("COUNT", random.nextInt(4) == 0 ? number()
                            : String.valueOf(random.nextInt(4))));
                    case 4, 5 -> c.addAll(List.of("MAXLEN", random.nextInt(4) == 0 ? number()
                            : String.valueOf(random.nextInt(20))));
                    case 6 -> c.add("RANK");
                    default -> c.add("BOGUS");
                }
            }
            return c.toArray(String[]::new);
        }

        /**
         * An LSET index. Redis 7.2 keeps only its low 32 bits (it passes it on as a C int); older references did
         * not, so they get no index outside the int range.
         */
        private String lsetIndex() {
            String index = number();
            if (referenceHasListpackLists || index.length() < 10) return index;
            return index.startsWith("-") ? "-1" : "1";
        }

        /** A RANK argument; the lowest long is left out for references before 7.2, which overflowed on it. */
        private String rank() {
            String rank = random.nextInt(4) == 0 ? number() : String.valueOf(random.nextInt(7) - 3);
            return !referenceHasListpackLists && rank.equals("-9223372036854775808") ? "-1" : rank;
        }

        private String[] lmpop() {
            List<String> c = new ArrayList<>(List.of("LMPOP"));
            int numKeys = 1 + random.nextInt(3);
            c.add(random.nextInt(12) == 0 ? number() : String.valueOf(numKeys));
            for (int i = 0; i < numKeys; i++) c.add(key());
            c.add(end());
            switch (random.nextInt(6)) {
                case 0, 1 -> { }
                case 2 -> c.addAll(List.of("COUNT", number()));
                case 3 -> c.addAll(List.of("COUNT", "2", "COUNT", "3"));
                default -> c.addAll(List.of("count", String.valueOf(1 + random.nextInt(30))));
            }
            return c.toArray(String[]::new);
        }

        private String[] arityErrors() {
            String[][] bad = {{"LPUSH", "la"}, {"LLEN"}, {"LLEN", "la", "lb"}, {"LRANGE", "la", "0"},
                    {"LINDEX", "la"}, {"LSET", "la", "0"}, {"LINSERT", "la", "BEFORE", "a"}, {"LREM", "la", "0"},
                    {"LTRIM", "la", "0"}, {"LPOS", "la"}, {"RPOPLPUSH", "la"}, {"LMOVE", "la", "lb", "LEFT"},
                    {"LMPOP", "1", "la"}, {"LPOP"}, {"LMPOP", "2", "la", "LEFT"}, {"LPOS", "la", "a", "RANK"},
                    {"LMPOP", "1", "la", "LEFT", "COUNT"}, {"LMPOP", "0", "la", "LEFT"}, {"LMPOP", "-1", "la", "LEFT"}};
            return bad[random.nextInt(bad.length)];
        }

        private static String[] cmd(String... args) {
            return args;
        }
    }
}
