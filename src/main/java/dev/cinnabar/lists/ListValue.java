package dev.cinnabar.lists;

import dev.cinnabar.keyspace.Footprint;
import dev.cinnabar.keyspace.RedisValue;
import dev.cinnabar.protocol.Reply;

import java.util.Arrays;

/**
 * A Redis list: a chain of {@link ListNode}s, each a listpack. It follows Redis 7.2's two encodings exactly,
 * because OBJECT ENCODING must answer what Redis answers:
 * <ul>
 * <li><b>listpack</b>: a small list is a single node, with no per-node limit;</li>
 * <li><b>quicklist</b>: once adding would take the listpack past list-max-listpack-size, the node becomes the
 * first of a quicklist whose nodes are filled, split and merged by Redis's quicklist rules (node byte sizes are
 * Redis's own, since the nodes hold real listpack entries). A quicklist that is down to one node below half the
 * limits becomes a listpack again.</li>
 * </ul>
 * Pushes and pops at either end are O(1); an index is reached by walking nodes from the nearer end, then entries
 * inside the node from its nearer end.
 * <p>
 * With a compress depth (list-compress-depth, fixed when the quicklist is created, like its fill), the nodes more
 * than depth nodes away from both ends are kept LZF-compressed, by Redis's own procedure (__quicklistCompress and
 * the per-node recompress flag, called at the same points as quicklist.c), so that the same nodes are compressed
 * as in Redis: RDB and DUMP write compressed nodes as they are, as Redis does.
 */
public final class ListValue implements RedisValue {
    /** Node byte limits for list-max-listpack-size -1 to -5. */
    private static final long[] SIZE_LEVELS = {4096, 8192, 16384, 32768, 65536};
    /** Byte limit of a node when the limit is a count of entries. */
    private static final long SIZE_SAFETY_LIMIT = 8192;
    /** Redis's over-estimate of the bytes an entry adds to a listpack, when deciding whether a node has room. */
    private static final int SIZE_ESTIMATE_OVERHEAD = 8;
    private static final int FILL_MAX = 32767;
    /** quicklistCreate's fill when no configuration is applied. */
    private static final int DEFAULT_FILL = -2;
    private static final long UINT_MAX = 0xFFFFFFFFL;
    /** Redis keeps the compress depth in 16 bits (COMPRESS_MAX). */
    private static final int COMPRESS_MAX = 65535;

    private ListNode head;
    private ListNode tail;
    private int nodeCount;
    private long size;
    private boolean quicklist;
    /** The quicklist's fill, fixed when it was created from the configuration (Redis's quicklist->fill). */
    private int fill;
    /** The quicklist's compress depth (0: none), fixed when it was created (Redis's quicklist->compress). */
    private int compressDepth;
    /** Index of the first element of the node last returned by {@link #seek}. */
    private long seekBase;

    @Override
    public String typeName() {
        return "list";
    }

    @Override
    public String encoding() {
        return quicklist ? "quicklist" : "listpack";
    }

    @Override
    public ListValue copy() {
        ListValue copy = new ListValue();
        copy.quicklist = quicklist;
        copy.fill = fill;
        copy.compressDepth = compressDepth;
        // quicklistDup: the nodes as they are, compressed ones staying compressed
        for (ListNode n = head; n != null; n = n.next) copy.link(copy.tail, n.copy());
        copy.size = size;
        return copy;
    }

    public long size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    boolean isQuicklist() {
        return quicklist;
    }

    /** The quicklist's fill (list-max-listpack-size when it was created). */
    int fill() {
        return fill;
    }

    /**
     * The layout as Redis's DEBUG OBJECT reports it for a quicklist (nodes, fill, total listpack bytes) or just
     * "listpack"; tests compare it with Redis's.
     */
    String layout() {
        if (!quicklist) return "listpack";
        long bytes = 0;
        for (ListNode n = head; n != null; n = n.next) bytes += n.bytes();
        return "quicklist nodes:" + nodeCount + " fill:" + fill + " bytes:" + bytes;
    }

