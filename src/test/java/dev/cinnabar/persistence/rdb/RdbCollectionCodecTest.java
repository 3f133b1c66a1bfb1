package dev.cinnabar.persistence.rdb;

import static dev.cinnabar.persistence.rdb.LegacyFormats.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cinnabar.hashes.HashValue;
import dev.cinnabar.lists.ListValue;
import dev.cinnabar.sets.SetValue;
import dev.cinnabar.zsets.ZsetValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The list, hash, set and sorted-set codecs: round trips in every encoding (small and large, binary, integers,
 * compressible), every legacy encoding built by {@link LegacyFormats}, the loader's encoding conversions, and
 * malformed input (which must raise {@link RdbFormatException} and nothing else).
 */
class RdbCollectionCodecTest {
    private static final RdbLimits DEFAULTS = RdbLimits.defaults();

    /** n distinct elements of every kind: integers of each width, text, binary, long and compressible strings. */
    static List<byte[]> elements(int n, int seed) {
        Random rnd = new Random(seed);
        List<byte[]> out = new ArrayList<>() {
            final java.util.Set<String> seen = new java.util.HashSet<>();

            @Override
            public boolean add(byte[] e) {
                return seen.add(Contents.s(e, 0, e.length)) && super.add(e);
            }
        };
        long[] integers = {0, 1, 12, 13, -1, 127, 128, -128, -129, 4095, -4096, 32767, -32769, 8388607, -8388609,
            2147483647L, -2147483649L, Long.MAX_VALUE, Long.MIN_VALUE};
        for (int i = 0; out.size() < n; i++) {
            switch (i % 6) {
                case 0 -> out.add(b(Long.toString(integers[(i / 6) % integers.length] + i / 6 / integers.length * 7)));
                case 1 -> out.add(b("member:" + i));
                case 2 -> {
                    byte[] bin = new byte[rnd.nextInt(40)];
                    rnd.nextBytes(bin);
                    bin = Arrays.copyOf(bin, bin.length + 4);
                    bin[bin.length - 4] = (byte) (i >> 24);
                    bin[bin.length - 3] = (byte) (i >> 16);
                    bin[bin.length - 2] = (byte) (i >> 8);
                    bin[bin.length - 1] = (byte) i;
                    out.add(bin);
                }
                case 3 -> out.add(b("x".repeat(60 + i % 100) + i));
                case 4 -> out.add(b(("compressible " + i + " ").repeat(30)));
                default -> out.add(b("1.5e" + i));
            }
        }
        return out;
    }

    private static Object roundTrip(Object value) {
        return DumpPayload.decode(DumpPayload.create(value), DEFAULTS);
    }

    private static void assertRoundTrip(Object value, String expectedEncoding) {
        String before = Contents.of(value);
        assertTrue(before.contains("/" + expectedEncoding + " "), before.substring(0, Math.min(80, before.length())));
        assertEquals(before, Contents.of(roundTrip(value)));
    }

    @Test
    void listsRoundTripInBothEncodings() {
        assertRoundTrip(ListValue.ofElements(elements(5, 1), -2), "listpack");
        assertRoundTrip(ListValue.ofElements(List.of(b("a")), -2), "listpack");
        assertRoundTrip(ListValue.ofElements(elements(2000, 2), -2), "quicklist");
        assertRoundTrip(ListValue.ofElements(List.of(b("y".repeat(100_000))), -2), "quicklist");
        assertRoundTrip(ListValue.ofElements(elements(300, 3), 5), "quicklist");
    }

    @Test
    void hashesRoundTripInBothEncodings() {
        List<byte[]> small = elements(20, 4);
        assertRoundTrip(HashValue.ofPairs(small.subList(0, 6), true), "listpack");
        assertRoundTrip(HashValue.ofPairs(elements(2000, 5), false), "hashtable");
    }

    @Test
    void setsRoundTripInAllThreeEncodings() {
        assertRoundTrip(SetValue.ofIntegers(new long[] {-5, 1, 2, 300}), "intset");
        assertRoundTrip(SetValue.ofIntegers(new long[] {Long.MIN_VALUE, 0, Integer.MAX_VALUE + 1L}), "intset");
        assertRoundTrip(SetValue.ofMembers(List.of(b("a"), b("1"), b("bb")), true), "listpack");
        assertRoundTrip(SetValue.ofMembers(elements(1000, 6), false), "hashtable");
    }

