package dev.cinnabar.streams;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Stream ID parsing (Redis's string2ull rules), ordering, successor/predecessor, text, and the radix tree shape. */
class StreamIdTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void parsesAsRedisDoes() {
        assertEquals(new StreamId(5, 0), StreamId.parse(b("5"), 0));
        assertEquals(new StreamId(5, -1), StreamId.parse(b("5"), -1));
        assertEquals(new StreamId(-1, -1), StreamId.parse(b("18446744073709551615-18446744073709551615"), 0));
        assertEquals(StreamId.MIN, StreamId.parse(b("-"), 0));
        assertEquals(StreamId.MAX, StreamId.parse(b("+"), 0));
        assertEquals(new StreamId(1, 7), StreamId.parse(b("01-+7"), 0), "strtoull's leading zeros and sign");
        assertEquals(new StreamId(3, -1), StreamId.parse(b("3--01"), 0), "a non-canonical negative wraps around");
        assertEquals(new StreamId(3, 0), StreamId.parse(b("3--0"), 0));
        for (String bad : new String[] {"", "x", "1-", "-1", "1--1", "18446744073709551616", "1-2-3", "1 -2", "1x"}) {
            assertThrows(dev.cinnabar.command.RedisError.class, () -> StreamId.parse(b(bad), 0), bad);
        }
        assertThrows(dev.cinnabar.command.RedisError.class, () -> StreamId.parseStrict(b("+"), 0));
        assertEquals(new StreamId(9, 0), StreamId.parseForAdd(b("9-*")).id());
        assertEquals(false, StreamId.parseForAdd(b("9-*")).seqGiven());
        assertEquals(new StreamId(4, 0), StreamId.parse(b("4\u00005"), 0), "the C parser stops at a NUL byte");
    }

    @Test
    void ordersUnsignedAndSteps() {
        assertEquals(1, new StreamId(-1, 0).compareTo(new StreamId(1, 0)));
        assertEquals(new StreamId(2, 0), new StreamId(1, -1).next());
        assertNull(StreamId.MAX.next());
        assertEquals(new StreamId(0, -1), new StreamId(1, 0).previous());
        assertNull(StreamId.MIN.previous());
        assertArrayEquals(b("18446744073709551615-0"), new StreamId(-1, 0).toBytes());
        assertArrayEquals(b("1700000000000-42"), new StreamId(1700000000000L, 42).toBytes());
    }

    @Test
    void radixTreeNodeCounts() {
        assertEquals(1, RaxShape.nodeCount(List.of()));
        assertEquals(2, RaxShape.nodeCount(List.of(RaxShape.key(1, 0))));
        // two keys differing in the last byte: compressed prefix, branch, two leaves
        assertEquals(4, RaxShape.nodeCount(List.of(RaxShape.key(1, 0), RaxShape.key(1, 1))));
        // differing in the first byte: branching root, then a compressed node and a leaf for each
        assertEquals(5, RaxShape.nodeCount(List.of(RaxShape.key(1, 0), RaxShape.key(1L << 56, 0))));
    }
}
