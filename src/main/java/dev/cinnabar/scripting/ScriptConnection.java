package dev.cinnabar.scripting;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** The transport of the client scripts run their commands as: none. Replies go to a buffer the engine reads. */
final class ScriptConnection implements dev.cinnabar.server.Connection {
    @Override public String remoteAddress() { return ""; }
    @Override public String localAddress() { return ""; }
    @Override public boolean isLocal() { return true; }
    @Override public boolean isUnixSocket() { return false; }
    @Override public int fd() { return -1; }
    @Override public long queryBufferLength() { return 0; }
    @Override public long queryBufferFree() { return 0; }
    @Override public long replyBufferSize() { return 0; }
    @Override public long replyBufferPeak() { return 0; }
    @Override public long replyBufferLength() { return 0; }
    @Override public long pendingOutputBytes() { return 0; }
    @Override public void closeAfterFlush() {}
    @Override public void close() {}
    @Override public ByteBuf allocateOutput() { return Unpooled.buffer(64); }
    @Override public void sendOutOfBand(ByteBuf replies) { replies.release(); }
    @Override public Runnable schedule(long delayMillis, Runnable task) { return () -> {}; }
}
