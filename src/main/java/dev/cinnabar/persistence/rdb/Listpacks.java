package dev.cinnabar.persistence.rdb;

import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.lists.Listpack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Redis's listpack blob format, as RDB stores lists, hashes, sets and sorted sets: a header of the total byte count
 * (32 bits) and the element count (16 bits, 65535 meaning "count them"), entries, and an end byte 0xFF. Each entry
 * is an encoding byte with its data (an integer in 7, 13, 16, 24, 32 or 64 bits, or a string with a 6, 12 or 32 bit
 * length) followed by a "backlen" of 1 to 5 bytes holding the length of encoding and data.
 * <p>
 * {@link #decode} validates a blob as thoroughly as Redis's deep sanitization: every length stays inside the blob,
 * every backlen matches its entry, the end byte is where the header says, and the count agrees.
 * {@link Builder} writes blobs byte for byte as Redis's lpAppend does (integer-looking strings become integers).
 */
public final class Listpacks {
    static final int HEADER = 6;
    static final int END = 0xFF;
    private static final int UNKNOWN_COUNT = 65535;

    private Listpacks() {}

    /** The elements of a listpack blob, integers as their decimal text; a {@link RdbFormatException} if malformed. */
    public static List<byte[]> decode(byte[] lp) {
        if (lp.length < HEADER + 1) throw corrupt("listpack too short");
        long total = littleEndian(lp, 0, 4);
        if (total != lp.length) throw corrupt("listpack size does not match its header");
        int declared = (int) littleEndian(lp, 4, 2);
        if ((lp[lp.length - 1] & 0xFF) != END) throw corrupt("listpack without its end marker");
        List<byte[]> out = new ArrayList<>(Math.min(declared, 1024));
        int p = HEADER;
        int last = lp.length - 1;
        while (p < last) {
            int size = encodedSize(lp, p, last);
            int backlen = backlenSize(size);
            if ((long) p + size + backlen > last) throw corrupt("listpack entry runs past the end");
            if (readBacklen(lp, p + size, backlen) != size) throw corrupt("listpack entry with a wrong backlen");
            out.add(element(lp, p));
            p += size + backlen;
        }
        if (declared != UNKNOWN_COUNT && declared != out.size()) throw corrupt("listpack count does not match");
        return out;
    }

    /** Size of encoding and data of the entry at p, checked to stay before limit. */
    private static int encodedSize(byte[] b, int p, int limit) {
        int e = b[p] & 0xFF;
        long size;
        if (e < 0x80) size = 1;
        else if (e < 0xC0) size = 1 + (e & 0x3F);
        else if (e < 0xE0) size = 2;
        else if (e < 0xF0) size = p + 1 < limit ? 2 + (((e & 0x0F) << 8) | (b[p + 1] & 0xFF)) : Long.MAX_VALUE;
        else {
            size = switch (e) {
                case 0xF0 -> p + 4 < limit ? 5 + littleEndian(b, p + 1, 4) : Long.MAX_VALUE;
                case 0xF1 -> 3;
                case 0xF2 -> 4;
                case 0xF3 -> 5;
                case 0xF4 -> 9;
                default -> throw corrupt("invalid listpack entry encoding " + e);
            };
        }
        if (p + size > limit) throw corrupt("listpack entry runs past the end");
        return (int) size;
    }

    static int backlenSize(long encodedSize) {
        return Listpack.backlenSize(encodedSize);
    }

    private static long readBacklen(byte[] b, int at, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            int bits = b[at + i] & 0xFF;
            if ((i == 0) != (bits < 128)) return -1;   // only the first byte lacks the continuation bit
            v = (v << 7) | (bits & 127);
        }
        return v;
    }

    private static byte[] element(byte[] b, int p) {
        int e = b[p] & 0xFF;
        if (e < 0x80) return Numbers.toBytes(e);
        if (e < 0xC0) return Arrays.copyOfRange(b, p + 1, p + 1 + (e & 0x3F));
        if (e < 0xE0) {
            int u = ((e & 0x1F) << 8) | (b[p + 1] & 0xFF);
            return Numbers.toBytes(u >= (1 << 12) ? u - (1 << 13) : u);
        }
        if (e < 0xF0) return Arrays.copyOfRange(b, p + 2, p + 2 + (((e & 0x0F) << 8) | (b[p + 1] & 0xFF)));
        return switch (e) {
            case 0xF0 -> Arrays.copyOfRange(b, p + 5, p + 5 + (int) littleEndian(b, p + 1, 4));
            case 0xF1 -> Numbers.toBytes((short) littleEndian(b, p + 1, 2));
            case 0xF2 -> Numbers.toBytes(((int) littleEndian(b, p + 1, 3) << 8) >> 8);
            case 0xF3 -> Numbers.toBytes((int) littleEndian(b, p + 1, 4));
            default -> Numbers.toBytes(littleEndian(b, p + 1, 8));
        };
    }

    static long littleEndian(byte[] b, int at, int bytes) {
        long v = 0;
        for (int i = bytes - 1; i >= 0; i--) v = (v << 8) | (b[at + i] & 0xFF);
        return v;
    }

    static RdbFormatException corrupt(String message) {
        return new RdbFormatException(message);
    }

    /** Builds a listpack blob by appending elements, encoded as Redis's lpAppend encodes them. */
    static final class Builder {
        private byte[] buf = new byte[64];
        private int size = HEADER;
        private int count;

        /** Appends an element the way lpAppend does: integer-looking strings become integer entries. */
        void add(byte[] element) {
            int n = Listpack.entrySize(element);
            ensure(n);
            Listpack.write(buf, size, element);
            size += n;
            count++;
        }

        void add(byte[] s, int offset, int length) {
            add(offset == 0 && length == s.length ? s : Arrays.copyOfRange(s, offset, offset + length));
        }

        void addInteger(long v) {
            add(Numbers.toBytes(v));
        }

        /** Appends entries already in listpack entry format (a list node's bytes). */
        void addEntries(byte[] entries, int from, int to, int entryCount) {
            ensure(to - from);
            System.arraycopy(entries, from, buf, size, to - from);
            size += to - from;
            count += entryCount;
        }



        private void ensure(int more) {
            if (size + more + 1 > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more + 1));
        }

        /** The finished blob: header, entries, end marker. */
        byte[] toBlob() {
            byte[] blob = Arrays.copyOf(buf, size + 1);
            blob[size] = (byte) END;
            long total = size + 1L;
            for (int i = 0; i < 4; i++) blob[i] = (byte) (total >>> (8 * i));
            int header = Math.min(count, UNKNOWN_COUNT);
            blob[4] = (byte) header;
            blob[5] = (byte) (header >>> 8);
            return blob;
        }
    }
}
