package dev.cinnabar.persistence.rdb;

import dev.cinnabar.lists.ListValue;

import java.util.ArrayList;
import java.util.List;

/**
 * Lists in RDB. Written as Redis 7.2 writes them: QUICKLIST_2, each node a listpack blob (a listpack-encoded list
 * is a quicklist of one node), the node bytes copied as they are; a node the list keeps compressed
 * (list-compress-depth) is written as its LZF blob, as Redis does. Loading builds nodes with the current
 * list-max-listpack-size and list-compress-depth, which decide again what is compressed. Read in every form since RDB 1: a plain list of
 * strings, a ziplist, a quicklist of ziplists, a quicklist of listpacks or plain (single element) nodes.
 */
final class ListCodec {
    private static final int CONTAINER_PLAIN = 1;
    private static final int CONTAINER_PACKED = 2;

    private ListCodec() {}

    static int type(ListValue list) {
        return RdbFormat.TYPE_LIST_QUICKLIST_2;
    }

    static void writeBody(RdbWriter out, ListValue list) {
        out.writeLength(list.nodeCount());
        list.forEachNode((buf, from, to, count) -> {
            out.writeLength(CONTAINER_PACKED);
            Listpacks.Builder node = new Listpacks.Builder();
            node.addEntries(buf, from, to, count);
            out.writeString(node.toBlob());
        }, (lzf, rawBytes, count) -> {
            out.writeLength(CONTAINER_PACKED);
            out.writeLzfBlob(lzf, lzf.length, rawBytes);
        });
    }

    /** The list, or null when it is empty. */
    static ListValue read(RdbReader in, int type, RdbLimits limits) {
        int fill = limits.listMaxListpackSize();
        int depth = limits.listCompressDepth();
        if (type == RdbFormat.TYPE_LIST) {
            long n = in.readLength();
            if (n == 0) return null;
            List<byte[]> elements = new ArrayList<>((int) Math.min(n, 1024));
            for (long i = 0; i < n; i++) elements.add(in.readString());
            return ListValue.ofElements(elements, fill, depth);
        }
        if (type == RdbFormat.TYPE_LIST_ZIPLIST) {
            List<byte[]> elements = LegacyBlobs.ziplist(in.readString());
            if (elements.isEmpty()) return null;
            ListValue list = ListValue.newQuicklist(fill, depth);   // Redis keeps these as a quicklist, whatever the size
            for (byte[] e : elements) list.pushTail(e);
            return list;
        }
        long nodes = in.readLength();
        if (nodes == 0) return null;
        ListValue list = ListValue.newQuicklist(fill, depth);
        for (long i = 0; i < nodes; i++) {
            long container = CONTAINER_PACKED;
            if (type == RdbFormat.TYPE_LIST_QUICKLIST_2) {
                container = in.readLength();
                if (container != CONTAINER_PACKED && container != CONTAINER_PLAIN) {
                    throw new RdbFormatException("quicklist node with an unknown container " + container);
                }
            }
            byte[] data = in.readString();
            if (data.length == 0) throw new RdbFormatException("empty quicklist node");
            if (container == CONTAINER_PLAIN) {
                list.appendNode(List.of(data));
            } else {
                list.appendNode(type == RdbFormat.TYPE_LIST_QUICKLIST_2 ? Listpacks.decode(data)
                        : LegacyBlobs.ziplist(data));        // empty nodes are skipped, as Redis does
            }
        }
        if (list.isEmpty()) return null;
        list.convertIfSmall(fill);
        return list;
    }
}
