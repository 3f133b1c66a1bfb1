package dev.cinnabar.streams;

import dev.cinnabar.keyspace.Footprint;

import dev.cinnabar.keyspace.RedisValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * A stream: its entries in {@link StreamNode}s ordered by master ID (Redis keeps them in a radix tree keyed by the
 * master ID; a sorted array of node references does the same job for the few thousand nodes a large stream has),
 * the stream's counters (length, last ID, first ID, largest deleted ID, entries ever added) and its consumer groups
 * by name in byte order.
 */
public final class StreamValue implements RedisValue {
    final ArrayList<StreamNode> nodes;
    long length;
    StreamId lastId = StreamId.MIN;
    StreamId firstId = StreamId.MIN;
    StreamId maxDeletedId = StreamId.MIN;
    long entriesAdded;
    /** Consumer groups by name (unsigned byte order, as Redis's radix tree), null until the first one. */
    TreeMap<byte[], ConsumerGroup> groups;

    public StreamValue() {
        nodes = new ArrayList<>();
    }

    @Override
    public String typeName() {
        return "stream";
    }

    @Override
    public String encoding() {
        return "stream";
    }

    @Override
    public RedisValue copy() {
        StreamValue c = new StreamValue(this);
        return c;
    }

    private StreamValue(StreamValue o) {
        nodes = new ArrayList<>(o.nodes.size());
        for (StreamNode n : o.nodes) nodes.add(n.copy());
        length = o.length;
        lastId = o.lastId;
        firstId = o.firstId;
        maxDeletedId = o.maxDeletedId;
        entriesAdded = o.entriesAdded;
        if (o.groups != null) {
            groups = newGroupMap();
            for (ConsumerGroup g : o.groups.values()) groups.put(g.name, g.copy());
        }
    }

    static TreeMap<byte[], ConsumerGroup> newGroupMap() {
        return new TreeMap<>(Arrays::compareUnsigned);
    }

    public long length() {
        return length;
    }

    // ---- appending ----------------------------------------------------------------------------------------------

    /**
     * Appends an entry with the fields and values at argv[fieldPos..]; the ID must be larger than the last one.
     * A new node starts, as in Redis, when the tail node's listpack plus the new strings would reach maxBytes or
     * it holds maxEntries entries (live and deleted).
     */
    void append(StreamId id, byte[][] argv, int fieldPos, int numFields, long maxBytes, long maxEntries) {
        long stringBytes = 0;
        for (int i = 0; i < 2 * numFields; i++) stringBytes += argv[fieldPos + i].length;
        if (maxBytes == 0 || maxBytes > (1 << 30)) maxBytes = 1 << 30;
        StreamNode tail = nodes.isEmpty() ? null : nodes.get(nodes.size() - 1);
        // a new node starts at the size its predecessor reached: entries tend to be alike, so it fills without
        // growing (no copy) and ends the right size (no copy when shrunk)
        int initialCapacity = 64;
        if (tail != null) {
            boolean full = tail.listpackBytes() + stringBytes >= maxBytes
                    || (maxEntries != 0 && tail.count + tail.deleted >= maxEntries);
            if (full) {
                initialCapacity = (int) Math.min(tail.used, maxBytes);
                tail.shrink();
                tail = null;
            }
        }
        int capacity = (int) Math.min(maxBytes, 4096);
        if (tail == null) {
            tail = new StreamNode(id, argv, fieldPos, numFields, initialCapacity);
            nodes.add(tail);
        }
        tail.append(id, argv, fieldPos, numFields, capacity);
        length++;
        entriesAdded++;
        lastId = id;
        if (length == 1) firstId = id;
    }

    // ---- finding entries ----------------------------------------------------------------------------------------

