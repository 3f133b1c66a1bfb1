package dev.cinnabar.server;

/** The transport under a client, as the server sees it (implemented by the network layer). */
public interface Connection {
    /** The peer as Redis prints it: "ip:port", "[ipv6]:port", or "path:0" for a unix socket. */
    String remoteAddress();

    /** The local end, in the same form. */
    String localAddress();

    /** True for loopback and unix-socket peers (protected mode lets only these in). */
    boolean isLocal();

    boolean isUnixSocket();

    /** The socket's file descriptor, or -1 when the transport does not expose one. */
    int fd();

    /** Bytes in the query buffer: received, and not yet discarded after execution. */
    long queryBufferLength();

    /** Room left in the query buffer before it has to grow. */
    long queryBufferFree();

    /** Capacity of the buffer the current batch of replies is written to (0 between batches). */
    long replyBufferSize();

    /** The largest batch of replies written at once so far. */
    long replyBufferPeak();

    /** Bytes of replies in the current batch, not yet handed to the socket. */
    long replyBufferLength();

    /** Bytes of replies handed to the socket (or queued for it by other threads) but not yet sent to the peer. */
    long pendingOutputBytes();

    /** Closes the connection once pending replies have been sent. */
    void closeAfterFlush();

    /** Closes the connection now. */
    void close();

    /** An empty buffer for replies produced outside the client's own reads (see {@link #sendOutOfBand}). */
    io.netty.buffer.ByteBuf allocateOutput();

    /**
     * Sends replies produced outside the client's own reads (a blocked command served by another client's push,
     * or timed out), after whatever it was sent before, then runs the commands it pipelined behind the blocking
     * one. Takes ownership of the buffer. Callable from any thread.
     */
    void sendOutOfBand(io.netty.buffer.ByteBuf replies);

    /**
     * Reads and runs what the client has sent, from inside a command that holds the I/O thread (a script past
     * busy-reply-threshold); does nothing where the transport cannot (the caller's thread is not the client's
     * I/O thread, or no file descriptor is exposed).
     */
    default void readWhileBusy() {}

    /**
     * Runs the tasks queued on this connection's I/O thread (connections accepted meanwhile registering, replies
     * handed over by other threads, due timers), from inside a command that holds that thread (a busy script).
     */
    default void runQueuedTasks() {}

    /** Runs a task on the connection's I/O thread after a delay; returns what cancels it. */
    Runnable schedule(long delayMillis, Runnable task);
}
