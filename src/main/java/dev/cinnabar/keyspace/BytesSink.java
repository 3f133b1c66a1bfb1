package dev.cinnabar.keyspace;

/** Receives stored bytes without a copy being made (the reply writer, for GET-like reads). */
public interface BytesSink {
    void write(byte[] array, int offset, int length);
}