    /** The compress depth this list was created with (0 when it does not compress, always 0 for a listpack). */
    public int compressDepth() {
        return quicklist ? compressDepth : 0;
    }

    /** How many nodes are compressed right now. */
    public int compressedNodeCount() {
        int n = 0;
        for (ListNode node = head; node != null; node = node.next) if (node.isCompressed()) n++;
        return n;
    }

    /** The sum of the nodes' listpack sizes, compressed or not (DEBUG OBJECT's ql_uncompressed_size). */
    public long uncompressedBytes() {
        long bytes = 0;
        for (ListNode n = head; n != null; n = n.next) bytes += n.bytes();
        return bytes;
    }

    /** The bytes the nodes' data takes now: compressed size for compressed nodes, listpack size for the others. */
    public long storedBytes() {
        long bytes = 0;
        for (ListNode n = head; n != null; n = n.next) bytes += n.isCompressed() ? n.lzf.length : n.bytes();
        return bytes;
    }

    // ---- RDB serialization ----------------------------------------------------------------------------------------

    /** Receives one node: {@code count} entries in Redis's listpack entry format, bytes [from, to) of buf. */
    public interface NodeVisitor {
        void visit(byte[] buf, int from, int to, int count);
    }

    public int nodeCount() {
        return nodeCount;
    }

    /** Receives a compressed node: its listpack of rawBytes bytes, compressed with LZF into lzf (not to modify). */
    public interface CompressedNodeVisitor {
        void visit(byte[] lzf, long rawBytes, int count);
    }

    /**
     * Visits the nodes from head to tail, their entries in place (a listpack-encoded list is one node); compressed
     * nodes go to compressedVisitor as they are, as Redis's RDB writer takes them.
     */
    public void forEachNode(NodeVisitor visitor, CompressedNodeVisitor compressedVisitor) {
        for (ListNode n = head; n != null; n = n.next) {
            if (n.isCompressed()) compressedVisitor.visit(n.lzf, n.bytes(), n.count);
            else visitor.visit(n.buf, n.start, n.end, n.count);
        }
    }

    /** Loading: an empty quicklist with the configured fill, filled by {@link #appendNode} or {@link #pushTail}. */
    public static ListValue newQuicklist(int configuredFill) {
        return newQuicklist(configuredFill, 0);
    }

    /** Loading: an empty quicklist with the configured fill and compress depth. */
    public static ListValue newQuicklist(int configuredFill, int configuredDepth) {
        ListValue list = new ListValue();
        list.becomeQuicklist(configuredFill, configuredDepth);
        return list;
    }

    /** quicklistNew(fill, compress): the limits are clamped as Redis clamps them. */
    private void becomeQuicklist(int configuredFill, int configuredDepth) {
        quicklist = true;
        fill = Math.max(-5, Math.min(FILL_MAX, configuredFill));
        compressDepth = Math.max(0, Math.min(COMPRESS_MAX, configuredDepth));
    }

    /** Loading: the elements as one new tail node, whatever its size (Redis's quicklistAppendListpack). */
    public void appendNode(java.util.List<byte[]> elements) {
        if (elements.isEmpty()) return;
        int bytes = 0;
        for (byte[] e : elements) bytes += Listpack.entrySize(e);
        ListNode node = ListNode.empty(bytes, true);
        for (byte[] e : elements) node.pushLast(e);
        insertNode(tail, node, true);
        size += elements.size();
    }

    /** Loading: one element at the tail by the quicklist's node rules (quicklistPushTail). */
    public void pushTail(byte[] element) {
        push(element, false);
    }

    /** After loading (LIST_CONV_AUTO): a quicklist of one node within the limits becomes a listpack. */
    public void convertIfSmall(int configuredFill) {
        tryConvertQuicklist(configuredFill, false);
    }

    // ---- encoding rules -----------------------------------------------------------------------------------------