    /** Index of the last node whose master ID is at most id, or -1. */
    int floorNode(StreamId id) {
        int lo = 0, hi = nodes.size() - 1, found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            StreamNode n = nodes.get(mid);
            int c = Long.compareUnsigned(n.masterMs, id.ms());
            if (c == 0) c = Long.compareUnsigned(n.masterSeq, id.seq());
            if (c <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** Visits the live entries with start <= id <= end, forward or backward; the visitor returns false to stop. */
    interface Visitor {
        boolean visit(Entry e);
    }

    void range(StreamId start, StreamId end, boolean rev, Visitor visitor) {
        if (nodes.isEmpty() || start.compareTo(end) > 0) return;
        Entry e = new Entry();
        if (!rev) {
            int i = Math.max(0, floorNode(start));
            for (; i < nodes.size(); i++) {
                StreamNode n = nodes.get(i);
                for (int p = n.firstEntry; p < n.used; p = e.end) {
                    e.read(n, p);
                    if (e.deleted() || e.compareTo(start) < 0) continue;
                    if (e.compareTo(end) > 0) return;
                    if (!visitor.visit(e)) return;
                }
            }
        } else {
            int i = floorNode(end);
            if (i < 0) return;
            for (; i >= 0; i--) {
                StreamNode n = nodes.get(i);
                for (int q = n.used; q > n.firstEntry; ) {
                    int p = n.entryStartBefore(q);
                    e.read(n, p);
                    q = p;
                    if (e.deleted() || e.compareTo(end) > 0) continue;
                    if (e.compareTo(start) < 0) return;
                    if (!visitor.visit(e)) return;
                }
            }
        }
    }

    /** The live entry with this ID, or null. */
    Entry find(StreamId id) {
        Entry[] found = new Entry[1];
        range(id, id, false, e -> {
            found[0] = e;
            return false;
        });
        return found[0];
    }

    boolean exists(StreamId id) {
        return find(id) != null;
    }

    /** The first or last live entry's ID, or null when empty. */
    StreamId edgeId(boolean first) {
        StreamId[] found = new StreamId[1];
        range(StreamId.MIN, StreamId.MAX, !first, e -> {
            found[0] = e.id();
            return false;
        });
        return found[0];
    }

    /** The first ID the first node holds, deleted or not (MAX when empty): Redis's first edge with tombstones. */
    StreamId firstIdWithTombstones() {
        if (nodes.isEmpty()) return StreamId.MAX;
        StreamNode first = nodes.get(0);
        return new Entry().read(first, first.firstEntry).id();
    }

    /** Redis's streamLastValidID: the last live entry's ID (0-0 when empty). */
    StreamId lastValidId() {
        StreamId id = edgeId(false);
        return id == null ? StreamId.MIN : id;
    }

    // ---- deleting -----------------------------------------------------------------------------------------------

    /** XDEL of one ID: true if a live entry was deleted. */
    boolean delete(StreamId id) {
        Entry e = find(id);
        if (e == null) return false;
        StreamNode n = e.node;
        n.markDeleted(e.start);
        if (n.count == 0) nodes.remove(n);
        length--;
        return true;
    }

    /** After deletions: resets or recomputes the first ID as Redis does. */
    void refreshFirstId() {
        if (length == 0) firstId = StreamId.MIN;
        else firstId = edgeId(true);
    }

    /**
     * Redis's streamTrim: by MAXLEN (maxLen >= 0) or MINID. Whole nodes go while they can; with approx the trim
     * stops at the first node that cannot go whole; limit (0 = none) caps the entries removed.
     */
    long trim(long maxLen, StreamId minId, boolean approx, long limit) {
        long deleted = 0;
        while (!nodes.isEmpty()) {
            if (minId == null && length <= maxLen) break;
            StreamNode n = nodes.get(0);
            long entries = n.count;
            if (limit != 0 && deleted + entries > limit) break;
            boolean removeNode;
            if (minId == null) {
                removeNode = length - entries >= maxLen;
            } else {
                Entry last = new Entry().read(n, n.entryStartBefore(n.used));
                removeNode = last.compareTo(minId) < 0;
            }
            if (removeNode) {
                nodes.remove(0);
                length -= entries;
                deleted += entries;
                continue;
            }
            if (approx) break;
            long fromNode = 0;
            Entry e = new Entry();
            for (int p = n.firstEntry; p < n.used; p = e.end) {
                e.read(n, p);
                boolean stop = minId == null ? length <= maxLen : e.compareTo(minId) >= 0;
                if (stop) break;
                if (!e.deleted()) {
                    n.lp[p] = (byte) (n.lp[p] | StreamNode.FLAG_DELETED);
                    fromNode++;
                    length--;
                }
            }
            n.count -= (int) fromNode;
            n.deleted += (int) fromNode;
            deleted += fromNode;
            break;
        }
        if (length == 0) firstId = StreamId.MIN;
        else if (deleted != 0) firstId = edgeId(true);
        return deleted;
    }

    // ---- consumer groups ----------------------------------------------------------------------------------------

    ConsumerGroup group(byte[] name) {
        return groups == null ? null : groups.get(name);
    }

    /** Creates a group; null if one with this name exists. */
    ConsumerGroup createGroup(byte[] name, StreamId lastDelivered, long entriesRead) {
        if (groups == null) groups = newGroupMap();
        if (groups.containsKey(name)) return null;
        ConsumerGroup g = new ConsumerGroup(name.clone(), lastDelivered, entriesRead);
        groups.put(g.name, g);
        return g;
    }

    int groupCount() {
        return groups == null ? 0 : groups.size();
    }

    /** Whether a deleted entry could lie between start and end (Redis's streamRangeHasTombstones). */
    boolean rangeHasTombstones(StreamId start, StreamId end) {
        if (length == 0 || maxDeletedId.isZero()) return false;
        if (firstId.compareTo(maxDeletedId) > 0) return false;
        StreamId s = start == null ? StreamId.MIN : start;
        StreamId e = end == null ? StreamId.MAX : end;
        return s.compareTo(maxDeletedId) <= 0 && maxDeletedId.compareTo(e) <= 0;
    }

    /** Redis's streamEstimateDistanceFromFirstEverEntry; -1 when it cannot be known. */
    long estimateDistanceFromFirstEverEntry(StreamId id) {
        if (entriesAdded == 0) return 0;
        if (length == 0 && id.compareTo(lastId) < 1) return entriesAdded;
        int cmpLast = id.compareTo(lastId);
        if (cmpLast == 0) return entriesAdded;
        if (cmpLast > 0) return ConsumerGroup.INVALID_ENTRIES_READ;
        int cmpFirst = id.compareTo(firstId);
        if (maxDeletedId.isZero() || maxDeletedId.compareTo(firstId) < 0) {
            if (cmpFirst < 0) return entriesAdded - length;
            if (cmpFirst == 0) return entriesAdded - length + 1;
        }
        return ConsumerGroup.INVALID_ENTRIES_READ;
    }

    /** The group's lag (XINFO), or null when it cannot be known. */
    Long lag(ConsumerGroup g) {
        if (entriesAdded == 0) return 0L;
        if (g.entriesRead != ConsumerGroup.INVALID_ENTRIES_READ && !rangeHasTombstones(g.lastId, null)) {
            return entriesAdded - g.entriesRead;
        }
        long read = estimateDistanceFromFirstEverEntry(g.lastId);
        return read == ConsumerGroup.INVALID_ENTRIES_READ ? null : entriesAdded - read;
    }

    // ---- structure facts ----------------------------------------------------------------------------------------

    /** XINFO's radix-tree-keys: the number of nodes. */
    int nodeCount() {
        return nodes.size();
    }

    /** XINFO's radix-tree-nodes: the nodes a radix tree of the 16-byte master IDs has (see {@link RaxShape}). */
    long radixTreeNodes() {
        List<byte[]> keys = new ArrayList<>(nodes.size());
        for (StreamNode n : nodes) keys.add(RaxShape.key(n.masterMs, n.masterSeq));
        return RaxShape.nodeCount(keys);
    }

    /** Total listpack bytes of the nodes (for memory reporting). */
    long listpackBytes() {
        long total = 0;
        for (StreamNode n : nodes) total += n.listpackBytes();
        return total;
    }

    @Override
    public long memoryUsage(int samples) {
        long bytes = Footprint.object(7, 16) + Footprint.references(nodes.size()) + 4 * Footprint.object(0, 16);
        long sampled = 0;
        int measured = 0;
        for (; measured < nodes.size() && (samples == 0 || measured < samples); measured++) {
            sampled += nodes.get(measured).footprint();
        }
        if (measured > 0) bytes += sampled * nodes.size() / measured;
        if (groups != null) {
            int g = 0;
            for (ConsumerGroup group : groups.values()) {
                if (samples != 0 && g++ >= samples) break;
                bytes += group.footprint();
            }
        }
        return bytes;
    }
}
