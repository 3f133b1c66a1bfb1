package dev.cinnabar.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The AOF's life: turned on and off with CONFIG SET (a rewrite creates the base), the AOF's priority over the
 * dump at start-up, automatic rewrites on growth, the upgrade of a pre-7.0 single-file AOF, SPOP propagated in
 * batches of SREM, INFO persistence and the manifest format.
 */
class AofLifecycleTest {
    private Path dir;

    @BeforeEach
    void makeDir() throws Exception {
        dir = Files.createTempDirectory("cinnabar-aof-life");
    }

    @AfterEach
    void removeDir() throws Exception {
        AofTestSupport.deleteTree(dir);
    }

    private CinnabarServer start(String... lines) throws Exception {
        List<String> config = new ArrayList<>(List.of("dir " + dir));
        config.addAll(List.of(lines));
        return TestServer.start(config.toArray(String[]::new));
    }

    @Test
    void configSetTurnsTheAofOnWithARewriteAndOff() throws Exception {
        try (CinnabarServer s = start(); RespConnection c = new RespConnection(s.port())) {
            c.call("SET", "before", "1");
            assertTrue(c.call("INFO", "persistence").contains("aof_enabled:0"));
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "appendonly", "yes"));
            c.call("SET", "while-rewriting", "2");
            AofRoundTripTest.waitForRewrite(c);
            c.call("SET", "after", "3");
            String info = c.call("INFO", "persistence");
            assertTrue(info.contains("aof_enabled:1"), info);
            assertTrue(info.contains("aof_current_size:"), info);
            assertEquals("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n",
                    AofTestSupport.manifest(dir));
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "appendonly", "no"));
            c.call("SET", "not-logged", "4");
            assertFalse(AofTestSupport.lastIncr(dir).contains("not-logged"));
        }
        // the AOF has priority over the dump when appendonly is yes
        try (CinnabarServer s = start("appendonly yes"); RespConnection c = new RespConnection(s.port())) {
            assertEquals("$1\r\n1\r\n", c.call("GET", "before"));
            assertEquals("$1\r\n2\r\n", c.call("GET", "while-rewriting"));
            assertEquals("$1\r\n3\r\n", c.call("GET", "after"));
            assertEquals("$-1\r\n", c.call("GET", "not-logged"));
        }
    }

    @Test
    void startingWithAppendonlyIgnoresTheDump() throws Exception {
        try (CinnabarServer s = start(); RespConnection c = new RespConnection(s.port())) {
            c.call("SET", "in-dump", "1");
            c.call("SAVE");
        }
        try (CinnabarServer s = start("appendonly yes"); RespConnection c = new RespConnection(s.port())) {
            assertEquals(":0\r\n", c.call("DBSIZE"));
            assertTrue(Files.exists(dir.resolve("appendonlydir").resolve("appendonly.aof.1.base.rdb")));
        }
    }

    @Test
    void growthStartsAnAutomaticRewrite() throws Exception {
        try (CinnabarServer s = start("appendonly yes", "auto-aof-rewrite-min-size 1kb",
                "auto-aof-rewrite-percentage 100"); RespConnection c = new RespConnection(s.port())) {
            for (int i = 0; i < 100; i++) c.call("SET", "key", "value-" + i);
            String info = "";
            for (int i = 0; i < 200 && !info.contains("aof_rewrites:1"); i++) {
                Thread.sleep(20);
                info = c.call("INFO", "persistence");
            }
            assertTrue(info.contains("aof_rewrites:1"), info);
            AofRoundTripTest.waitForRewrite(c);
            assertTrue(AofTestSupport.manifest(dir).startsWith("file appendonly.aof.2.base.rdb seq 2 type b\n"));
        }
    }

    @Test
    void aSingleFileAofFromBefore70IsUpgraded() throws Exception {
        String old = "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$3\r\nold\r\n$5\r\nvalue\r\n"
                + "*3\r\n$5\r\nRPUSH\r\n$1\r\nl\r\n$1\r\na\r\n";
        Files.writeString(dir.resolve("appendonly.aof"), old, StandardCharsets.ISO_8859_1);
        try (CinnabarServer s = start("appendonly yes"); RespConnection c = new RespConnection(s.port())) {
            assertEquals("$5\r\nvalue\r\n", c.call("GET", "old"));
            c.call("SET", "new", "1");
        }
        assertFalse(Files.exists(dir.resolve("appendonly.aof")));
        assertEquals("file appendonly.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n",
                AofTestSupport.manifest(dir));
        try (CinnabarServer s = start("appendonly yes"); RespConnection c = new RespConnection(s.port())) {
            assertEquals("$5\r\nvalue\r\n", c.call("GET", "old"));
            assertEquals("$1\r\n1\r\n", c.call("GET", "new"));
        }
    }

    @Test
    void spopOfManyMembersIsPropagatedAsSremBatchesInATransaction() throws Exception {
        try (CinnabarServer s = start("appendonly yes"); RespConnection c = new RespConnection(s.port())) {
            List<String> add = new ArrayList<>(List.of("SADD", "big"));
            for (int i = 0; i < 3000; i++) add.add("m" + i);
            c.call(add.toArray(String[]::new));
            c.call("SPOP", "big", "2000");
            String[] lines = AofTestSupport.commands(AofTestSupport.lastIncr(dir)).split("\n");
            assertEquals("MULTI", lines[2]);
            assertTrue(lines[3].startsWith("SREM big "));
            assertEquals(2 + 1024, lines[3].split(" ").length);
            assertEquals(2 + 976, lines[4].split(" ").length);
            assertEquals("EXEC", lines[5]);
        }
        try (CinnabarServer s = start("appendonly yes"); RespConnection c = new RespConnection(s.port())) {
            assertEquals(":1000\r\n", c.call("SCARD", "big"));
        }
    }

    /**
     * The directory replaced by a file while running, compared with redis-server: the open incremental file keeps
     * taking writes, a rewrite cannot start (the same error reply and INFO fields).
     */
    @Test
    void aRewriteWithoutItsDirectoryFailsAsInRedis() throws Exception {
        try (dev.cinnabar.testing.RealRedis redis = dev.cinnabar.testing.RealRedis.start("--appendonly", "yes");
             RespConnection r = new RespConnection(redis.port());
             CinnabarServer s = start("appendonly yes"); RespConnection c = new RespConnection(s.port())) {
            for (var pair : List.of(List.of(r, redis.dir().toPath()), List.of(c, dir))) {
                RespConnection conn = (RespConnection) pair.get(0);
                Path home = (Path) pair.get(1);
                conn.call("SET", "a", "1");
                AofTestSupport.deleteTree(home.resolve("appendonlydir"));
                Files.createFile(home.resolve("appendonlydir"));
            }
            for (String[] cmd : new String[][] {{"SET", "b", "2"}, {"BGREWRITEAOF"}, {"SET", "c", "3"}}) {
                assertEquals(r.call(cmd), c.call(cmd), String.join(" ", cmd));
            }
            Thread.sleep(200);
            for (String field : new String[] {"aof_rewrite_in_progress", "aof_last_bgrewrite_status", "aof_rewrites",
                    "aof_rewrites_consecutive_failures", "aof_last_write_status", "aof_enabled"}) {
                assertEquals(infoField(r, field), infoField(c, field), field);
            }
        }
    }

    private static String infoField(RespConnection c, String field) throws Exception {
        for (String line : c.call("INFO", "persistence").split("\r\n")) {
            if (line.startsWith(field + ":")) return line;
        }
        return field + " missing";
    }

    @Test
    void historyFilesLeftByACrashAreDeletedAtStart() throws Exception {
        try (CinnabarServer s = start("appendonly yes"); RespConnection c = new RespConnection(s.port())) {
            c.call("SET", "k", "v");
        }
        Path aofDir = dir.resolve("appendonlydir");
        String manifest = AofTestSupport.manifest(dir);
        Files.writeString(aofDir.resolve("appendonly.aof.manifest"),
                manifest.replace("type b\n", "type b\nfile old.aof seq 7 type h\n"));
        Files.writeString(aofDir.resolve("old.aof"), "*1\r\n$4\r\nPING\r\n");
        try (CinnabarServer s = start("appendonly yes"); RespConnection c = new RespConnection(s.port())) {
            assertEquals("$1\r\nv\r\n", c.call("GET", "k"));
        }
        assertFalse(Files.exists(aofDir.resolve("old.aof")));
        assertEquals(manifest, AofTestSupport.manifest(dir));
    }

    @Test
    void manifestNamesAreQuotedAndParsedLikeRedis() throws Exception {
        AofManifest m = AofManifest.parse(("file \"odd name.aof\" seq 1 type b\n# comment\n"
                + "file appendonly.aof.3.incr.aof seq 3 type i\n").getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("odd name.aof", m.base.name());
        assertEquals("file \"odd name.aof\" seq 1 type b\nfile appendonly.aof.3.incr.aof seq 3 type i\n",
                new String(m.format(), StandardCharsets.ISO_8859_1));
        assertEquals("Found a non-monotonic sequence number", assertParseFails(
                "file a seq 2 type i\nfile b seq 1 type i\n"));
        assertEquals("Invalid AOF manifest file format", assertParseFails("file a seq 1\n"));
        assertEquals("Found duplicate base file information", assertParseFails(
                "file a seq 1 type b\nfile b seq 2 type b\n"));
        assertEquals("Unknown AOF file type", assertParseFails("file a seq 1 type x\n"));
        assertEquals("File can't be a path, just a filename", assertParseFails("file a/b seq 1 type b\n"));
    }

    private static String assertParseFails(String manifest) {
        try {
            AofManifest.parse(manifest.getBytes(StandardCharsets.ISO_8859_1));
        } catch (AofManifest.FormatException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + manifest);
    }
}