    @Test
    void sortedSetsRoundTripInBothEncodings() {
        List<byte[]> members = elements(10, 7).subList(0, 3);
        double[] scores = {1.5, -0.0, Double.POSITIVE_INFINITY};
        assertRoundTrip(ZsetValue.ofElements(members, scores, true), "listpack");
        List<byte[]> many = elements(1000, 8);
        double[] manyScores = new double[many.size()];
        Random rnd = new Random(9);
        for (int i = 0; i < manyScores.length; i++) {
            manyScores[i] = switch (i % 4) {
                case 0 -> rnd.nextInt(1000);
                case 1 -> rnd.nextDouble() * 1e20;
                case 2 -> Double.NEGATIVE_INFINITY;
                default -> -rnd.nextDouble();
            };
        }
        assertRoundTrip(ZsetValue.ofElements(many, manyScores, false), "skiplist");
        double[] few = {0.1, 1e300, -4.9e-324};
        assertRoundTrip(ZsetValue.ofElements(List.of(b("a"), b("b"), b("c")), few, true), "listpack");
    }

    @Test
    void listpackSortedSetScoresAreWrittenAsRedisWritesThem() {
        ZsetValue zset = ZsetValue.ofElements(List.of(b("a"), b("b"), b("c"), b("d")),
                new double[] {3, 1.5, -0.0, Double.POSITIVE_INFINITY}, true);
        RdbWriter out = new RdbWriter();
        RdbValues.write(out, zset);
        RdbReader in = new RdbReader(out.toByteArray());
        assertEquals(RdbFormat.TYPE_ZSET_LISTPACK, in.readByte());
        List<byte[]> entries = Listpacks.decode(in.readString());
        assertEquals("[c, 0, b, 1.5, a, 3, d, inf]", entries.stream().map(e -> new String(e)).toList().toString());
    }

    // ---- legacy encodings ---------------------------------------------------------------------------------------

    private static Object read(byte[] record) {
        return RdbValues.read(new RdbReader(record), DEFAULTS);
    }

    @Test
    void ziplistListsLoadAsQuicklists() {
        List<byte[]> items = elements(50, 10);
        items.add(b("z".repeat(300)));   // a previous-entry length of five bytes follows it
        items.add(b("after"));
        Object list = read(LegacyFormats.blobValue(RdbFormat.TYPE_LIST_ZIPLIST, LegacyFormats.ziplist(items)));
        assertEquals(Contents.of(ListValue.ofElements(items, -2)).replace("listpack", "quicklist"), Contents.of(list));
    }

    @Test
    void quicklistsOfZiplistsAndPlainListsLoadAndConvert() {
        List<byte[]> a = elements(4, 11);
        List<byte[]> c = List.of(b("tail"), b("-7"));
        Object small = read(LegacyFormats.quicklistOfZiplists(List.of(a, List.of(), c)));
        List<byte[]> all = new ArrayList<>(a);
        all.addAll(c);
        assertEquals("list/quicklist " + strings(all), Contents.of(small), "two nodes stay a quicklist");
        Object one = read(LegacyFormats.quicklistOfZiplists(List.of(a)));
        assertEquals("list/listpack " + strings(a), Contents.of(one), "one small node becomes a listpack");
        Object plain = read(LegacyFormats.plainValue(RdbFormat.TYPE_LIST, a, 1));
        assertEquals("list/listpack " + strings(a), Contents.of(plain));
        assertNull(read(LegacyFormats.quicklistOfZiplists(List.of(List.of()))), "only empty nodes: an empty key");
    }

    @Test
    void quicklistPlainNodesHoldOneElementEach() {
        RdbWriter out = new RdbWriter();
        out.writeByte(RdbFormat.TYPE_LIST_QUICKLIST_2);
        out.writeLength(3);
        out.writeLength(2);
        Listpacks.Builder lp = new Listpacks.Builder();
        lp.add(b("a"));
        lp.addInteger(-300);
        out.writeString(lp.toBlob());
        out.writeLength(1);                    // PLAIN: the node is the element itself
        out.writeString(b("p".repeat(5000)));
        out.writeLength(2);
        out.writeString(new Listpacks.Builder().toBlob());   // an empty node is skipped
        assertEquals("list/quicklist [a, -300, " + "p".repeat(5000) + "]", Contents.of(read(out.toByteArray())));
        RdbWriter badContainer = new RdbWriter();
        badContainer.writeByte(RdbFormat.TYPE_LIST_QUICKLIST_2);
        badContainer.writeLength(1);
        badContainer.writeLength(3);
        badContainer.writeString(lp.toBlob());
        assertThrows(RdbFormatException.class, () -> read(badContainer.toByteArray()));
    }

    private static String strings(List<byte[]> items) {
        return items.stream().map(e -> Contents.s(e, 0, e.length)).toList().toString();
    }

