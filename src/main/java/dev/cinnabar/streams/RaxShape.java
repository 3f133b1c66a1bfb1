package dev.cinnabar.streams;

import java.util.List;

/**
 * How many nodes Redis's radix tree (rax) has for a set of equal-length keys, which XINFO STREAM reports. A rax
 * node either branches (one child per distinct next byte) or is compressed (a run of bytes shared by every key
 * below it, leading to a single child); each complete key ends in a leaf node, and the root always exists. Redis
 * keeps its tree in this minimal shape on insertion and recompresses it on removal, so the count depends on the
 * keys alone.
 */
final class RaxShape {
    private RaxShape() {}

    static byte[] key(long ms, long seq) {
        byte[] k = new byte[16];
        for (int i = 0; i < 8; i++) {
            k[i] = (byte) (ms >>> (56 - 8 * i));
            k[8 + i] = (byte) (seq >>> (56 - 8 * i));
        }
        return k;
    }

    /** Node count for distinct keys of one length, in ascending unsigned order. */
    static long nodeCount(List<byte[]> sortedKeys) {
        if (sortedKeys.isEmpty()) return 1;
        return count(sortedKeys, 0, sortedKeys.size(), 0);
    }

    private static long count(List<byte[]> keys, int lo, int hi, int depth) {
        int keyLength = keys.get(lo).length;
        if (depth == keyLength) return 1; // a leaf
        byte[] first = keys.get(lo);
        byte[] last = keys.get(hi - 1);
        int shared = depth;
        while (shared < keyLength && first[shared] == last[shared]) shared++;
        if (shared > depth) return 1 + count(keys, lo, hi, shared); // a compressed node (or one with one child)
        long total = 1; // a branching node
        int groupStart = lo;
        for (int i = lo + 1; i <= hi; i++) {
            if (i == hi || keys.get(i)[depth] != keys.get(groupStart)[depth]) {
                total += count(keys, groupStart, i, depth + 1);
                groupStart = i;
            }
        }
        return total;
    }
}
