package dev.cinnabar.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.PairedConnections;
import dev.cinnabar.testing.RedisExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DEBUG RELOAD (with its MERGE, NOFLUSH and NOSAVE options) and DEBUG LOADAOF, on Cinnabar and redis-server side by
 * side: the dataset, functions included, survives the round trip through the files, and the options keep or replace
 * what is in memory as Redis's do.
 */
class DebugReloadDifferentialTest {
    private static final String LIBRARY = "#!lua name=reloadlib\nredis.register_function('f', function() return 7 end)";

    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension("dir " + tempDir(), "appendonly yes",
            "enable-debug-command yes");

    @RegisterExtension
    static final RedisExtension redis = new RedisExtension("--appendonly", "yes", "--enable-debug-command", "yes");

    private static String tempDir() {
        try {
            Path dir = Files.createTempDirectory("cinnabar-debug-reload");
            dir.toFile().deleteOnExit();
            return dir.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void fill(PairedConnections p) throws IOException {
        p.both("FLUSHALL");
        p.both("FUNCTION", "FLUSH");
        p.both("SET", "s", "text");
        p.both("SET", "ttl", "v", "EX", "1000");
        p.both("RPUSH", "l", "a", "b", "3");
        p.both("HSET", "h", "f", "v");
        p.both("SADD", "set", "x", "1");
        p.both("ZADD", "z", "2.5", "m");
        p.both("XADD", "st", "1-1", "f", "v");
        p.both("SELECT", "3");
        p.both("SET", "in3", "three");
        p.both("SELECT", "0");
        p.both("FUNCTION", "LOAD", LIBRARY);
    }

    private static void sameDataset(PairedConnections p) throws IOException {
        p.same("SELECT", "3");
        p.same("DBSIZE");
        p.same("GET", "in3");
        p.same("SELECT", "0");
        p.same("DBSIZE");
        p.same("GET", "s");
        p.same("LRANGE", "l", "0", "-1");
        p.same("HGETALL", "h");
        p.same("SMISMEMBER", "set", "x", "1", "y");
        p.same("ZRANGE", "z", "0", "-1", "WITHSCORES");
        p.same("XRANGE", "st", "-", "+");
        // (lists and sets are left out: 7.0 has no listpack encoding for them, 7.2 has)
        for (String key : new String[] {"s", "h", "z"}) p.same("OBJECT", "ENCODING", key);
        p.same("TTL", "ttl");
        p.same("FCALL", "f", "0");
        p.same("FUNCTION", "LIST");
    }

    @Test
    void reloadKeepsTheDatasetAndItsFunctions() throws IOException {
        try (PairedConnections p = PairedConnections.open(cinnabar, redis, 2)) {
            fill(p);
            assertEquals("+OK\r\n", p.same("DEBUG", "RELOAD"));
            sameDataset(p);
            p.same("DEBUG", "RELOAD", "bogus");
            p.same("DEBUG", "RELOAD", "MERGE", "extra");
        }
    }

    @Test
    void nosaveBringsBackTheLastDumpAndMergeReplacesOnlyWhatItHolds() throws IOException {
        try (PairedConnections p = PairedConnections.open(cinnabar, redis, 2)) {
            fill(p);
            p.same("SAVE");
            p.both("SET", "s", "changed");
            p.both("SET", "new", "after-save");
            p.same("DEBUG", "RELOAD", "NOSAVE");
            p.same("GET", "s");
            p.same("EXISTS", "new");
            p.both("SET", "s", "changed-again");
            p.both("SET", "new", "kept");
            p.same("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE");
            p.same("GET", "s");
            p.same("GET", "new");
            p.same("FCALL", "f", "0");
        }
    }

    @Test
    void loadaofRebuildsTheDatasetFromTheAppendOnlyFile() throws IOException {
        try (PairedConnections p = PairedConnections.open(cinnabar, redis, 2)) {
            fill(p);
            p.both("INCRBY", "counter", "41");
            p.both("INCR", "counter");
            p.both("LPOP", "l");
            p.same("DEBUG", "LOADAOF");
            sameDataset(p);
            p.same("GET", "counter");
            p.same("LRANGE", "l", "0", "-1");
        }
    }
}