    @Test
    void zipmapsAndZiplistHashesLoad() {
        List<byte[]> pairs = List.of(b("f1"), b("v1"), b("n"), b("12345"), b("big"), b("v".repeat(300)), b(""), b(""));
        Object fromZipmap = read(LegacyFormats.blobValue(RdbFormat.TYPE_HASH_ZIPMAP, LegacyFormats.zipmap(pairs)));
        assertEquals(Contents.of(HashValue.ofPairs(pairs, false)), Contents.of(fromZipmap), "a long value: hashtable");
        List<byte[]> small = pairs.subList(0, 4);
        assertEquals(Contents.of(HashValue.ofPairs(small, true)),
                Contents.of(read(LegacyFormats.blobValue(RdbFormat.TYPE_HASH_ZIPMAP, LegacyFormats.zipmap(small)))));
        assertEquals(Contents.of(HashValue.ofPairs(small, true)),
                Contents.of(read(LegacyFormats.blobValue(RdbFormat.TYPE_HASH_ZIPLIST, LegacyFormats.ziplist(small)))));
        assertEquals(Contents.of(HashValue.ofPairs(small, true)),
                Contents.of(read(LegacyFormats.plainValue(RdbFormat.TYPE_HASH, small, 2))));
    }

    @Test
    void intsetsAndPlainSetsLoadInTheEncodingTheLimitsCallFor() {
        assertEquals("set/intset [-70000, 1, 2]",
                Contents.of(read(LegacyFormats.blobValue(RdbFormat.TYPE_SET_INTSET,
                        LegacyFormats.intset(8, -70000, 1, 2)))));
        long[] many = new long[600];
        for (int i = 0; i < many.length; i++) many[i] = i * 3L;
        assertTrue(Contents.of(read(LegacyFormats.blobValue(RdbFormat.TYPE_SET_INTSET,
                LegacyFormats.intset(2, many)))).startsWith("set/hashtable "), "past set-max-intset-entries");
        assertEquals("set/intset [1, 5]", Contents.of(read(LegacyFormats.plainValue(RdbFormat.TYPE_SET,
                List.of(b("5"), b("1")), 1))));
        assertEquals("set/listpack [1, a]", Contents.of(read(LegacyFormats.plainValue(RdbFormat.TYPE_SET,
                List.of(b("1"), b("a")), 1))));
        assertEquals("set/hashtable [1, " + "a".repeat(65) + "]", Contents.of(read(LegacyFormats.plainValue(
                RdbFormat.TYPE_SET, List.of(b("1"), b("a".repeat(65))), 1))));
    }

    @Test
    void sortedSetsWithTextScoresAndZiplistsLoad() {
        List<byte[]> members = List.of(b("a"), b("b"), b("c"), b("d"));
        double[] scores = {2.5, Double.NEGATIVE_INFINITY, 1e-7, Double.POSITIVE_INFINITY};
        String expected = "zset/listpack [b=-Infinity, c=1.0E-7, a=2.5, d=Infinity]";
        assertEquals(expected, Contents.of(read(LegacyFormats.zsetWithTextScores(members, scores))));
        List<byte[]> zl = List.of(b("a"), b("2.5"), b("b"), b("-inf"), b("c"), b("1e-7"), b("d"), b("inf"));
        assertEquals(expected, Contents.of(read(LegacyFormats.blobValue(RdbFormat.TYPE_ZSET_ZIPLIST,
                LegacyFormats.ziplist(zl)))));
        assertThrows(RdbFormatException.class, () -> read(LegacyFormats.zsetWithTextScores(members,
                new double[] {1, Double.NaN, 2, 3})), "NaN scores are corrupt");
    }

    @Test
    void loadingConvertsToTheLargeEncodingPastTheConfiguredLimits() {
        RdbLimits tight = new RdbLimits(-2, 2, 64, 2, 2, 64, 2, 64);
        HashValue hash = HashValue.ofPairs(List.of(b("a"), b("1"), b("b"), b("2"), b("c"), b("3")), true);
        assertEquals("hashtable", DumpPayload.decode(DumpPayload.create(hash), tight) instanceof HashValue h
                ? h.encoding() : "");
        ZsetValue zset = ZsetValue.ofElements(List.of(b("a"), b("b"), b("c")), new double[] {1, 2, 3}, true);
        assertEquals("skiplist", ((ZsetValue) DumpPayload.decode(DumpPayload.create(zset), tight)).encoding());
        SetValue set = SetValue.ofMembers(List.of(b("a"), b("b"), b("c")), true);
        assertEquals("hashtable", ((SetValue) DumpPayload.decode(DumpPayload.create(set), tight)).encoding());
        SetValue ints = SetValue.ofIntegers(new long[] {1, 2, 3});
        assertEquals("hashtable", ((SetValue) DumpPayload.decode(DumpPayload.create(ints), tight)).encoding());
    }

