package dev.cinnabar.streams;

import dev.cinnabar.lists.Listpack;
import dev.cinnabar.protocol.Reply;

/** A decoded view of one entry of a node (reused while walking; copy what must outlive the step). */
final class Entry {
    StreamNode node;
    /** Offset of the entry's flags. */
    int start;
    int flags;
    long ms;
    long seq;
    int numFields;
    /** Offset of the first field (or of the first value when the fields are the master's). */
    int body;
    /** Offset just after the entry. */
    int end;

    Entry read(StreamNode n, int p) {
        node = n;
        start = p;
        flags = (int) n.intAt(p);
        p = n.next(p);
        ms = n.masterMs + n.intAt(p);
        p = n.next(p);
        seq = n.masterSeq + n.intAt(p);
        p = n.next(p);
        if ((flags & StreamNode.FLAG_SAME_FIELDS) != 0) {
            numFields = n.masterFieldCount;
        } else {
            numFields = (int) n.intAt(p);
            p = n.next(p);
        }
        body = p;
        int elems = (flags & StreamNode.FLAG_SAME_FIELDS) != 0 ? numFields : 2 * numFields;
        for (int i = 0; i < elems; i++) p = n.next(p);
        end = n.next(p);
        return this;
    }

    boolean deleted() {
        return (flags & StreamNode.FLAG_DELETED) != 0;
    }

    StreamId id() {
        return new StreamId(ms, seq);
    }

    int compareTo(StreamId other) {
        int c = Long.compareUnsigned(ms, other.ms());
        return c != 0 ? c : Long.compareUnsigned(seq, other.seq());
    }

    /** Writes [id, [field, value, ...]]. */
    void reply(Reply reply) {
        reply.arrayHeader(2);
        id().writeTo(reply);
        replyFields(reply);
    }

    void replyFields(Reply reply) {
        reply.arrayHeader(2L * numFields);
        byte[] b = node.lp;
        if ((flags & StreamNode.FLAG_SAME_FIELDS) != 0) {
            int f = node.masterFieldsStart();
            int v = body;
            for (int i = 0; i < numFields; i++) {
                f += Listpack.reply(b, f, reply);
                v += Listpack.reply(b, v, reply);
            }
        } else {
            int p = body;
            for (int i = 0; i < 2 * numFields; i++) p += Listpack.reply(b, p, reply);
        }
    }

    /** The fields and values as arrays (field, value, field, value...). */
    byte[][] fieldsAndValues() {
        byte[][] out = new byte[2 * numFields][];
        byte[] b = node.lp;
        if ((flags & StreamNode.FLAG_SAME_FIELDS) != 0) {
            int f = node.masterFieldsStart();
            int v = body;
            for (int i = 0; i < numFields; i++) {
                out[2 * i] = Listpack.element(b, f);
                out[2 * i + 1] = Listpack.element(b, v);
                f = node.next(f);
                v = node.next(v);
            }
        } else {
            int p = body;
            for (int i = 0; i < 2 * numFields; i++) {
                out[i] = Listpack.element(b, p);
                p = node.next(p);
            }
        }
        return out;
    }
}
