package dev.cinnabar.bitmaps;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.ScriptDifferential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The bitmap commands against a real redis-server: replies byte for byte in RESP2 and RESP3, and the keyspace
 * notifications each command publishes. Both servers run with proto-max-bulk-len at its minimum (1 MB), so the
 * offset limit can be reached cheaply.
 */
class BitmapDifferentialTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension("proto-max-bulk-len 1mb");
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension("--proto-max-bulk-len", "1mb");

    private static void same(String script) throws IOException {
        ScriptDifferential.assertSame(cinnabar.port(), redis.port(), script);
    }

    @Test
    void setbitAndGetbit() throws IOException {
        same("""
                SETBIT k 7 1
                GET k
                SETBIT k 7 1
                SETBIT k 7 0
                SETBIT k 0 1
                GETBIT k 0
                GETBIT k 7
                GETBIT k 100
                GETBIT missing 5
                SETBIT k 100 0
                STRLEN k
                OBJECT ENCODING k
                SETBIT k 8388607 1
                STRLEN k
                SETBIT k 8388608 1
                SETBIT k -1 1
                SETBIT k 1.5 1
                SETBIT k abc 1
                SETBIT k 01 1
                SETBIT k 5 2
                SETBIT k 5 -1
                SETBIT k 5 x
                SETBIT k "" 1
                GETBIT k 8388608
                GETBIT k -1
                GETBIT k x
                SET n 12345
                SETBIT n 1 1
                GET n
                OBJECT ENCODING n
                SET m 255
                GETBIT m 2
                GETBIT m 3
                OBJECT ENCODING m
                LPUSH list a
                SETBIT list 0 1
                GETBIT list 0
                SETBIT
                SETBIT k 1
                GETBIT k
                SET e ""
                SETBIT e 0 0
                GET e
                """);
    }

    @Test
    void bitcount() throws IOException {
        same("""
                BITCOUNT missing
                BITCOUNT missing 0
                BITCOUNT missing a b
                SET s foobar
                BITCOUNT s
                BITCOUNT s 0 0
                BITCOUNT s 1 1
                BITCOUNT s 1 -2
                BITCOUNT s -3 -1
                BITCOUNT s -1 -3
                BITCOUNT s 5 1
                BITCOUNT s 0 100
                BITCOUNT s -100 -50
                BITCOUNT s -100 100
                BITCOUNT s 5 30 BIT
                BITCOUNT s 1 3 bit
                BITCOUNT s 0 -1 BIT
                BITCOUNT s -5 -1 BIT
                BITCOUNT s 7 7 BIT
                BITCOUNT s 9 14 BIT
                BITCOUNT s 0 0 BYTE
                BITCOUNT s 0 0 BITS
                BITCOUNT s 0
                BITCOUNT s 0 1 BIT extra
                BITCOUNT s a 1
                BITCOUNT s 0 b
                BITCOUNT s 9223372036854775807 -9223372036854775808
                BITCOUNT s -9223372036854775808 9223372036854775807 BIT
                SET e ""
                BITCOUNT e
                BITCOUNT e 0 -1
                BITCOUNT e 0 -1 BIT
                SET n 1234567
                BITCOUNT n
                HSET h f v
                BITCOUNT h
                BITCOUNT h 0 1
                """);
    }

    @Test
    void bitpos() throws IOException {
        same("""
                BITPOS missing 0
                BITPOS missing 1
                BITPOS missing 1 a b c d
                BITPOS missing 2
                SET s \\xff\\xf0\\x00
                BITPOS s 0
                BITPOS s 1
                BITPOS s 0 0
                BITPOS s 1 2
                BITPOS s 0 0 0
                BITPOS s 0 0 1
                BITPOS s 1 2 -1
                BITPOS s 0 1 1
                BITPOS s 1 -1
                BITPOS s 0 -2 -1
                BITPOS s 1 7 15 BIT
                BITPOS s 0 7 15 bit
                BITPOS s 0 3 6 BIT
                BITPOS s 1 13 23 BIT
                BITPOS s 0 0 11 BIT
                BITPOS s 1 0 -1 BYTE
                BITPOS s 0 100
                BITPOS s 1 5 3
                BITPOS s 1 0 0 BAD
                BITPOS s 1 0 0 BIT more
                BITPOS s 2
                BITPOS s -1
                BITPOS s x
                BITPOS s 1 x
                BITPOS s 1 0 y
                SET ones \\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff
                BITPOS ones 0
                BITPOS ones 0 0
                BITPOS ones 0 0 -1
                BITPOS ones 0 3 78 BIT
                BITPOS ones 0 3 79 BIT
                BITPOS ones 1 3 79 BIT
                SET zeros \\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x01
                BITPOS zeros 1
                BITPOS zeros 1 0 -2
                BITPOS zeros 1 70 79 BIT
                BITPOS zeros 1 70 78 BIT
                BITPOS zeros 0 1 1 BIT
                SET e ""
                BITPOS e 0
                BITPOS e 1
                BITPOS e 0 0
                SADD set a
                BITPOS set 1
                """);
    }

    @Test
    void bitop() throws IOException {
        same("""
                SET a \\xff\\x0f\\xf0\\x55
                SET b \\x0f\\xff
                SET c abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ
                SET d zyxwvutsrqponmlkjihgfedcba9876543210ZYXWVUTSRQPONMLKJIHGFEDCBA!!
                BITOP AND r a b
                GET r
                OBJECT ENCODING r
                BITOP OR r a b
                GET r
                BITOP XOR r a b missing
                GET r
                BITOP NOT r a
                GET r
                BITOP and r c d
                GET r
                BITOP Or r c d a
                GET r
                BITOP xor r d c b a
                GET r
                BITOP not r c
                GET r
                BITOP AND r missing other
                EXISTS r
                BITOP AND r missing other
                SET r x EX 100
                BITOP OR r a
                TTL r
                BITOP NOT r a b
                BITOP NOT r
                BITOP NAND r a b
                BITOP AND
                BITOP AND r
                LPUSH l x
                BITOP AND r a l
                BITOP OR l a
                TYPE l
                SET e ""
                BITOP OR r e
                EXISTS r
                BITOP AND r a a a a a a a a a a a a a a a a a a a a
                GET r
                BITOP AND a a b
                GET a
                """);
    }

    @Test
    void bitfield() throws IOException {
        same("""
                BITFIELD k
                BITFIELD missing GET u8 0
                EXISTS missing
                BITFIELD k SET i8 0 100 GET i8 0 GET u4 0 GET i4 4
                GET k
                BITFIELD k INCRBY i8 0 100
                BITFIELD k OVERFLOW SAT INCRBY i8 0 100 INCRBY i8 0 -500
                BITFIELD k OVERFLOW FAIL INCRBY i8 0 -200 INCRBY u2 100 5 GET u2 100
                BITFIELD k OVERFLOW WRAP INCRBY u2 100 5 overflow sat incrby u2 102 7
                BITFIELD k SET u8 #1 255 GET u8 #1 GET u8 8 SET i16 #2 -1 GET u16 32 GET i64 0 GET u63 1
                BITFIELD k SET i64 0 -9223372036854775808 GET i64 0 INCRBY i64 0 -1 OVERFLOW SAT INCRBY i64 0 -1
                BITFIELD k SET i64 0 9223372036854775807 INCRBY i64 0 1 OVERFLOW FAIL INCRBY i64 0 1
                BITFIELD k OVERFLOW SAT SET i8 0 -9223372036854775808 GET i8 0 SET i8 0 9223372036854775807 GET i8 0
                BITFIELD k OVERFLOW SAT SET i8 0 -200 GET i8 0 SET i8 0 200 GET i8 0
                BITFIELD k OVERFLOW WRAP SET i8 0 -9223372036854775808 SET i8 0 1000 GET i8 0
                BITFIELD k OVERFLOW SAT SET u8 0 -1 GET u8 0 SET u8 0 300 OVERFLOW WRAP SET u8 0 -1 SET u8 0 300
                BITFIELD k OVERFLOW FAIL SET u8 0 -1 SET u8 0 256 SET u8 0 255
                BITFIELD k OVERFLOW SAT SET u63 0 -1 GET u63 0 INCRBY u63 0 5 INCRBY u63 0 -9223372036854775808
                BITFIELD k OVERFLOW WRAP INCRBY u63 0 9223372036854775807 INCRBY u1 0 -3 INCRBY i1 5 1 INCRBY i1 5 -5
                BITFIELD k SET u8 0 3 SET u8 0 3
                BITFIELD k GET u8 0 GET u8 0
                BITFIELD n OVERFLOW FAIL SET u8 0 256
                EXISTS n
                GET n
                BITFIELD k GET u64 0
                BITFIELD k GET i65 0
                BITFIELD k GET i0 0
                BITFIELD k GET x8 0
                BITFIELD k GET "" 0
                BITFIELD k GET i 0
                BITFIELD k GET i-1 0
                BITFIELD k GET i+8 0
                BITFIELD k GET i8 -1
                BITFIELD k GET i8 #-1
                BITFIELD k GET i8 #x
                BITFIELD k GET i8 8388608
                BITFIELD k GET i8 8388607
                BITFIELD k GET i8 #1048576
                BITFIELD k SET i8 8388601 1
                BITFIELD k SET i8 #1048575 1
                STRLEN k
                BITFIELD k SET i8 0 x
                BITFIELD k INCRBY i8 0 1.5
                BITFIELD k OVERFLOW BAD GET i8 0
                BITFIELD k OVERFLOW
                BITFIELD k GET i8
                BITFIELD k SET i8 0
                BITFIELD k FOO i8 0
                BITFIELD k GET i8 0 SET i8 0
                BITFIELD_RO k GET i8 0 GET u4 #3
                BITFIELD_RO k SET i8 0 1
                BITFIELD_RO k INCRBY i8 0 x
                BITFIELD_RO k OVERFLOW SAT GET u2 0
                BITFIELD_RO missing GET u2 0
                BITFIELD_RO k
                SADD s m
                BITFIELD s GET i8 0
                BITFIELD s SET i8 0 1
                BITFIELD_RO s GET i8 0
                BITFIELD s
                SET num 1234
                BITFIELD num GET u8 0 GET u32 0
                OBJECT ENCODING num
                BITFIELD num INCRBY u8 0 0
                OBJECT ENCODING num
                GET num
                """);
    }

    /** Random sequences of the bitmap commands on a few keys, compared command by command. */
    @Test
    void randomSequences() throws IOException {
        for (long seed = 1; seed <= 4; seed++) {
            Random random = new Random(seed);
            List<byte[][]> commands = new ArrayList<>();
            String[] keys = {"a", "b", "c"};
            for (int i = 0; i < 300; i++) {
                String key = keys[random.nextInt(keys.length)];
                String other = keys[random.nextInt(keys.length)];
                int range = random.nextBoolean() ? 64 : 400;
                commands.add(switch (random.nextInt(9)) {
                    case 0, 1 -> cmd("SETBIT", key, String.valueOf(random.nextInt(range)), String.valueOf(random.nextInt(2)));
                    case 2 -> cmd("BITCOUNT", key, String.valueOf(random.nextInt(20) - 10), String.valueOf(random.nextInt(20) - 10),
                            random.nextBoolean() ? "BIT" : "BYTE");
                    case 3 -> cmd("BITPOS", key, String.valueOf(random.nextInt(2)), String.valueOf(random.nextInt(100) - 50),
                            String.valueOf(random.nextInt(100) - 50), random.nextBoolean() ? "BIT" : "BYTE");
                    case 4 -> cmd("BITPOS", key, String.valueOf(random.nextInt(2)), String.valueOf(random.nextInt(10) - 5));
                    case 5 -> cmd("BITOP", new String[] {"AND", "OR", "XOR", "NOT"}[random.nextInt(4)], key, other,
                            keys[random.nextInt(keys.length)]);
                    case 6 -> cmd("BITFIELD", key, "OVERFLOW", new String[] {"WRAP", "SAT", "FAIL"}[random.nextInt(3)],
                            random.nextBoolean() ? "INCRBY" : "SET",
                            (random.nextBoolean() ? "i" : "u") + (1 + random.nextInt(63)),
                            String.valueOf(random.nextInt(range)), String.valueOf(random.nextLong() >> random.nextInt(64)),
                            "GET", "i" + (1 + random.nextInt(64)), "#" + random.nextInt(8));
                    case 7 -> cmd("GET", key);
                    default -> cmd("BITCOUNT", key);
                });
            }
            // BITOP NOT takes one source: drop the extra key the generator added
            for (int i = 0; i < commands.size(); i++) {
                byte[][] c = commands.get(i);
                if (new String(c[0]).equals("BITOP") && new String(c[1]).equals("NOT")) {
                    commands.set(i, new byte[][] {c[0], c[1], c[2], c[3]});
                }
            }
            ScriptDifferential.assertSame(cinnabar.port(), redis.port(), commands);
        }
    }

    private static byte[][] cmd(String... args) {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) bytes[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
        return bytes;
    }
}
