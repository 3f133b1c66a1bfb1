package dev.cinnabar.hyperloglog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.Differential;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.ScriptDifferential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * HyperLogLogs against a real redis-server: replies, notifications and the stored bytes (GET) after every kind of
 * update, counts of random sets of many sizes on both sides of the sparse-to-dense promotion, unions of mixed
 * encodings, and values made by Redis loaded into Cinnabar with SET and RESTORE.
 */
class HyperLogLogDifferentialTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private static RespConnection c;
    private static RespConnection r;

    @BeforeAll
    static void connect() throws IOException {
        c = cinnabar.connect();
        r = redis.connect();
    }

    @AfterAll
    static void close() throws IOException {
        c.close();
        r.close();
    }

    private static void same(String script) throws IOException {
        ScriptDifferential.assertSame(cinnabar.port(), redis.port(), script);
    }

    /** Sends to both and asserts identical replies. */
    private static String both(byte[]... command) throws IOException {
        String expected = r.call(command);
        String actual = c.call(command);
        assertEquals(Differential.printable(expected), Differential.printable(actual),
                new String(command[0], StandardCharsets.ISO_8859_1) + " " + (command.length > 1
                        ? new String(command[1], StandardCharsets.ISO_8859_1) : ""));
        return actual;
    }

    private static String both(String... command) throws IOException {
        byte[][] args = new byte[command.length][];
        for (int i = 0; i < command.length; i++) args[i] = command[i].getBytes(StandardCharsets.UTF_8);
        return both(args);
    }

    /** The payload of a bulk string reply. */
    private static byte[] bulk(String reply) {
        int start = reply.indexOf("\r\n") + 2;
        return reply.substring(start, reply.length() - 2).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void commandsRepliesEventsAndBytes() throws IOException {
        same("""
                PFADD h
                GET h
                PFCOUNT h
                GET h
                PFADD h a b c d e f g
                PFADD h a b c
                GET h
                PFCOUNT h
                GET h
                PFCOUNT h
                OBJECT ENCODING h
                PFDEBUG ENCODING h
                PFDEBUG DECODE h
                PFADD h2 x y z a
                PFCOUNT h h2
                PFCOUNT h missing h2
                PFCOUNT missing
                PFCOUNT missing other
                PFMERGE dest h h2
                GET dest
                PFCOUNT dest
                PFMERGE dest
                PFMERGE h h2
                GET h
                PFMERGE new
                GET new
                PFMERGE new2 missing
                GET new2
                PFDEBUG GETREG h2
                PFDEBUG ENCODING h2
                GET h2
                PFDEBUG DECODE h2
                PFDEBUG TODENSE h
                PFDEBUG TODENSE h
                PFDEBUG ENCODING h
                PFCOUNT h
                PFADD h q
                PFCOUNT h dest
                PFMERGE mixed dest h
                PFDEBUG ENCODING mixed
                PFCOUNT mixed
                PFDEBUG DECODE h
                PFDEBUG foo h
                PFDEBUG GETREG missing
                PFDEBUG foo missing
                SET s notanhll
                PFADD s a
                PFCOUNT s
                PFCOUNT h s
                PFMERGE s h
                PFMERGE h s
                PFDEBUG ENCODING s
                SET s HYLL
                PFCOUNT s
                SET s HYLL\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00
                PFCOUNT s
                PFADD s a
                PFCOUNT s
                SET s HYLL\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x01\\x02
                PFCOUNT s
                SET s HYLL\\x02\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00
                PFCOUNT s
                SET s HYLL\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x80\\x7f\\xfe
                PFCOUNT s
                PFCOUNT s h
                PFADD s a
                PFMERGE d2 s
                PFDEBUG TODENSE s
                PFDEBUG GETREG s
                PFDEBUG DECODE s
                SET s HYLL\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x80\\x7f\\xff\\x80
                PFCOUNT s
                PFADD s a b c
                SET s HYLL\\x01\\x00\\x00\\x00\\x05\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x7f\\xff
                PFCOUNT s
                SET s HYLL\\x01\\x00\\x00\\x00\\x05\\x00\\x00\\x00\\x00\\x00\\x00\\x80\\x7f\\xff
                PFADD s hello
                GET s
                PFCOUNT s
                GET s
                LPUSH l a
                PFADD l a
                PFCOUNT l
                PFCOUNT h l
                PFMERGE l h
                PFMERGE h l
                PFDEBUG ENCODING l
                SET n 12345678901234567
                PFCOUNT n
                PFADD
                PFCOUNT
                PFMERGE
                PFDEBUG GETREG
                PFDEBUG GETREG h extra
                """);
    }

    @Test
    void promotionToDenseFollowsTheConfiguredLimit() throws IOException {
        both("FLUSHALL");
        for (String limit : new String[] {"0", "20", "100", "3000"}) {
            both("CONFIG", "SET", "hll-sparse-max-bytes", limit);
            both("DEL", "p");
            for (int i = 0; i < 300; i += 10) {
                String[] cmd = new String[12];
                cmd[0] = "PFADD";
                cmd[1] = "p";
                for (int j = 0; j < 10; j++) cmd[2 + j] = "el-" + (i + j);
                both(cmd);
                both("PFDEBUG", "ENCODING", "p");
                both("GET", "p");
                both("PFCOUNT", "p");
            }
        }
        both("CONFIG", "SET", "hll-sparse-max-bytes", "3000");
        both("CONFIG", "GET", "hll-sparse-max-bytes");
    }

    /** Counts of random sets from 1 to 200,000 elements, bytes compared after every batch. */
    @Test
    void randomSetsOfManySizes() throws IOException {
        both("FLUSHALL");
        Random random = new Random(7);
        int[] sizes = {1, 2, 10, 50, 120, 300, 700, 1000, 1500, 2000, 3000, 5000, 10000, 30000, 200000};
        for (int size : sizes) {
            String key = "set-" + size;
            int batch = 1000;
            for (int done = 0; done < size; done += batch) {
                int n = Math.min(batch, size - done);
                byte[][] cmd = new byte[n + 2][];
                cmd[0] = "PFADD".getBytes(StandardCharsets.US_ASCII);
                cmd[1] = key.getBytes(StandardCharsets.US_ASCII);
                for (int j = 0; j < n; j++) {
                    byte[] element = new byte[1 + random.nextInt(24)];
                    random.nextBytes(element);
                    cmd[j + 2] = element;
                }
                both(cmd);
                if (size <= 5000 || done + batch >= size) {
                    both("GET", key);
                    both("PFCOUNT", key);
                }
            }
            both("PFDEBUG", "ENCODING", key);
            both("GET", key);
        }
        // unions: several keys at once, and merged into sparse and dense destinations
        both("PFCOUNT", "set-1", "set-50", "set-3000");
        both("PFCOUNT", "set-10", "set-200000", "set-700");
        both("PFMERGE", "set-10", "set-50", "set-120");
        both("PFDEBUG", "ENCODING", "set-10");
        both("GET", "set-10");
        both("PFMERGE", "set-300", "set-5000");
        both("GET", "set-300");
        both("PFMERGE", "m", "set-2000", "set-30000", "set-1");
        both("GET", "m");
        both("PFCOUNT", "m");
        both("PFMERGE", "set-200000", "set-2");
        both("PFCOUNT", "set-200000");
    }

    @Test
    void valuesMadeByRedisWorkInCinnabar() throws IOException {
        both("FLUSHALL");
        Random random = new Random(11);
        for (int size : new int[] {0, 3, 200, 1200, 9000}) {
            String key = "r" + size;
            r.call("PFADD", key);
            for (int i = 0; i < size; i++) r.call("PFADD", key, "e" + random.nextInt(1_000_000));
            byte[] bytes = bulk(r.call("GET", key));
            // one copy through SET, one through DUMP/RESTORE
            c.call("SET".getBytes(), key.getBytes(), bytes);
            String dump = r.call("DUMP", key);
            r.call("SET".getBytes(), ("copy-" + key).getBytes(), bytes);
            assertEquals("+OK\r\n", c.call("RESTORE".getBytes(), ("copy-" + key).getBytes(), "0".getBytes(), bulk(dump)));
            both("PFCOUNT", key);
            both("PFCOUNT", "copy-" + key);
            both("GET", key);
            for (int i = 0; i < 50; i++) {
                String element = "more" + random.nextInt(1_000_000);
                both("PFADD", key, element);
                both("PFADD", "copy-" + key, element);
            }
            both("PFCOUNT", key);
            both("GET", key);
            both("GET", "copy-" + key);
            both("PFDEBUG", "ENCODING", key);
        }
    }

    @Test
    void selfTestPasses() throws IOException {
        long start = System.nanoTime();
        assertEquals("+OK\r\n", c.call("PFSELFTEST"));
        assertTrue(System.nanoTime() - start < 60_000_000_000L);
        both("PFSELFTEST", "extra");
    }

    @Test
    void everyElementLengthHashesAsInRedis() throws IOException {
        both("FLUSHALL");
        // elements of 0 to 40 bytes exercise every tail length of the hash
        List<byte[][]> commands = new ArrayList<>();
        for (int len = 0; len <= 40; len++) {
            byte[] element = new byte[len];
            for (int i = 0; i < len; i++) element[i] = (byte) (i * 37 + len);
            both("PFADD".getBytes(), ("len" + len).getBytes(), element);
            both("PFDEBUG", "DECODE", "len" + len);
        }
        assertTrue(commands.isEmpty());
    }
}
