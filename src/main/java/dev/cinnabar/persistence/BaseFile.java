package dev.cinnabar.persistence;

import dev.cinnabar.keyspace.Snapshot;

import java.io.IOException;
import java.util.List;

/**
 * A file written from a {@link Snapshot}: into a temporary file, synced, then renamed into place, so a crash never
 * leaves a partial file under the real name. The snapshot is fed on the execution thread; the disk work happens
 * elsewhere. RDB dumps and AOF bases in either format.
 */
interface BaseFile extends Snapshot.Sink {
    /** Creates the temporary file and writes what comes before the keys. */
    void open(long ctimeSeconds, long usedMemory, List<byte[]> functionLibraries) throws IOException;

    /** Whether the disk is far enough behind that the walk should pause. */
    boolean backedUp();

    /** Everything was fed: the end of the file is queued (execution thread). */
    void finishEncoding();

    /** Waits until the file is written and synced, then renames it into place; may block. */
    void awaitDiskAndRename() throws IOException, InterruptedException;

    /** Gives up: the temporary file is removed. */
    void discard();
}
