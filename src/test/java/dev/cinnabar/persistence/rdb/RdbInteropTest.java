package dev.cinnabar.persistence.rdb;

import static dev.cinnabar.persistence.rdb.LegacyFormats.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.keyspace.Keyspace;
import dev.cinnabar.server.Server;
import dev.cinnabar.testing.RealRedis;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * RDB interoperability with real Redis: DUMP payloads in both directions for every type and encoding, identical
 * payload bytes for the deterministic encodings, dump.rdb files written by Redis loaded by Cinnabar's reader and
 * files written by Cinnabar loaded by Redis (and accepted by redis-check-rdb), and a file of pre-7.0 encodings
 * built from the format description loaded the same way by both.
 * <p>
 * The packaged Redis 7.0 writes and reads RDB version 10; Cinnabar writes 7.2's version 11, whose value encodings
 * are version 10's plus SET_LISTPACK. Payloads for 7.0 are therefore relabelled as version 10 (listpack sets
 * excepted), and the checks that need a 7.2 reader run when a Redis 7.2 build is present.
 */
class RdbInteropTest {
    private static final String REDIS_72 = RealRedis.redis72Binary();
    private static final String CHECK_RDB_72 = REDIS_72 == null ? null : REDIS_72.replace("redis-server", "redis-check-rdb");
    private static final String CHECK_RDB_70 = "/usr/bin/redis-check-rdb";

    static CinnabarServer cinnabar;
    static RealRedis redis70;
    static RealRedis redis72;
    static Jedis toCinnabar;

    @BeforeAll
    static void start() throws Exception {
        cinnabar = TestServer.start();
        toCinnabar = new Jedis("127.0.0.1", cinnabar.port());
        redis70 = RealRedis.startBinary("/usr/bin/redis-server");
        if (REDIS_72 != null) redis72 = RealRedis.startBinary(REDIS_72);
    }

    @AfterAll
    static void stop() {
        if (toCinnabar != null) toCinnabar.close();
        if (cinnabar != null) cinnabar.close();
        if (redis70 != null) redis70.close();
        if (redis72 != null) redis72.close();
    }

    private static List<RealRedis> references() {
        List<RealRedis> refs = new ArrayList<>(List.of(redis70));
        if (redis72 != null) refs.add(redis72);
        return refs;
    }

    private static Jedis jedis(RealRedis redis) {
        return new Jedis("127.0.0.1", redis.port());
    }

    private static Jedis jedis(CinnabarServer server) {
        return new Jedis("127.0.0.1", server.port());
    }

    private static byte[] withVersion(byte[] payload, int version) {
        byte[] p = payload.clone();
        int footer = p.length - 10;
        p[footer] = (byte) version;
        p[footer + 1] = (byte) (version >>> 8);
        long crc = Crc64.update(0, p, 0, p.length - 8);
        for (int i = 0; i < 8; i++) p[footer + 2 + i] = (byte) (crc >>> (8 * i));
        return p;
    }

    @Test
    void redisPayloadsOfEveryTypeRestoreIntoCinnabar() {
        for (RealRedis ref : references()) {
            try (Jedis redis = jedis(ref)) {
                redis.flushAll();
                toCinnabar.flushAll();
                Dataset.populate(redis);
                for (byte[] key : redis.keys(b("*"))) {
                    long pttl = redis.pttl(key);
                    assertEquals("OK", toCinnabar.restore(key, Math.max(pttl, 0), redis.dump(key)));
                }
                boolean is72 = ref == redis72;   // 7.0 keeps small lists as quicklists and string sets as tables
                assertEquals(Dataset.contents(redis, is72), Dataset.contents(toCinnabar, is72), "from " + ref.port());
            }
        }
    }