    /** Redis's quicklistNodeExceedsLimit: whether a listpack of these bytes and entries is over the limit. */
    static boolean exceedsLimit(int fill, long bytes, long count) {
        if (fill < 0) return bytes > sizeLimit(fill);
        if (bytes > SIZE_SAFETY_LIMIT) return true;
        return count > (fill == 0 ? 1 : fill);
    }

    private static long sizeLimit(int fill) {
        return SIZE_LEVELS[(int) Math.min(-(long) fill - 1, SIZE_LEVELS.length - 1)];
    }

    /**
     * Before adding addCount elements of addBytes bytes in all (listTypeTryConversionAppend): a listpack that
     * would pass the configured limit becomes a quicklist, with the configured fill.
     */
    void prepareGrowth(long addBytes, long addCount, int configuredFill, int configuredDepth) {
        if (quicklist) return;
        long bytes = head == null ? Listpack.EMPTY_BYTES : head.bytes();
        if (!exceedsLimit(configuredFill, bytes + addBytes, size + addCount)) return;
        becomeQuicklist(configuredFill, configuredDepth);
    }

    /** Before adding the given elements (only their lengths count, as in Redis). */
    void prepareGrowth(byte[][] elements, int from, int to, int configuredFill, int configuredDepth) {
        if (quicklist) return;
        long bytes = 0;
        for (int i = from; i < to; i++) bytes += elements[i].length;
        prepareGrowth(bytes, to - from, configuredFill, configuredDepth);
    }

    /**
     * After removing elements (listTypeTryConvertQuicklist with shrinking): a quicklist of a single node under
     * half of both configured limits becomes a listpack again. Half, so that a list near the limit does not
     * convert back and forth.
     */
    void afterShrinking(int configuredFill) {
        tryConvertQuicklist(configuredFill, true);
    }

    /** Redis's listTypeTryConvertQuicklist: one node under the limits (halved when shrinking) becomes a listpack. */
    private void tryConvertQuicklist(int configuredFill, boolean shrinking) {
        if (!quicklist || nodeCount != 1) return;
        long bytesLimit;
        long countLimit;
        if (configuredFill >= 0) {
            bytesLimit = Long.MAX_VALUE;
            countLimit = configuredFill == 0 ? 1 : configuredFill;
        } else {
            bytesLimit = sizeLimit(configuredFill);
            countLimit = UINT_MAX;
        }
        if (shrinking) {
            bytesLimit /= 2;
            countLimit /= 2;
        }
        if (head.bytes() > bytesLimit || size > countLimit) return;
        quicklist = false;
    }

    /**
     * A new list of the given elements built the way SORT ... STORE builds its result: pushed at the tail of a
     * quicklist, which becomes a listpack if it ends up as one node within the limits.
     */
    public static ListValue ofElements(java.util.List<byte[]> elements, int configuredFill) {
        return ofElements(elements, configuredFill, 0);
    }

    /** As {@link #ofElements(java.util.List, int)}, with the configured compress depth. */
    public static ListValue ofElements(java.util.List<byte[]> elements, int configuredFill, int configuredDepth) {
        return build(elements, configuredFill, configuredDepth, configuredFill);
    }

    /**
     * SORT ... STORE's list: Redis 7.2 builds it as a quicklist with the default options (fill -2, no
     * compression), whatever the configuration, which only decides whether it then becomes a listpack.
     */
    public static ListValue ofSortResult(java.util.List<byte[]> elements, int configuredFill) {
        return build(elements, DEFAULT_FILL, 0, configuredFill);
    }

    private static ListValue build(java.util.List<byte[]> elements, int fill, int depth, int configuredFill) {
        ListValue list = newQuicklist(fill, depth);
        for (byte[] element : elements) list.push(element, false);
        list.tryConvertQuicklist(configuredFill, false);
        return list;
    }

    /** _quicklistNodeAllowInsert: whether a quicklist node can take one more element of the given length. */
    private boolean allowInsert(ListNode node, long length) {
        return node != null && !exceedsLimit(fill, node.bytes() + length + SIZE_ESTIMATE_OVERHEAD, node.count + 1L);
    }

