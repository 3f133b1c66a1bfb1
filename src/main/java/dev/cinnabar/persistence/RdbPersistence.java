package dev.cinnabar.persistence;

import dev.cinnabar.config.SavePoints;
import dev.cinnabar.config.ServerConfig;
import dev.cinnabar.keyspace.Snapshot;
import dev.cinnabar.persistence.rdb.RdbFileReader;
import dev.cinnabar.persistence.rdb.RdbFormatException;
import dev.cinnabar.persistence.rdb.RdbLimits;
import dev.cinnabar.server.Log;
import dev.cinnabar.server.Server;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * RDB snapshots of the dataset, as Redis makes them: SAVE (in the foreground), BGSAVE (in the background while
 * clients keep working: a {@link Snapshot} walked in slices between commands, written by a disk thread), save
 * points checked by the cron, loading the dump at start-up, and the INFO persistence facts. All methods run under
 * the execution lock.
 */
public final class RdbPersistence {
    /** How long one slice of a background save may hold the execution thread. */
    static final long SLICE_NANOS = 1_000_000;
    /** Redis waits this long before retrying an automatic save that failed. */
    private static final long RETRY_DELAY_SECONDS = 5;

    private final Server server;
    private long lastSaveSeconds = System.currentTimeMillis() / 1000;
    private long lastAttemptSeconds;
    private boolean lastBackgroundSaveOk = true;
    private long lastBackgroundSaveSeconds = -1;
    private long saves;
    private long keysLoaded;
    private long keysExpiredAtLoad;
    private boolean scheduled;
    private boolean finalSaveDone;
    // the background save in progress, if any
    private Snapshot snapshot;
    private SnapshotFile file;
    private long startedMillis;
    private long dirtyAtStart;
    /** Longest slice of the last background save, in microseconds (what a client may have waited). */
    private long longestSliceMicros;

    public RdbPersistence(Server server) {
        this.server = server;
    }

    private Path dumpPath() {
        ServerConfig c = server.config();
        return Path.of(c.dir.value()).resolve(c.dbfilename.value());
    }

    // ---- loading ------------------------------------------------------------------------------------------------

    /**
     * Loads the dump file at start-up if there is one. A file that cannot be read completely stops the start with
     * an exception naming the file and the problem; the server never starts with part of the data.
     */
    public void loadAtStartup() {
        Path path = dumpPath();
        if (!Files.exists(path)) return;
        long start = System.nanoTime();
        try {
            load(path, false);
        } catch (IOException | RdbFormatException | java.io.UncheckedIOException | dev.cinnabar.command.RedisError e) {
            throw new IllegalStateException("Fatal error loading the DB from " + path + ": " + e.getMessage()
                    + ". Exiting.", e);
        }
        lastSaveSeconds = System.currentTimeMillis() / 1000;
        Log.notice(String.format("DB loaded from disk: %.3f seconds", (System.nanoTime() - start) / 1e9));
    }

