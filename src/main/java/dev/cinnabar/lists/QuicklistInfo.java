package dev.cinnabar.lists;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** What DEBUG OBJECT adds for a quicklist-encoded list, in Redis's words and format. */
public final class QuicklistInfo {
    private QuicklistInfo() {}

    /**
     * " ql_nodes:N ql_avg_node:A ql_listpack_max:F ql_compressed:C ql_uncompressed_size:B" for a quicklist,
     * "" for a listpack. As in Redis, ql_compressed says whether the list compresses (list-compress-depth when it
     * became a quicklist), not how many nodes are compressed, and the size is the nodes' listpack bytes.
     */
    public static String debugFields(ListValue list) {
        if (!list.isQuicklist()) return "";
        int nodes = list.nodeCount();
        // printf's %.2f rounds the exact binary value
        String average = new BigDecimal((double) list.size() / nodes).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
        return " ql_nodes:" + nodes + " ql_avg_node:" + average + " ql_listpack_max:" + list.fill()
                + " ql_compressed:" + (list.compressDepth() != 0 ? 1 : 0) + " ql_uncompressed_size:" + list.uncompressedBytes();
    }
}
