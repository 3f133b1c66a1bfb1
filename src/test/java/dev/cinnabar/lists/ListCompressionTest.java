package dev.cinnabar.lists;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.compression.Lzf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Compression of quicklist nodes (list-compress-depth): single nodes, then whole lists against a model. */
class ListCompressionTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static ListNode nodeOf(String... elements) {
        ListNode node = ListNode.empty(16, true);
        for (String e : elements) node.pushLast(b(e));
        return node;
    }

    private static List<String> contents(ListNode node) {
        List<String> out = new ArrayList<>();
        for (int p = node.start; p < node.end; p += Listpack.entryLength(node.buf, p)) {
            out.add(new String(Listpack.element(node.buf, p), StandardCharsets.US_ASCII));
        }
        return out;
    }

    /** The node's listpack as Redis holds it: header, entries, end byte. */
    private static byte[] listpack(ListNode node) {
        int sz = (int) node.bytes();
        byte[] lp = new byte[sz];
        for (int i = 0; i < 4; i++) lp[i] = (byte) (sz >>> (8 * i));
        lp[4] = (byte) node.count;
        lp[5] = (byte) (node.count >>> 8);
        System.arraycopy(node.buf, node.start, lp, 6, node.used());
        lp[sz - 1] = (byte) 0xFF;
        return lp;
    }

    @Test
    void compressesTheWholeListpackAndRestoresIt() {
        ListNode node = nodeOf("a".repeat(40), "a".repeat(40), "123", "b".repeat(30));
        List<String> before = contents(node);
        long bytes = node.bytes();
        byte[] lp = listpack(node);
        assertTrue(node.compress());
        assertTrue(node.isCompressed());
        assertNull(node.buf);
        assertEquals(bytes, node.bytes(), "the listpack size is known while compressed");
        byte[] expected = new byte[lp.length + 1];
        int n = new Lzf().compress(lp, lp.length, expected, lp.length);
        assertArrayEquals(java.util.Arrays.copyOf(expected, n), node.lzf, "LZF of header, entries and end byte");
        node.decompress();
        assertFalse(node.isCompressed());
        assertNull(node.lzf);
        assertEquals(before, contents(node));
        assertEquals(bytes, node.bytes());
    }

    @Test
    void smallNodesStayRaw() {
        ListNode node = nodeOf("x".repeat(38));   // 7 + 40 = 47 bytes: too small; 48 is enough
        assertEquals(ListNode.MIN_COMPRESS_BYTES - 1, node.bytes());
        assertFalse(node.compress());
        ListNode big = nodeOf("x".repeat(39));
        assertEquals(ListNode.MIN_COMPRESS_BYTES, big.bytes());
        assertTrue(big.compress());
    }

    @Test
    void nodesThatDoNotShrinkEnoughStayRaw() {
        Random random = new Random(5);
        byte[] noise = new byte[200];
        for (int i = 0; i < noise.length; i++) noise[i] = (byte) ('!' + random.nextInt(90));
        ListNode node = nodeOf(new String(noise, StandardCharsets.US_ASCII));
        assertFalse(node.compress());
        assertFalse(node.isCompressed());
        assertEquals(new String(noise, StandardCharsets.US_ASCII), contents(node).getFirst());
        // a node whose saving is under MIN_COMPRESS_IMPROVE: the noise plus a short repeated run
        ListNode almost = nodeOf(new String(noise, StandardCharsets.US_ASCII) + "zzzzzzzzzz");
        byte[] lp = listpack(almost);
        byte[] out = new byte[lp.length + 1];
        int n = new Lzf().compress(lp, lp.length, out, lp.length);
        assertEquals(n != 0 && n + ListNode.MIN_COMPRESS_IMPROVE < lp.length, almost.compress());
    }

    @Test
    void readingAfterDecompressForUseRecompressesForFreeButAChangeDropsTheCopy() {
        ListNode node = nodeOf("q".repeat(100), "r".repeat(100));
        assertTrue(node.compress());
        byte[] compressed = node.lzf;
        node.decompressForUse();
        assertTrue(node.recompress);
        assertEquals(List.of("q".repeat(100), "r".repeat(100)), contents(node));
        assertTrue(node.compress());
        assertSame(compressed, node.lzf, "an unchanged node keeps its compressed copy");
        assertFalse(node.recompress);
        node.pushLast(b("s".repeat(100)));   // a change on a compressed node decompresses it first
        assertFalse(node.isCompressed());
        assertNull(node.lzf);
        assertEquals(List.of("q".repeat(100), "r".repeat(100), "s".repeat(100)), contents(node));
        assertTrue(node.compress());
        node.decompress();
        assertEquals(3, contents(node).size());
    }

    @Test
    void aCopyOfACompressedNodeIsIndependent() {
        ListNode node = nodeOf("k".repeat(100));
        assertTrue(node.compress());
        ListNode copy = node.copy();
        assertTrue(copy.isCompressed());
        copy.pushLast(b("extra"));
        node.decompress();
        assertEquals(List.of("k".repeat(100)), contents(node));
        assertEquals(List.of("k".repeat(100), "extra"), contents(copy));
    }

    // ---- whole lists ------------------------------------------------------------------------------------------

    private static List<Boolean> compressedFlags(ListValue list) {
        List<Boolean> flags = new ArrayList<>();
        list.forEachNode((buf, from, to, count) -> flags.add(false), (lzf, raw, count) -> flags.add(true));
        return flags;
    }

    private static ListValue pushed(int n, int fill, int depth) {
        ListValue list = new ListValue();
        for (int i = 0; i < n; i++) {
            byte[] e = b("element:" + "0".repeat(20) + i);
            list.prepareGrowth(e.length, 1, fill, depth);
            list.push(e, false);
        }
        return list;
    }

    @Test
    void onlyNodesBeyondTheDepthAreCompressed() {
        ListValue list = pushed(400, 4, 2);   // 100 nodes of four elements
        assertEquals(100, list.nodeCount());
        List<Boolean> flags = compressedFlags(list);
        for (int i = 0; i < flags.size(); i++) assertEquals(i >= 2 && i < 98, flags.get(i), "node " + i);
        assertEquals(96, list.compressedNodeCount());
        assertEquals(2, list.compressDepth());
        assertTrue(list.storedBytes() < list.uncompressedBytes());
        assertEquals(pushed(400, 4, 0).uncompressedBytes(), list.uncompressedBytes());
        assertEquals(0, pushed(400, 4, 0).compressedNodeCount());
    }

    @Test
    void aListpackListDoesNotCompress() {
        ListValue list = pushed(3, -2, 1);
        assertEquals("listpack", list.encoding());
        assertEquals(0, list.compressDepth());
    }

    @Test
    void copiesKeepTheCompressedNodes() {
        ListValue list = pushed(100, 4, 1);
        ListValue copy = list.copy();
        assertEquals(compressedFlags(list), compressedFlags(copy));
        copy.removeRange(0, 50);
        assertEquals(100, list.size());
        assertEquals(list.elements(50, 50, false).stream().map(String::new).toList(),
                copy.elements(0, 50, false).stream().map(String::new).toList());
    }

    /** Random operations on a compressed list against a plain model; the depth nodes at both ends stay raw. */
    @ParameterizedTest(name = "depth {0}")
    @ValueSource(ints = {1, 2, 3})
    void randomOperationsMatchAModel(int depth) {
        Random random = new Random(depth);
        ListValue list = new ListValue();
        List<String> model = new ArrayList<>();
        int mostCompressed = 0;
        for (int step = 0; step < 6000; step++) {
            String s = random.nextInt(4) == 0 ? "w".repeat(random.nextInt(90)) : "e" + random.nextInt(30);
            byte[] e = b(s);
            int op = random.nextInt(14);
            if (op >= 10 || model.isEmpty()) op = random.nextInt(2);   // pushes win, so the list grows
            switch (op) {
                case 0, 1 -> {
                    list.prepareGrowth(e.length, 1, 5, depth);
                    list.push(e, op == 0);
                    if (op == 0) model.addFirst(s);
                    else model.addLast(s);
                }
                case 2 -> {
                    boolean atHead = random.nextBoolean();
                    list.removeEnd(atHead);
                    if (atHead) model.removeFirst();
                    else model.removeLast();
                }
                case 3 -> {
                    int index = random.nextInt(model.size());
                    assertTrue(list.set(index, e));
                    model.set(index, s);
                }
                case 4 -> {
                    String pivot = model.get(random.nextInt(model.size()));
                    boolean after = random.nextBoolean();
                    assertTrue(list.insert(Listpack.encode(b(pivot)), e, after));
                    int at = model.indexOf(pivot);
                    model.add(after ? at + 1 : at, s);
                }
                case 5 -> {
                    String victim = model.get(random.nextInt(model.size()));
                    boolean fromTail = random.nextBoolean();
                    assertEquals(1, list.removeMatching(Listpack.encode(b(victim)), 1, fromTail));
                    model.remove(fromTail ? model.lastIndexOf(victim) : model.indexOf(victim));
                }
                case 6 -> {
                    int from = random.nextInt(model.size());
                    int n = Math.min(random.nextInt(4), model.size() - from);
                    list.removeRange(from, n);
                    model.subList(from, from + n).clear();
                }
                default -> {
                    int from = random.nextInt(model.size());
                    int n = Math.min(random.nextInt(40), model.size() - from);
                    assertEquals(model.subList(from, from + n),
                            list.elements(from, n, false).stream().map(String::new).toList());
                }
            }
            assertEquals(model.size(), list.size());
            mostCompressed = Math.max(mostCompressed, list.compressedNodeCount());
            List<Boolean> flags = compressedFlags(list);
            for (int i = 0; i < Math.min(depth, flags.size()); i++) {
                assertFalse(flags.get(i), "node " + i + " at the head is within the depth");
                assertFalse(flags.get(flags.size() - 1 - i), "node " + i + " from the tail is within the depth");
            }
        }
        assertEquals(model, list.elements(0, list.size(), false).stream().map(String::new).toList());
        assertTrue(mostCompressed > 5, "the sequence compressed nodes (at most " + mostCompressed + ")");
    }
}
