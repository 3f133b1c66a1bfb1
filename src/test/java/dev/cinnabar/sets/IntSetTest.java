package dev.cinnabar.sets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/** The intset against a sorted set of longs: random adds and removals across all three widths. */
class IntSetTest {
    private static final long[] EDGES = {0, 1, -1, Short.MAX_VALUE, Short.MIN_VALUE, Short.MAX_VALUE + 1,
            Short.MIN_VALUE - 1, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L,
            Long.MAX_VALUE, Long.MIN_VALUE};

    @Test
    void behavesLikeASortedSet() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            IntSet set = new IntSet();
            TreeSet<Long> model = new TreeSet<>();
            int widest = random.nextInt(3);
            for (int op = 0; op < 300; op++) {
                long v = value(random, widest);
                if (random.nextInt(3) == 0) assertEquals(model.remove(v), set.remove(v));
                else assertEquals(model.add(v), set.add(v));
                long probe = value(random, widest);
                assertEquals(model.contains(probe), set.contains(probe));
            }
            assertEquals(new ArrayList<>(model), contents(set));
            if (!model.isEmpty()) {
                assertEquals(model.first(), set.min());
                assertEquals(model.last(), set.max());
            }
            IntSet copy = set.copy();
            copy.add(12345);
            assertEquals(new ArrayList<>(model), contents(set), "a copy is independent");
        }
    }

    @Test
    void membershipOfValuesWiderThanTheSet() {
        IntSet set = new IntSet();
        set.add(5);
        set.add(-5);
        for (long edge : EDGES) assertFalse(set.contains(edge));
        set.add(Long.MIN_VALUE);
        set.add(Long.MAX_VALUE);
        assertEquals(List.of(Long.MIN_VALUE, -5L, 5L, Long.MAX_VALUE), contents(set));
        set.remove(Long.MIN_VALUE);
        set.remove(Long.MAX_VALUE);
        assertEquals(List.of(-5L, 5L), contents(set));
    }

    private static long value(Random random, int widest) {
        if (random.nextInt(10) == 0) return EDGES[random.nextInt(EDGES.length)];
        return switch (random.nextInt(widest + 1)) {
            case 0 -> random.nextInt(200) - 100;
            case 1 -> random.nextInt();
            default -> random.nextLong();
        };
    }

    private static List<Long> contents(IntSet set) {
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) values.add(set.get(i));
        return values;
    }
}
