package dev.cinnabar.persistence;

import java.util.Arrays;

/**
 * Commands encoded as the AOF holds them, RESP arrays of bulk strings ({@code *2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n}),
 * appended to one growing byte array: the AOF buffer of the current batch, or a chunk of an AOF-format base.
 */
final class AofCommandBuffer {
    private static final byte[] SELECT = {'S', 'E', 'L', 'E', 'C', 'T'};
    private byte[] bytes;
    private int length;

    AofCommandBuffer(int capacity) {
        bytes = new byte[capacity];
    }

    int length() {
        return length;
    }

    byte[] array() {
        return bytes;
    }

    void clear() {
        length = 0;
    }

    /** Drops the first n bytes (written already). */
    void discardFirst(int n) {
        System.arraycopy(bytes, n, bytes, 0, length - n);
        length -= n;
    }

    /** Returns the content and starts over with an empty array (for chunks handed to another thread). */
    byte[] take() {
        byte[] out = Arrays.copyOf(bytes, length);
        length = 0;
        return out;
    }

    void appendSelect(int db) {
        header('*', 2);
        bulk(SELECT, 0, SELECT.length);
        byte[] index = Integer.toString(db).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        bulk(index, 0, index.length);
    }

    void appendCommand(byte[][] argv, int argc) {
        header('*', argc);
        for (int i = 0; i < argc; i++) bulk(argv[i], 0, argv[i].length);
    }

    /** A command header for n arguments; the arguments follow with {@link #bulk}. */
    void header(char kind, long n) {
        ensure(22);
        bytes[length++] = (byte) kind;
        writeLong(n);
        bytes[length++] = '\r';
        bytes[length++] = '\n';
    }

    void bulk(byte[] value, int offset, int len) {
        header('$', len);
        ensure(len + 2);
        System.arraycopy(value, offset, bytes, length, len);
        length += len;
        bytes[length++] = '\r';
        bytes[length++] = '\n';
    }

    void bulk(byte[] value) {
        bulk(value, 0, value.length);
    }

    private void writeLong(long n) {
        if (n == 0) {
            bytes[length++] = '0';
            return;
        }
        int start = length;
        while (n > 0) {
            bytes[length++] = (byte) ('0' + n % 10);
            n /= 10;
        }
        for (int i = start, j = length - 1; i < j; i++, j--) {
            byte t = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = t;
        }
    }

    private void ensure(int more) {
        if (length + more > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
}
