package dev.cinnabar.lists;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RespConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;

/**
 * OBJECT ENCODING of lists through the conversions Redis 7.2 makes, with the answers Redis 7.2 gives (each script
 * was run on Redis 7.2 to obtain them). Runs without a reference server; {@link ListsDifferentialTest} and
 * {@link ListStructureDifferentialTest} compare with a live Redis 7.2 when one is available.
 * <p>
 * Script lines are commands, except "ENC key encoding", which asserts the key's encoding. An argument "c*n"
 * stands for the character c repeated n times.
 */
class ListEncodingTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();

    private static void script(String text) throws IOException {
        try (RespConnection c = cinnabar.connect()) {
            c.call("FLUSHALL");
            c.call("CONFIG", "SET", "list-max-listpack-size", "-2");
            int line = 0;
            for (String raw : text.strip().split("\n")) {
                line++;
                String[] words = raw.strip().split(" +");
                for (int i = 0; i < words.length; i++) {
                    int star = words[i].indexOf('*');
                    if (star == 1) words[i] = words[i].substring(0, 1).repeat(Integer.parseInt(words[i].substring(2)));
                }
                if (words[0].equals("ENC")) {
                    String reply = c.call("OBJECT", "ENCODING", words[1]);
                    assertEquals("$" + words[2].length() + "\r\n" + words[2] + "\r\n", reply,
                            "encoding of " + words[1] + " at line " + line);
                } else {
                    String reply = c.call(words);
                    if (reply.startsWith("-") && !words[0].equals("LSET")) {
                        throw new AssertionError("line " + line + " failed: " + reply);
                    }
                }
            }
        } finally {
            try (RespConnection c = cinnabar.connect()) {
                c.call("CONFIG", "SET", "list-max-listpack-size", "-2");
            }
        }
    }

    @Test
    void aLargeElementMakesAQuicklistAndItsRemovalAListpack() throws IOException {
        script("""
                RPUSH l a b c d e f g h i j
                ENC l listpack
                RPUSH l b*9000
                ENC l quicklist
                RPOP l
                ENC l listpack
                """);
    }

    @Test
    void countLimitAndShrinkingToOneNode() throws IOException {
        script("""
                CONFIG SET list-max-listpack-size 4
                RPUSH l 1 2 3 4
                ENC l listpack
                RPUSH l 5
                ENC l quicklist
                LPOP l
                ENC l quicklist
                LPOP l 3
                ENC l listpack
                """);
    }

    @Test
    void shrinkingNeedsHalfTheLimit() throws IOException {
        script("""
                CONFIG SET list-max-listpack-size 10
                RPUSH l 1 2 3 4 5 6 7 8 9 10 11
                ENC l quicklist
                RPOP l
                ENC l quicklist
                LTRIM l 0 5
                ENC l quicklist
                LTRIM l 0 4
                ENC l listpack
                """);
    }

    @Test
    void linsertAndLsetConvertBeforeLookingAtThePivotOrIndex() throws IOException {
        script("""
                RPUSH l a b c
                LINSERT l BEFORE nosuch b*9000
                ENC l quicklist
                LSET l 1 x
                ENC l listpack
                DEL l
                RPUSH l a b c
                LSET l 10 b*9000
                ENC l quicklist
                LSET l 0 b*9000
                ENC l quicklist
                LSET l 0 small
                ENC l listpack
                """);
    }

    @Test
    void aQuicklistKeepsItsFillButShrinksByTheCurrentLimit() throws IOException {
        script("""
                CONFIG SET list-max-listpack-size 2
                RPUSH l a b c d e
                ENC l quicklist
                CONFIG SET list-max-listpack-size 100
                RPUSH l f g h
                LPOP l 7
                ENC l listpack
                COPY l l2
                ENC l2 listpack
                """);
    }

    @Test
    void fillZeroMeansOneElementPerNode() throws IOException {
        script("""
                CONFIG SET list-max-listpack-size 0
                RPUSH l a
                ENC l listpack
                RPUSH l b
                ENC l quicklist
                RPOP l
                ENC l quicklist
                """);
    }

    @Test
    void sizeLimitOfFourKilobytes() throws IOException {
        script("""
                CONFIG SET list-max-listpack-size -1
                RPUSH l b*5000
                ENC l quicklist
                DEL l
                RPUSH l a
                LPUSH l b*5000
                ENC l quicklist
                LREM l 1 b*5000
                ENC l listpack
                """);
    }

    /** A moved integer counts no bytes when it comes out of a quicklist (Redis holds it as a number then). */
    @Test
    void movedIntegersFromAQuicklistAddNoBytes() throws IOException {
        script("""
                CONFIG SET list-max-listpack-size -1
                RPUSH dst x*4085
                ENC dst listpack
                RPUSH src x*4085 12345
                ENC src quicklist
                LMOVE src dst RIGHT RIGHT
                ENC dst listpack
                DEL dst src
                RPUSH dst x*4085
                RPUSH src 12345
                ENC src listpack
                LMOVE src dst RIGHT RIGHT
                ENC dst quicklist
                """);
    }

    @Test
    void copiesKeepTheQuicklistLayout() throws IOException {
        script("""
                CONFIG SET list-max-listpack-size 3
                RPUSH l 1 2 3 4 5 6 7
                COPY l l2
                ENC l2 quicklist
                LTRIM l2 0 0
                ENC l2 listpack
                ENC l quicklist
                """);
    }
}