    private void load(Path path, boolean replaceDuplicates) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            RdbFileReader.LoadResult result = RdbFileReader.load(in, server.keyspace(), RdbLimits.of(server.config()),
                    true, code -> server.scripting().loadLibrary(code, replaceDuplicates), replaceDuplicates);
            keysLoaded = result.keysLoaded();
            keysExpiredAtLoad = result.expiredSkipped();
        }
    }

    /**
     * DEBUG RELOAD: saves the dump (unless not save), empties the dataset (unless not flush) and loads the dump back;
     * merge lets the file's keys and libraries replace those in memory. Returns null, or the error to reply.
     */
    public String reloadForDebug(boolean save, boolean flush, boolean merge) {
        if (save && !save()) return "ERR";
        if (flush) server.emptyData();
        try {
            load(dumpPath(), merge);
        } catch (IOException | RdbFormatException | java.io.UncheckedIOException | dev.cinnabar.command.RedisError e) {
            Log.warning("Failed loading the RDB dump for DEBUG RELOAD: " + e.getMessage());
            return "ERR Error trying to load the RDB dump, check server logs.";
        }
        Log.notice("DB reloaded by DEBUG RELOAD");
        return null;
    }

    // ---- saving -------------------------------------------------------------------------------------------------

    public boolean backgroundSaveInProgress() {
        return snapshot != null;
    }

    /** SAVE: the whole snapshot written before returning. False if it failed (logged). */
    public boolean save() {
        // one snapshot at a time: a rewrite of the AOF in progress starts again afterwards
        if (server.aof().abortRewriteForSave()) server.aof().scheduleRewrite();
        long dirtyBefore = server.stats().dirty;
        SnapshotFile out = new SnapshotFile(dumpPath(), server.config().rdbcompression.value(),
                server.config().rdbchecksum.value());
        try {
            out.open(System.currentTimeMillis() / 1000, server.usedMemory(), server.scripting().libraryCodes());
            server.keyspace().beginSnapshot(out).finish();
            out.finishEncoding();
            out.awaitDiskAndRename();
        } catch (IOException | InterruptedException | RuntimeException e) {
            out.discard();
            Log.warning("Failed saving the DB: " + e.getMessage());
            return false;
        }
        saved(dirtyBefore);
        Log.notice("DB saved on disk");
        return true;
    }

    private void saved(long dirtyBefore) {
        server.stats().dirty -= dirtyBefore;
        lastSaveSeconds = System.currentTimeMillis() / 1000;
        lastBackgroundSaveOk = true;
        saves++;
    }

    /** BGSAVE: starts a background save (one that fails at once counts as started and failed, as in Redis). */
    public boolean startBackgroundSave() {
        scheduled = false;
        lastAttemptSeconds = System.currentTimeMillis() / 1000;
        file = new SnapshotFile(dumpPath(), server.config().rdbcompression.value(), server.config().rdbchecksum.value());
        try {
            file.open(lastAttemptSeconds, server.usedMemory(), server.scripting().libraryCodes());
        } catch (IOException e) {
            // like a forked child that fails at once: the save did start, and it failed
            file.discard();
            file = null;
            lastBackgroundSaveOk = false;
            lastBackgroundSaveSeconds = 0;
            Log.warning("Background saving error: " + e.getMessage());
            return true;
        }
        dirtyAtStart = server.stats().dirty;
        startedMillis = System.currentTimeMillis();
        long begin = System.nanoTime();
        snapshot = server.keyspace().beginSnapshot(file);
        longestSliceMicros = (System.nanoTime() - begin) / 1000; // taking the key list is the first pause
        Log.notice("Background saving started (" + snapshot.size() + " keys listed in "
                + longestSliceMicros / 1000 + " ms)");
        server.runLater(0, this::step);
        return true;
    }

    /** One slice of the background save; reschedules itself until the snapshot is handed over. */
    private void step() {
        Snapshot current = snapshot;
        if (current == null) return; // aborted
        if (file.backedUp()) {
            server.runLater(1, this::step);
            return;
        }
        long start = System.nanoTime();
        boolean done;
        try {
            done = current.step(SLICE_NANOS);
        } catch (RuntimeException e) {
            Log.warning("Background saving error: " + e);
            finishBackgroundSave(false);
            return;
        }
        longestSliceMicros = Math.max(longestSliceMicros, (System.nanoTime() - start) / 1000);
        if (!done) {
            server.runLater(0, this::step);
            return;
        }
        file.finishEncoding();
        SnapshotFile writing = file;
        Thread.ofPlatform().name("cinnabar-rdb-finish").daemon().start(() -> {
            boolean ok;
            try {
                writing.awaitDiskAndRename();
                ok = true;
            } catch (IOException | InterruptedException e) {
                Log.warning("Background saving error: " + e.getMessage());
                writing.discard();
                ok = false;
            }
            boolean result = ok;
            server.runLater(0, () -> {
                if (file == writing) finishBackgroundSave(result);
            });
        });
    }

    private void finishBackgroundSave(boolean ok) {
        if (snapshot != null) snapshot.abort();
        if (!ok && file != null) file.discard();
        snapshot = null;
        file = null;
        lastBackgroundSaveSeconds = (System.currentTimeMillis() - startedMillis) / 1000;
        if (ok) {
            saved(dirtyAtStart);
            Log.notice("Background saving terminated with success");
        } else {
            lastBackgroundSaveOk = false;
        }
    }

    /** Stops a background save in progress (FLUSHALL, SHUTDOWN): its file is never renamed into place. */
    public void abortBackgroundSave() {
        if (snapshot == null) return;
        snapshot.abort();
        SnapshotFile abandoned = file;
        snapshot = null;
        file = null;
        abandoned.discard();
        Log.notice("Background saving aborted");
    }

    /**
     * The save before the server exits (SHUTDOWN, SIGTERM): when save points are configured or SAVE was asked for,
     * unless NOSAVE. A background save in progress is dropped first. False when the save failed and FORCE was not
     * given: the server must stay up. Runs at most once.
     */
    public boolean finalSave(boolean asked, boolean nosave, boolean force) {
        if (finalSaveDone) return true;
        abortBackgroundSave();
        server.aof().shutdown();
        if (nosave || (!asked && !savePointsConfigured())) {
            finalSaveDone = true;
            return true;
        }
        Log.notice("Saving the final RDB snapshot before exiting.");
        if (save()) {
            finalSaveDone = true;
            return true;
        }
        if (!force) {
            Log.warning("Error trying to save the DB, can't exit.");
            return false;
        }
        Log.warning("Error trying to save the DB. Exit anyway.");
        finalSaveDone = true;
        return true;
    }

    /** BGSAVE SCHEDULE (or BGSAVE inside MULTI): the save starts from the cron when nothing is in the way. */
    public void schedule() {
        scheduled = true;
    }

    /** From the cron: a scheduled save, or a save point that has been reached. */
    public void cron() {
        if (snapshot != null || server.aof().rewriteInProgress()) return;
        long now = System.currentTimeMillis() / 1000;
        if (scheduled) {
            startBackgroundSave();
            return;
        }
        long changes = server.stats().dirty;
        for (SavePoints.Point p : server.config().save.points()) {
            if (changes >= p.changes() && now - lastSaveSeconds > p.seconds()
                    && (lastBackgroundSaveOk || now - lastAttemptSeconds > RETRY_DELAY_SECONDS)) {
                Log.notice(changes + " changes in " + p.seconds() + " seconds. Saving...");
                startBackgroundSave();
                return;
            }
        }
    }

    /** Whether save points are configured (SHUTDOWN and FLUSHALL save then). */
    public boolean savePointsConfigured() {
        return !server.config().save.points().isEmpty();
    }

    /**
     * stop-writes-on-bgsave-error: with save points configured and the last background save failed, commands that
     * may change the data are refused (MISCONF).
     */
    public boolean writesDenied() {
        return !lastBackgroundSaveOk && server.config().stopWritesOnBgsaveError.value() && savePointsConfigured();
    }

    // ---- facts --------------------------------------------------------------------------------------------------

    public long lastSaveSeconds() {
        return lastSaveSeconds;
    }

    public boolean lastBackgroundSaveOk() {
        return lastBackgroundSaveOk;
    }

    public long lastBackgroundSaveSeconds() {
        return lastBackgroundSaveSeconds;
    }

    public long currentBackgroundSaveSeconds() {
        return snapshot == null ? -1 : (System.currentTimeMillis() - startedMillis) / 1000;
    }

    public long saves() {
        return saves;
    }

    public long keysLoaded() {
        return keysLoaded;
    }

    public long keysExpiredAtLoad() {
        return keysExpiredAtLoad;
    }

    public boolean scheduled() {
        return scheduled;
    }

    /** Longest slice of the last (or current) background save, in microseconds. */
    public long longestSliceMicros() {
        return longestSliceMicros;
    }
}
