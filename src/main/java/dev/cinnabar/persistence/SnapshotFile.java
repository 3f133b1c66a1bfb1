package dev.cinnabar.persistence;

import dev.cinnabar.keyspace.Snapshot;
import dev.cinnabar.persistence.rdb.RdbFileWriter;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a {@link Snapshot} as an RDB file the way Redis does: into a temporary file in the same directory,
 * flushed to disk, then renamed over the target, so a crash in the middle never destroys the previous dump.
 * Encoding happens where the snapshot hands keys over (the execution thread); the bytes go to disk on a writer
 * thread, so a slow disk never stalls command execution. Keys handed over early (a command was about to touch
 * them) are encoded at once and kept until their database's section is written.
 */
final class SnapshotFile implements BaseFile {
    /** Encoded bytes waiting for the disk beyond which the walk pauses. */
    static final long MAX_PENDING_BYTES = 32L * 1024 * 1024;
    private static final byte[] END = new byte[0];

    private final Path target;
    private final Path temp;
    private final boolean compress;
    private final RdbFileWriter writer;
    private final Map<Integer, List<byte[]>> earlyEntries = new HashMap<>();
    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private final AtomicLong pendingBytes = new AtomicLong();
    private volatile IOException failure;
    private Thread diskWriter;

    private final boolean aofBase;

    SnapshotFile(Path target, boolean compress, boolean checksum) {
        this(target, compress, checksum, false);
    }

    /** aofBase: the file is an AOF base (its aof-base AUX field says 1). */
    SnapshotFile(Path target, boolean compress, boolean checksum, boolean aofBase) {
        this.aofBase = aofBase;
        this.target = target;
        this.temp = target.resolveSibling("temp-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".rdb");
        this.compress = compress;
        this.writer = new RdbFileWriter(new ChunkStream(), compress, checksum);
    }

    /** Starts the writer thread and writes the file header. */
    @Override
    public void open(long ctimeSeconds, long usedMemory, List<byte[]> functionLibraries) throws IOException {
        FileOutputStream file = new FileOutputStream(temp.toFile());
        diskWriter = Thread.ofPlatform().name("cinnabar-rdb-writer").daemon().start(() -> drainTo(file));
        writer.writeHeader(ctimeSeconds, usedMemory, aofBase);
        for (byte[] library : functionLibraries) writer.writeFunctionLibrary(library);
    }

    /** Whether the disk is far enough behind that encoding more should wait. */
    @Override
    public boolean backedUp() {
        return pendingBytes.get() > MAX_PENDING_BYTES;
    }

    @Override
    public void beginDatabase(int index, long keys, long expires) {
        writer.beginDatabase(index, keys, expires);
    }

    @Override
    public void entry(int dbIndex, byte[] key, Object value, long expireAt, boolean early) {
        if (early) {
            earlyEntries.computeIfAbsent(dbIndex, i -> new ArrayList<>())
                    .add(RdbFileWriter.encodeEntry(key, value, expireAt, compress));
        } else {
            writer.writeEntry(key, value, expireAt);
        }
    }

    @Override
    public void endDatabase(int index) {
        List<byte[]> early = earlyEntries.remove(index);
        if (early != null) for (byte[] entry : early) writer.writeEncoded(entry);
    }

    /** Writes EOF and checksum: the last bytes are queued for the disk (call on the execution thread). */
    @Override
    public void finishEncoding() {
        writer.finish();
        chunks.add(END);
    }

    /** Waits for the disk (flushed and synced), then renames the file into place; may block for a while. */
    @Override
    public void awaitDiskAndRename() throws IOException, InterruptedException {
        diskWriter.join();
        if (failure != null) throw failure;
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Gives up: stops the writer thread and removes the temporary file. */
    @Override
    public void discard() {
        chunks.clear();
        chunks.add(END);
        try {
            if (diskWriter != null) diskWriter.join();
            Files.deleteIfExists(temp);
        } catch (IOException | InterruptedException e) {
            // nothing more to do: the temporary file is only ever renamed after a complete write
        }
    }

    private void drainTo(FileOutputStream file) {
        try (file) {
            while (true) {
                byte[] chunk = chunks.take();
                if (chunk == END) break;
                if (failure == null) file.write(chunk);
                pendingBytes.addAndGet(-chunk.length);
            }
            if (failure == null) file.getFD().sync();
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            failure = new IOException("interrupted");
        }
    }

    /** What the RDB writer writes to: chunks handed to the writer thread. */
    private final class ChunkStream extends OutputStream {
        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (failure != null) return;
            byte[] chunk = java.util.Arrays.copyOfRange(b, off, off + len);
            pendingBytes.addAndGet(len);
            chunks.add(chunk);
        }
    }
}