    private boolean allowMerge(ListNode a, ListNode b) {
        return a != null && b != null
                && !exceedsLimit(fill, a.bytes() + b.bytes() - Listpack.EMPTY_BYTES, (long) a.count + b.count);
    }

    // ---- node chain ---------------------------------------------------------------------------------------------

    /**
     * Redis's __quicklistInsertNode: links node after old (or before it), then lets both meet the compress depth.
     */
    private void insertNode(ListNode old, ListNode node, boolean after) {
        if (after) link(old, node);
        else link(old == null ? tail : old.prev, node);
        if (old != null) compressAfterUse(old);
        compressAfterUse(node);
    }

    /** Links node after prev (at the head when prev is null), leaving compression alone. */
    private void link(ListNode prev, ListNode node) {
        node.prev = prev;
        node.next = prev == null ? head : prev.next;
        if (node.next != null) node.next.prev = node;
        else tail = node;
        if (prev != null) prev.next = node;
        else head = node;
        nodeCount++;
    }

    private void unlink(ListNode node) {
        if (node.prev != null) node.prev.next = node.next;
        else head = node.next;
        if (node.next != null) node.next.prev = node.prev;
        else tail = node.prev;
        node.prev = node.next = null;
        nodeCount--;
        compressDepthNodes(null);   // nodes may have moved into the depth: __quicklistDelNode
    }

    // ---- compression (quicklist.c's procedure, so that the same nodes end up compressed) --------------------------

    /** quicklistCompressNode: compresses a raw node (never the head or the tail). */
    private static void compressNode(ListNode node) {
        if (node != null && !node.isCompressed()) node.compress();
    }

    /**
     * __quicklistCompress: the depth nodes at both ends become raw, the first node past the depth on each side is
     * compressed, and so is node when it lies beyond the depth. Nothing happens while the list is too short to
     * have nodes beyond the depth at both ends.
     */
    private void compressDepthNodes(ListNode node) {
        if (!quicklist || compressDepth == 0 || nodeCount < compressDepth * 2L) return;
        ListNode forward = head;
        ListNode reverse = tail;
        boolean inDepth = false;
        for (int depth = 0; depth < compressDepth; depth++) {
            forward.decompress();
            reverse.decompress();
            if (forward == node || reverse == node) inDepth = true;
            if (forward == reverse || forward.next == reverse) return;
            forward = forward.next;
            reverse = reverse.prev;
        }
        if (!inDepth) compressNode(node);
        compressNode(forward);
        compressNode(reverse);
    }

    /**
     * quicklistCompress: after an operation on node, a node decompressed for use is compressed again, any other
     * is placed by {@link #compressDepthNodes}.
     */
    private void compressAfterUse(ListNode node) {
        if (node.recompress) compressNode(node);
        else compressDepthNodes(node);
    }

    /** quicklistRecompressOnly: compresses again a node that was decompressed for use. */
    private static void recompressOnly(ListNode node) {
        if (node.recompress) compressNode(node);
    }

    /** The node holding the element at index (0 <= index < size), walking from the nearer end; sets seekBase. */
    private ListNode seek(long index) {
        if (index < size / 2) {
            long base = 0;
            for (ListNode n = head; ; n = n.next) {
                if (index < base + n.count) {
                    seekBase = base;
                    return n;
                }
                base += n.count;
            }
        }
        long base = size;
        for (ListNode n = tail; ; n = n.prev) {
            base -= n.count;
            if (index >= base) {
                seekBase = base;
                return n;
            }
        }
    }

    /** A list index (negative from the end) as a position, or -1 when out of range. */
    private long position(long index) {
        if (index < 0) index += size;
        return index < 0 || index >= size ? -1 : index;
    }

    // ---- push ---------------------------------------------------------------------------------------------------

