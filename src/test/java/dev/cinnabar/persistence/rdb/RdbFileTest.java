package dev.cinnabar.persistence.rdb;

import static dev.cinnabar.persistence.rdb.LegacyFormats.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cinnabar.hashes.HashValue;
import dev.cinnabar.keyspace.Keyspace;
import dev.cinnabar.lists.ListValue;
import dev.cinnabar.sets.SetValue;
import dev.cinnabar.zsets.ZsetValue;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/** The RDB file writer and reader on their own: layout, options, every opcode, and corrupt or truncated files. */
class RdbFileTest {
    private static final long NOW = 1_700_000_000_000L;

    private static Keyspace keyspace() {
        Keyspace keyspace = new Keyspace(16);
        keyspace.setTime(NOW);
        return keyspace;
    }

    private static Keyspace sample() {
        Keyspace ks = keyspace();
        ks.db(0).set(b("string"), b("value"), -1);
        ks.db(0).set(b("list"), ListValue.ofElements(RdbCollectionCodecTest.elements(500, 1), -2), NOW + 10_000);
        ks.db(0).set(b("hash"), HashValue.ofPairs(RdbCollectionCodecTest.elements(10, 2), true), -1);
        ks.db(2).set(b("set"), SetValue.ofIntegers(new long[] {1, 2, 3}), -1);
        ks.db(2).set(b("zset"), ZsetValue.ofElements(List.of(b("a"), b("b")), new double[] {1, 2}, true), -1);
        ks.db(15).set(b("big"), b("x".repeat(10_000)), NOW + 5);
        return ks;
    }

