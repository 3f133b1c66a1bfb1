package dev.cinnabar.persistence;

import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.persistence.rdb.RdbFileReader;
import dev.cinnabar.persistence.rdb.RdbFormatException;
import dev.cinnabar.persistence.rdb.RdbLimits;
import dev.cinnabar.server.Client;
import dev.cinnabar.server.Log;
import dev.cinnabar.server.Server;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Replays AOF files into the keyspace, as Redis's loadSingleAppendOnlyFile: a file starting with "REDIS" is an RDB
 * (a base written with the RDB preamble) possibly followed by commands; commands are RESP arrays run by a client
 * that has no connection, with nothing propagated and no key expiring while loading. A command cut short at the
 * end of the last file is dropped (the file truncated) when aof-load-truncated is on, as is a MULTI left open;
 * any other damage stops the start with the file name and the byte offset.
 */
final class AofLoader {
    /** Why loading stopped; the server must not start. */
    static final class LoadException extends Exception {
        LoadException(String message) {
            super(message);
        }
    }

    enum Result { OK, EMPTY, TRUNCATED }

    private final Server server;
    private final Client client;
    private final ByteBuf replies = Unpooled.buffer(256);

    AofLoader(Server server) {
        this.server = server;
        this.client = new Client(Long.MAX_VALUE, server, new NoConnection());
        client.reply().target(replies);
        client.setDenyBlocking(true);
    }

