package dev.cinnabar.persistence.rdb;

import dev.cinnabar.keyspace.Database;
import dev.cinnabar.keyspace.Keyspace;
import dev.cinnabar.server.Server;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes an RDB file (version 11) as Redis 7.2 does: the signature "REDIS0011", AUX fields, then per non-empty
 * database SELECTDB and RESIZEDB followed by its keys (EXPIRETIME_MS before a key with an expire), EOF, and the CRC64
 * of everything before it (or zero when checksums are disabled, Redis's rdbchecksum no).
 * <p>
 * The writer is fed one entry at a time ({@link #beginDatabase}, {@link #writeEntry}), so any source can drive it: a
 * walk over a live keyspace ({@link #writeKeyspace}) or a background snapshot handing over copies. Output is
 * buffered and written to the stream in chunks; the stream is not closed.
 */
public final class RdbFileWriter {
    private static final int FLUSH_THRESHOLD = 64 * 1024;

    private final OutputStream out;
    private final boolean checksum;
    private final RdbWriter buffer;
    private long crc;
    private boolean finished;

    /**
     * @param compress LZF-compress long strings (Redis's rdbcompression)
     * @param checksum write the CRC64 footer, else zero (Redis's rdbchecksum)
     */
    public RdbFileWriter(OutputStream out, boolean compress, boolean checksum) {
        this.out = out;
        this.checksum = checksum;
        this.buffer = new RdbWriter(compress).forVersion(RdbFormat.FILE_VERSION);
    }

    /** The signature and the AUX fields 7.2 writes: redis-ver, redis-bits, ctime, used-mem, aof-base. */
    public void writeHeader(long ctimeSeconds, long usedMemory) {
        writeHeader(ctimeSeconds, usedMemory, false);
    }

    /** The header of an RDB file, or of an AOF base (aof-base 1) written in the RDB format. */
    public void writeHeader(long ctimeSeconds, long usedMemory, boolean aofBase) {
        buffer.writeRaw(String.format("%s%04d", RdbFormat.MAGIC, RdbFormat.FILE_VERSION).getBytes(StandardCharsets.US_ASCII));
        writeAux("redis-ver", Server.REDIS_VERSION);
        writeAux("redis-bits", 64);
        writeAux("ctime", ctimeSeconds);
        writeAux("used-mem", usedMemory);
        writeAux("aof-base", aofBase ? 1 : 0);
        flushIfFull();
    }

    public void writeAux(String key, String value) {
        buffer.writeByte(RdbFormat.OPCODE_AUX);
        buffer.writeString(key.getBytes(StandardCharsets.UTF_8));
        buffer.writeString(value.getBytes(StandardCharsets.UTF_8));
    }

    public void writeAux(String key, long value) {
        buffer.writeByte(RdbFormat.OPCODE_AUX);
        buffer.writeString(key.getBytes(StandardCharsets.UTF_8));
        buffer.writeLongAsString(value);
    }

    /** A function library (FUNCTION2 record: the library's code); Redis writes these before the databases. */
    public void writeFunctionLibrary(byte[] code) {
        buffer.writeByte(RdbFormat.OPCODE_FUNCTION2);
        buffer.writeString(code);
        flushIfFull();
    }

    /** Starts a database: SELECTDB, and RESIZEDB with its key and expire counts (sizing hints for the loader). */
    public void beginDatabase(int db, long keys, long expires) {
        buffer.writeByte(RdbFormat.OPCODE_SELECTDB);
        buffer.writeLength(db);
        buffer.writeByte(RdbFormat.OPCODE_RESIZEDB);
        buffer.writeLength(keys);
        buffer.writeLength(expires);
    }

    /** One key of the current database, with its expire time in unix ms (-1 for none). */
    public void writeEntry(byte[] key, Object value, long expireAt) {
        writeEntry(key, value, expireAt, -1, -1);
    }

    /**
     * One key with its expire time (-1 for none) and the eviction data Redis saves under an LRU policy (idle
     * seconds) or an LFU policy (frequency); -1 leaves either out.
     */
    public void writeEntry(byte[] key, Object value, long expireAt, long idleSeconds, int frequency) {
        encodeEntry(buffer, key, value, expireAt, idleSeconds, frequency);
        flushIfFull();
    }

    /** Entries encoded earlier by {@link #encodeEntry(byte[], Object, long, boolean)}, written as they are. */
    public void writeEncoded(byte[] entries) {
        buffer.writeRaw(entries);
        flushIfFull();
    }

    /** One key's record (expire, type, key, value) on its own, to be written later with {@link #writeEncoded}. */
    public static byte[] encodeEntry(byte[] key, Object value, long expireAt, boolean compress) {
        RdbWriter out = new RdbWriter(compress).forVersion(RdbFormat.FILE_VERSION);
        encodeEntry(out, key, value, expireAt, -1, -1);
        return out.toByteArray();
    }

    private static void encodeEntry(RdbWriter buffer, byte[] key, Object value, long expireAt, long idleSeconds,
                                    int frequency) {
        if (expireAt != -1) {
            buffer.writeByte(RdbFormat.OPCODE_EXPIRETIME_MS);
            buffer.writeLongLittleEndian(expireAt);
        }
        if (idleSeconds >= 0) {
            buffer.writeByte(RdbFormat.OPCODE_IDLE);
            buffer.writeLength(idleSeconds);
        }
        if (frequency >= 0) {
            buffer.writeByte(RdbFormat.OPCODE_FREQ);
            buffer.writeByte(frequency);
        }
        buffer.writeByte(RdbValues.type(value, buffer.version()));
        buffer.writeString(key);
        RdbValues.writeBody(buffer, value);
    }

    /** EOF and the checksum; flushes the stream. */
    public void finish() {
        if (finished) return;
        finished = true;
        buffer.writeByte(RdbFormat.OPCODE_EOF);
        drain();
        buffer.writeLongLittleEndian(checksum ? crc : 0);
        drain();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void flushIfFull() {
        if (buffer.size() >= FLUSH_THRESHOLD) drain();
    }

    private void drain() {
        byte[] chunk = buffer.toByteArray();
        crc = Crc64.update(crc, chunk, 0, chunk.length);
        try {
            out.write(chunk);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buffer.truncate(0);
    }

    /** Writes a whole file from a live keyspace: header, every non-empty database, EOF and checksum. */
    public static void writeKeyspace(Keyspace keyspace, OutputStream out, boolean compress, boolean checksum,
                                     long ctimeSeconds, long usedMemory) {
        RdbFileWriter writer = new RdbFileWriter(out, compress, checksum);
        writer.writeHeader(ctimeSeconds, usedMemory);
        for (int i = 0; i < keyspace.databaseCount(); i++) {
            Database db = keyspace.db(i);
            if (db.size() == 0) continue;
            writer.beginDatabase(i, db.size(), db.expiresSize());
            db.forEachWithExpire(writer::writeEntry);
        }
        writer.finish();
    }
}
