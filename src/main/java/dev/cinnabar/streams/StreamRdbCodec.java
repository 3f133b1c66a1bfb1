package dev.cinnabar.streams;

import dev.cinnabar.lists.Listpack;
import dev.cinnabar.persistence.rdb.Listpacks;
import dev.cinnabar.persistence.rdb.RdbFormat;
import dev.cinnabar.persistence.rdb.RdbFormatException;
import dev.cinnabar.persistence.rdb.RdbReader;
import dev.cinnabar.persistence.rdb.RdbWriter;
import dev.cinnabar.streams.ConsumerGroup.Consumer;
import dev.cinnabar.streams.ConsumerGroup.Nack;

import java.util.Map;

/**
 * The RDB form of a stream, as Redis 7.2 writes it (STREAM_LISTPACKS_3): each node as its 16-byte master ID and
 * its listpack, the stream's counters, then each group with its PEL (IDs, delivery times and counts) and its
 * consumers (name, seen and active times, the IDs they own). Reads the _2 form (no active time: it is the seen
 * time) and the _1 form (no first ID, largest deleted ID, entries added or entries read: derived as Redis does).
 * Kept beside the structure because it writes the nodes' bytes as they are.
 */
public final class StreamRdbCodec {
    private StreamRdbCodec() {}

    public static void write(RdbWriter out, StreamValue s) {
        out.writeLength(s.nodes.size());
        for (StreamNode n : s.nodes) {
            out.writeString(RaxShape.key(n.masterMs, n.masterSeq));
            out.writeString(n.toListpack());
        }
        out.writeLength(s.length);
        writeId(out, s.lastId);
        writeId(out, s.firstId);
        writeId(out, s.maxDeletedId);
        out.writeLength(s.entriesAdded);
        out.writeLength(s.groupCount());
        if (s.groups == null) return;
        for (ConsumerGroup g : s.groups.values()) {
            out.writeString(g.name);
            writeId(out, g.lastId);
            out.writeLength(g.entriesRead);
            out.writeLength(g.pel.size());
            for (Map.Entry<StreamId, Nack> e : g.pel.entrySet()) {
                out.writeRaw(RaxShape.key(e.getKey().ms(), e.getKey().seq()));
                out.writeLongLittleEndian(e.getValue().deliveryTime);
                out.writeLength(e.getValue().deliveryCount);
            }
            out.writeLength(g.consumers.size());
            for (Consumer c : g.consumers.values()) {
                out.writeString(c.name);
                out.writeLongLittleEndian(c.seenTime);
                if (out.version() >= 11) out.writeLongLittleEndian(c.activeTime); // LISTPACKS_3 only
                out.writeLength(c.pel.size());
                for (StreamId id : c.pel.keySet()) out.writeRaw(RaxShape.key(id.ms(), id.seq()));
            }
        }
    }

    private static void writeId(RdbWriter out, StreamId id) {
        out.writeLength(id.ms());
        out.writeLength(id.seq());
    }

    private static StreamId readId(RdbReader in) {
        long ms = in.readUnsignedLength();
        return new StreamId(ms, in.readUnsignedLength());
    }

    private static StreamId rawId(byte[] k) {
        long ms = 0, seq = 0;
        for (int i = 0; i < 8; i++) {
            ms = (ms << 8) | (k[i] & 0xFF);
            seq = (seq << 8) | (k[8 + i] & 0xFF);
        }
        return new StreamId(ms, seq);
    }

    public static StreamValue read(RdbReader in, int type) {
        StreamValue s = new StreamValue();
        long nodes = in.readLength();
        StreamId previousMaster = null;
        for (long i = 0; i < nodes; i++) {
            byte[] key = in.readString();
            if (key.length != 16) throw new RdbFormatException("stream node key is not the size of a stream ID");
            byte[] lp = in.readString();
            StreamId master = rawId(key);
            if (previousMaster != null && master.compareTo(previousMaster) <= 0) {
                throw new RdbFormatException("stream nodes out of order or repeated");
            }
            previousMaster = master;
            s.nodes.add(node(master, lp));
        }
        s.length = in.readUnsignedLength();
        s.lastId = readId(in);
        if (type >= RdbFormat.TYPE_STREAM_LISTPACKS_2) {
            s.firstId = readId(in);
            s.maxDeletedId = readId(in);
            s.entriesAdded = in.readUnsignedLength();
        } else {
            s.entriesAdded = s.length;
            StreamId first = s.edgeId(true);
            s.firstId = first == null ? StreamId.MIN : first;
        }
        long live = 0;
        for (StreamNode n : s.nodes) live += n.count;
        if (live != s.length) throw new RdbFormatException("stream length inconsistent with its entries");
        long groups = in.readLength();
        for (long g = 0; g < groups; g++) readGroup(in, type, s);
        return s;
    }

