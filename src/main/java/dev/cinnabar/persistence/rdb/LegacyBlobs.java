package dev.cinnabar.persistence.rdb;

import static dev.cinnabar.persistence.rdb.Listpacks.corrupt;
import static dev.cinnabar.persistence.rdb.Listpacks.littleEndian;

import dev.cinnabar.command.Numbers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Validating decoders for the compact blobs older Redis versions wrote into RDB files and that 7.2 still loads:
 * <ul>
 *   <li><b>ziplist</b> (lists, hashes and sorted sets up to Redis 6.2): a header of total bytes (32 bits), offset of
 *       the last entry (32 bits) and entry count (16 bits, 65535 meaning "count them"), then entries made of the
 *       previous entry's length (1 byte, or 0xFE and 32 bits), an encoding (a string with a 6, 14 or 32 bit length, or
 *       an integer of 4 bits in the encoding byte itself, 8, 16, 24, 32 or 64 bits) and the data, then 0xFF;</li>
 *   <li><b>zipmap</b> (hashes up to Redis 2.4): an entry count byte, then per pair the field's length (1 byte, or
 *       0xFE and 32 bits), the field, the value's length, a count of free bytes, the value and the free bytes, then
 *       0xFF.</li>
 * </ul>
 * Every length is checked against the blob, so corrupt input raises {@link RdbFormatException}, never an
 * out-of-bounds access. Integers are little-endian, string lengths in ziplist headers big-endian.
 */
final class LegacyBlobs {
    private static final int ZIPLIST_HEADER = 10;
    private static final int BIG_PREVLEN = 0xFE;
    private static final int END = 0xFF;

    private LegacyBlobs() {}

    /** The elements of a ziplist blob, integers as their decimal text. */
    static List<byte[]> ziplist(byte[] zl) {
        if (zl.length < ZIPLIST_HEADER + 1) throw corrupt("ziplist too short");
        if (littleEndian(zl, 0, 4) != zl.length) throw corrupt("ziplist size does not match its header");
        long tail = littleEndian(zl, 4, 4);
        int declared = (int) littleEndian(zl, 8, 2);
        int last = zl.length - 1;
        if ((zl[last] & 0xFF) != END) throw corrupt("ziplist without its end marker");
        List<byte[]> out = new ArrayList<>(Math.min(declared, 1024));
        int p = ZIPLIST_HEADER;
        int previousLength = 0;
        int lastEntry = ZIPLIST_HEADER;
        while (p < last) {
            int start = p;
            long prevlen = zl[p] & 0xFF;
            if (prevlen == END) throw corrupt("ziplist entry with an invalid previous length");
            if (prevlen == BIG_PREVLEN) {
                need(p + 5, last);
                prevlen = littleEndian(zl, p + 1, 4);
                p += 5;
            } else {
                p++;
            }
            if (prevlen != previousLength) throw corrupt("ziplist entry with a wrong previous length");
            need(p + 1, last);
            int enc = zl[p] & 0xFF;
            byte[] element;
            switch (enc >>> 6) {
                case 0 -> {
                    element = slice(zl, p + 1, enc & 0x3F, last);
                    p += 1 + element.length;
                }
                case 1 -> {
                    need(p + 2, last);
                    element = slice(zl, p + 2, ((enc & 0x3F) << 8) | (zl[p + 1] & 0xFF), last);
                    p += 2 + element.length;
                }
                case 2 -> {
                    if (enc != 0x80) throw corrupt("invalid ziplist string encoding");
                    need(p + 5, last);
                    long length = 0;
                    for (int i = 1; i <= 4; i++) length = (length << 8) | (zl[p + i] & 0xFF);
                    if (length > last) throw corrupt("ziplist entry runs past the end");
                    element = slice(zl, p + 5, (int) length, last);
                    p += 5 + element.length;
                }
                default -> {
                    int bytes = switch (enc) {
                        case 0xC0 -> 2;
                        case 0xD0 -> 4;
                        case 0xE0 -> 8;
                        case 0xF0 -> 3;
                        case 0xFE -> 1;
                        default -> {
                            if (enc >= 0xF1 && enc <= 0xFD) yield 0;
                            throw corrupt("invalid ziplist integer encoding " + enc);
                        }
                    };
                    need(p + 1 + bytes, last);
                    long v = bytes == 0 ? (enc & 0x0F) - 1 : littleEndian(zl, p + 1, bytes);
                    if (bytes > 0 && bytes < 8) v = (v << (64 - 8 * bytes)) >> (64 - 8 * bytes);   // sign-extend
                    element = Numbers.toBytes(v);
                    p += 1 + bytes;
                }
            }
            out.add(element);
            previousLength = p - start;
            lastEntry = start;
        }
        if (tail != lastEntry) throw corrupt("ziplist tail offset is wrong");
        if (declared != 65535 && declared != out.size()) throw corrupt("ziplist count does not match");
        return out;
    }