    /** Adds an element at one end (after {@link #prepareGrowth}). */
    void push(byte[] element, boolean atHead) {
        ListNode node = endNode(element.length, Listpack.entrySize(element), atHead);
        if (atHead) node.pushFirst(element);
        else node.pushLast(element);
        size++;
    }

    /** Adds an already encoded entry whose element is length bytes long as a string. */
    void pushEncoded(byte[] entry, int length, boolean atHead) {
        ListNode node = endNode(length, entry.length, atHead);
        node.pushEncoded(entry, 0, entry.length, atHead);
        size++;
    }

    /** The node at that end that takes the element, created when there is none or (quicklist) it is full. */
    private ListNode endNode(int length, int entrySize, boolean atHead) {
        ListNode node = atHead ? head : tail;
        if (quicklist ? allowInsert(node, length) : node != null) return node;
        ListNode fresh = ListNode.empty(entrySize, !atHead);
        insertNode(node, fresh, !atHead);
        return fresh;
    }

    // ---- pop ----------------------------------------------------------------------------------------------------

    /** Replies with the element at one end as a bulk string and removes it. */
    void popInto(boolean atHead, Reply reply) {
        ListNode node = atHead ? head : tail;
        node.readable();   // the ends are never compressed; this only guards the invariant
        Listpack.reply(node.buf, atHead ? node.start : node.lastOffset(), reply);
        removeEnd(node, atHead);
    }

    /** The entry at one end, encoded, in its own array. */
    byte[] endEntry(boolean atHead) {
        ListNode node = atHead ? head : tail;
        node.readable();
        int p = atHead ? node.start : node.lastOffset();
        return Arrays.copyOfRange(node.buf, p, p + Listpack.entryLength(node.buf, p));
    }

    /** Removes the element at one end. */
    void removeEnd(boolean atHead) {
        removeEnd(atHead ? head : tail, atHead);
    }

    private void removeEnd(ListNode node, boolean atHead) {
        if (atHead) node.removeFirst();
        else node.removeLast();
        size--;
        if (node.count == 0) unlink(node);
    }

    // ---- ranges -------------------------------------------------------------------------------------------------

    /**
     * Replies with an array of the n elements from position from (0 <= from, from + n <= size), or going towards
     * the head from position from when reverse.
     */
    void replyRange(Reply reply, long from, long n, boolean reverse) {
        reply.arrayHeader(n);
        forEachInRange(from, n, reverse, (buf, p) -> Listpack.reply(buf, p, reply));
    }

    /** The n elements from position from, towards the tail (or the head when reverse), as fresh arrays. */
    public java.util.List<byte[]> elements(long from, long n, boolean reverse) {
        java.util.List<byte[]> out = new java.util.ArrayList<>((int) Math.min(n, 1 << 20));
        forEachInRange(from, n, reverse, (buf, p) -> {
            out.add(Listpack.element(buf, p));
            return Listpack.entryLength(buf, p);
        });
        return out;
    }

    /** Receives an entry of a node's listpack (the node's bytes, the entry's offset) and returns its length. */
    private interface EntryVisitor {
        int visit(byte[] buf, int p);
    }

    private void forEachInRange(long from, long n, boolean reverse, EntryVisitor visitor) {
        if (n == 0) return;
        ListNode node = seek(from);
        int p = node.offsetOf((int) (from - seekBase));
        if (!reverse) {
            for (long i = 0; i < n; i++) {
                if (p >= node.end) {
                    compressAfterUse(node);
                    node = node.next;
                    node.readable();
                    p = node.start;
                }
                p += visitor.visit(node.buf, p);
            }
            compressAfterUse(node);
            return;
        }
        for (long i = 0; ; ) {
            visitor.visit(node.buf, p);
            if (++i == n) {
                compressAfterUse(node);
                return;
            }
            if (p == node.start) {
                compressAfterUse(node);
                node = node.prev;
                p = node.lastOffset();
            } else {
                p = Listpack.entryStartBefore(node.buf, p);
            }
        }
    }

