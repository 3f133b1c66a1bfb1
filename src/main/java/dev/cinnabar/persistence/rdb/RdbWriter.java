package dev.cinnabar.persistence.rdb;

import dev.cinnabar.command.Numbers;
import dev.cinnabar.compression.Lzf;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Writes RDB-encoded data into a growable buffer: type bytes, lengths, and strings in the form Redis's
 * rdbSaveRawString chooses (a small integer encoding for integer-like strings, LZF for compressible strings longer
 * than 20 bytes, else length-prefixed bytes). A DUMP payload takes the bytes at the end; an RDB file writer can
 * drain the buffer to its stream as it goes.
 */
public final class RdbWriter {
    private static final int MAX_INTEGER_CANDIDATE = 11;   // "-2147483648" is the longest int32
    private static final int MIN_COMPRESSIBLE = 21;        // LZF cannot shrink anything shorter

    private final boolean compress;
    private byte[] buf = new byte[64];
    private int size;
    /** The RDB version being written: encodings newer than it are replaced by older equivalents. */
    private int version = RdbFormat.VERSION;

    /** @param compress whether long strings may be LZF-compressed (Redis's rdbcompression). */
    public RdbWriter(boolean compress) {
        this.compress = compress;
    }

    public RdbWriter() {
        this(true);
    }

    public int size() {
        return size;
    }

    public int version() {
        return version;
    }

    /** Writes for an older RDB version (see {@link RdbFormat#FILE_VERSION}). */
    public RdbWriter forVersion(int version) {
        this.version = version;
        return this;
    }

    /** A copy of everything written so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** Forgets everything written after the first {@code length} bytes. */
    public void truncate(int length) {
        size = length;
    }

    /** Writes out and forgets the buffered bytes. */
    public void drainTo(OutputStream out) throws IOException {
        out.write(buf, 0, size);
        size = 0;
    }

    public void writeByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    public void writeRaw(byte[] data, int offset, int length) {
        ensure(length);
        System.arraycopy(data, offset, buf, size, length);
        size += length;
    }

    public void writeRaw(byte[] data) {
        writeRaw(data, 0, data.length);
    }

    /** A 64-bit value in little-endian order (expire times, checksums). */
    public void writeLongLittleEndian(long value) {
        ensure(8);
        for (int i = 0; i < 8; i++) buf[size++] = (byte) (value >>> (8 * i));
    }

    /** An RDB length: 6, 14, 32 or 64 bits depending on its size. */
    public void writeLength(long length) {
        if (length < 0) { // an unsigned 64-bit length (stream IDs, -1 read counters)
            writeByte(RdbFormat.LEN_64BIT);
            writeBigEndian(length, 8);
        } else if (length < (1 << 6)) {
            writeByte((int) length | (RdbFormat.LEN_6BIT << 6));
        } else if (length < (1 << 14)) {
            writeByte((int) (length >>> 8) | (RdbFormat.LEN_14BIT << 6));
            writeByte((int) length);
        } else if (length <= 0xFFFFFFFFL) {
            writeByte(RdbFormat.LEN_32BIT);
            writeBigEndian(length, 4);
        } else {
            writeByte(RdbFormat.LEN_64BIT);
            writeBigEndian(length, 8);
        }
    }

    private void writeBigEndian(long value, int bytes) {
        ensure(bytes);
        for (int i = bytes - 1; i >= 0; i--) buf[size++] = (byte) (value >>> (8 * i));
    }

    public void writeString(byte[] s) {
        writeString(s, 0, s.length);
    }

    /** A string, in the smallest of Redis's encodings for it (see the class comment). */
    public void writeString(byte[] s, int offset, int length) {
        if (length <= MAX_INTEGER_CANDIDATE && writeIntegerEncoded(s, offset, length)) return;
        if (compress && length >= MIN_COMPRESSIBLE && writeCompressed(s, offset, length)) return;
        writeLength(length);
        writeRaw(s, offset, length);
    }

    /** A number as a string: integer-encoded when it fits 32 bits, else as its decimal digits. */
    public void writeLongAsString(long value) {
        if (!writeInteger(value)) {
            byte[] digits = Numbers.toBytes(value);
            writeLength(digits.length);
            writeRaw(digits);
        }
    }

    private boolean writeIntegerEncoded(byte[] s, int offset, int length) {
        byte[] text = offset == 0 && length == s.length ? s : Arrays.copyOfRange(s, offset, offset + length);
        if (!Numbers.isCanonicalLong(text)) return false;
        return writeInteger(Numbers.parseLong(text));
    }

    private boolean writeInteger(long value) {
        int prefix = RdbFormat.LEN_ENCODED << 6;
        if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            writeByte(prefix | RdbFormat.ENC_INT8);
            writeByte((int) value);
        } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            writeByte(prefix | RdbFormat.ENC_INT16);
            writeByte((int) value);
            writeByte((int) (value >>> 8));
        } else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            writeByte(prefix | RdbFormat.ENC_INT32);
            for (int i = 0; i < 4; i++) writeByte((int) (value >>> (8 * i)));
        } else {
            return false;
        }
        return true;
    }

    /** LZF form, only when it saves at least four bytes (Redis's rule). */
    private boolean writeCompressed(byte[] s, int offset, int length) {
        byte[] input = offset == 0 ? s : Arrays.copyOfRange(s, offset, offset + length);
        int limit = length - 4;
        byte[] out = new byte[limit + 1];
        int compressed = Lzf.get().compress(input, length, out, limit);
        if (compressed == 0) return false;
        writeLzfBlob(out, compressed, length);
        return true;
    }

    /**
     * A string already compressed with LZF (rdbSaveLzfBlob): compressed[0, compressedLength) inflates to
     * originalLength bytes. Written whatever rdbcompression says, as Redis writes compressed list nodes.
     */
    public void writeLzfBlob(byte[] compressed, int compressedLength, long originalLength) {
        writeByte((RdbFormat.LEN_ENCODED << 6) | RdbFormat.ENC_LZF);
        writeLength(compressedLength);
        writeLength(originalLength);
        writeRaw(compressed, 0, compressedLength);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            long wanted = Math.max((long) buf.length * 2, (long) size + more);
            if (wanted > Integer.MAX_VALUE - 8) wanted = (long) size + more;
            buf = Arrays.copyOf(buf, (int) wanted);
        }
    }
}