    /** The fields and values of a zipmap blob, alternating. */
    static List<byte[]> zipmap(byte[] zm) {
        if (zm.length < 2) throw corrupt("zipmap too short");
        int declared = zm[0] & 0xFF;
        int last = zm.length - 1;
        List<byte[]> out = new ArrayList<>();
        int p = 1;
        while (true) {
            need(p + 1, last + 1);
            if ((zm[p] & 0xFF) == END) break;
            int fieldLength = lengthAt(zm, p, last);
            p += lengthSize(zm, p);
            byte[] field = slice(zm, p, fieldLength, last);
            p += fieldLength;
            need(p + 1, last);
            int valueLength = lengthAt(zm, p, last);
            p += lengthSize(zm, p);
            need(p + 1, last);
            int free = zm[p++] & 0xFF;
            byte[] value = slice(zm, p, valueLength, last);
            p += valueLength + free;
            if (p > last) throw corrupt("zipmap entry runs past the end");
            out.add(field);
            out.add(value);
        }
        if (p != last) throw corrupt("zipmap has bytes after its end marker");
        if (declared < 254 && declared != out.size() / 2) throw corrupt("zipmap count does not match");
        return out;
    }

    private static int lengthAt(byte[] zm, int p, int limit) {
        int first = zm[p] & 0xFF;
        if (first < BIG_PREVLEN) return first;
        if (first == END) throw corrupt("zipmap entry with an invalid length");
        need(p + 5, limit);
        long length = littleEndian(zm, p + 1, 4);
        if (length > limit) throw corrupt("zipmap entry runs past the end");
        return (int) length;
    }

    private static int lengthSize(byte[] zm, int p) {
        return (zm[p] & 0xFF) < BIG_PREVLEN ? 1 : 5;
    }

    private static byte[] slice(byte[] b, int from, int length, int limit) {
        if (from < 0 || length < 0 || (long) from + length > limit) throw corrupt("entry runs past the end");
        return Arrays.copyOfRange(b, from, from + length);
    }

    private static void need(long end, int limit) {
        if (end > limit) throw corrupt("entry runs past the end");
    }

    // ---- intset -------------------------------------------------------------------------------------------------

    /**
     * The members of an intset blob (a 32-bit width of 2, 4 or 8, a 32-bit count, then the members little-endian),
     * which must be non-empty and strictly ascending.
     */
    static long[] intset(byte[] is) {
        if (is.length < 8) throw corrupt("intset too short");
        long width = littleEndian(is, 0, 4);
        if (width != 2 && width != 4 && width != 8) throw corrupt("intset with an invalid encoding");
        long count = littleEndian(is, 4, 4);
        if (count == 0 || 8 + count * width != is.length) throw corrupt("intset size does not match its count");
        long[] values = new long[(int) count];
        int w = (int) width;
        for (int i = 0; i < count; i++) {
            long v = littleEndian(is, 8 + i * w, w);
            v = (v << (64 - 8 * w)) >> (64 - 8 * w);
            if (i > 0 && v <= values[i - 1]) throw corrupt("intset members are not in ascending order");
            values[i] = v;
        }
        return values;
    }

    /** Redis's intset blob of ascending members stored in the given width. */
    static byte[] intsetBlob(int width, int count, java.util.function.IntToLongFunction member) {
        byte[] blob = new byte[8 + count * width];
        putLittleEndian(blob, 0, width, 4);
        putLittleEndian(blob, 4, count, 4);
        for (int i = 0; i < count; i++) putLittleEndian(blob, 8 + i * width, member.applyAsLong(i), width);
        return blob;
    }

    private static void putLittleEndian(byte[] b, int at, long v, int bytes) {
        for (int i = 0; i < bytes; i++) b[at + i] = (byte) (v >>> (8 * i));
    }
}
