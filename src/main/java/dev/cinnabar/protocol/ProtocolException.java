package dev.cinnabar.protocol;

/** A malformed request: the client gets "-ERR Protocol error: ..." and the connection is closed, as in Redis. */
public final class ProtocolException extends Exception {
    public ProtocolException(String detail) {
        super(detail, null, false, false);
    }
}