    /** Removes n elements starting at position from (0 <= from, from + n <= size); emptied nodes are unlinked. */
    void removeRange(long from, long n) {
        if (n <= 0) return;
        ListNode node = seek(from);
        compressAfterUse(node);   // quicklistDelRange releases its seek iterator first
        int offset = (int) (from - seekBase);
        long left = n;
        while (left > 0) {
            ListNode next = node.next;
            int del = (int) Math.min(left, node.count - offset);
            if (offset == 0 && del == node.count) {
                unlink(node);
            } else {
                node.decompressForUse();
                node.removeRange(offset, del);
                recompressOnly(node);
            }
            size -= del;
            left -= del;
            node = next;
            offset = 0;
        }
    }

    /** Replies with the element at a list index (negative from the end); false when out of range. */
    boolean replyIndex(long index, Reply reply) {
        long pos = position(index);
        if (pos < 0) return false;
        ListNode node = seek(pos);
        int p = node.offsetOf((int) (pos - seekBase));   // first: it decompresses a compressed node
        Listpack.reply(node.buf, p, reply);
        compressAfterUse(node);
        return true;
    }

    /** LSET: replaces the element at a list index; false when out of range. */
    boolean set(long index, byte[] element) {
        long pos = position(index);
        if (pos < 0) return false;
        ListNode node = seek(pos);
        node.replaceAt(node.offsetOf((int) (pos - seekBase)), element);
        compressAfterUse(node);
        return true;
    }

    // ---- search -------------------------------------------------------------------------------------------------

    /**
     * LINSERT: inserts the element before or after the first element equal to the encoded pivot. Returns false
     * when there is no such element.
     */
    boolean insert(byte[] pivotEntry, byte[] element, boolean after) {
        for (ListNode node = head; node != null; node = node.next) {
            node.readable();
            int p = node.start;
            for (int i = 0; i < node.count; i++) {
                int len = Listpack.entryLength(node.buf, p);
                if (Listpack.matches(node.buf, p, pivotEntry)) {
                    if (quicklist) insertInQuicklist(node, i, p, element, after);
                    else node.insertAt(after ? p + len : p, element);
                    size++;
                    return true;
                }
                p += len;
            }
            compressAfterUse(node);
        }
        return false;
    }

    /** Redis's _quicklistInsert: into the node when it has room, else a neighbour, a new node or a split. */
    private void insertInQuicklist(ListNode node, int index, int p, byte[] element, boolean after) {
        int length = element.length;
        boolean full = !allowInsert(node, length);
        boolean atTail = after && index == node.count - 1;
        boolean atHead = !after && index == 0;
        if (!full) {
            node.insertAt(after ? p + Listpack.entryLength(node.buf, p) : p, element);
            recompressOnly(node);
        } else if (atTail && allowInsert(node.next, length)) {
            node.next.decompressForUse();
            node.next.pushFirst(element);
            recompressOnly(node.next);
            recompressOnly(node);
        } else if (atHead && allowInsert(node.prev, length)) {
            node.prev.decompressForUse();
            node.prev.pushLast(element);
            recompressOnly(node.prev);
            recompressOnly(node);
        } else if (atTail || atHead) {
            ListNode fresh = ListNode.empty(Listpack.entrySize(element), true);
            fresh.pushLast(element);
            insertNode(node, fresh, after);
        } else {
            ListNode part = node.split(index, after);
            if (after) part.pushFirst(element);
            else part.pushLast(element);
            insertNode(node, part, after);
            mergeAround(node);
        }
    }

    /** Redis's _quicklistMergeNodes: merges the neighbours of center pairwise where the limits allow. */
    private void mergeAround(ListNode center) {
        ListNode prev = center.prev;
        ListNode prevPrev = prev == null ? null : prev.prev;
        ListNode next = center.next;
        ListNode nextNext = next == null ? null : next.next;
        if (allowMerge(prev, prevPrev)) merge(prevPrev, prev);
        if (allowMerge(next, nextNext)) merge(next, nextNext);
        ListNode target = allowMerge(center, center.prev) ? merge(center.prev, center) : center;
        if (allowMerge(target, target.next)) merge(target, target.next);
    }