    private static byte[] write(Keyspace ks, boolean compress, boolean checksum) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbFileWriter.writeKeyspace(ks, out, compress, checksum, NOW / 1000, 123456);
        return out.toByteArray();
    }

    /** Each database's keys with expire and contents. */
    private static TreeMap<String, String> contents(Keyspace ks) {
        TreeMap<String, String> out = new TreeMap<>();
        for (int i = 0; i < ks.databaseCount(); i++) {
            int db = i;
            ks.db(i).forEachWithExpire((key, value, expireAt) ->
                    out.put(db + ":" + Contents.s(key, 0, key.length), expireAt + " " + Contents.of(value)));
        }
        return out;
    }

    private static RdbFileReader.LoadResult load(byte[] file, Keyspace into) {
        return RdbFileReader.load(new ByteArrayInputStream(file), into, RdbLimits.defaults(), true, null);
    }

    @Test
    void aKeyspaceSurvivesAWriteAndALoad() {
        Keyspace original = sample();
        for (boolean compress : new boolean[] {true, false}) {
            byte[] file = write(original, compress, true);
            assertEquals("REDIS0010", new String(file, 0, 9));
            Keyspace loaded = keyspace();
            RdbFileReader.LoadResult result = load(file, loaded);
            assertEquals(10, result.version()); // files are written as 7.0's version, which 7.0 and 7.2 load
            assertEquals(6, result.keysLoaded());
            assertEquals(contents(original), contents(loaded));
            assertEquals(List.of("redis-ver", "redis-bits", "ctime", "used-mem", "aof-base"),
                    new ArrayList<>(result.aux().keySet()));
            assertEquals("64", new String(result.aux().get("redis-bits")));
            assertEquals("123456", new String(result.aux().get("used-mem")));
        }
    }

    @Test
    void keysExpiredByLoadTimeAndEmptyCollectionsAreSkipped() {
        byte[] file = write(sample(), true, true);
        Keyspace later = keyspace();
        later.setTime(NOW + 1000);
        RdbFileReader.LoadResult result = load(file, later);
        assertEquals(1, result.expiredSkipped());
        assertEquals(5, result.keysLoaded());

        RdbWriter w = header(11);
        w.writeByte(RdbFormat.TYPE_SET);
        w.writeString(b("empty"));
        w.writeLength(0);
        RdbFileReader.LoadResult empty = load(finish(w, true), keyspace());
        assertEquals(1, empty.emptySkipped());
        assertEquals(0, empty.keysLoaded());
    }

    @Test
    void theWriterCanBeFedOneEntryAtATime() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbFileWriter writer = new RdbFileWriter(out, true, true);
        writer.writeHeader(1, 2);
        writer.writeFunctionLibrary(b("#!lua name=lib\nredis.register_function('f', function() return 1 end)"));
        writer.beginDatabase(7, 2, 1);
        writer.writeEntry(b("a"), b("1"), -1, 500, 7);
        writer.writeEntry(b("b"), SetValue.ofMembers(List.of(b("x"), b("y")), true), NOW + 1);
        writer.finish();
        List<String> seen = new ArrayList<>();
        RdbFileReader.read(new ByteArrayInputStream(out.toByteArray()), RdbLimits.defaults(), true,
                new RdbFileReader.Receiver() {
                    @Override
                    public void functionLibrary(byte[] code) {
                        seen.add("function " + new String(code).substring(0, 14));
                    }

                    @Override
                    public void entry(int db, byte[] key, Object value, long expireAt, long idle, int frequency) {
                        seen.add(db + " " + new String(key) + " " + Contents.of(value) + " " + (expireAt - NOW)
                                + " " + idle + " " + frequency);
                    }
                });
        assertEquals(List.of("function #!lua name=lib", "7 a string 1 " + (-1 - NOW) + " 500 7",
                "7 b set/listpack [x, y] 1 -1 -1"), seen);
    }

    // ---- hand-made files ------------------------------------------------------------------------------------

    private static RdbWriter header(int version) {
        RdbWriter w = new RdbWriter();
        w.writeRaw(b(String.format("REDIS%04d", version)));
        return w;
    }

    private static byte[] finish(RdbWriter w, boolean checksum) {
        w.writeByte(RdbFormat.OPCODE_EOF);
        byte[] body = w.toByteArray();
        w.writeLongLittleEndian(checksum ? Crc64.of(body) : 0);
        return w.toByteArray();
    }

    private static String loadError(byte[] file) {
        return assertThrows(RdbFormatException.class, () -> load(file, keyspace())).getMessage();
    }

    @Test
    void everyPerKeyOpcodeIsApplied() {
        RdbWriter w = header(11);
        w.writeByte(RdbFormat.OPCODE_SELECTDB);
        w.writeLength(1);
        w.writeByte(RdbFormat.OPCODE_RESIZEDB);
        w.writeLength(3);
        w.writeLength(2);
        w.writeByte(RdbFormat.OPCODE_EXPIRETIME);
        long seconds = NOW / 1000 + 100;
        for (int i = 0; i < 4; i++) w.writeByte((int) (seconds >>> (8 * i)));
        w.writeByte(RdbFormat.TYPE_STRING);
        w.writeString(b("seconds"));
        w.writeString(b("v"));
        w.writeByte(RdbFormat.OPCODE_IDLE);
        w.writeLength(1000);
        w.writeByte(RdbFormat.TYPE_STRING);
        w.writeString(b("idle"));
        w.writeString(b("v"));
        w.writeByte(RdbFormat.OPCODE_FREQ);
        w.writeByte(200);
        w.writeByte(RdbFormat.TYPE_STRING);
        w.writeString(b("freq"));
        w.writeString(b("v"));
        Keyspace ks = keyspace();
        load(finish(w, true), ks);
        assertEquals(seconds * 1000, ks.db(1).expireAt(b("seconds")));
        assertEquals(-1, ks.db(1).expireAt(b("idle")));
        assertTrue(ks.db(1).idleSeconds(b("idle")) >= 1000, "idle " + ks.db(1).idleSeconds(b("idle")));
    }

    @Test
    void checksumsAreVerifiedUnlessZero() {
        byte[] good = write(sample(), true, true);
        byte[] bad = good.clone();
        bad[bad.length - 1] ^= 1;
        assertTrue(loadError(bad).contains("checksum"), loadError(bad));
        assertEquals(6, RdbFileReader.load(new ByteArrayInputStream(bad), keyspace(), RdbLimits.defaults(), false,
                null).keysLoaded(), "verification off");
        byte[] unchecked = write(sample(), true, false);
        assertTrue(Arrays.equals(new byte[8], Arrays.copyOfRange(unchecked, unchecked.length - 8, unchecked.length)));
        assertEquals(6, load(unchecked, keyspace()).keysLoaded());
        RdbWriter old = header(4);   // before version 5 there is no checksum at all
        old.writeByte(RdbFormat.TYPE_STRING);
        old.writeString(b("k"));
        old.writeString(b("v"));
        old.writeByte(RdbFormat.OPCODE_EOF);
        assertEquals(1, load(old.toByteArray(), keyspace()).keysLoaded());
    }

    @Test
    void unsupportedRecordsAndVersionsAreRefusedClearly() {
        assertTrue(loadError(finish(header(12), true)).contains("Can't handle RDB format version 12"));
        assertTrue(loadError(b("RUBY00110000")).contains("signature"));
        RdbWriter preGa = header(10);
        preGa.writeByte(RdbFormat.OPCODE_FUNCTION_PRE_GA);
        assertTrue(loadError(finish(preGa, true)).contains("Pre-release function format not supported."));
        RdbWriter moduleAux = header(11);
        moduleAux.writeByte(RdbFormat.OPCODE_MODULE_AUX);
        assertTrue(loadError(finish(moduleAux, true)).contains("module"));
        RdbWriter function = header(11);
        function.writeByte(RdbFormat.OPCODE_FUNCTION2);
        function.writeString(b("#!lua name=x\n"));
        assertTrue(loadError(finish(function, true)).contains("function libraries"), "no library receiver given");
        RdbWriter stream = header(11);
        stream.writeByte(RdbFormat.TYPE_STREAM_LISTPACKS_3);
        stream.writeString(b("s"));
        stream.writeLength(1);
        stream.writeString(b("not an ID"));
        assertTrue(loadError(finish(stream, true)).contains("stream"));
        RdbWriter badDb = header(11);
        badDb.writeByte(RdbFormat.OPCODE_SELECTDB);
        badDb.writeLength(16);
        badDb.writeByte(RdbFormat.TYPE_STRING);
        badDb.writeString(b("k"));
        badDb.writeString(b("v"));
        assertTrue(loadError(finish(badDb, true)).contains("database 16"));
        RdbWriter duplicate = header(11);
        for (int i = 0; i < 2; i++) {
            duplicate.writeByte(RdbFormat.TYPE_STRING);
            duplicate.writeString(b("k"));
            duplicate.writeString(b("v"));
        }
        assertTrue(loadError(finish(duplicate, true)).contains("duplicated key"));
    }

    @Test
    void truncatedAndCorruptFilesFailWithTheOffset() {
        byte[] file = write(sample(), false, true);
        for (int cut = 0; cut < file.length; cut += 1 + file.length / 300) {
            String message = loadError(Arrays.copyOf(file, cut));
            assertTrue(message.startsWith("RDB format error at offset "), message);
        }
        String message = loadError(Arrays.copyOf(file, 30));
        assertTrue(message.contains("offset 30"), message);
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < 2000; i++) {
            byte[] corrupt = file.clone();
            corrupt[9 + rnd.nextInt(file.length - 17)] ^= (byte) (1 << rnd.nextInt(8));
            try {
                RdbFileReader.load(new ByteArrayInputStream(corrupt), keyspace(), RdbLimits.defaults(), false, null);
            } catch (RdbFormatException expected) {
                assertTrue(expected.getMessage().startsWith("RDB format error at offset "));
            } catch (RuntimeException | OutOfMemoryError e) {
                fail("flip " + i + ": " + e, e);
            }
        }
    }
}