    /** Loads one file; {@code last}: whether a truncated tail may be dropped (only the last file's). */
    Result loadFile(Path path, boolean last) throws LoadException {
        String name = path.getFileName().toString();
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw new LoadException("Unrecoverable error reading the append only file " + name + ": " + e.getMessage());
        }
        if (size == 0) return Result.EMPTY;
        try (CountingStream in = new CountingStream(new BufferedInputStream(Files.newInputStream(path), 1 << 16))) {
            in.mark(5);
            byte[] sig = in.readNBytes(5);
            in.reset();
            if (new String(sig, StandardCharsets.US_ASCII).equals("REDIS")) {
                loadRdb(in, name);
                if (in.atEnd()) return Result.OK;
            }
            return replay(in, path, name, last);
        } catch (IOException e) {
            throw new LoadException("Unrecoverable error reading the append only file " + name + ": " + e.getMessage());
        }
    }

    private void loadRdb(CountingStream in, String name) throws LoadException {
        try {
            RdbFileReader.load(in, server.keyspace(), RdbLimits.of(server.config()), true,
                    server.scripting()::loadLibrary);
        } catch (RdbFormatException | java.io.UncheckedIOException | dev.cinnabar.command.RedisError e) {
            throw new LoadException("Error reading the RDB base file " + name + ", AOF loading aborted: "
                    + e.getMessage());
        }
    }

    private Result replay(CountingStream in, Path path, String name, boolean last) throws IOException, LoadException {
        long validUpTo = in.offset;
        long validBeforeMulti = -1;
        List<byte[][]> queued = null;     // the commands of an open MULTI, run at EXEC as Redis's fake client does
        while (true) {
            long commandStart = in.offset;
            byte[] line = readLine(in);
            if (line == null) {
                if (in.offset != commandStart) return truncated(path, name, last, validUpTo);
                break;
            }
            if (line.length > 0 && line[0] == '#') {     // an annotation (timestamps): nothing to run
                validUpTo = in.offset;
                continue;
            }
            if (line.length == 0 || line[0] != '*') throw badFormat(name, commandStart);
            if (line.length == 1) return truncated(path, name, last, validUpTo);
            long argc = atol(line);
            if (argc < 1) throw badFormat(name, commandStart);
            byte[][] argv = new byte[(int) argc][];
            for (int i = 0; i < argc; i++) {
                long argStart = in.offset;
                byte[] header = readLine(in);
                if (header == null) return truncated(path, name, last, validUpTo);
                if (header.length == 0 || header[0] != '$') throw badFormat(name, argStart);
                long len = atol(header);
                if (len < 0 || len > Integer.MAX_VALUE - 8) throw badFormat(name, argStart);
                byte[] arg = in.readNBytes((int) len);
                if (arg.length < len || in.readNBytes(2).length < 2) return truncated(path, name, last, validUpTo);
                argv[i] = arg;
            }
            String command = new String(argv[0], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
            if (command.equals("multi")) {
                validBeforeMulti = validUpTo;
                queued = new ArrayList<>();
            } else if (command.equals("exec") && queued != null) {
                for (byte[][] q : queued) run(q, name, commandStart);
                queued = null;
            } else if (queued != null) {
                queued.add(argv);
            } else {
                run(argv, name, commandStart);
            }
            validUpTo = in.offset;
        }
        if (queued != null) {
            Log.notice("Revert incomplete MULTI/EXEC transaction in AOF file " + name);
            return truncated(path, name, last, validBeforeMulti);
        }
        return Result.OK;
    }

    private void run(byte[][] argv, String name, long offset) throws LoadException {
        CommandSpec cmd = server.commands().lookup(argv[0]);
        if (cmd != null && cmd.isContainer() && argv.length >= 2) {
            cmd = cmd.subcommands().get(new String(argv[1], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
        }
        if (cmd == null || cmd.handler() == null) {
            throw new LoadException("Unknown command '" + new String(argv[0], StandardCharsets.UTF_8)
                    + "' reading the append only file " + name + " at offset " + offset);
        }
        server.dispatcher().call(client, cmd, argv, argv.length);
        replies.clear();
    }

    /** A torn last command: dropped (the file cut back) when allowed, else the start fails. */
    private Result truncated(Path path, String name, boolean last, long validUpTo) throws LoadException {
        if (server.config().aofLoadTruncated.value()) {
            if (!last) throw new LoadException("Fatal error: the truncated file is not the last file");
            Log.warning("!!! Warning: short read while loading the AOF file " + name + "!!!");
            Log.warning("!!! Truncating the AOF " + name + " at offset " + validUpTo + " !!!");
            try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
                f.setLength(validUpTo);
            } catch (IOException e) {
                throw new LoadException("Error truncating the AOF file " + name + ": " + e.getMessage());
            }
            Log.warning("AOF " + name + " loaded anyway because aof-load-truncated is enabled");
            return Result.TRUNCATED;
        }
        throw new LoadException("Unexpected end of file reading the append only file " + name + " (last valid "
                + "command ends at offset " + validUpTo + "). You can: 1) Make a backup of your AOF file, then use "
                + "./redis-check-aof --fix <filename.manifest>. 2) Alternatively you can set the "
                + "'aof-load-truncated' configuration option to yes and restart the server.");
    }

    private static LoadException badFormat(String name, long offset) {
        return new LoadException("Bad file format reading the append only file " + name + " at offset " + offset
                + ": make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>");
    }

    /** A line up to '\n' without its "\r\n"; null at the end of the file or when the line is cut short. */
    private static byte[] readLine(CountingStream in) throws IOException {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(16);
        while (true) {
            int b = in.read();
            if (b < 0) return null;
            if (b == '\n') break;
            line.write(b);
            if (line.size() > 1 << 16) throw new EOFException("line too long");
        }
        byte[] bytes = line.toByteArray();
        int n = bytes.length;
        if (n > 0 && bytes[n - 1] == '\r') n--;
        return java.util.Arrays.copyOf(bytes, n);
    }

    /** strtol of the number after the type byte, as Redis reads the counts. */
    private static long atol(byte[] line) {
        long v = 0;
        boolean neg = false;
        int i = 1;
        if (i < line.length && line[i] == '-') {
            neg = true;
            i++;
        }
        for (; i < line.length && line[i] >= '0' && line[i] <= '9'; i++) v = v * 10 + (line[i] - '0');
        return neg ? -v : v;
    }

    /** Counts the bytes consumed, so offsets name exact places in the file. */
    private static final class CountingStream extends java.io.FilterInputStream {
        long offset;
        private long markOffset;

        CountingStream(InputStream in) {
            super(in);
        }

        boolean atEnd() throws IOException {
            in.mark(1);
            int b = in.read();
            in.reset();
            return b < 0;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) offset++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) offset += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = in.skip(n);
            offset += s;
            return s;
        }

        @Override
        public synchronized void mark(int limit) {
            in.mark(limit);
            markOffset = offset;
        }

        @Override
        public synchronized void reset() throws IOException {
            in.reset();
            offset = markOffset;
        }
    }

    /** The loading client has no socket. */
    private static final class NoConnection implements dev.cinnabar.server.Connection {
        public String remoteAddress() { return ""; }
        public String localAddress() { return ""; }
        public boolean isLocal() { return true; }
        public boolean isUnixSocket() { return false; }
        public int fd() { return -1; }
        public long queryBufferLength() { return 0; }
        public long queryBufferFree() { return 0; }
        public long replyBufferSize() { return 0; }
        public long replyBufferPeak() { return 0; }
        public long replyBufferLength() { return 0; }
        public long pendingOutputBytes() { return 0; }
        public void closeAfterFlush() {}
        public void close() {}
        public ByteBuf allocateOutput() { return Unpooled.buffer(64); }
        public void sendOutOfBand(ByteBuf replies) { replies.release(); }
        public Runnable schedule(long delayMillis, Runnable task) { return () -> {}; }
    }
}