    private static void readGroup(RdbReader in, int type, StreamValue s) {
        byte[] name = in.readString();
        StreamId lastId = readId(in);
        long entriesRead = type >= RdbFormat.TYPE_STREAM_LISTPACKS_2 ? in.readUnsignedLength()
                : s.estimateDistanceFromFirstEverEntry(lastId);
        ConsumerGroup g = s.createGroup(name, lastId, entriesRead);
        if (g == null) throw new RdbFormatException("duplicated consumer group name");
        long pel = in.readLength();
        for (long i = 0; i < pel; i++) {
            StreamId id = rawId(in.readRaw(16));
            long deliveryTime = in.readLongLittleEndian();
            long count = in.readUnsignedLength();
            if (g.pel.putIfAbsent(id, new Nack(null, deliveryTime, count)) != null) {
                throw new RdbFormatException("duplicated global PEL entry");
            }
        }
        long consumers = in.readLength();
        for (long i = 0; i < consumers; i++) {
            byte[] cname = in.readString();
            long seen = in.readLongLittleEndian();
            Consumer c = g.createConsumer(cname, seen);
            if (c == null) throw new RdbFormatException("duplicate stream consumer");
            c.activeTime = type >= RdbFormat.TYPE_STREAM_LISTPACKS_3 ? in.readLongLittleEndian() : seen;
            long owned = in.readLength();
            for (long j = 0; j < owned; j++) {
                StreamId id = rawId(in.readRaw(16));
                Nack nack = g.pel.get(id);
                if (nack == null) throw new RdbFormatException("consumer entry not found in the group PEL");
                if (nack.consumer != null || c.pel.putIfAbsent(id, nack) != null) {
                    throw new RdbFormatException("duplicated consumer PEL entry");
                }
                nack.consumer = c;
            }
        }
        for (Nack n : g.pel.values()) {
            if (n.consumer == null) throw new RdbFormatException("stream group PEL entry without consumer");
        }
    }

    /** A node from its listpack, checked so that every walk over it stays inside it and reads what it expects. */
    private static StreamNode node(StreamId master, byte[] lp) {
        int elements = Listpacks.decode(lp).size();
        if (elements < 2) throw new RdbFormatException("empty listpack inside stream");
        int p = 6;
        requireInteger(lp, p);
        long count = Listpack.integerValue(lp, p);
        p += Listpack.entryLength(lp, p);
        requireInteger(lp, p);
        long deleted = Listpack.integerValue(lp, p);
        p += Listpack.entryLength(lp, p);
        if (count < 0 || deleted < 0 || count > Integer.MAX_VALUE || deleted > Integer.MAX_VALUE) {
            throw new RdbFormatException("bad stream node counts");
        }
        byte[] rest = java.util.Arrays.copyOfRange(lp, p, lp.length - 1);
        check(master, rest, count, deleted);
        return new StreamNode(master, rest, elements - 2, (int) count, (int) deleted);
    }

    private static void requireInteger(byte[] b, int p) {
        if (p >= b.length || Listpack.isString(b, p)) throw new RdbFormatException("stream listpack field is not an integer");
    }

    private static void check(StreamId master, byte[] b, long count, long deleted) {
        int end = b.length;
        int p = 0;
        if (p >= end) throw new RdbFormatException("stream node without master entry");
        requireInteger(b, p);
        long masterFields = Listpack.integerValue(b, p);
        if (masterFields < 0) throw new RdbFormatException("bad master field count");
        p += Listpack.entryLength(b, p);
        for (long i = 0; i < masterFields; i++) p = skip(b, p, end);
        requireAt(b, p, end);
        requireInteger(b, p);
        if (Listpack.integerValue(b, p) != 0) throw new RdbFormatException("bad master entry terminator");
        p += Listpack.entryLength(b, p);
        long live = 0, dead = 0;
        StreamId previous = null;
        while (p < end) {
            requireInteger(b, p);
            long flags = Listpack.integerValue(b, p);
            if (flags < 0 || flags > 3) throw new RdbFormatException("bad stream entry flags");
            p = skip(b, p, end);
            requireAt(b, p, end);
            requireInteger(b, p);
            long ms = master.ms() + Listpack.integerValue(b, p);
            p = skip(b, p, end);
            requireAt(b, p, end);
            requireInteger(b, p);
            long seq = master.seq() + Listpack.integerValue(b, p);
            p = skip(b, p, end);
            StreamId id = new StreamId(ms, seq);
            if (id.compareTo(master) < 0 || (previous != null && id.compareTo(previous) <= 0)) {
                throw new RdbFormatException("stream entry IDs out of order");
            }
            previous = id;
            long fields;
            long values;
            if ((flags & StreamNode.FLAG_SAME_FIELDS) != 0) {
                fields = masterFields;
                values = masterFields;
            } else {
                requireAt(b, p, end);
                requireInteger(b, p);
                fields = Listpack.integerValue(b, p);
                if (fields < 0) throw new RdbFormatException("bad stream entry field count");
                p = skip(b, p, end);
                values = 2 * fields;
            }
            for (long i = 0; i < values; i++) p = skip(b, p, end);
            requireAt(b, p, end);
            requireInteger(b, p);
            long expected = 3 + ((flags & StreamNode.FLAG_SAME_FIELDS) != 0 ? fields : 2 * fields + 1);
            if (Listpack.integerValue(b, p) != expected) throw new RdbFormatException("bad stream entry lp-count");
            p = skip(b, p, end);
            if ((flags & StreamNode.FLAG_DELETED) != 0) dead++;
            else live++;
        }
        if (live != count || dead != deleted) throw new RdbFormatException("stream node counts do not match its entries");
    }

    private static void requireAt(byte[] b, int p, int end) {
        if (p >= end) throw new RdbFormatException("stream listpack ends inside an entry");
    }

    private static int skip(byte[] b, int p, int end) {
        requireAt(b, p, end);
        return p + Listpack.entryLength(b, p);
    }
}
