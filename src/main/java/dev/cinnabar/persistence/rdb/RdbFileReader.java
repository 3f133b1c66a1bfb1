package dev.cinnabar.persistence.rdb;

import dev.cinnabar.keyspace.Database;
import dev.cinnabar.keyspace.Keyspace;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads RDB files of versions 1 to 11 (everything Redis up to 7.2 writes): the signature, then records until EOF,
 * then (version 5 on) the CRC64 of everything before it, where a stored zero means "written without a checksum".
 * Records are AUX fields, SELECTDB, RESIZEDB (a sizing hint), EXPIRETIME (seconds) and EXPIRETIME_MS before a
 * key, IDLE and FREQ (eviction data) before a key, FUNCTION2 (a function library's code, handed to the receiver),
 * and keys with their values. Module data (MODULE_AUX, module values), streams and 7.0 pre-release function records
 * are refused, as Redis 7.2 refuses the latter; nothing is skipped silently.
 * <p>
 * Any corruption or truncation raises {@link RdbFormatException} with the byte offset where reading stopped.
 * The reader hands what it finds to a {@link Receiver}; {@link #load} fills a {@link Keyspace}.
 */
public final class RdbFileReader {
    private static final int MIN_VERSION = 1;
    private static final int FIRST_VERSION_WITH_CHECKSUM = 5;

    /** What a file holds, in file order. */
    public interface Receiver {
        /** An AUX field (redis-ver, ctime...). */
        default void aux(byte[] key, byte[] value) {}

        /** RESIZEDB: how many keys (and keys with an expire) the current database section holds; a hint. */
        default void resizeDatabase(int db, long keys, long expires) {}

        /** A function library's code (a FUNCTION2 record). */
        void functionLibrary(byte[] code);

        /**
         * A key of database db with its value (null for an empty collection, which Redis skips), expire time
         * (unix ms, -1 for none), LRU idle seconds and LFU frequency (-1 when the file gives none).
         */
        void entry(int db, byte[] key, Object value, long expireAt, long idleSeconds, int frequency);
    }

    /** What loading a file into a keyspace did. */
    public record LoadResult(int version, Map<String, byte[]> aux, long keysLoaded, long expiredSkipped,
                             long emptySkipped) {}

    private RdbFileReader() {}

    /** Reads a whole file, verifying its checksum when verifyChecksum; returns the RDB version. */
    public static int read(InputStream stream, RdbLimits limits, boolean verifyChecksum, Receiver receiver) {
        TrackingStream tracked = new TrackingStream(stream);
        try {
            return readRecords(tracked, limits, verifyChecksum, receiver);
        } catch (RdbFormatException e) {
            throw new RdbFormatException("RDB format error at offset " + tracked.offset + ": " + e.getMessage());
        }
    }

    private static int readRecords(TrackingStream tracked, RdbLimits limits, boolean verifyChecksum,
                                   Receiver receiver) {
        RdbReader in = new RdbReader(tracked);
        int version = readSignature(in);
        int db = 0;
        long expireAt = -1, idle = -1;
        int frequency = -1;
        while (true) {
            int type = in.readByte();
            switch (type) {
                case RdbFormat.OPCODE_EXPIRETIME -> expireAt = (long) (int) readLittleEndian(in, 4) * 1000;
                case RdbFormat.OPCODE_EXPIRETIME_MS -> expireAt = in.readLongLittleEndian();
                case RdbFormat.OPCODE_FREQ -> frequency = in.readByte();
                case RdbFormat.OPCODE_IDLE -> idle = in.readLength();
                case RdbFormat.OPCODE_SELECTDB -> {
                    long index = in.readLength();
                    if (index > Integer.MAX_VALUE) throw new RdbFormatException("database index out of range");
                    db = (int) index;
                }
                case RdbFormat.OPCODE_RESIZEDB -> receiver.resizeDatabase(db, in.readLength(), in.readLength());
                case RdbFormat.OPCODE_AUX -> receiver.aux(in.readString(), in.readString());
                case RdbFormat.OPCODE_MODULE_AUX ->
                        throw new RdbFormatException("module auxiliary data is not supported");
                case RdbFormat.OPCODE_FUNCTION_PRE_GA ->
                        throw new RdbFormatException("Pre-release function format not supported.");
                case RdbFormat.OPCODE_FUNCTION2 -> receiver.functionLibrary(in.readString());
                case RdbFormat.OPCODE_EOF -> {
                    if (version >= FIRST_VERSION_WITH_CHECKSUM) verifyChecksum(tracked, in, verifyChecksum);
                    return version;
                }
                default -> {
                    if (!RdbFormat.isValueType(type)) throw new RdbFormatException("unknown record type " + type);
                    byte[] key = in.readString();
                    Object value = RdbValues.readValue(in, type, limits);
                    receiver.entry(db, key, value, expireAt, idle, frequency);
                    expireAt = -1;
                    idle = -1;
                    frequency = -1;
                }
            }
        }
    }

    private static int readSignature(RdbReader in) {
        byte[] signature = in.readRaw(9);
        String text = new String(signature, StandardCharsets.ISO_8859_1);
        if (!text.startsWith(RdbFormat.MAGIC)) throw new RdbFormatException("wrong signature, not an RDB file");
        String digits = text.substring(RdbFormat.MAGIC.length());
        int version;
        try {
            version = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new RdbFormatException("invalid RDB version " + digits);
        }
        if (version < MIN_VERSION || version > RdbFormat.VERSION) {
            throw new RdbFormatException("Can't handle RDB format version " + version);
        }
        return version;
    }

    private static void verifyChecksum(TrackingStream tracked, RdbReader in, boolean verify) {
        long expected = tracked.crc;
        long stored = in.readLongLittleEndian();
        if (verify && stored != 0 && stored != expected) {
            throw new RdbFormatException(String.format("wrong RDB checksum: expected %x but got %x", expected, stored));
        }
    }

    private static long readLittleEndian(RdbReader in, int bytes) {
        long v = 0;
        for (int i = 0; i < bytes; i++) v |= (long) in.readByte() << (8 * i);
        return v;
    }

    /**
     * Loads a file into the keyspace as Redis's loader does: empty collections and keys already expired are
     * skipped, a key present twice is an error, function libraries go to the given receiver (a file holding
     * libraries with none given is an error). Database indexes must exist in the keyspace. On an error the
     * keyspace keeps what was loaded before it, so callers load into a fresh keyspace.
     */
    public static LoadResult load(InputStream stream, Keyspace keyspace, RdbLimits limits, boolean verifyChecksum,
                                  java.util.function.Consumer<byte[]> functionLibraries) {
        return load(stream, keyspace, limits, verifyChecksum, functionLibraries, false);
    }

    /** As above; with replaceDuplicates a key already in the keyspace is replaced (DEBUG RELOAD MERGE). */
    public static LoadResult load(InputStream stream, Keyspace keyspace, RdbLimits limits, boolean verifyChecksum,
                                  java.util.function.Consumer<byte[]> functionLibraries, boolean replaceDuplicates) {
        Map<String, byte[]> aux = new LinkedHashMap<>();
        long[] counts = new long[3];
        long now = keyspace.now();
        int version = read(stream, limits, verifyChecksum, new Receiver() {
            @Override
            public void aux(byte[] key, byte[] value) {
                aux.put(new String(key, StandardCharsets.UTF_8), value);
            }

            @Override
            public void resizeDatabase(int dbIndex, long keys, long expires) {
                if (dbIndex < keyspace.databaseCount()) keyspace.db(dbIndex).reserve(Math.min(keys, 1L << 28));
            }

            @Override
            public void functionLibrary(byte[] code) {
                if (functionLibraries == null) throw new RdbFormatException("the file holds function libraries and nothing loads them");
                functionLibraries.accept(code);
            }

            @Override
            public void entry(int dbIndex, byte[] key, Object value, long expireAt, long idle, int frequency) {
                if (dbIndex >= keyspace.databaseCount()) {
                    throw new RdbFormatException("database " + dbIndex + " does not exist (databases "
                            + keyspace.databaseCount() + ")");
                }
                if (value == null) {
                    counts[2]++;
                    return;
                }
                if (expireAt != -1 && expireAt < now) {
                    counts[1]++;
                    return;
                }
                Database db = keyspace.db(dbIndex);
                if (db.existsIgnoringExpiry(key)) {
                    if (!replaceDuplicates) throw new RdbFormatException("duplicated key in the file");
                    db.delete(key);
                }
                db.set(key, value, expireAt);
                if (keyspace.lfuEnabled()) {
                    if (frequency >= 0) db.setFrequency(key, frequency);
                } else if (idle >= 0) {
                    db.setIdleSeconds(key, idle);
                }
                counts[0]++;
            }
        });
        return new LoadResult(version, aux, counts[0], counts[1], counts[2]);
    }

    /** Counts the bytes read and keeps the CRC64 of them. */
    private static final class TrackingStream extends FilterInputStream {
        long offset;
        long crc;

        TrackingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() {
            try {
                int b = in.read();
                if (b >= 0) {
                    offset++;
                    crc = Crc64.update(crc, b);
                }
                return b;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) {
            try {
                int n = in.read(b, off, len);
                if (n > 0) {
                    offset += n;
                    crc = Crc64.update(crc, b, off, n);
                }
                return n;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
