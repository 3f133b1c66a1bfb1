package dev.cinnabar.streams;

/** Read access to a stream's live entries for code outside this package (DEBUG DIGEST). */
public final class StreamEntries {
    /** Receives one entry: its ID and its fields and values (field, value, field, value...). */
    public interface Visitor {
        void visit(long ms, long seq, byte[][] fieldsAndValues);
    }

    private StreamEntries() {}

    /** Visits the live entries in ID order. */
    public static void forEach(StreamValue stream, Visitor visitor) {
        stream.range(StreamId.MIN, StreamId.MAX, false, e -> {
            visitor.visit(e.ms, e.seq, e.fieldsAndValues());
            return true;
        });
    }
}
