package dev.cinnabar.persistence.rdb;

import dev.cinnabar.command.Numbers;
import dev.cinnabar.compression.Lzf;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads RDB-encoded data from a stream: type bytes, lengths and strings in every encoding Redis writes
 * (length-prefixed, 8/16/32-bit integers, LZF). Anything truncated or inconsistent raises
 * {@link RdbFormatException}. A claimed length never causes a large allocation up front, so corrupt input cannot
 * exhaust memory before it is found to be short.
 */
public final class RdbReader {
    /** LZF expands at most about 88 times (a 3-byte back reference yields 264 bytes); beyond that it is corrupt. */
    private static final int LZF_MAX_EXPANSION = 100;

    private final InputStream in;

    public RdbReader(InputStream in) {
        this.in = in;
    }

    public RdbReader(byte[] data) {
        this(new ByteArrayInputStream(data));
    }

    public int readByte() {
        try {
            int b = in.read();
            if (b < 0) throw truncated();
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] readRaw(long length) {
        if (length < 0 || length > Integer.MAX_VALUE - 8) throw new RdbFormatException("length out of range: " + length);
        try {
            byte[] data = in.readNBytes((int) length);
            if (data.length < length) throw truncated();
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long readLongLittleEndian() {
        long v = 0;
        for (int i = 0; i < 8; i++) v |= (long) readByte() << (8 * i);
        return v;
    }

    /** A type byte that must name a value type. */
    public int readValueType() {
        int type = readByte();
        if (!RdbFormat.isValueType(type)) throw new RdbFormatException("not a value type: " + type);
        return type;
    }

    /** A length read as an unsigned 64-bit number (stream IDs and counters, where Redis allows the full range). */
    public long readUnsignedLength() {
        int first = readByte();
        int kind = (first & 0xC0) >>> 6;
        if (kind == RdbFormat.LEN_6BIT) return first & 0x3F;
        if (kind == RdbFormat.LEN_14BIT) return ((first & 0x3F) << 8) | readByte();
        if (first == RdbFormat.LEN_32BIT) return readBigEndian(4);
        if (first == RdbFormat.LEN_64BIT) return readBigEndian(8);
        throw new RdbFormatException("unexpected length encoding " + first);
    }

    /** A plain length; a special string encoding marker here is an error. */
    public long readLength() {
        long len = readLengthOrEncoding();
        if (len < 0) throw new RdbFormatException("unexpected string encoding in a length");
        return len;
    }

    /**
     * A length (≥ 0), or for the "11xxxxxx" marker the special encoding as {@code -1 - encoding}, so callers that
     * read strings can tell the two apart without a second return value.
     */
    private long readLengthOrEncoding() {
        int first = readByte();
        int kind = (first & 0xC0) >>> 6;
        if (kind == RdbFormat.LEN_ENCODED) return -1 - (first & 0x3F);
        if (kind == RdbFormat.LEN_6BIT) return first & 0x3F;
        if (kind == RdbFormat.LEN_14BIT) return ((first & 0x3F) << 8) | readByte();
        if (first == RdbFormat.LEN_32BIT) return readBigEndian(4);
        if (first == RdbFormat.LEN_64BIT) {
            long len = readBigEndian(8);
            if (len < 0) throw new RdbFormatException("length out of range");
            return len;
        }
        throw new RdbFormatException("unknown length encoding " + first);
    }

    private long readBigEndian(int bytes) {
        long v = 0;
        for (int i = 0; i < bytes; i++) v = (v << 8) | readByte();
        return v;
    }

    /** A string in any of its encodings; integer encodings come back as their decimal text. */
    public byte[] readString() {
        long len = readLengthOrEncoding();
        if (len >= 0) return readRaw(len);
        int encoding = (int) (-1 - len);
        return switch (encoding) {
            case RdbFormat.ENC_INT8 -> Numbers.toBytes((byte) readByte());
            case RdbFormat.ENC_INT16 -> Numbers.toBytes((short) (readByte() | (readByte() << 8)));
            case RdbFormat.ENC_INT32 -> Numbers.toBytes(readByte() | (readByte() << 8) | (readByte() << 16)
                    | (readByte() << 24));
            case RdbFormat.ENC_LZF -> readCompressed();
            default -> throw new RdbFormatException("unknown string encoding " + encoding);
        };
    }

    private byte[] readCompressed() {
        long compressedLength = readLength();
        long length = readLength();
        byte[] compressed = readRaw(compressedLength);
        if (length > (long) compressed.length * LZF_MAX_EXPANSION + 64) {
            throw new RdbFormatException("invalid LZF compressed string");
        }
        byte[] out = new byte[(int) length];
        if (Lzf.decompress(compressed, compressed.length, out, out.length) != length) {
            throw new RdbFormatException("invalid LZF compressed string");
        }
        return out;
    }

    private static RdbFormatException truncated() {
        return new RdbFormatException("unexpected end of data");
    }
}
