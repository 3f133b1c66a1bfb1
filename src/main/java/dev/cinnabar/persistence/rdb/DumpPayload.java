package dev.cinnabar.persistence.rdb;

/**
 * The DUMP/RESTORE serialization: a value's RDB form followed by a footer of the RDB version (2 bytes) and a
 * CRC64 of everything before the checksum (8 bytes), both little-endian. Payloads are interchangeable with
 * Redis's.
 */
public final class DumpPayload {
    private static final int FOOTER = 10;

    private DumpPayload() {}

    /** The payload for a value; see {@link RdbValues#canWrite} for which values have one. */
    public static byte[] create(Object value) {
        return create(value, true);
    }

    /** The payload, long strings LZF-compressed only when compress (Redis's rdbcompression applies to DUMP too). */
    public static byte[] create(Object value, boolean compress) {
        RdbWriter out = new RdbWriter(compress);
        RdbValues.write(out, value);
        out.writeByte(RdbFormat.VERSION & 0xFF);
        out.writeByte((RdbFormat.VERSION >>> 8) & 0xFF);
        byte[] body = out.toByteArray();
        out.writeLongLittleEndian(Crc64.of(body));
        return out.toByteArray();
    }

    /** Whether the footer is present, names an RDB version this server reads, and the checksum matches. */
    public static boolean verify(byte[] payload) {
        if (payload.length < FOOTER) return false;
        int footer = payload.length - FOOTER;
        int version = (payload[footer] & 0xFF) | ((payload[footer + 1] & 0xFF) << 8);
        if (version > RdbFormat.VERSION) return false;
        long crc = Crc64.update(0, payload, 0, payload.length - 8);
        long stored = 0;
        for (int i = 0; i < 8; i++) stored |= (payload[footer + 2 + i] & 0xFFL) << (8 * i);
        return crc == stored;
    }

    /**
     * Decodes a verified payload's value, in the encoding the limits call for. Like Redis, the value is read from
     * the start of the payload and the bytes after it are not examined further. An empty collection is a format
     * error here (Redis answers "Bad data format").
     */
    public static Object decode(byte[] payload, RdbLimits limits) {
        RdbReader in = new RdbReader(new java.io.ByteArrayInputStream(payload, 0, payload.length - FOOTER));
        Object value = RdbValues.read(in, limits);
        if (value == null) throw new RdbFormatException("empty collection");
        return value;
    }

    /** {@link #decode(byte[], RdbLimits)} with Redis's default thresholds. */
    public static Object decode(byte[] payload) {
        return decode(payload, RdbLimits.defaults());
    }
}