    /** With list-compress-depth, Redis stores inner quicklist nodes LZF-compressed; DUMP writes them so. */
    @Test
    void compressedQuicklistNodesFromRedisRestore() {
        for (RealRedis ref : references()) {
            try (Jedis redis = jedis(ref)) {
                redis.flushAll();
                redis.configSet("list-compress-depth", "1");
                try {
                    byte[][] items = new byte[5000][];
                    for (int i = 0; i < items.length; i++) items[i] = b("element number " + i + " of many");
                    redis.rpush(b("compressed"), items);
                    byte[] payload = redis.dump(b("compressed"));
                    toCinnabar.flushAll();
                    assertEquals("OK", toCinnabar.restore(b("compressed"), 0, payload));
                    assertEquals(Dataset.contents(redis, false), Dataset.contents(toCinnabar, false));
                } finally {
                    redis.configSet("list-compress-depth", "0");
                }
            }
        }
    }

    @Test
    void cinnabarPayloadsOfEveryTypeRestoreIntoRedis() {
        toCinnabar.flushAll();
        Dataset.populate(toCinnabar);
        for (RealRedis ref : references()) {
            try (Jedis redis = jedis(ref)) {
                redis.flushAll();
                for (byte[] key : toCinnabar.keys(b("*"))) {
                    byte[] payload = toCinnabar.dump(key);
                    assertEquals(11, payload[payload.length - 10]);
                    if (ref == redis70) {
                        if (payload[0] == RdbFormat.TYPE_SET_LISTPACK) continue;   // a 7.2 encoding
                        payload = withVersion(payload, 10);
                    }
                    assertEquals("OK", redis.restore(key, Math.max(toCinnabar.pttl(key), 0), payload));
                }
                Map<String, String> expected = Dataset.contents(toCinnabar, ref == redis72);
                if (ref == redis70) expected.remove("set:strings");
                assertEquals(expected, Dataset.contents(redis, ref == redis72));
            }
        }
    }

    /** Redis 7.2 and Cinnabar build the compact encodings identically, so their payloads are the same bytes. */
    @Test
    void cinnabarWritesTheSamePayloadsAsRedis72() {
        assumeTrue(redis72 != null, "needs a Redis 7.2 build");
        try (Jedis redis = jedis(redis72)) {
            redis.flushAll();
            toCinnabar.flushAll();
            Dataset.populate(redis);
            Dataset.populate(toCinnabar);
            int compared = 0;
            for (byte[] key : redis.keys(b("*"))) {
                String encoding = Dataset.s(redis.objectEncoding(key));
                if (encoding.equals("hashtable") || encoding.equals("skiplist")) continue;   // table order differs
                assertArrayEquals(redis.dump(key), toCinnabar.dump(key), Dataset.s(key) + " (" + encoding + ")");
                compared++;
            }
            assertTrue(compared >= 12, "compared " + compared);
        }
    }

