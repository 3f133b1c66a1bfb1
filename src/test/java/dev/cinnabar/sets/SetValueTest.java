package dev.cinnabar.sets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.config.ConfigException;
import dev.cinnabar.config.ServerConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** The set value on its own: its encodings, the conversions between them, copies and random removal. */
class SetValueTest {
    private final ServerConfig config = new ServerConfig();

    @BeforeEach
    void smallLimits() throws ConfigException {
        limits(4, 6, 5);
    }

    private void limits(long intsetEntries, long listpackEntries, long listpackValue) throws ConfigException {
        config.setMaxIntsetEntries.set(List.of(String.valueOf(intsetEntries)));
        config.setMaxListpackEntries.set(List.of(String.valueOf(listpackEntries)));
        config.setMaxListpackValue.set(List.of(String.valueOf(listpackValue)));
    }

    private SetValue setOf(String... members) {
        SetValue set = SetValue.create(bytes(members[0]), members.length, config);
        set.maybeConvert(members.length, config);
        for (String m : members) set.add(bytes(m), config);
        return set;
    }

    @Test
    void createdEncodingFollowsTheFirstMemberAndTheSizeHint() {
        assertEquals("intset", SetValue.create(bytes("1"), 4, config).encoding());
        assertEquals("listpack", SetValue.create(bytes("1"), 5, config).encoding());
        assertEquals("listpack", SetValue.create(bytes("a"), 6, config).encoding());
        assertEquals("hashtable", SetValue.create(bytes("a"), 7, config).encoding());
        assertEquals("listpack", SetValue.create(bytes("01"), 1, config).encoding());
    }

    @Test
    void intsetConversions() {
        SetValue ints = setOf("3", "1", "2", "4");
        assertEquals("intset", ints.encoding());
        assertEquals(List.of("1", "2", "3", "4"), members(ints));
        ints.add(bytes("5"), config);
        assertEquals("hashtable", ints.encoding(), "more integers than set-max-intset-entries");

        SetValue mixed = setOf("3", "1");
        mixed.add(bytes("x"), config);
        assertEquals("listpack", mixed.encoding());
        assertEquals(List.of("1", "3", "x"), members(mixed), "the sorted integers, then the string");

        SetValue wide = setOf("-1234", "1");          // "-1234" takes 5 characters, as many as the limit allows
        wide.add(bytes("x"), config);
        assertEquals("listpack", wide.encoding());
        SetValue wider = setOf("123456", "1");
        wider.add(bytes("x"), config);
        assertEquals("hashtable", wider.encoding(), "an integer longer than set-max-listpack-value");

        SetValue longString = setOf("1");
        longString.add(bytes("abcdef"), config);
        assertEquals("hashtable", longString.encoding());
    }

    @Test
    void listpackConversionsAndOrder() {
        SetValue list = setOf("d", "b", "c");
        assertEquals("listpack", list.encoding());
        assertTrue(list.remove(bytes("b")));
        list.add(bytes("a"), config);
        list.add(bytes("b"), config);
        assertEquals(List.of("d", "c", "a", "b"), members(list));
        assertFalse(list.add(bytes("a"), config));
        list.add(bytes("e"), config);
        list.add(bytes("f"), config);
        assertEquals("listpack", list.encoding());
        list.add(bytes("g"), config);
        assertEquals("hashtable", list.encoding());
        assertEquals(Set.of("a", "b", "c", "d", "e", "f", "g"), new HashSet<>(members(list)));
        for (String m : List.of("a", "b", "c", "d", "e", "f")) assertTrue(list.remove(bytes(m)));
        assertEquals("hashtable", list.encoding(), "removals never convert back");
    }

    @Test
    void convertsToAnIntsetWhenAllIntegersFit() {
        SetValue set = SetValue.newListpack();
        for (String m : List.of("5", "-2", "7")) set.add(bytes(m), config);
        set.maybeConvertToIntset(config);
        assertEquals("intset", set.encoding());
        assertEquals(List.of("-2", "5", "7"), members(set));
        SetValue big = SetValue.newListpack();
        for (String m : List.of("1", "2", "3", "4", "5")) big.add(bytes(m), config);
        big.maybeConvertToIntset(config);
        assertEquals("listpack", big.encoding(), "more than set-max-intset-entries");
    }

    @Test
    void copiesKeepTheEncodingAndAreIndependent() throws ConfigException {
        limits(512, 128, 64);
        for (SetValue set : List.of(setOf("1", "2"), setOf("a", "b"), bigSet(300))) {
            SetValue copy = set.copy();
            assertEquals(set.encoding(), copy.encoding());
            assertEquals(new HashSet<>(members(set)), new HashSet<>(members(copy)));
            copy.add(bytes("extra"), config);
            assertFalse(set.contains(bytes("extra")));
        }
    }

    @Test
    void membershipTakesSlices() {
        byte[] framed = bytes("[member:3]");
        for (SetValue set : List.of(setOf("member:3", "x"), bigSet(50))) {
            assertTrue(set.contains(framed, 1, 8), set.encoding());
            assertFalse(set.contains(framed, 1, 7), set.encoding());
        }
        byte[] number = bytes("(42)");
        SetValue ints = setOf("42");
        assertTrue(ints.contains(number, 1, 2));
        assertFalse(ints.contains(number, 0, 3));
    }

    @Test
    void visitingStopsWhenAsked() {
        for (SetValue set : List.of(setOf("1", "2", "3"), setOf("a", "b", "c"), bigSet(50))) {
            int[] visits = {0};
            assertFalse(set.forEach((b, o, l) -> ++visits[0] < 2));
            assertEquals(2, visits[0], set.encoding());
        }
    }

    @Test
    void randomPopsDrainEachEncoding() {
        Random random = new Random(3);
        for (SetValue set : List.of(setOf("1", "2", "3"), setOf("a", "b", "c"), bigSet(50))) {
            Set<String> all = new HashSet<>(members(set));
            Set<String> popped = new HashSet<>();
            while (set.size() > 0) {
                List<String> one = new ArrayList<>();
                if (random.nextBoolean()) set.writeRandomMember((b, o, l) -> one.add(text(b, o, l)));
                else set.popRandomMember((b, o, l) -> popped.add(text(b, o, l)));
                assertTrue(one.isEmpty() || all.contains(one.get(0)));
            }
            assertEquals(all, popped);
        }
    }

    private SetValue bigSet(int n) {
        SetValue set = SetValue.newListpack();
        for (int i = 0; i < n; i++) set.add(bytes("member:" + i), config);
        assertEquals("hashtable", set.encoding());
        return set;
    }

    private static List<String> members(SetValue set) {
        List<String> out = new ArrayList<>();
        set.forEach((b, o, l) -> out.add(text(b, o, l)));
        return out;
    }

    private static String text(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
