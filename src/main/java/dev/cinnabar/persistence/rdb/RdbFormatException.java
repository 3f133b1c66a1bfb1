package dev.cinnabar.persistence.rdb;

/** The bytes being read are not valid RDB data (truncated, corrupt, or a type this server cannot load). */
public final class RdbFormatException extends RuntimeException {
    public RdbFormatException(String message) {
        super(message);
    }
}
