package dev.cinnabar.strings;

import dev.cinnabar.keyspace.RedisValue;

import java.util.Arrays;

/**
 * A string stored as an object instead of a bare {@code byte[]}: the growable buffer that in-place modifications
 * (APPEND, SETRANGE, SETBIT, BITFIELD, the HyperLogLog commands) turn a string into, like Redis's "raw" sds with its spare capacity, so that
 * repeated appends cost amortized O(1). Only the first {@link #length()} bytes of the buffer are the value.
 * Modify a stored value only through {@link Strings#unshare}.
 */
public final class StringValue implements RedisValue {
    /** Redis's SDS_MAX_PREALLOC: below it a growing string doubles, above it gains this much spare room. */
    private static final int MAX_PREALLOC = 1024 * 1024;
    /** The largest array the JVM can allocate. */
    static final int MAX_LENGTH = Integer.MAX_VALUE - 8;

    private static final long SHELL = dev.cinnabar.keyspace.Footprint.object(1, 5);

    private byte[] buffer;
    private int length;
    /** True for a value Redis would hold as an "embstr" although its bytes look like an integer (INCRBYFLOAT). */
    private boolean embedded;

    private StringValue(byte[] buffer, int length, boolean embedded) {
        this.buffer = buffer;
        this.length = length;
        this.embedded = embedded;
    }

    /** A raw string holding a copy of these bytes, with no spare room yet (what Redis's unsharing creates). */
    public static StringValue copyOf(byte[] bytes, int length) {
        return new StringValue(Arrays.copyOf(bytes, length), length, false);
    }

    /** A raw string made of this array, which the value now owns (callers must not keep modifying it). */
    public static StringValue of(byte[] bytes) {
        return new StringValue(bytes, bytes.length, false);
    }

    /** A raw string of the given length, all zero bytes. */
    public static StringValue zeros(int length) {
        return new StringValue(new byte[length], length, false);
    }

    /**
     * A value that reports the "embstr" encoding: for results that Redis creates without trying the integer
     * encoding, when the bare array would report "int".
     */
    static StringValue embedded(byte[] bytes) {
        return new StringValue(bytes, bytes.length, true);
    }

    @Override
    public String typeName() {
        return "string";
    }

    @Override
    public String encoding() {
        return embedded ? "embstr" : "raw";
    }

    /** COPY keeps the encoding: a raw string stays raw, an embedded one embedded. */
    @Override
    public StringValue copy() {
        return new StringValue(Arrays.copyOf(buffer, length), length, embedded);
    }

    /** The backing array; only its first {@link #length()} bytes belong to the value. */
    public byte[] buffer() {
        return buffer;
    }

    public int length() {
        return length;
    }

    /** The value as an array of exactly its length (a copy). */
    public byte[] toBytes() {
        return Arrays.copyOf(buffer, length);
    }

    /** Appends bytes; the caller has checked the size limit. */
    public void append(byte[] bytes) {
        int newLength = length + bytes.length;
        ensureCapacity(newLength);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length = newLength;
    }

    /** Makes the string at least newLength bytes long, padding with zero bytes (Redis's sdsgrowzero). */
    public void growZero(int newLength) {
        if (newLength <= length) return;
        ensureCapacity(newLength);
        Arrays.fill(buffer, length, newLength, (byte) 0); // spare room may hold bytes of an earlier, longer value
        length = newLength;
    }

    /** Overwrites bytes at offset, growing the string with zero bytes first if it is shorter. */
    public void write(int offset, byte[] bytes) {
        growZero(offset + bytes.length);
        System.arraycopy(bytes, 0, buffer, offset, bytes.length);
    }

    /**
     * Replaces the contents with the first {@code length} bytes of an array the value now owns, for types that
     * manage a string's bytes and spare room themselves (HyperLogLog's sparse and dense forms).
     */
    public void setBuffer(byte[] buffer, int length) {
        this.buffer = buffer;
        this.length = length;
    }

    /** Called before an in-place modification: a modified string is "raw" whatever it was created as. */
    void markRaw() {
        embedded = false;
    }

    /** Redis's greedy growth: double small strings, add 1 MB of spare room to large ones. */
    private void ensureCapacity(int needed) {
        if (needed <= buffer.length) return;
        long capacity = needed < MAX_PREALLOC ? 2L * needed : (long) needed + MAX_PREALLOC;
        buffer = Arrays.copyOf(buffer, (int) Math.min(capacity, MAX_LENGTH));
    }

    @Override
    public long memoryUsage(int samples) {
        return SHELL + dev.cinnabar.keyspace.Footprint.bytes(buffer.length);
    }
}
