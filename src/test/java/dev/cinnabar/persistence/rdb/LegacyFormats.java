package dev.cinnabar.persistence.rdb;

import dev.cinnabar.command.Numbers;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A test-side generator of the blobs and records that only older Redis versions wrote (ziplist, zipmap, intset,
 * quicklists of ziplists, sorted sets with text scores), written from the format descriptions so that the
 * loader can be checked against inputs Redis 7 can no longer produce.
 */
final class LegacyFormats {
    private LegacyFormats() {}

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A ziplist of the elements; integer-looking ones are stored in the smallest integer encoding. */
    static byte[] ziplist(List<byte[]> elements) {
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        int previous = 0;
        int lastOffset = 10;
        for (byte[] e : elements) {
            ByteArrayOutputStream entry = new ByteArrayOutputStream();
            if (previous < 254) {
                entry.write(previous);
            } else {
                entry.write(0xFE);
                writeLittleEndian(entry, previous, 4);
            }
            if (Numbers.isCanonicalLong(e)) {
                long v = Numbers.parseLong(e);
                if (v >= 0 && v <= 12) {
                    entry.write(0xF1 + (int) v);
                } else if (v == (byte) v) {
                    entry.write(0xFE);
                    writeLittleEndian(entry, v, 1);
                } else if (v == (short) v) {
                    entry.write(0xC0);
                    writeLittleEndian(entry, v, 2);
                } else if (v >= -(1 << 23) && v < (1 << 23)) {
                    entry.write(0xF0);
                    writeLittleEndian(entry, v, 3);
                } else if (v == (int) v) {
                    entry.write(0xD0);
                    writeLittleEndian(entry, v, 4);
                } else {
                    entry.write(0xE0);
                    writeLittleEndian(entry, v, 8);
                }
            } else if (e.length < 64) {
                entry.write(e.length);
                entry.writeBytes(e);
            } else if (e.length < 16384) {
                entry.write(0x40 | (e.length >> 8));
                entry.write(e.length & 0xFF);
                entry.writeBytes(e);
            } else {
                entry.write(0x80);
                for (int i = 3; i >= 0; i--) entry.write((e.length >>> (8 * i)) & 0xFF);
                entry.writeBytes(e);
            }
            lastOffset = 10 + entries.size();
            previous = entry.size();
            entries.writeBytes(entry.toByteArray());
        }
        ByteArrayOutputStream zl = new ByteArrayOutputStream();
        writeLittleEndian(zl, 10 + entries.size() + 1, 4);
        writeLittleEndian(zl, lastOffset, 4);
        writeLittleEndian(zl, Math.min(elements.size(), 65535), 2);
        zl.writeBytes(entries.toByteArray());
        zl.write(0xFF);
        return zl.toByteArray();
    }

    /** A zipmap of field/value pairs (alternating), each value followed by a few free bytes. */
    static byte[] zipmap(List<byte[]> pairs) {
        ByteArrayOutputStream zm = new ByteArrayOutputStream();
        int count = pairs.size() / 2;
        zm.write(Math.min(count, 254));
        for (int i = 0; i < pairs.size(); i += 2) {
            zipmapLength(zm, pairs.get(i).length);
            zm.writeBytes(pairs.get(i));
            zipmapLength(zm, pairs.get(i + 1).length);
            int free = i % 3;
            zm.write(free);
            zm.writeBytes(pairs.get(i + 1));
            for (int f = 0; f < free; f++) zm.write('?');
        }
        zm.write(0xFF);
        return zm.toByteArray();
    }

    private static void zipmapLength(ByteArrayOutputStream out, int length) {
        if (length < 254) {
            out.write(length);
        } else {
            out.write(0xFE);
            writeLittleEndian(out, length, 4);
        }
    }

    /** An intset of ascending members in the given width. */
    static byte[] intset(int width, long... ascending) {
        ByteArrayOutputStream is = new ByteArrayOutputStream();
        writeLittleEndian(is, width, 4);
        writeLittleEndian(is, ascending.length, 4);
        for (long v : ascending) writeLittleEndian(is, v, width);
        return is.toByteArray();
    }

    static void writeLittleEndian(ByteArrayOutputStream out, long v, int bytes) {
        for (int i = 0; i < bytes; i++) out.write((int) (v >>> (8 * i)) & 0xFF);
    }

    /** A value record (type byte and body) whose body is a single string: the blob-based encodings. */
    static byte[] blobValue(int type, byte[] blob) {
        RdbWriter out = new RdbWriter();
        out.writeByte(type);
        out.writeString(blob);
        return out.toByteArray();
    }

    /** RDB_TYPE_ZSET: a count, then members with their scores as length-prefixed text (%.17g). */
    static byte[] zsetWithTextScores(List<byte[]> members, double[] scores) {
        RdbWriter out = new RdbWriter();
        out.writeByte(RdbFormat.TYPE_ZSET);
        out.writeLength(members.size());
        for (int i = 0; i < members.size(); i++) {
            out.writeString(members.get(i));
            double s = scores[i];
            if (Double.isNaN(s)) {
                out.writeByte(253);
            } else if (Double.isInfinite(s)) {
                out.writeByte(s > 0 ? 254 : 255);
            } else {
                byte[] text = b(String.format(java.util.Locale.ROOT, "%.17g", s));
                out.writeByte(text.length);
                out.writeRaw(text);
            }
        }
        return out.toByteArray();
    }

    /** RDB_TYPE_LIST_QUICKLIST (RDB 7-9): a count of nodes, each a ziplist. */
    static byte[] quicklistOfZiplists(List<List<byte[]>> nodes) {
        RdbWriter out = new RdbWriter();
        out.writeByte(RdbFormat.TYPE_LIST_QUICKLIST);
        out.writeLength(nodes.size());
        for (List<byte[]> node : nodes) out.writeString(ziplist(node));
        return out.toByteArray();
    }

    /** A plain collection record: a count and the strings (RDB_TYPE_LIST, SET, or HASH with pairs). */
    static byte[] plainValue(int type, List<byte[]> strings, int perEntry) {
        RdbWriter out = new RdbWriter();
        out.writeByte(type);
        out.writeLength(strings.size() / perEntry);
        for (byte[] s : strings) out.writeString(s);
        return out.toByteArray();
    }
}
