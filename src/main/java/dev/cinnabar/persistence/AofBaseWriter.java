package dev.cinnabar.persistence;

import dev.cinnabar.hashes.HashValue;
import dev.cinnabar.json.JsonValue;
import dev.cinnabar.lists.ListValue;
import dev.cinnabar.protocol.DoubleFormat;
import dev.cinnabar.sets.SetValue;
import dev.cinnabar.streams.StreamAofForm;
import dev.cinnabar.streams.StreamValue;
import dev.cinnabar.strings.Strings;
import dev.cinnabar.zsets.ZsetValue;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * An AOF base in the AOF format (aof-use-rdb-preamble no): the commands that rebuild each key, as Redis's
 * rewriteAppendOnlyFileRio writes them — SELECT per database, SET, RPUSH / SADD / ZADD / HMSET in commands of at
 * most 64 elements, then PEXPIREAT for a key with an expire time. Written on the execution thread as the snapshot
 * hands keys over (keys handed over early are written at once; their database is selected first).
 */
final class AofBaseWriter implements BaseFile {
    static final int ITEMS_PER_COMMAND = 64;
    private static final byte[] FUNCTION = ascii("FUNCTION"), LOAD = ascii("LOAD");
    private static final byte[] JSON_SET = ascii("JSON.SET"), JSON_ROOT = ascii("$");
    private static final byte[] SET = ascii("SET"), RPUSH = ascii("RPUSH"), SADD = ascii("SADD"),
            ZADD = ascii("ZADD"), HMSET = ascii("HMSET"), PEXPIREAT = ascii("PEXPIREAT");

    private final Path target;
    private final Path temp;
    private final AofCommandBuffer buffer = new AofCommandBuffer(1 << 16);
    private FileOutputStream file;
    private OutputStream out;
    private IOException failure;
    private int selectedDb = -1;

    AofBaseWriter(Path target, Path temp) {
        this.target = target;
        this.temp = temp;
    }

    @Override
    public void open(long ctimeSeconds, long usedMemory, List<byte[]> functionLibraries) throws IOException {
        file = new FileOutputStream(temp.toFile());
        out = new BufferedOutputStream(file, 1 << 16);
        for (byte[] library : functionLibraries) { // Redis's rewriteFunctions: FUNCTION LOAD before the data
            buffer.header('*', 3);
            buffer.bulk(FUNCTION);
            buffer.bulk(LOAD);
            buffer.bulk(library);
        }
    }

    @Override
    public boolean backedUp() {
        return false;
    }

    @Override
    public void beginDatabase(int index, long keys, long expires) {
    }

    @Override
    public void entry(int dbIndex, byte[] key, Object value, long expireAt, boolean early) {
        if (dbIndex != selectedDb) {
            buffer.appendSelect(dbIndex);
            selectedDb = dbIndex;
        }
        writeKey(buffer, key, value);
        if (expireAt != -1) {
            buffer.header('*', 3);
            buffer.bulk(PEXPIREAT);
            buffer.bulk(key);
            buffer.bulk(Long.toString(expireAt).getBytes(StandardCharsets.US_ASCII));
        }
        if (buffer.length() >= 1 << 16) drain();
    }

    /** The commands that create one key with its value. */
    static void writeKey(AofCommandBuffer b, byte[] key, Object value) {
        if (Strings.isString(value)) {
            b.header('*', 3);
            b.bulk(SET);
            b.bulk(key);
            b.bulk(Strings.bytes(value));
        } else if (value instanceof ListValue list) {
            long size = list.size();
            for (long from = 0; from < size; from += ITEMS_PER_COMMAND) {
                List<byte[]> items = list.elements(from, Math.min(ITEMS_PER_COMMAND, size - from), false);
                b.header('*', 2 + items.size());
                b.bulk(RPUSH);
                b.bulk(key);
                for (byte[] item : items) b.bulk(item);
            }
        } else if (value instanceof SetValue set) {
            Batch batch = new Batch(b, SADD, key, set.size(), 1);
            set.forEach((array, offset, length) -> {
                batch.next();
                b.bulk(array, offset, length);
                return true;
            });
        } else if (value instanceof ZsetValue zset) {
            Batch batch = new Batch(b, ZADD, key, zset.size(), 2);
            zset.forEach(false, (member, score) -> {
                batch.next();
                b.bulk(DoubleFormat.format(score).getBytes(StandardCharsets.US_ASCII));
                b.bulk(member);
            });
        } else if (value instanceof HashValue hash) {
            Batch batch = new Batch(b, HMSET, key, hash.size(), 2);
            hash.forEach((entry, keyOffset, keyLength, valueOffset, valueLength) -> {
                batch.next();
                b.bulk(entry, keyOffset, keyLength);
                b.bulk(entry, valueOffset, valueLength);
            });
        } else if (value instanceof StreamValue stream) {
            StreamAofForm.write(key, stream, args -> {
                b.header('*', args.length);
                for (byte[] arg : args) b.bulk(arg);
            });
        } else if (value instanceof JsonValue json) {
            b.header('*', 4);
            b.bulk(JSON_SET);
            b.bulk(key);
            b.bulk(JSON_ROOT);
            b.bulk(json.toJson());
        } else {
            throw new IllegalStateException("no AOF form for " + value.getClass().getSimpleName());
        }
    }

    /** Starts a new command every 64 items (each item: 1 or 2 arguments). */
    private static final class Batch {
        private final AofCommandBuffer b;
        private final byte[] name, key;
        private final int argsPerItem;
        private long remaining;
        private int inCommand = ITEMS_PER_COMMAND;

        Batch(AofCommandBuffer b, byte[] name, byte[] key, long items, int argsPerItem) {
            this.b = b;
            this.name = name;
            this.key = key;
            this.remaining = items;
            this.argsPerItem = argsPerItem;
        }

        void next() {
            if (inCommand == ITEMS_PER_COMMAND) {
                long n = Math.min(ITEMS_PER_COMMAND, remaining);
                b.header('*', 2 + n * argsPerItem);
                b.bulk(name);
                b.bulk(key);
                inCommand = 0;
            }
            inCommand++;
            remaining--;
        }
    }

    @Override
    public void endDatabase(int index) {
    }

    private void drain() {
        if (failure == null) {
            try {
                out.write(buffer.array(), 0, buffer.length());
            } catch (IOException e) {
                failure = e;
            }
        }
        buffer.clear();
    }

    @Override
    public void finishEncoding() {
        drain();
    }

    @Override
    public void awaitDiskAndRename() throws IOException {
        try (FileOutputStream f = file) {
            if (failure != null) throw failure;
            out.flush();
            f.getFD().sync();
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void discard() {
        try {
            if (file != null) file.close();
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // the temporary file is never renamed into place after a failure
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
