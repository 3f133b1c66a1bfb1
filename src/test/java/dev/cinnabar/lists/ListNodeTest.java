package dev.cinnabar.lists;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The gap-buffer node against a plain list model, through random sequences of every operation. */
class ListNodeTest {
    private final Random random = new Random(17);

    private byte[] element() {
        int r = random.nextInt(10);
        if (r < 3) return String.valueOf(random.nextInt(20000) - 10000).getBytes(StandardCharsets.US_ASCII);
        if (r < 9) return ("v" + random.nextInt(5)).getBytes(StandardCharsets.US_ASCII);
        return "L".repeat(60 + random.nextInt(300)).getBytes(StandardCharsets.US_ASCII);
    }

    private static List<String> contents(ListNode node) {
        List<String> forward = new ArrayList<>();
        for (int p = node.start; p < node.end; p += Listpack.entryLength(node.buf, p)) {
            forward.add(new String(Listpack.element(node.buf, p), StandardCharsets.US_ASCII));
        }
        List<String> backward = new ArrayList<>();
        for (int p = node.end; p > node.start; ) {
            p = Listpack.entryStartBefore(node.buf, p);
            backward.addFirst(new String(Listpack.element(node.buf, p), StandardCharsets.US_ASCII));
        }
        assertEquals(forward, backward, "walking backward sees what walking forward sees");
        assertEquals(forward.size(), node.count);
        return forward;
    }

    @Test
    void randomOperationsMatchAModel() {
        for (int round = 0; round < 50; round++) {
            ListNode node = ListNode.empty(8, random.nextBoolean());
            List<String> model = new ArrayList<>();
            for (int step = 0; step < 400; step++) {
                byte[] e = element();
                String s = new String(e, StandardCharsets.US_ASCII);
                int op = random.nextInt(10);
                if (model.isEmpty() && op >= 4) op = random.nextInt(4);
                switch (op) {
                    case 0 -> { node.pushFirst(e); model.addFirst(s); }
                    case 1 -> { node.pushLast(e); model.addLast(s); }
                    case 2, 3 -> {
                        int i = random.nextInt(model.size() + 1);
                        node.insertAt(i == model.size() ? node.end : node.offsetOf(i), e);
                        model.add(i, s);
                    }
                    case 4 -> { node.removeFirst(); model.removeFirst(); }
                    case 5 -> { node.removeLast(); model.removeLast(); }
                    case 6 -> {
                        int i = random.nextInt(model.size());
                        node.replaceAt(node.offsetOf(i), e);
                        model.set(i, s);
                    }
                    case 7 -> {
                        int from = random.nextInt(model.size());
                        int n = 1 + random.nextInt(Math.min(5, model.size() - from));
                        node.removeRange(from, n);
                        model.subList(from, from + n).clear();
                    }
                    case 8 -> {
                        int i = random.nextInt(model.size());
                        node.removeAt(node.offsetOf(i));
                        model.remove(i);
                    }
                    default -> {
                        String target = "v" + random.nextInt(5);
                        int removed = node.removeMatches(node.start, node.end,
                                Listpack.encode(target.getBytes(StandardCharsets.US_ASCII)));
                        int before = model.size();
                        model.removeIf(target::equals);
                        assertEquals(before - model.size(), removed);
                    }
                }
                assertEquals(model, contents(node), "after operation " + op + " at step " + step);
            }
        }
    }

    @Test
    void splitAndAbsorbKeepOrder() {
        for (int round = 0; round < 200; round++) {
            ListNode node = ListNode.empty(8, true);
            List<String> model = new ArrayList<>();
            int n = 2 + random.nextInt(40);
            for (int i = 0; i < n; i++) {
                byte[] e = element();
                node.pushLast(e);
                model.add(new String(e, StandardCharsets.US_ASCII));
            }
            // as in Redis, never a split that leaves a side empty
            boolean after = random.nextBoolean();
            int index = random.nextInt(n - 1) + (after ? 0 : 1);
            ListNode part = node.split(index, after);
            List<String> left = after ? contents(node) : contents(part);
            List<String> right = after ? contents(part) : contents(node);
            int cut = after ? index + 1 : index;
            assertEquals(model.subList(0, cut), left);
            assertEquals(model.subList(cut, n), right);
            ListNode leftNode = after ? node : part;
            ListNode rightNode = after ? part : node;
            if (random.nextBoolean()) {
                leftNode.absorbNext(rightNode);
                assertEquals(model, contents(leftNode));
            } else {
                rightNode.absorbPrevious(leftNode);
                assertEquals(model, contents(rightNode));
            }
        }
    }

    @Test
    void sizeIsRedisListpackBytes() {
        ListNode node = ListNode.empty(8, true);
        assertEquals(7, node.bytes());
        node.pushLast("hello".getBytes(StandardCharsets.US_ASCII)); // 1 + 5 + 1
        node.pushFirst("100".getBytes(StandardCharsets.US_ASCII)); // 7-bit integer: 1 + 1
        assertEquals(7 + 7 + 2, node.bytes());
    }
}
