package dev.cinnabar.protocol;


import dev.cinnabar.keyspace.BytesSink;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Writes replies into a connection's output buffer in the protocol the client negotiated (RESP2 or RESP3).
 * Aggregate replies are written header first; callers then write exactly that many elements. RESP3-only types
 * (map, set, double, null, boolean, verbatim, push) fall back to their RESP2 renderings as Redis does.
 */
public final class Reply implements BytesSink {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_ARRAY = "*0\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] SMALL_INTS = new byte[256][];
    private static final byte[][] BULK_HEADERS = new byte[256][];

    static {
        for (int i = 0; i < SMALL_INTS.length; i++) {
            SMALL_INTS[i] = (":" + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
            BULK_HEADERS[i] = ("$" + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** Told about every error reply, for INFO errorstats and failed-call counting. */
    public interface ErrorObserver {
        void onError(byte[] message, int length);
    }

    private ByteBuf out;
    /** Scratch space for formatting doubles; a Reply belongs to one connection. */
    private final byte[] digits = new byte[DoubleFormat.MAX_LENGTH];
    private int protocol = 2;
    private ErrorObserver errorObserver;
    private int errorCount;

    public void target(ByteBuf out) {
        this.out = out;
    }

    public ByteBuf buffer() {
        return out;
    }

    public void setErrorObserver(ErrorObserver observer) {
        this.errorObserver = observer;
    }

    public int protocol() {
        return protocol;
    }

    public void setProtocol(int protocol) {
        this.protocol = protocol;
    }

    public boolean resp3() {
        return protocol >= 3;
    }

    /** Number of error replies written so far; the dispatcher compares before and after a command. */
    public int errorCount() {
        return errorCount;
    }

    public void ok() {
        out.writeBytes(OK);
    }

    public void simple(String status) {
        out.writeByte('+');
        writeAscii(status);
        out.writeBytes(CRLF);
    }

    /** An error reply; the message starts with its code, e.g. "ERR syntax error" or "WRONGTYPE ...". */
    public void error(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        out.writeByte('-');
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            out.writeByte(b == '\r' || b == '\n' ? ' ' : b); // an error must stay on one line
        }
        out.writeBytes(CRLF);
        errorCount++;
        if (errorObserver != null) errorObserver.onError(bytes, bytes.length);
    }

    public void integer(long value) {
        if (value >= 0 && value < SMALL_INTS.length) {
            out.writeBytes(SMALL_INTS[(int) value]);
            return;
        }
        out.writeByte(':');
        writeLong(value);
        out.writeBytes(CRLF);
    }

    public void bulk(byte[] value) {
        bulk(value, 0, value.length);
    }

    /** As a {@link BytesSink}: the bytes become one bulk string reply. */
    @Override
    public void write(byte[] array, int offset, int length) {
        bulk(array, offset, length);
    }

    public void bulk(byte[] value, int offset, int length) {
        bulkHeader(length);
        out.writeBytes(value, offset, length);
        out.writeBytes(CRLF);
    }

    public void bulk(String value) {
        bulk(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A bulk string holding the decimal form of a number (e.g. list elements stored as integers), without allocating. */
    public void bulkLong(long value) {
        int digits = digits(value);
        bulkHeader(value < 0 ? digits + 1 : digits);
        writeLong(value);
        out.writeBytes(CRLF);
    }

    /** A bulk string "left<separator>right" of two non-negative numbers (stream IDs), without allocating. */
    public void bulkJoined(long left, char separator, long right) {
        bulkHeader(digits(left) + 1 + digits(right));
        writeLong(left);
        out.writeByte(separator);
        writeLong(right);
        out.writeBytes(CRLF);
    }

    /** A bulk string, or the null reply when value is null. */
    public void bulkOrNull(byte[] value) {
        if (value == null) nullBulk();
        else bulk(value);
    }

    /** The null reply for a missing string: $-1 in RESP2, _ in RESP3. */
    public void nullBulk() {
        out.writeBytes(resp3() ? NULL3 : NULL_BULK);
    }

    /** The null reply for a missing aggregate: *-1 in RESP2, _ in RESP3. */
    public void nullArray() {
        out.writeBytes(resp3() ? NULL3 : NULL_ARRAY);
    }

    public void arrayHeader(long count) {
        if (count == 0) {
            out.writeBytes(EMPTY_ARRAY);
            return;
        }
        aggregateHeader('*', count);
    }

    /** A map of count pairs: %count in RESP3, a flat array of 2*count elements in RESP2. */
    public void mapHeader(long count) {
        if (resp3()) aggregateHeader('%', count);
        else arrayHeader(count * 2);
    }

    public void setHeader(long count) {
        if (resp3()) aggregateHeader('~', count);
        else arrayHeader(count);
    }

    public void pushHeader(long count) {
        if (resp3()) aggregateHeader('>', count);
        else arrayHeader(count);
    }

    /** A double: ",1.5" in RESP3, a bulk string in RESP2, formatted as Redis does (no String in between). */
    public void doubleValue(double value) {
        int length = DoubleFormat.format(value, digits, 0);
        if (resp3()) {
            out.writeByte(',');
            out.writeBytes(digits, 0, length);
            out.writeBytes(CRLF);
        } else {
            bulk(digits, 0, length);
        }
    }

    public void bool(boolean value) {
        if (resp3()) {
            out.writeByte('#');
            out.writeByte(value ? 't' : 'f');
            out.writeBytes(CRLF);
        } else {
            integer(value ? 1 : 0);
        }
    }

    /** Verbatim text (INFO, CLIENT LIST...): "=len\r\ntxt:..." in RESP3, a bulk string in RESP2. */
    public void verbatim(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (resp3()) {
            out.writeByte('=');
            writeLong(bytes.length + 4);
            out.writeBytes(CRLF);
            out.writeBytes(new byte[] {'t', 'x', 't', ':'});
            out.writeBytes(bytes);
            out.writeBytes(CRLF);
        } else {
            bulk(bytes);
        }
    }

    /** Bytes that are already a complete RESP reply. */
    public void raw(byte[] encoded) {
        out.writeBytes(encoded);
    }

    /** Decimal digits of the value, without its sign. */
    private static int digits(long value) {
        int digits = 1;
        for (long v = value / 10; v != 0; v /= 10) digits++;
        return digits;
    }

    private void bulkHeader(int length) {
        if (length < BULK_HEADERS.length) {
            out.writeBytes(BULK_HEADERS[length]);
        } else {
            out.writeByte('$');
            writeLong(length);
            out.writeBytes(CRLF);
        }
    }

    private void aggregateHeader(char type, long count) {
        out.writeByte(type);
        writeLong(count);
        out.writeBytes(CRLF);
    }

    private void writeAscii(String s) {
        for (int i = 0; i < s.length(); i++) out.writeByte(s.charAt(i));
    }

    /** Writes the decimal digits of value without allocating. */
    private void writeLong(long value) {
        if (value == Long.MIN_VALUE) {
            writeAscii("-9223372036854775808");
            return;
        }
        if (value < 0) {
            out.writeByte('-');
            value = -value;
        }
        if (value < 10) {
            out.writeByte((int) ('0' + value));
            return;
        }
        int digits = 1;
        for (long v = value / 10; v > 0; v /= 10) digits++;
        int end = out.writerIndex() + digits;
        out.ensureWritable(digits);
        for (int i = end - 1; i >= end - digits; i--) {
            out.setByte(i, (int) ('0' + value % 10));
            value /= 10;
        }
        out.writerIndex(end);
    }
}