    /** Merges two adjacent nodes (left before right) into the larger one; returns the node kept. */
    private ListNode merge(ListNode left, ListNode right) {
        left.decompress();
        right.decompress();
        ListNode keep;
        if (left.used() >= right.used()) {
            left.absorbNext(right);
            unlink(right);
            keep = left;
        } else {
            right.absorbPrevious(left);
            unlink(left);
            keep = right;
        }
        compressAfterUse(keep);
        return keep;
    }

    /**
     * LREM: removes up to limit elements equal to the encoded entry (all when limit is 0), from the head, or
     * from the tail when fromTail. Returns how many were removed; emptied nodes are unlinked.
     */
    long removeMatching(byte[] entry, long limit, boolean fromTail) {
        long removed = 0;
        ListNode node = fromTail ? tail : head;
        while (node != null && (limit == 0 || removed < limit)) {
            ListNode following = fromTail ? node.prev : node.next;
            node.readable();
            long want = limit == 0 ? Long.MAX_VALUE : limit - removed;
            int lo = node.start;
            int hi = node.end;
            if (limit != 0) {
                // narrow [lo, hi) so that it holds exactly the matches to remove from this node
                long seen = 0;
                if (fromTail) {
                    for (int p = node.end; p > node.start && seen < want; ) {
                        p = Listpack.entryStartBefore(node.buf, p);
                        if (Listpack.matches(node.buf, p, entry) && ++seen == want) lo = p;
                    }
                } else {
                    for (int p = node.start; p < node.end && seen < want; ) {
                        int len = Listpack.entryLength(node.buf, p);
                        if (Listpack.matches(node.buf, p, entry) && ++seen == want) hi = p + len;
                        p += len;
                    }
                }
            }
            int n = node.removeMatches(lo, hi, entry);
            size -= n;
            removed += n;
            if (node.count == 0) unlink(node);
            else compressAfterUse(node);
            node = following;
        }
        return removed;
    }

    /**
     * LPOS: the indexes of elements equal to the encoded entry, scanning from the head (or the tail when
     * fromTail), skipping the first skip matches, returning at most limit (0: all), and looking at no more than
     * maxlen elements (0: all).
     */
    long[] positions(byte[] entry, long skip, boolean fromTail, long limit, long maxlen) {
        long[] found = new long[4];
        int n = 0;
        long matches = 0;
        long scanned = 0;
        ListNode node = fromTail ? tail : head;
        if (node != null) node.readable();
        int p = node == null ? 0 : fromTail ? node.end : node.start;
        while (node != null && (maxlen == 0 || scanned < maxlen)) {
            if (fromTail ? p == node.start : p == node.end) {
                compressAfterUse(node);
                node = fromTail ? node.prev : node.next;
                if (node != null) {
                    node.readable();
                    p = fromTail ? node.end : node.start;
                }
                continue;
            }
            int at = fromTail ? Listpack.entryStartBefore(node.buf, p) : p;
            if (Listpack.matches(node.buf, at, entry) && ++matches > skip) {
                if (n == found.length) found = Arrays.copyOf(found, n * 2);
                found[n++] = fromTail ? size - 1 - scanned : scanned;
                if (limit != 0 && n >= limit) break;
            }
            p = fromTail ? at : p + Listpack.entryLength(node.buf, p);
            scanned++;
        }
        if (node != null) compressAfterUse(node);
        return Arrays.copyOf(found, n);
    }

    private static final long SHELL = Footprint.object(3, 33);

    @Override
    public long memoryUsage(int samples) {
        long nodes = 0;
        int measured = 0;
        for (ListNode n = head; n != null && (samples == 0 || measured < samples); n = n.next, measured++) {
            nodes += n.footprint();
        }
        return SHELL + (measured == 0 ? 0 : nodes * nodeCount / measured);
    }
}
