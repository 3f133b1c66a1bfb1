package dev.cinnabar.server;

/** The transport under a client, as the server sees it (implemented by the network layer). */
public interface Connection {
    String remoteAddress();

    String localAddress();

    /** True for loopback and unix-socket peers (protected mode lets only these in). */
    boolean isLocal();

    /** Bytes of replies written but not yet sent to the peer. */
    long pendingOutputBytes();

    /** Closes the connection once pending replies have been sent. */
    void closeAfterFlush();

    /** Closes the connection now. */
    void close();
}
