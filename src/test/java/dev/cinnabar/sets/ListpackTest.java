package dev.cinnabar.sets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;

/** The listpack against an insertion-ordered set, with members of every length class of the packed lengths. */
class ListpackTest {
    @Test
    void behavesLikeAnInsertionOrderedSet() {
        Random random = new Random(11);
        for (int round = 0; round < 100; round++) {
            Listpack list = new Listpack();
            LinkedHashSet<String> model = new LinkedHashSet<>();
            for (int op = 0; op < 200; op++) {
                String m = member(random);
                byte[] bytes = m.getBytes(StandardCharsets.ISO_8859_1);
                byte[] padded = ("#" + m + "#").getBytes(StandardCharsets.ISO_8859_1);   // looked up as a slice
                int position = list.find(padded, 1, bytes.length);
                assertEquals(model.contains(m), position != Listpack.END, m);
                if (random.nextInt(3) == 0) {
                    if (position != Listpack.END) list.removeAt(position);
                    model.remove(m);
                } else if (position == Listpack.END) {
                    list.append(bytes, 0, bytes.length);
                    model.add(m);
                }
                assertEquals(model.size(), list.size());
            }
            assertEquals(new ArrayList<>(model), contents(list));
            if (list.size() > 0) {
                int index = random.nextInt(list.size());
                assertEquals(new ArrayList<>(model).get(index), entry(list, list.positionOf(index)));
            }
            Listpack copy = list.copy();
            copy.append(new byte[] {'z'}, 0, 1);
            assertEquals(new ArrayList<>(model), contents(list), "a copy is independent");
        }
    }

    @Test
    void removesFlaggedEntriesInOnePass() {
        Listpack list = new Listpack();
        List<String> members = List.of("a", "bb", "x".repeat(200), "", "c", "y".repeat(20000));
        for (String m : members) list.append(m.getBytes(StandardCharsets.ISO_8859_1), 0, m.length());
        list.removeFlagged(new boolean[] {true, false, true, false, false, true});
        assertEquals(List.of("bb", "", "c"), contents(list));
        assertEquals(3, list.positions().length);
    }

    /** Lengths from 0 to beyond two length bytes. */
    private static String member(Random random) {
        int length = switch (random.nextInt(6)) {
            case 0 -> 0;
            case 1 -> 127 + random.nextInt(3);
            case 2 -> 16383 + random.nextInt(3);
            default -> 1 + random.nextInt(3);
        };
        char c = (char) ('a' + random.nextInt(3));
        return String.valueOf(c).repeat(length);
    }

    private static String entry(Listpack list, int position) {
        return new String(list.data(), list.memberOffset(position), list.memberLength(position),
                StandardCharsets.ISO_8859_1);
    }

    private static List<String> contents(Listpack list) {
        List<String> values = new ArrayList<>();
        for (int p = list.first(); p != Listpack.END; p = list.next(p)) values.add(entry(list, p));
        return values;
    }
}
