package dev.cinnabar.persistence;

import dev.cinnabar.config.ServerConfig;
import dev.cinnabar.keyspace.Snapshot;
import dev.cinnabar.propagation.PropagationSink;
import dev.cinnabar.server.Log;
import dev.cinnabar.server.Server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Redis 7's multi-part append-only file. The directory {@code appenddirname} holds a base file (an RDB, or
 * commands with aof-use-rdb-preamble no), incremental files of propagated commands, and the manifest naming them
 * ({@link AofManifest}). This class is the propagation stream's AOF sink: commands are encoded into a buffer as
 * commands complete and written once per batch, before the batch's replies reach the sockets
 * ({@link #beforeSleep}, Redis's flushAppendOnlyFile in beforeSleep), then synced per appendfsync — at once
 * (always), by a background thread about once a second (everysec), or by the kernel (no). A rewrite (BGREWRITEAOF,
 * the automatic one, or turning the AOF on) opens a new incremental file at once, so nothing written after its start
 * can be lost, and writes the new base from a {@link Snapshot} in slices like BGSAVE; when the base is on disk the
 * manifest names it, the older files become history and are deleted. All methods but the fsync thread's run
 * under the execution lock.
 */
public final class AppendOnlyFile implements PropagationSink {
    enum State { OFF, ON, WAIT_REWRITE }

    private final Server server;
    private State state = State.OFF;
    private AofManifest manifest = new AofManifest();
    private FileChannel incr;
    /** With the AOF being turned on, the first incremental file is not in the manifest until the base exists. */
    private AofManifest.Entry pendingIncr;
    private final AofCommandBuffer buffer = new AofCommandBuffer(1 << 14);
    private int selectedDb = -1;
    // sizes, as Redis keeps them
    private long currentSize;
    private long rewriteBaseSize;
    private long lastIncrSize;
    private long lastIncrFsyncOffset;
    // write and fsync errors
    private boolean lastWriteOk = true;
    private String lastWriteError = "";
    private long lastWriteErrorLogSeconds;
    private volatile String fsyncError;
    private final AtomicBoolean fsyncInProgress = new AtomicBoolean();
    private long lastFsyncSeconds;
    private Thread fsyncThread;
    private final java.util.concurrent.LinkedBlockingQueue<FileChannel> fsyncQueue =
            new java.util.concurrent.LinkedBlockingQueue<>();
    // rewrite
    private Snapshot rewriteSnapshot;
    private BaseFile rewriteFile;
    private AofManifest.Entry rewriteBase;
    private long rewriteStartMillis;
    private boolean rewriteScheduled;
    private long lastRewriteSeconds = -1;
    private boolean lastRewriteOk = true;
    private long rewrites;
    private long consecutiveFailures;
    private boolean loadedFromAof;

    public AppendOnlyFile(Server server) {
        this.server = server;
        server.config().appendonly.onApply(this::configChanged);
        server.config().lazyfreeLazyExpire.onApply(() ->
                server.propagation().setLazyExpireUnlink(server.config().lazyfreeLazyExpire.value()));
        server.propagation().setLazyExpireUnlink(server.config().lazyfreeLazyExpire.value());
    }

    private Path dir() {
        ServerConfig c = server.config();
        return Path.of(c.dir.value()).resolve(c.appenddirname.value());
    }

    private String fileName() {
        return server.config().appendfilename.value();
    }

    public boolean enabled() {
        return state != State.OFF;
    }

    // ---- start-up -----------------------------------------------------------------------------------------------

    /**
     * With appendonly yes: loads the AOF (which then has priority over the RDB dump, as in Redis), opens or
     * creates its files. Returns true when the dataset came from the AOF (or the AOF is on), so the dump is not
     * loaded. Throws with the file and offset when the AOF cannot be loaded.
     */
    public boolean startUp() {
        if (!server.config().appendonly.value()) return false;
        long start = System.nanoTime();
        try {
            loadManifestOrUpgrade();
            loadFiles();
        } catch (AofLoader.LoadException | AofManifest.FormatException | IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        if (loadedFromAof) {
            Log.notice(String.format("DB loaded from append only file: %.3f seconds",
                    (System.nanoTime() - start) / 1e9));
        }
        try {
            openOnStart();
        } catch (IOException e) {
            throw new IllegalStateException("Can't open the append-only file: " + e.getMessage(), e);
        }
        state = State.ON;
        deleteHistory(); // what a rewrite left behind before a crash
        server.propagation().addSink(this);
        lastFsyncSeconds = System.currentTimeMillis() / 1000;
        return true;
    }

    private boolean upgrading;

    private void loadManifestOrUpgrade() throws IOException, AofManifest.FormatException {
        if (readManifest()) return;
        // an AOF from before Redis 7: one file in dir, which becomes the base of the new layout
        Path old = Path.of(server.config().dir.value()).resolve(fileName());
        if (Files.isRegularFile(old)) {
            Log.notice("Creating AOF base file " + fileName() + " on server start (upgrade from a single-file AOF)");
            manifest = new AofManifest();
            manifest.base = new AofManifest.Entry(fileName(), 1, 'b');
            manifest.baseSeq = 1;
            upgrading = true;
        }
    }

    /** Reads the manifest in dir, if there is one. */
    private boolean readManifest() throws IOException, AofManifest.FormatException {
        Path manifestPath = dir().resolve(fileName() + ".manifest");
        if (!Files.isRegularFile(manifestPath)) return false;
        manifest = AofManifest.parse(Files.readAllBytes(manifestPath));
        return true;
    }

    private Path path(AofManifest.Entry e) {
        if (upgrading && e == manifest.base) return Path.of(server.config().dir.value()).resolve(e.name());
        return dir().resolve(e.name());
    }

    private void loadFiles() throws AofLoader.LoadException, IOException {
        List<AofManifest.Entry> files = new java.util.ArrayList<>();
        if (manifest.base != null) files.add(manifest.base);
        files.addAll(manifest.incr);
        if (files.isEmpty()) return;
        for (AofManifest.Entry e : files) {
            if (!Files.exists(path(e))) {
                throw new AofLoader.LoadException("The AOF file " + e.name() + " doesn't exist");
            }
        }
        server.propagation().setSuspended(true);
        server.keyspace().setLazyExpireEnabled(false);
        server.keyspace().updateTime();
        try {
            AofLoader loader = new AofLoader(server);
            long total = 0;
            for (int i = 0; i < files.size(); i++) {
                AofManifest.Entry e = files.get(i);
                boolean last = i == files.size() - 1;
                AofLoader.Result r = loader.loadFile(path(e), last);
                if (r == AofLoader.Result.EMPTY && e.type() == 'b') {
                    Log.notice("DB loaded from base file " + e.name() + ": empty");
                }
                total += Files.size(path(e));
            }
            currentSize = total;
            loadedFromAof = true;
        } finally {
            server.keyspace().setLazyExpireEnabled(true);
            server.propagation().setSuspended(false);
        }
        server.commands().all().forEach(c -> c.resetStats()); // loading is not command traffic
        server.diagnostics().forgetLoading();
    }

    /**
     * Redis's aofOpenIfNeededOnServerStart: creates the directory, writes a base of the current (empty or
     * loaded) data when there is none, and opens the last incremental file for appending (a new one if none).
     */
    private void openOnStart() throws IOException {
        Files.createDirectories(dir());
        if (upgrading) {
            Files.move(path(manifest.base), dir().resolve(manifest.base.name()),
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            upgrading = false;
        }
        if (manifest.base == null && manifest.incr.isEmpty()) {
            AofManifest.Entry base = newBaseEntry();
            writeBaseNow(dir().resolve(base.name()));
            manifest.base = base;
            manifest.baseSeq = base.seq();
            Log.notice("Creating AOF base file " + base.name() + " on server start");
        }
        boolean created = manifest.incr.isEmpty();
        if (created) {
            manifest.incrSeq++;
            manifest.incr.add(new AofManifest.Entry(incrName(manifest.incrSeq), manifest.incrSeq, 'i'));
        }
        AofManifest.Entry last = manifest.incr.get(manifest.incr.size() - 1);
        incr = openAppend(dir().resolve(last.name()));
        manifest.persist(dir(), fileName());
        lastIncrSize = incr.size();
        lastIncrFsyncOffset = lastIncrSize;
        currentSize = totalSize();
        rewriteBaseSize = currentSize;
        Log.notice((created ? "Creating" : "Opening") + " AOF incr file " + last.name() + " on server start");
    }

    private long totalSize() throws IOException {
        long n = 0;
        if (manifest.base != null && Files.exists(dir().resolve(manifest.base.name()))) {
            n += Files.size(dir().resolve(manifest.base.name()));
        }
        for (AofManifest.Entry e : manifest.incr) {
            Path p = dir().resolve(e.name());
            if (Files.exists(p)) n += Files.size(p);
        }
        return n;
    }

    private AofManifest.Entry newBaseEntry() {
        long seq = manifest.baseSeq + 1;
        String suffix = server.config().aofUseRdbPreamble.value() ? ".base.rdb" : ".base.aof";
        return new AofManifest.Entry(fileName() + "." + seq + suffix, seq, 'b');
    }

    private String incrName(long seq) {
        return fileName() + "." + seq + ".incr.aof";
    }

    private static FileChannel openAppend(Path p) throws IOException {
        return FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Writes a base of the whole dataset in the foreground (start-up with no AOF yet). */
    private void writeBaseNow(Path target) throws IOException {
        BaseFile file = newBaseFile(target);
        try {
            file.open(System.currentTimeMillis() / 1000, server.usedMemory(), server.scripting().libraryCodes());
            server.keyspace().beginSnapshot(file).finish();
            file.finishEncoding();
            file.awaitDiskAndRename();
        } catch (IOException | RuntimeException e) {
            file.discard();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        } catch (InterruptedException e) {
            file.discard();
            throw new IOException("interrupted");
        }
        syncDirectory(dir());
    }

    private BaseFile newBaseFile(Path target) {
        if (server.config().aofUseRdbPreamble.value()) {
            return new SnapshotFile(target, server.config().rdbcompression.value(), server.config().rdbchecksum.value(),
                    true);
        }
        Path temp = target.resolveSibling("temp-rewriteaof-bg-" + ProcessHandle.current().pid() + ".aof");
        return new AofBaseWriter(target, temp);
    }

    // ---- the propagated stream ----------------------------------------------------------------------------------

    @Override
    public void propagate(int dbIndex, byte[][] argv, int argc) {
        if (incr == null) return;
        if (dbIndex != -1 && dbIndex != selectedDb) {
            buffer.appendSelect(dbIndex);
            selectedDb = dbIndex;
        }
        buffer.appendCommand(argv, argc);
    }

    /**
     * Redis's beforeSleep part of the AOF: writes what the batch's commands propagated, and with appendfsync
     * always syncs it, before any of the batch's replies is written to a socket.
     */
    public void beforeSleep() {
        if (incr != null) flush(false);
    }

    private void flush(boolean force) {
        String policy = server.config().appendfsync.value();
        if (buffer.length() == 0) {
            if (lastIncrFsyncOffset == lastIncrSize) return;
            long now = System.currentTimeMillis() / 1000;
            if (policy.equals("always") || (policy.equals("everysec") && now > lastFsyncSeconds
                    && !fsyncInProgress.get())) {
                sync(policy);
            }
            return;
        }
        int written = 0;
        long writeStart = System.nanoTime();
        try {
            ByteBuffer bb = ByteBuffer.wrap(buffer.array(), 0, buffer.length());
            while (bb.hasRemaining()) written += incr.write(bb);
        } catch (IOException e) {
            writeFailed(e, written, policy);
            return;
        }
        recordWriteLatency((System.nanoTime() - writeStart) / 1_000_000);
        if (!lastWriteOk) {
            Log.notice("AOF write error looks solved, Redis can write again.");
            lastWriteOk = true;
        }
        currentSize += written;
        lastIncrSize += written;
        buffer.clear();
        if (server.config().noAppendfsyncOnRewrite.value() && rewriteSnapshot != null) return;
        sync(policy);
    }

    /** The latency monitor's AOF write events, named after what else was going on, as Redis names them. */
    private void recordWriteLatency(long millis) {
        var latency = server.diagnostics().latency();
        if (fsyncInProgress.get()) latency.record("aof-write-pending-fsync", millis);
        else if (rewriteSnapshot != null) latency.record("aof-write-active-child", millis);
        else latency.record("aof-write-alone", millis);
        latency.record("aof-write", millis);
    }

    private void writeFailed(IOException e, int written, String policy) {
        long now = System.currentTimeMillis() / 1000;
        if (now - lastWriteErrorLogSeconds > 30) {
            Log.warning("Error writing to the AOF file: " + e.getMessage());
            lastWriteErrorLogSeconds = now;
        }
        lastWriteError = e.getMessage() == null ? "I/O error" : e.getMessage();
        if (policy.equals("always")) {
            Log.warning("Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting...");
            Runtime.getRuntime().halt(1);
        }
        lastWriteOk = false;
        if (written > 0) {
            currentSize += written;
            lastIncrSize += written;
            buffer.discardFirst(written);
        }
    }

    private void sync(String policy) {
        if (policy.equals("always")) {
            try {
                long fsyncStart = System.nanoTime();
                incr.force(false);
                server.diagnostics().latency().record("aof-fsync-always", (System.nanoTime() - fsyncStart) / 1_000_000);
            } catch (IOException e) {
                Log.warning("Can't persist AOF for fsync error when the AOF fsync policy is 'always': "
                        + e.getMessage() + ". Exiting...");
                Runtime.getRuntime().halt(1);
            }
            lastIncrFsyncOffset = lastIncrSize;
            lastFsyncSeconds = System.currentTimeMillis() / 1000;
        } else if (policy.equals("everysec")) {
            long now = System.currentTimeMillis() / 1000;
            if (now > lastFsyncSeconds && fsyncInProgress.compareAndSet(false, true)) {
                startFsyncThread();
                fsyncQueue.add(incr);
                lastIncrFsyncOffset = lastIncrSize;
                lastFsyncSeconds = now;
            }
        } else {
            lastIncrFsyncOffset = lastIncrSize;
        }
    }

    /** The background fsync of appendfsync everysec (Redis's BIO_AOF_FSYNC job). */
    private void startFsyncThread() {
        if (fsyncThread != null) return;
        fsyncThread = Thread.ofPlatform().name("cinnabar-aof-fsync").daemon().start(() -> {
            while (true) {
                FileChannel ch;
                try {
                    ch = fsyncQueue.take();
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    ch.force(false);
                    if (fsyncError != null) {
                        Log.notice("AOF fsync error looks solved, Redis can write again.");
                        fsyncError = null;
                    }
                } catch (java.nio.channels.ClosedChannelException e) {
                    // the file was replaced by a rewrite's new incremental file, synced when it was closed
                } catch (IOException e) {
                    Log.warning("Error fsync the AOF file: " + e.getMessage());
                    fsyncError = e.getMessage();
                } finally {
                    fsyncInProgress.set(false);
                }
            }
        });
    }

    /** From the cron: retries a failed write, fsyncs everysec, starts a scheduled or automatic rewrite. */
    public void cron() {
        if (state == State.OFF && rewriteSnapshot == null && !rewriteScheduled) return;
        if (incr != null && (!lastWriteOk || buffer.length() > 0 || lastIncrFsyncOffset != lastIncrSize)) flush(false);
        if (rewriteSnapshot != null || server.rdb().backgroundSaveInProgress()) return;
        if (rewriteScheduled) {
            if (!rewriteLimited()) startRewrite();
            return;
        }
        ServerConfig c = server.config();
        long percentage = c.autoAofRewritePercentage.value();
        if (state == State.ON && percentage > 0 && currentSize > c.autoAofRewriteMinSize.value()) {
            long base = rewriteBaseSize > 0 ? rewriteBaseSize : 1;
            long growth = currentSize * 100 / base - 100;
            if (growth >= percentage && !rewriteLimited()) {
                Log.notice("Starting automatic rewriting of AOF on " + growth + "% growth");
                startRewrite();
            }
        }
    }

    private long retryDelayMinutes, retryAtSeconds;

    /**
     * Redis's aofRewriteLimited: after three failed rewrites in a row, automatic ones wait 1, 2, 4... minutes (at
     * most an hour) before the next try, instead of failing in a loop.
     */
    private boolean rewriteLimited() {
        if (consecutiveFailures < 3) {
            retryDelayMinutes = 0;
            retryAtSeconds = 0;
            return false;
        }
        long now = System.currentTimeMillis() / 1000;
        if (retryAtSeconds != 0) {
            if (now < retryAtSeconds) return true;
            retryAtSeconds = 0;
            return false;
        }
        retryDelayMinutes = retryDelayMinutes == 0 ? 1 : Math.min(retryDelayMinutes * 2, 60);
        retryAtSeconds = now + retryDelayMinutes * 60;
        Log.warning("Background AOF rewrite has repeatedly failed and triggered the limit, will retry in "
                + retryDelayMinutes + " minutes");
        return true;
    }

    /** Write errors refuse writes (Redis's MISCONF for the AOF). */
    public boolean writesDenied() {
        return state != State.OFF && (!lastWriteOk || fsyncError != null);
    }

    public String writeErrorReply() {
        return "MISCONF Errors writing to the AOF file: " + (lastWriteOk ? fsyncError : lastWriteError);
    }

    // ---- switching on and off (CONFIG SET appendonly) -----------------------------------------------------------

    private void configChanged() throws dev.cinnabar.config.ConfigException {
        boolean wanted = server.config().appendonly.value();
        if (wanted && state == State.OFF) {
            if (!startAppendOnly()) throw new dev.cinnabar.config.ConfigException("Unable to turn on AOF. Check server logs.");
        } else if (!wanted && state != State.OFF) {
            stopAppendOnly();
        }
    }

    /** Turning the AOF on: a rewrite creates the base; commands go to a new incremental file meanwhile. */
    private boolean startAppendOnly() {
        state = State.WAIT_REWRITE;
        server.propagation().addSink(this);
        if (server.rdb().backgroundSaveInProgress()) {
            rewriteScheduled = true;
            Log.notice("AOF was enabled but there is already another background operation. An AOF background was "
                    + "scheduled to start when possible.");
        } else if (!startRewrite()) {
            server.propagation().removeSink(this);
            state = State.OFF;
            Log.warning("Redis needs to enable the AOF but can't trigger a background AOF rewrite operation. Check "
                    + "the above logs for more info about the error.");
            return false;
        }
        lastWriteOk = true;
        fsyncError = null;
        return true;
    }

    private void stopAppendOnly() {
        flush(true);
        try {
            if (incr != null) {
                incr.force(false);
                incr.close();
            }
        } catch (IOException e) {
            Log.warning("Error closing the append only file: " + e.getMessage());
        }
        incr = null;
        abortRewrite();
        rewriteScheduled = false;
        state = State.OFF;
        selectedDb = -1;
        buffer.clear();
        server.propagation().removeSink(this);
        Log.notice("Background append only file rewriting aborted / AOF turned off");
    }

    // ---- rewrite ------------------------------------------------------------------------------------------------

    public boolean rewriteInProgress() {
        return rewriteSnapshot != null;
    }

    /** BGREWRITEAOF while another background operation runs: started from the cron when possible. */
    public void scheduleRewrite() {
        rewriteScheduled = true;
    }

    public boolean rewriteScheduled() {
        return rewriteScheduled;
    }

    /**
     * Starts a background rewrite: the buffer is written, a new incremental file takes the commands from now on,
     * and the snapshot of this instant becomes the new base. False when it could not start (logged).
     */
    public boolean startRewrite() {
        rewriteScheduled = false;
        if (!Files.isDirectory(dir())) {
            try {
                Files.createDirectories(dir());
            } catch (IOException e) {
                Log.warning("Can't open or create append-only dir " + server.config().appenddirname.value() + ": "
                        + (Files.exists(dir()) ? "Not a directory" : e.getMessage()));
                lastRewriteOk = false;
                return false;
            }
        }
        try {
            if (incr != null) {
                flush(true);
                incr.force(false);
            }
            if (state != State.OFF) openNewIncr();
        } catch (IOException e) {
            Log.warning("Can't open the append-only file: " + e.getMessage());
            lastRewriteOk = false;
            return false;
        }
        rewriteBase = newBaseEntry();
        rewriteFile = newBaseFile(dir().resolve(rewriteBase.name()));
        try {
            rewriteFile.open(System.currentTimeMillis() / 1000, server.usedMemory(), server.scripting().libraryCodes());
        } catch (IOException e) {
            rewriteFile.discard();
            rewriteFile = null;
            Log.warning("Can't rewrite append only file in background: " + e.getMessage());
            lastRewriteOk = false;
            return false;
        }
        rewriteStartMillis = System.currentTimeMillis();
        rewriteSnapshot = server.keyspace().beginSnapshot(rewriteFile);
        Log.notice("Background append only file rewriting started");
        server.runLater(0, this::rewriteStep);
        return true;
    }

    /**
     * Redis's openNewIncrAofForAppend: commands from now on go to a new incremental file. With the AOF on, the
     * manifest names it at once; while it is being turned on, only once the base exists.
     */
    private void openNewIncr() throws IOException {
        long seq = manifest.incrSeq + 1;
        AofManifest.Entry entry = new AofManifest.Entry(incrName(seq), seq, 'i');
        FileChannel ch = openAppend(dir().resolve(entry.name()));
        if (state == State.ON) {
            AofManifest next = copyManifest();
            next.incr.add(entry);
            next.incrSeq = seq;
            try {
                next.persist(dir(), fileName());
            } catch (IOException e) {
                ch.close();
                Files.deleteIfExists(dir().resolve(entry.name()));
                throw e;
            }
            manifest = next;
        } else {
            pendingIncr = entry;
            manifest.incrSeq = seq;
        }
        if (incr != null) incr.close();
        incr = ch;
        selectedDb = -1;
        lastIncrSize = 0;
        lastIncrFsyncOffset = 0;
        Log.notice("Creating AOF incr file " + entry.name() + " on background rewrite");
    }

    private AofManifest copyManifest() {
        AofManifest m = new AofManifest();
        m.base = manifest.base;
        m.history.addAll(manifest.history);
        m.incr.addAll(manifest.incr);
        m.baseSeq = manifest.baseSeq;
        m.incrSeq = manifest.incrSeq;
        return m;
    }

    private void rewriteStep() {
        Snapshot current = rewriteSnapshot;
        if (current == null) return;
        if (rewriteFile.backedUp()) {
            server.runLater(1, this::rewriteStep);
            return;
        }
        boolean done;
        try {
            done = current.step(RdbPersistence.SLICE_NANOS);
        } catch (RuntimeException e) {
            Log.warning("Background AOF rewrite error: " + e);
            rewriteFinished(false);
            return;
        }
        if (!done) {
            server.runLater(0, this::rewriteStep);
            return;
        }
        rewriteFile.finishEncoding();
        BaseFile writing = rewriteFile;
        Thread.ofPlatform().name("cinnabar-aof-rewrite-finish").daemon().start(() -> {
            boolean ok;
            try {
                writing.awaitDiskAndRename();
                syncDirectory(dir());
                ok = true;
            } catch (IOException | InterruptedException e) {
                Log.warning("Background AOF rewrite error: " + e.getMessage());
                writing.discard();
                ok = false;
            }
            boolean result = ok;
            server.runLater(0, () -> {
                if (rewriteFile == writing) rewriteFinished(result);
            });
        });
    }

    /** Redis's backgroundRewriteDoneHandler: the manifest takes the new base; older files become history. */
    private void rewriteFinished(boolean ok) {
        if (rewriteSnapshot != null) rewriteSnapshot.abort();
        rewriteSnapshot = null;
        BaseFile file = rewriteFile;
        rewriteFile = null;
        lastRewriteSeconds = (System.currentTimeMillis() - rewriteStartMillis) / 1000;
        if (ok) ok = installRewrite();
        if (!ok) {
            if (file != null) file.discard();
            lastRewriteOk = false;
            consecutiveFailures++;
            Log.warning("Background AOF rewrite terminated with error");
            if (state == State.WAIT_REWRITE) {
                rewriteScheduled = true; // the AOF stays off until a rewrite succeeds
                dropPendingIncr();
            }
            return;
        }
        lastRewriteOk = true;
        consecutiveFailures = 0;
        rewrites++;
        Log.notice("Background AOF rewrite terminated with success");
        Log.notice("Background AOF rewrite finished successfully");
    }

    /** The incr file a failed rewrite opened while the AOF was being turned on: never in a manifest, so deleted. */
    private void dropPendingIncr() {
        if (pendingIncr == null) return;
        try {
            if (incr != null) incr.close();
            Files.deleteIfExists(dir().resolve(pendingIncr.name()));
        } catch (IOException e) {
            Log.warning("Error removing " + pendingIncr.name() + ": " + e.getMessage());
        }
        incr = null;
        pendingIncr = null;
    }

    private boolean installRewrite() {
        AofManifest next = copyManifest();
        if (next.base != null) next.history.add(new AofManifest.Entry(next.base.name(), next.base.seq(), 'h'));
        next.base = rewriteBase;
        next.baseSeq = rewriteBase.seq();
        if (state == State.WAIT_REWRITE && pendingIncr != null) {
            next.incr.add(pendingIncr);
            next.incrSeq = pendingIncr.seq();
        }
        // every incremental file but the one being written is now covered by the base
        while (next.incr.size() > 1) {
            AofManifest.Entry old = next.incr.remove(0);
            next.history.add(new AofManifest.Entry(old.name(), old.seq(), 'h'));
        }
        try {
            next.persist(dir(), fileName());
        } catch (IOException e) {
            Log.warning("Can't persist the AOF manifest: " + e.getMessage());
            return false;
        }
        manifest = next;
        pendingIncr = null;
        if (state == State.WAIT_REWRITE) state = State.ON;
        deleteHistory();
        try {
            currentSize = totalSize();
        } catch (IOException e) {
            currentSize = lastIncrSize;
        }
        rewriteBaseSize = currentSize;
        return true;
    }

    /** Redis's aofDelHistoryFiles: history files are removed and forgotten. */
    private void deleteHistory() {
        boolean changed = false;
        for (AofManifest.Entry h : List.copyOf(manifest.history)) {
            try {
                Files.deleteIfExists(dir().resolve(h.name()));
                Log.notice("Removing the history file " + h.name() + " in the background");
                manifest.history.remove(h);
                changed = true;
            } catch (IOException e) {
                Log.warning("Can't remove the history file " + h.name() + ": " + e.getMessage());
            }
        }
        if (changed) {
            try {
                manifest.persist(dir(), fileName());
            } catch (IOException e) {
                Log.warning("Can't persist the AOF manifest: " + e.getMessage());
            }
        }
    }

    /** SAVE needs the keyspace's snapshot: a rewrite in progress is dropped; true if there was one. */
    boolean abortRewriteForSave() {
        if (rewriteSnapshot == null) return false;
        abortRewrite();
        Log.notice("Background AOF rewrite interrupted by SAVE; it will start again");
        return true;
    }

    private void abortRewrite() {
        if (rewriteSnapshot == null) return;
        rewriteSnapshot.abort();
        rewriteSnapshot = null;
        BaseFile abandoned = rewriteFile;
        rewriteFile = null;
        abandoned.discard();
    }

    /**
     * DEBUG LOADAOF: what is buffered written and synced, the dataset emptied, then loaded from the AOF files the
     * manifest on disk names. Returns null, or the error to reply (Redis exits when the files cannot be loaded).
     */
    public String reloadForDebug() {
        if (state != State.OFF && incr != null) {
            flush(true);
            sync("always");
        }
        server.emptyData();
        try {
            readManifest();
            deleteHistory();
            loadFiles();
        } catch (AofLoader.LoadException | AofManifest.FormatException | IOException | RuntimeException e) {
            Log.warning("Failed loading the append only file for DEBUG LOADAOF: " + e.getMessage());
            return "ERR Error loading the append only file, check server logs.";
        }
        server.stats().dirty = 0;
        Log.notice("Append Only File loaded by DEBUG LOADAOF");
        return null;
    }

    /** SHUTDOWN: everything written and synced; a rewrite in progress is dropped (the old files stay valid). */
    public void shutdown() {
        if (state == State.OFF) return;
        abortRewrite();
        if (incr == null) return;
        flush(true);
        try {
            incr.force(false);
        } catch (IOException e) {
            Log.warning("Error syncing the AOF on shutdown: " + e.getMessage());
        }
    }

    /** The server stops (embedded use, tests): pending commands are written and the file is closed. */
    public void close() {
        server.executionLock().lock();
        try {
            shutdown();
            if (incr != null) incr.close();
        } catch (IOException e) {
            Log.warning("Error closing the append only file: " + e.getMessage());
        } finally {
            incr = null;
            state = State.OFF;
            server.executionLock().unlock();
        }
        if (fsyncThread != null) fsyncThread.interrupt();
    }

    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // not every platform can sync a directory; the rename itself is atomic
        }
    }

    // ---- facts (INFO persistence) -------------------------------------------------------------------------------

    public long lastRewriteSeconds() {
        return lastRewriteSeconds;
    }

    public long currentRewriteSeconds() {
        return rewriteSnapshot == null ? -1 : (System.currentTimeMillis() - rewriteStartMillis) / 1000;
    }

    public boolean lastRewriteOk() {
        return lastRewriteOk;
    }

    public long rewrites() {
        return rewrites;
    }

    public long consecutiveFailures() {
        return consecutiveFailures;
    }

    public boolean lastWriteOk() {
        return lastWriteOk && fsyncError == null;
    }

    public long currentSize() {
        return currentSize;
    }

    public long baseSize() {
        return rewriteBaseSize;
    }

    public long bufferLength() {
        return buffer.length();
    }

    public long pendingFsyncs() {
        return fsyncInProgress.get() ? 1 : 0;
    }

    /** Writes held back for a slow background fsync: none, the buffer is always written at once. */
    public long delayedFsyncs() {
        return 0;
    }
}