    @Test
    void restoreOptionsAndErrorsMatchRedisForEveryType() throws Exception {
        toCinnabar.flushAll();
        Dataset.populate(toCinnabar);
        RealRedis ref = redis72 != null ? redis72 : redis70;
        try (RespConnection c = new RespConnection(cinnabar.port()); RespConnection r = new RespConnection(ref.port())) {
            r.call("FLUSHALL");
            for (String key : new String[] {"list:small", "list:big", "hash:small", "hash:big", "set:ints",
                "set:manystrings", "zset:small", "zset:big"}) {
                byte[] payload = toCinnabar.dump(b(key));
                byte[] forRef = ref == redis72 ? payload : withVersion(payload, 10);
                String past = Long.toString(System.currentTimeMillis() - 1000);
                String future = Long.toString(System.currentTimeMillis() + 100_000_000);
                byte[][][] script = {
                    {b("RESTORE"), b("k"), b("0"), null},
                    {b("RESTORE"), b("k"), b("0"), null},
                    {b("RESTORE"), b("k"), b("0"), null, b("REPLACE"), b("IDLETIME"), b("1000")},
                    {b("OBJECT"), b("IDLETIME"), b("k")},
                    {b("RESTORE"), b("k"), b(future), null, b("REPLACE"), b("ABSTTL")},
                    {b("EXPIRETIME"), b("k")},
                    {b("RESTORE"), b("k"), b(past), null, b("REPLACE"), b("ABSTTL")},
                    {b("EXISTS"), b("k")},
                    {b("RESTORE"), b("k"), b("0"), null, b("FREQ"), b("5")},
                    {b("RESTORE"), b("k"), b("0"), null, b("IDLETIME"), b("-1")},
                    {b("TYPE"), b("k")},
                    {b("DEL"), b("k")},
                };
                for (byte[][] command : script) {
                    byte[][] mine = command.clone();
                    byte[][] theirs = command.clone();
                    if (command.length > 3 && command[3] == null) {
                        mine[3] = payload;
                        theirs[3] = forRef;
                    }
                    String expected = r.call(theirs);
                    String actual = c.call(mine);
                    if (Dataset.s(command[0]).equals("OBJECT")) {
                        // idle seconds: a second may tick between the two servers' answers
                        assertTrue(Math.abs(idle(expected) - idle(actual)) <= 1, key + ": " + expected + " vs " + actual);
                        continue;
                    }
                    assertEquals(expected, actual, key + ": " + Dataset.s(command[0]) + " "
                            + (command.length > 4 ? Dataset.s(command[4]) : ""));
                }
            }
            // a payload whose collection is empty, and one of a stream (restored as it is)
            byte[] emptyList = DumpPayload.create("x".getBytes());
            emptyList[0] = RdbFormat.TYPE_LIST_QUICKLIST_2;
            emptyList[1] = 0;
            emptyList = withVersion(emptyList, 10);
            assertEquals(r.call(b("RESTORE"), b("e"), b("0"), emptyList), c.call(b("RESTORE"), b("e"), b("0"), emptyList));
            r.call("XADD", "s", "1-1", "f", "v");
            byte[] stream = bulk(r.call("DUMP", "s"));
            assertEquals("+OK\r\n", c.call(b("RESTORE"), b("s"), b("0"), stream));
            assertEquals(r.call("XRANGE", "s", "-", "+"), c.call("XRANGE", "s", "-", "+"));
        }
    }

    static byte[] bulk(String reply) {
        int header = reply.indexOf("\r\n");
        int length = Integer.parseInt(reply.substring(1, header));
        return java.util.Arrays.copyOfRange(b(reply), header + 2, header + 2 + length);
    }

    /** Truncated and corrupted payloads (checksum fixed up, so they reach the decoder) never hurt the server. */
    @Test
    void corruptPayloadsAreAnsweredWithErrors() throws Exception {
        toCinnabar.flushAll();
        Dataset.populate(toCinnabar);
        java.util.Random rnd = new java.util.Random(5);
        try (RespConnection c = new RespConnection(cinnabar.port())) {
            for (String key : new String[] {"list:small", "list:big", "hash:small", "hash:big", "set:ints",
                "set:strings", "set:manystrings", "zset:small", "zset:big", "str:compressible"}) {
                byte[] payload = toCinnabar.dump(b(key));
                for (int cut = 0; cut < payload.length - 10; cut += 1 + payload.length / 40) {
                    byte[] truncated = java.util.Arrays.copyOf(payload, cut);
                    String reply = c.call(b("RESTORE"), b("fuzz"), b("0"), truncated, b("REPLACE"));
                    assertTrue(reply.startsWith("-ERR"), reply);
                    byte[] truncatedBody = new byte[cut + 10];
                    System.arraycopy(payload, 0, truncatedBody, 0, cut);
                    System.arraycopy(payload, payload.length - 10, truncatedBody, cut, 10);
                    reply = c.call(b("RESTORE"), b("fuzz"), b("0"), withVersion(truncatedBody, 11), b("REPLACE"));
                    assertTrue(reply.startsWith("-ERR Bad data format") || reply.equals("+OK\r\n"), reply);
                }
                for (int i = 0; i < 60; i++) {
                    byte[] flipped = payload.clone();
                    int at = rnd.nextInt(payload.length - 10);
                    flipped[at] ^= (byte) (1 << rnd.nextInt(8));
                    String unchecked = c.call(b("RESTORE"), b("fuzz"), b("0"), flipped, b("REPLACE"));
                    assertEquals("-ERR DUMP payload version or checksum are wrong\r\n", unchecked);
                    String reply = c.call(b("RESTORE"), b("fuzz"), b("0"), withVersion(flipped, 11), b("REPLACE"));
                    assertTrue(reply.startsWith("-ERR Bad data format") || reply.equals("+OK\r\n"), reply);
                }
            }
            assertEquals("+PONG\r\n", c.call("PING"));
        }
    }