    // ---- malformed input ----------------------------------------------------------------------------------------

    @Test
    void duplicatesWrongCountsAndStreamsAreFormatErrors() {
        assertThrows(RdbFormatException.class, () -> read(LegacyFormats.plainValue(RdbFormat.TYPE_SET,
                List.of(b("a"), b("a")), 1)));
        assertThrows(RdbFormatException.class, () -> read(LegacyFormats.plainValue(RdbFormat.TYPE_HASH,
                List.of(b("a"), b("1"), b("a"), b("2")), 2)));
        assertThrows(RdbFormatException.class, () -> read(LegacyFormats.blobValue(RdbFormat.TYPE_HASH_ZIPLIST,
                LegacyFormats.ziplist(List.of(b("a"), b("1"), b("b"))))), "odd element count");
        assertThrows(RdbFormatException.class, () -> read(LegacyFormats.blobValue(RdbFormat.TYPE_SET_INTSET,
                LegacyFormats.intset(2, 5, 3))), "descending intset");
        assertThrows(RdbFormatException.class, () -> read(LegacyFormats.blobValue(RdbFormat.TYPE_SET_INTSET,
                LegacyFormats.intset(3, 1))), "invalid width");
        byte[] lp = Listpacks.decode(new byte[] {7, 0, 0, 0, 0, 0, (byte) 0xFF}).isEmpty()
                ? new byte[] {8, 0, 0, 0, 2, 0, 1, 1, (byte) 0xFF} : null;
        assertThrows(RdbFormatException.class, () -> Listpacks.decode(lp), "entry with a wrong backlen");
        RdbFormatException stream = assertThrows(RdbFormatException.class,
                () -> read(new byte[] {(byte) RdbFormat.TYPE_STREAM_LISTPACKS_3, 1, 1, 'x'}));
        assertTrue(stream.getMessage().contains("stream"), stream.getMessage());
        assertThrows(RdbFormatException.class, () -> read(new byte[] {(byte) RdbFormat.TYPE_MODULE_2, 0}));
    }

    /** Every payload of every type, truncated anywhere or with any byte changed, loads or fails cleanly. */
    @Test
    void truncatedAndCorruptedRecordsOnlyRaiseFormatErrors() {
        List<byte[]> records = new ArrayList<>();
        for (Object v : List.of(ListValue.ofElements(elements(40, 12), -2), ListValue.ofElements(elements(300, 13), -2),
                HashValue.ofPairs(elements(10, 14), true), HashValue.ofPairs(elements(200, 15), false),
                SetValue.ofIntegers(new long[] {1, 70000, 1L << 40}), SetValue.ofMembers(elements(7, 16), true),
                SetValue.ofMembers(elements(150, 17), false),
                ZsetValue.ofElements(elements(5, 18), new double[] {1, 2, 3, 4.5, -1}, true))) {
            RdbWriter out = new RdbWriter(false);   // uncompressed, so that corruption reaches the structures
            RdbValues.write(out, v);
            records.add(out.toByteArray());
        }
        records.add(LegacyFormats.blobValue(RdbFormat.TYPE_LIST_ZIPLIST, LegacyFormats.ziplist(elements(30, 19))));
        records.add(LegacyFormats.blobValue(RdbFormat.TYPE_HASH_ZIPMAP, LegacyFormats.zipmap(elements(20, 20))));
        records.add(LegacyFormats.quicklistOfZiplists(List.of(elements(8, 21), elements(3, 22))));
        records.add(LegacyFormats.zsetWithTextScores(elements(3, 23), new double[] {1, 2, 3}));
        Random rnd = new Random(24);
        for (byte[] record : records) {
            for (int cut = 0; cut < record.length; cut += 1 + record.length / 200) {
                byte[] truncated = Arrays.copyOf(record, cut);
                assertThrows(RdbFormatException.class, () -> read(truncated), "truncated at " + cut);
            }
            for (int i = 0; i < Math.min(record.length * 4, 3000); i++) {
                byte[] corrupt = record.clone();
                int at = rnd.nextInt(corrupt.length);
                corrupt[at] = (byte) (i % 2 == 0 ? corrupt[at] ^ (1 << rnd.nextInt(8)) : rnd.nextInt(256));
                try {
                    read(corrupt);
                } catch (RdbFormatException expected) {
                    // fine: refused
                } catch (RuntimeException | OutOfMemoryError e) {
                    fail("byte " + at + " of a type " + record[0] + " record: " + e, e);
                }
            }
        }
    }
}
