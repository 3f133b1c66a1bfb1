package dev.cinnabar.persistence.rdb;

/**
 * The CRC-64 variant Redis uses for RDB files and DUMP payloads: the "Jones" polynomial 0xad93d23594c935a9,
 * reflected input and output, initial value 0 and no final xor. Table driven, one byte at a time.
 */
public final class Crc64 {
    private static final long POLY_REFLECTED = Long.reverse(0xad93d23594c935a9L);
    private static final long[] TABLE = new long[256];

    static {
        for (int b = 0; b < 256; b++) {
            long crc = b;
            for (int bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY_REFLECTED : crc >>> 1;
            TABLE[b] = crc;
        }
    }

    private Crc64() {}

    /** Continues a CRC (start with 0) over {@code length} bytes of {@code data} from {@code offset}. */
    public static long update(long crc, byte[] data, int offset, int length) {
        for (int i = offset, end = offset + length; i < end; i++) {
            crc = TABLE[(int) (crc ^ data[i]) & 0xFF] ^ (crc >>> 8);
        }
        return crc;
    }

    /** Continues a CRC over one byte. */
    public static long update(long crc, int b) {
        return TABLE[(int) (crc ^ b) & 0xFF] ^ (crc >>> 8);
    }

    public static long of(byte[] data) {
        return update(0, data, 0, data.length);
    }
}
