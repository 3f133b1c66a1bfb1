package dev.cinnabar.network;

import dev.cinnabar.protocol.ProtocolException;
import dev.cinnabar.protocol.Reply;
import dev.cinnabar.protocol.Repr;
import dev.cinnabar.protocol.RequestParser;
import dev.cinnabar.server.Client;
import dev.cinnabar.server.ClientInfo;
import dev.cinnabar.server.Connection;
import dev.cinnabar.server.Log;
import dev.cinnabar.server.Server;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketChannel;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.UnixChannel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connection. Bytes are appended to the query buffer; every complete request in it is executed under the
 * execution lock (taken once per read, not per command), its reply appended to one output buffer, and the whole
 * batch flushed when the read completes: pipelining costs one syscall per batch, not per command.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter implements Connection {
    private static final byte[] MAX_CLIENTS = "-ERR max number of clients reached\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PROTECTED_MODE = (ProtectedMode.DENIED + "\r\n").getBytes(StandardCharsets.US_ASCII);

    private final Server server;
    /** Behind a TLS handler: the socket carries ciphertext, so it is never read directly (readWhileBusy). */
    private final boolean tls;
    private ChannelHandlerContext ctx;
    private Client client;
    private ByteBuf queryBuffer;
    private ByteBuf output;
    private long replyPeak;
    private boolean processing;
    /**
     * Back-pressure: reading stopped because the client does not drain its replies (the channel is not writable);
     * what it already sent waits in the query buffer until the socket drains.
     */
    private boolean waitingForDrain;
    /** Replies of the current batch already handed to the socket (a batch is flushed early once this large). */
    private static final int EARLY_FLUSH_BYTES = 64 * 1024;
    private int outputMark;
    // out-of-band replies handed over by other threads or tasks and not yet written to the channel
    private final AtomicLong queuedOutOfBand = new AtomicLong();

    ClientHandler(Server server, boolean tls) {
        this.server = server;
        this.tls = tls;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        ReentrantLock lock = server.executionLock();
        lock.lock();
        try {
            client = server.connect(this);
        } finally {
            lock.unlock();
        }
        if (client == null) {
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(MAX_CLIENTS)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (ProtectedMode.refuses(server, this)) {
            countRejection();
            client.closeAfterReply(); // nothing it sends is executed
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(PROTECTED_MODE)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireChannelActive();
    }

    private void countRejection() {
        ReentrantLock lock = server.executionLock();
        lock.lock();
        try {
            server.stats().rejectedConnections++;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (client != null) {
            ReentrantLock lock = server.executionLock();
            lock.lock();
            try {
                server.disconnect(client);
            } finally {
                lock.unlock();
            }
        }
        release();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (client == null || client.closing()) {
            in.release();
            return;
        }
        int received = in.readableBytes();
        appendToQueryBuffer(in);
        if (queryBuffer.readableBytes() > server.config().clientQueryBufferLimit.value()) {
            // Redis closes a client whose query buffer passes the limit, without a reply.
            closeForQueryBufferLimit();
            return;
        }
        processQueryBuffer(received);
    }

    private void closeForQueryBufferLimit() {
        ReentrantLock lock = server.executionLock();
        lock.lock();
        try {
            Log.warning("Closing client that reached max query buffer length: " + ClientInfo.describe(client, null)
                    + " (qbuf initial bytes: " + firstBytes(queryBuffer, 64) + ")");
            server.kill(client);
        } finally {
            lock.unlock();
        }
        release();
    }


    /** Redis's sdscatrepr of the first bytes of a buffer (for the log line of a client closed for its query buffer). */
    private static String firstBytes(ByteBuf buf, int max) {
        byte[] bytes = new byte[Math.min(max, buf.readableBytes())];
        buf.getBytes(buf.readerIndex(), bytes);
        return Repr.of(bytes);
    }

    private void appendToQueryBuffer(ByteBuf in) {
        if (queryBuffer == null) {
            queryBuffer = in;
        } else {
            if (!(queryBuffer instanceof CompositeByteBuf)) {
                CompositeByteBuf composite = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
                composite.addComponent(true, queryBuffer);
                queryBuffer = composite;
            }
            ((CompositeByteBuf) queryBuffer).addComponent(true, in);
        }
    }

    /**
     * Runs the complete requests in the query buffer. Not re-entrant: a busy script runs the loop's queued tasks
     * from inside its own client's request, and a task handing this client an out-of-band reply must then leave
     * the rest of its pipeline to the loop already running it.
     */
    private void processQueryBuffer(int received) {
        if (processing) return;
        processing = true;
        try {
            processQueryBufferNow(received);
        } finally {
            processing = false;
        }
    }

    private void processQueryBufferNow(int received) {
        RequestParser parser = client.parser();
        Reply reply = client.reply();
        if (output == null) output = ctx.alloc().ioBuffer(256);
        reply.target(output);
        outputMark = output.writerIndex();
        ReentrantLock lock = server.executionLock();
        lock.lock();
        long start = System.nanoTime();
        server.stats().beginCycle();
        try {
            server.stats().netInputBytes += received;
            if (received > 0) server.stats().totalReadsProcessed++;
            client.touch(System.currentTimeMillis()); // receiving part of a command is activity too (timeout)
            // a blocked client runs nothing more until it is woken; what it pipelined waits in the buffer
            while (!client.closing() && !client.blocked() && !client.postponed() && !waitingForDrain
                    && parser.parse(queryBuffer)) {
                if (parser.argc() > 0) {
                    server.dispatcher().execute(client, parser.argv(), parser.argc());
                    if (client.enforceOutputBufferLimit()) dropOutput();
                    else if (output.readableBytes() >= EARLY_FLUSH_BYTES) flushEarly(reply);
                }
                parser.reset();
            }
        } catch (ProtocolException e) {
            reply.error("ERR Protocol error: " + e.getMessage());
            client.closeAfterReply();
        } catch (OutOfMemoryError e) {
            // a request too large for the heap that is left: this client goes, the server stays
            parser.reset();
            reply.error(dev.cinnabar.memory.MemoryManager.OOM_ERROR);
            client.closeAfterReply();
        } finally {
            server.afterBatch();
            server.stats().netOutputBytes += Math.max(0, output.writerIndex() - outputMark); // 0 when dropped
            server.stats().recordCycle((System.nanoTime() - start) / 1000);
            lock.unlock();
        }
        if (queryBuffer.isReadable()) {
            if (queryBuffer instanceof CompositeByteBuf composite) composite.discardReadComponents();
        } else {
            queryBuffer.release();
            queryBuffer = null;
        }
        if (client.closing()) {
            flushOutput();
            ctx.channel().close();
        }
    }

    /**
     * Hands a large batch of replies to the socket before the batch ends. If the socket does not keep up (the
     * channel turns unwritable: the client is not reading), reading and executing stop until it drains, so a
     * client that pipelines large replies without reading them cannot make the server buffer without bound.
     * Clients whose class has a hard output limit are not throttled: they are closed at the limit, as in Redis.
     */
    private void flushEarly(Reply reply) {
        server.afterBatch(); // what the batch logged reaches the AOF before its replies reach the client
        server.stats().netOutputBytes += output.writerIndex() - outputMark;
        replyPeak = Math.max(replyPeak, output.readableBytes());
        server.stats().totalWritesProcessed++;
        ctx.writeAndFlush(output, ctx.voidPromise());
        output = ctx.alloc().ioBuffer(256);
        outputMark = 0;
        reply.target(output);
        if (!ctx.channel().isWritable() && client.outputBufferLimit().hardBytes() == 0) {
            waitingForDrain = true;
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (waitingForDrain && ctx.channel().isWritable()) {
            waitingForDrain = false;
            ctx.channel().config().setAutoRead(true);
            if (queryBuffer != null && client != null && !client.closing()) processQueryBuffer(0);
            flushOutput();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** A client closed for its output buffer limit is sent nothing more. */
    private void dropOutput() {
        output.clear();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushOutput();
    }

    private void flushOutput() {
        if (output == null) return;
        if (output.isReadable()) {
            replyPeak = Math.max(replyPeak, output.readableBytes());
            server.stats().totalWritesProcessed++;
            ctx.writeAndFlush(output, ctx.voidPromise());
        } else {
            output.release();
        }
        output = null;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private void release() {
        if (queryBuffer != null) {
            queryBuffer.release();
            queryBuffer = null;
        }
        if (output != null) {
            output.release();
            output = null;
        }
    }

    // ---- Connection ---------------------------------------------------------------------------------------------

    @Override
    public String remoteAddress() {
        return isUnixSocket() ? unixAddress() : format(ctx.channel().remoteAddress());
    }

    @Override
    public String localAddress() {
        return isUnixSocket() ? unixAddress() : format(ctx.channel().localAddress());
    }

    /** Redis names both ends of a unix-socket connection after the socket path. */
    private String unixAddress() {
        return server.config().unixsocket.value() + ":0";
    }

    @Override
    public boolean isUnixSocket() {
        return ctx.channel() instanceof DomainSocketChannel;
    }

    @Override
    public int fd() {
        return ctx.channel() instanceof UnixChannel unix ? unix.fd().intValue() : -1;
    }

    @Override
    public long queryBufferLength() {
        ByteBuf q = queryBuffer;
        return q == null ? 0 : q.writerIndex();
    }

    @Override
    public long queryBufferFree() {
        ByteBuf q = queryBuffer;
        return q == null ? 0 : q.capacity() - q.writerIndex();
    }

    @Override
    public long replyBufferSize() {
        ByteBuf o = output;
        return o == null ? 0 : o.capacity();
    }

    @Override
    public long replyBufferPeak() {
        return replyPeak;
    }

    @Override
    public long replyBufferLength() {
        ByteBuf o = output;
        return o == null ? 0 : o.readableBytes();
    }

    @Override
    public boolean isLocal() {
        return ProtectedMode.isLocal(ctx.channel().remoteAddress());
    }

    @Override
    public long pendingOutputBytes() {
        var outbound = ctx.channel().unsafe().outboundBuffer();
        return queuedOutOfBand.get() + (outbound == null ? 0 : outbound.totalPendingWriteBytes());
    }

    @Override
    public void closeAfterFlush() {
        ctx.channel().eventLoop().execute(() -> {
            flushOutput();
            ctx.channel().close();
        });
    }

    @Override
    public void close() {
        // queued behind replies already handed to the I/O thread (a blocked client's timeout reply, for one)
        ctx.executor().execute(() -> ctx.channel().close());
    }

    @Override
    public ByteBuf allocateOutput() {
        return ctx.alloc().ioBuffer(64);
    }

    @Override
    public void sendOutOfBand(ByteBuf replies) {
        int size = replies.readableBytes();
        queuedOutOfBand.addAndGet(size);
        ctx.executor().execute(() -> {
            queuedOutOfBand.addAndGet(-size);
            if (!ctx.channel().isActive()) {
                replies.release();
                return;
            }
            if (replies.isReadable()) ctx.write(replies, ctx.voidPromise());
            else replies.release();
            if (queryBuffer != null && !client.blocked() && !client.postponed() && !client.closing()) {
                processQueryBuffer(0);
            }
            flushOutput();
            ctx.flush();
        });
    }

    /**
     * Reads what the client sent straight from its socket and runs it, for a script that holds this I/O thread
     * past busy-reply-threshold (Redis's processEventsWhileBlocked): the event loop cannot run meanwhile, so the
     * bytes take the path a read would (this is the pipeline's only handler). Only for the native transports,
     * which expose the descriptor; only on the channel's own event loop.
     */
    @Override
    public void readWhileBusy() {
        if (tls || ctx == null || client == null || !(ctx.channel() instanceof UnixChannel unix) || !ctx.channel().isActive()
                || !ctx.executor().inEventLoop()) {
            return;
        }
        FileDescriptor fd = unix.fd();
        boolean received = false;
        while (!client.closing()) {
            ByteBuf buf = ctx.alloc().directBuffer(16 * 1024);
            int n;
            try {
                n = fd.read(buf.internalNioBuffer(0, buf.capacity()), 0, buf.capacity());
            } catch (IOException e) {
                n = -1;
            }
            if (n <= 0) {
                buf.release();
                if (n < 0) ctx.close(); // end of stream or a broken connection
                break;
            }
            buf.writerIndex(n);
            received = true;
            channelRead(ctx, buf);
            if (n < buf.capacity()) break;
        }
        if (received) flushOutput();
    }

    @Override
    public void runQueuedTasks() {
        if (ctx != null && ctx.executor().inEventLoop() && ctx.executor() instanceof SingleThreadEventExecutor loop) {
            EventLoopTasks.runAll(loop);
        }
    }

    @Override
    public Runnable schedule(long delayMillis, Runnable task) {
        var future = ctx.executor().schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            int zone = host.indexOf('%');
            if (zone >= 0) host = host.substring(0, zone);
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        if (address instanceof DomainSocketAddress unix) return unix.path() + ":0";
        return String.valueOf(address);
    }
}