    // ---- RDB files ----------------------------------------------------------------------------------------------

    /** Loads an RDB file into a fresh Cinnabar server's keyspace. */
    private static CinnabarServer serverLoading(File file) throws Exception {
        CinnabarServer server = TestServer.start();
        Server state = server.server();
        state.executionLock().lock();
        try (var in = new BufferedInputStream(new FileInputStream(file))) {
            Keyspace keyspace = state.keyspace();
            keyspace.updateTime();
            RdbFileReader.load(in, keyspace, RdbLimits.of(state.config()), true, null);
        } finally {
            state.executionLock().unlock();
        }
        return server;
    }

    @Test
    void dumpRdbFilesWrittenByRedisLoadIntoCinnabar() throws Exception {
        for (RealRedis ref : references()) {
            try (Jedis redis = jedis(ref)) {
                redis.flushAll();
                Dataset.populate(redis);
                redis.select(3);
                redis.set("in-db-3", "v");
                redis.select(0);
                assertEquals("OK", redis.save());
                CinnabarServer loaded = serverLoading(new File(ref.dir(), "dump.rdb"));
                try (Jedis c = jedis(loaded)) {
                    boolean is72 = ref == redis72;
                    assertEquals(Dataset.contents(redis, is72), Dataset.contents(c, is72));
                    c.select(3);
                    assertEquals("v", c.get("in-db-3"));
                } finally {
                    loaded.close();
                }
                redis.flushAll();
            }
        }
    }

    @Test
    void rdbFilesWrittenByCinnabarLoadIntoRedis72AndPassItsChecker() throws Exception {
        assumeTrue(redis72 != null, "needs a Redis 7.2 build (7.0 cannot read RDB version 11)");
        toCinnabar.flushAll();
        Dataset.populate(toCinnabar);
        toCinnabar.select(5);
        toCinnabar.set("in-db-5", "v");
        toCinnabar.select(0);
        File dir = Files.createTempDirectory("cinnabar-rdb").toFile();
        File file = new File(dir, "cinnabar.rdb");
        Server state = cinnabar.server();
        for (boolean compress : new boolean[] {true, false}) {
            state.executionLock().lock();
            try (OutputStream out = new BufferedOutputStream(new FileOutputStream(file))) {
                RdbFileWriter.writeKeyspace(state.keyspace(), out, compress, true,
                        System.currentTimeMillis() / 1000, 1_000_000);
            } finally {
                state.executionLock().unlock();
            }
            assertChecks(CHECK_RDB_72, file);
            try (RealRedis loaded = RealRedis.startBinary(REDIS_72, "--dir", dir.getAbsolutePath(),
                    "--dbfilename", file.getName()); Jedis redis = jedis(loaded)) {
                assertEquals(Dataset.contents(toCinnabar, true), Dataset.contents(redis, true), "compress " + compress);
                redis.select(5);
                assertEquals("v", redis.get("in-db-5"));
            }
        }
        file.delete();
        dir.delete();
    }

    private static void assertChecks(String checker, File file) throws Exception {
        Process p = new ProcessBuilder(checker, file.getAbsolutePath()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("RDB looks OK"), output);
    }

