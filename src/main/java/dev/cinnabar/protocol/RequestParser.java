package dev.cinnabar.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

import java.util.List;

/**
 * Incremental parser for client requests, one per connection. It keeps its position across reads, like Redis's
 * query buffer state (multibulk count, current bulk length), so a huge pipelined request is parsed in linear time
 * and a large argument is only copied once it has fully arrived.
 */
public final class RequestParser {
    /** Redis's PROTO_INLINE_MAX_SIZE: an inline request or a length line may not be longer than this. */
    static final int INLINE_MAX = 64 * 1024;
    private static final int MAX_MULTIBULK = Integer.MAX_VALUE;
    /** Before AUTH Redis accepts only small requests, so an unauthenticated peer cannot make it buffer much. */
    private static final int UNAUTHENTICATED_MAX_ARGS = 10;
    private static final long UNAUTHENTICATED_MAX_BULK = 16 * 1024;

    private byte[][] argv = new byte[8][];
    private int argc;
    private int expectedArgs = -1;   // -1: not inside a multibulk request
    private long bulkLength = -1;    // -1: waiting for the next '$' line

    /** The previous request's command name, reused when the next one is the same (no allocation). */
    private byte[] lastCommandName = new byte[0];
    private long maxBulkLength;
    private boolean authenticated = true;

    public RequestParser(long maxBulkLength) {
        this.maxBulkLength = maxBulkLength;
    }

    public void setMaxBulkLength(long maxBulkLength) {
        this.maxBulkLength = maxBulkLength;
    }

    public void setAuthenticated(boolean authenticated) {
        this.authenticated = authenticated;
    }

    public byte[][] argv() {
        return argv;
    }

    public int argc() {
        return argc;
    }

    /** Clears the previous command's arguments so they can be collected, without shrinking the array. */
    public void reset() {
        for (int i = 0; i < argc; i++) argv[i] = null;
        argc = 0;
        expectedArgs = -1;
        bulkLength = -1;
    }

    /**
     * Consumes bytes from {@code in} and returns true when a whole command is available in {@link #argv()} /
     * {@link #argc()} (argc may be 0 for an empty line, which callers skip). Returns false when more bytes are
     * needed; the bytes consumed so far are remembered.
     */
    public boolean parse(ByteBuf in) throws ProtocolException {
        if (expectedArgs < 0) {
            if (!in.isReadable()) return false;
            if (in.getByte(in.readerIndex()) != '*') return parseInline(in);
            int eol = findLineEnd(in, "too big mbulk count string");
            if (eol < 0) return false;
            long count = parseLength(in, in.readerIndex() + 1, eol);
            if (count == Long.MIN_VALUE || count > MAX_MULTIBULK) {
                throw new ProtocolException("invalid multibulk length");
            }
            if (!authenticated && count > UNAUTHENTICATED_MAX_ARGS) {
                throw new ProtocolException("unauthenticated multibulk length");
            }
            in.readerIndex(eol + 2);
            if (count <= 0) {
                argc = 0;
                return true;
            }
            expectedArgs = (int) count;
            ensureCapacity((int) Math.min(count, 1024));
        }
        while (argc < expectedArgs) {
            if (bulkLength < 0) {
                if (!in.isReadable()) return false;
                byte first = in.getByte(in.readerIndex());
                if (first != '$') {
                    throw new ProtocolException("expected '$', got '" + (char) (first & 0xff) + "'");
                }
                int eol = findLineEnd(in, "too big bulk count string");
                if (eol < 0) return false;
                long len = parseLength(in, in.readerIndex() + 1, eol);
                if (len == Long.MIN_VALUE || len < 0 || len > maxBulkLength) {
                    throw new ProtocolException("invalid bulk length");
                }
                if (!authenticated && len > UNAUTHENTICATED_MAX_BULK) {
                    throw new ProtocolException("unauthenticated bulk length");
                }
                in.readerIndex(eol + 2);
                bulkLength = len;
            }
            if (in.readableBytes() < bulkLength + 2) return false;
            byte[] arg = argc == 0 ? readCommandName(in, (int) bulkLength) : readBytes(in, (int) bulkLength);
            in.skipBytes(2);
            ensureCapacity(argc + 1);
            argv[argc++] = arg;
            bulkLength = -1;
        }
        expectedArgs = -1;
        return true;
    }

    private static byte[] readBytes(ByteBuf in, int length) {
        byte[] arg = new byte[length];
        in.readBytes(arg);
        return arg;
    }

    /** Reads a command name, reusing the previous request's array when the name is the same. */
    private byte[] readCommandName(ByteBuf in, int length) {
        if (isLastCommandName(in, length)) {
            in.skipBytes(length);
            return lastCommandName;
        }
        byte[] name = readBytes(in, length);
        if (length <= 32) lastCommandName = name;
        return name;
    }

    /**
     * True when the bytes at the reader index equal the previous request's command name, whose array is then
     * reused: pipelines mostly repeat one command, and command names are never modified.
     */
    private boolean isLastCommandName(ByteBuf in, int length) {
        byte[] last = lastCommandName;
        if (length != last.length) return false;
        int at = in.readerIndex();
        for (int i = 0; i < length; i++) {
            if (in.getByte(at + i) != last[i]) return false;
        }
        return true;
    }

    private boolean parseInline(ByteBuf in) throws ProtocolException {
        int start = in.readerIndex();
        int nl = in.forEachByte(start, Math.min(in.readableBytes(), INLINE_MAX + 2), ByteProcessor.FIND_LF);
        if (nl < 0) {
            if (in.readableBytes() > INLINE_MAX) throw new ProtocolException("too big inline request");
            return false;
        }
        int end = nl;
        if (end > start && in.getByte(end - 1) == '\r') end--;
        byte[] line = new byte[end - start];
        in.getBytes(start, line);
        in.readerIndex(nl + 1);
        List<byte[]> args = ArgSplitter.split(line);
        if (args == null) throw new ProtocolException("unbalanced quotes in request");
        ensureCapacity(args.size());
        argc = 0;
        for (byte[] a : args) argv[argc++] = a;
        return true;
    }

    /** Index of the '\r' of the "\r\n" ending the line at the reader index, or -1 if it has not arrived yet. */
    private static int findLineEnd(ByteBuf in, String tooBigMessage) throws ProtocolException {
        int start = in.readerIndex();
        int limit = Math.min(in.readableBytes(), INLINE_MAX);
        int cr = in.forEachByte(start, limit, ByteProcessor.FIND_CR);
        if (cr < 0) {
            if (in.readableBytes() > INLINE_MAX) throw new ProtocolException(tooBigMessage);
            return -1;
        }
        if (cr + 1 >= in.writerIndex()) return -1;
        return cr;
    }

    /** Parses a decimal length between from and to; Long.MIN_VALUE if it is not a valid number. */
    private static long parseLength(ByteBuf in, int from, int to) {
        if (from >= to || to - from > 19) return Long.MIN_VALUE;
        boolean negative = in.getByte(from) == '-';
        int i = negative ? from + 1 : from;
        if (i >= to) return Long.MIN_VALUE;
        long v = 0;
        for (; i < to; i++) {
            byte c = in.getByte(i);
            if (c < '0' || c > '9') return Long.MIN_VALUE;
            v = v * 10 + (c - '0');
        }
        return negative ? -v : v;
    }

    private void ensureCapacity(int n) {
        if (n > argv.length) {
            byte[][] grown = new byte[Math.max(n, argv.length * 2)][];
            System.arraycopy(argv, 0, grown, 0, argc);
            argv = grown;
        }
    }
}