    /** A version 7 file of the encodings Redis 2.x-6.x wrote, built from the format description. */
    static byte[] legacyFile() throws IOException {
        RdbWriter out = new RdbWriter();
        out.writeRaw(b("REDIS0007"));
        out.writeByte(RdbFormat.OPCODE_AUX);
        out.writeString(b("redis-ver"));
        out.writeString(b("3.2.0"));
        out.writeByte(RdbFormat.OPCODE_SELECTDB);
        out.writeLength(0);
        List<byte[]> items = RdbCollectionCodecTest.elements(40, 30);
        List<byte[]> pairs = RdbCollectionCodecTest.elements(20, 31);
        record Key(String name, byte[] value) {}
        List<Key> keys = List.of(
                new Key("string", new byte[] {RdbFormat.TYPE_STRING, 3, 'a', 'b', 'c'}),
                new Key("list:plain", LegacyFormats.plainValue(RdbFormat.TYPE_LIST, items, 1)),
                new Key("list:ziplist", LegacyFormats.blobValue(RdbFormat.TYPE_LIST_ZIPLIST, LegacyFormats.ziplist(items))),
                new Key("list:quicklist", LegacyFormats.quicklistOfZiplists(List.of(items.subList(0, 10),
                        items.subList(10, 40)))),
                new Key("set:plain", LegacyFormats.plainValue(RdbFormat.TYPE_SET, items, 1)),
                new Key("set:intset", LegacyFormats.blobValue(RdbFormat.TYPE_SET_INTSET,
                        LegacyFormats.intset(4, -100000, -1, 0, 7, 100000))),
                new Key("hash:plain", LegacyFormats.plainValue(RdbFormat.TYPE_HASH, pairs, 2)),
                new Key("hash:zipmap", LegacyFormats.blobValue(RdbFormat.TYPE_HASH_ZIPMAP, LegacyFormats.zipmap(pairs))),
                new Key("hash:ziplist", LegacyFormats.blobValue(RdbFormat.TYPE_HASH_ZIPLIST, LegacyFormats.ziplist(pairs))),
                new Key("zset:text", LegacyFormats.zsetWithTextScores(items.subList(0, 4),
                        new double[] {1.25, Double.NEGATIVE_INFINITY, 3, 1e100})),
                new Key("zset:ziplist", LegacyFormats.blobValue(RdbFormat.TYPE_ZSET_ZIPLIST,
                        LegacyFormats.ziplist(List.of(b("c"), b("-7"), b("a"), b("1"), b("b"), b("2.5"))))));
        for (Key k : keys) {
            if (k.name().equals("list:plain")) {
                out.writeByte(RdbFormat.OPCODE_EXPIRETIME_MS);
                out.writeLongLittleEndian(System.currentTimeMillis() + 1_000_000);
            }
            out.writeByte(k.value()[0]);
            out.writeString(b(k.name()));
            out.writeRaw(k.value(), 1, k.value().length - 1);
        }
        out.writeByte(RdbFormat.OPCODE_EOF);
        byte[] body = out.toByteArray();
        out.writeLongLittleEndian(Crc64.of(body));
        return out.toByteArray();
    }

    @Test
    void preSevenEncodingsLoadLikeRedisLoadsThem() throws Exception {
        File dir = Files.createTempDirectory("legacy-rdb").toFile();
        File file = new File(dir, "legacy.rdb");
        Files.write(file.toPath(), legacyFile());
        assertChecks(CHECK_RDB_70, file);
        CinnabarServer loaded = serverLoading(file);
        for (RealRedis ref : references()) {
            String binary = ref == redis72 ? REDIS_72 : "/usr/bin/redis-server";
            try (RealRedis redis = RealRedis.startBinary(binary, "--dir", dir.getAbsolutePath(),
                    "--dbfilename", file.getName()); Jedis r = jedis(redis); Jedis c = jedis(loaded)) {
                boolean is72 = ref == redis72;
                Map<String, String> fromRedis = Dataset.contents(r, is72);
                assertEquals(11, fromRedis.size(), fromRedis.toString());
                Map<String, String> fromCinnabar = Dataset.contents(c, is72);
                for (String key : fromRedis.keySet()) {
                    assertEquals(fromRedis.get(key), fromCinnabar.get(key), key + " from " + binary);
                }
                assertEquals(fromRedis.keySet(), fromCinnabar.keySet());
            }
        }
        loaded.close();
        file.delete();
        dir.delete();
    }

    private static long idle(String integerReply) {
        return Long.parseLong(integerReply.substring(1).trim());
    }
}
