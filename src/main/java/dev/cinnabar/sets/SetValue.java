package dev.cinnabar.sets;

import dev.cinnabar.keyspace.Footprint;

import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.config.ServerConfig;
import dev.cinnabar.keyspace.BytesSink;
import dev.cinnabar.keyspace.Dict;
import dev.cinnabar.keyspace.MemberSet;
import dev.cinnabar.keyspace.RedisValue;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A set value, in one of Redis 7.2's three encodings, converting between them by the rules of Redis's t_set.c so
 * that OBJECT ENCODING answers what Redis answers at every point:
 * <ul>
 *   <li><b>intset</b> ({@link IntSet}): every member an integer, at most set-max-intset-entries of them; members
 *       come out sorted ascending.</li>
 *   <li><b>listpack</b> ({@link Listpack}): at most set-max-listpack-entries members of at most
 *       set-max-listpack-value bytes; members come out in insertion order.</li>
 *   <li><b>hashtable</b> ({@link Dict}, members as keys with an empty value, one packed array per member).</li>
 * </ul>
 * Sets only grow into larger encodings (an intset becomes a listpack, or a hashtable when the listpack limits do
 * not allow it); removals never convert back. Only results built from scratch (SINTERSTORE) can be turned into an
 * intset again. Exactly one of the three fields is set.
 *
 * <p>Members are passed as a slice of an array (bytes, offset, length), so that members read in place from
 * another set or from a request need no copy.
 */
public final class SetValue implements RedisValue, MemberSet {
    private static final byte[] NO_VALUE = new byte[0];
    /** Redis caps intsets at 2^30 members whatever set-max-intset-entries says. */
    private static final long INTSET_HARD_LIMIT = 1L << 30;

    /** Receives members in place: {@code length} bytes of the array from {@code offset}; return false to stop. */
    public interface MemberVisitor extends Dict.KeySliceVisitor {}

    private IntSet ints;
    private Listpack list;
    private Dict table;

    private SetValue(IntSet ints, Listpack list, Dict table) {
        this.ints = ints;
        this.list = list;
        this.table = table;
    }

    static SetValue newIntset() {
        return new SetValue(new IntSet(), null, null);
    }

    static SetValue newListpack() {
        return new SetValue(null, new Listpack(), null);
    }

    /**
     * An empty set that can hold {@code first} and about {@code sizeHint} members (Redis's setTypeCreate): an
     * intset when the first member is an integer and the hint fits an intset, else a listpack when the hint fits
     * one, else a hashtable.
     */
    static SetValue create(byte[] first, long sizeHint, ServerConfig config) {
        if (isInteger(first, 0, first.length) && sizeHint <= config.setMaxIntsetEntries.value()) return newIntset();
        if (sizeHint <= config.setMaxListpackEntries.value()) return newListpack();
        return new SetValue(null, null, new Dict());
    }

    @Override
    public String typeName() {
        return "set";
    }

    @Override
    public String encoding() {
        if (ints != null) return "intset";
        return list != null ? "listpack" : "hashtable";
    }

    public boolean isIntset() {
        return ints != null;
    }

    public boolean isListpack() {
        return list != null;
    }

    /** Bytes per member of an intset (2, 4 or 8): the width Redis's intset would have. */
    public int intsetWidth() {
        return ints.width();
    }

    /** An intset member by index, ascending. */
    public long intsetMember(int index) {
        return ints.get(index);
    }

    /** Loading: an intset of these distinct integers, given in ascending order. */
    public static SetValue ofIntegers(long[] ascending) {
        IntSet ints = new IntSet();
        for (long v : ascending) ints.add(v);
        return new SetValue(ints, null, null);
    }

    /** Loading: a set of these distinct members, in the listpack encoding in this order, or as a hashtable. */
    public static SetValue ofMembers(java.util.List<byte[]> members, boolean listpack) {
        if (listpack) {
            Listpack packed = new Listpack();
            for (byte[] m : members) packed.append(m, 0, m.length);
            return new SetValue(null, packed, null);
        }
        SetValue set = new SetValue(null, null, new Dict(members.size()));
        for (byte[] m : members) set.table.insertNew(m, NO_VALUE, 0);
        return set;
    }

    boolean isHashtable() {
        return table != null;
    }

    IntSet intset() {
        return ints;
    }

    Listpack listpack() {
        return list;
    }

    Dict hashtable() {
        return table;
    }

    @Override
    public int size() {
        if (ints != null) return ints.size();
        return list != null ? list.size() : table.size();
    }

    // ---- conversions --------------------------------------------------------------------------------------------

    /** Converts to a hashtable up front when about {@code sizeHint} members are coming (setTypeMaybeConvert). */
    void maybeConvert(long sizeHint, ServerConfig config) {
        if ((list != null && sizeHint > config.setMaxListpackEntries.value())
                || (ints != null && sizeHint > config.setMaxIntsetEntries.value())) {
            convertToHashtable();
        }
    }

    private void convertToHashtable() {
        Dict dict = new Dict(size()); // presized, as Redis expands the dict before moving members in
        forEach((bytes, offset, length) -> {
            dict.insertNew(Arrays.copyOfRange(bytes, offset, offset + length), NO_VALUE, 0);
            return true;
        });
        ints = null;
        list = null;
        table = dict;
    }

    private void convertToListpack() {
        Listpack packed = new Listpack();
        forEach((bytes, offset, length) -> {
            packed.append(bytes, offset, length);
            return true;
        });
        ints = null;
        table = null;
        list = packed;
    }

    /**
     * Turns a set whose members are known to all be integers into an intset, unless it has too many members for
     * one (Redis's maybeConvertToIntset, used for SINTERSTORE results).
     */
    void maybeConvertToIntset(ServerConfig config) {
        if (ints != null || size() > intsetMaxEntries(config)) return;
        IntSet converted = new IntSet();
        forEach((bytes, offset, length) -> {
            converted.add(Numbers.parseLong(bytes, offset, length, RedisError.NOT_INTEGER));
            return true;
        });
        list = null;
        table = null;
        ints = converted;
    }

    /** Takes over the other set's members and encoding (SPOP replacing a set with the members it keeps). */
    void replaceWith(SetValue other) {
        ints = other.ints;
        list = other.list;
        table = other.table;
    }

    private static long intsetMaxEntries(ServerConfig config) {
        return Math.min(config.setMaxIntsetEntries.value(), INTSET_HARD_LIMIT);
    }

    // ---- members ------------------------------------------------------------------------------------------------

    boolean add(byte[] member, ServerConfig config) {
        return add(member, 0, member.length, config);
    }

    /** Adds a member, converting the encoding when a limit is crossed (setTypeAdd); false if already a member. */
    boolean add(byte[] member, int offset, int length, ServerConfig config) {
        if (table != null) return addToTable(member, offset, length);
        if (list != null) {
            if (list.find(member, offset, length) != Listpack.END) return false;
            if (list.size() < config.setMaxListpackEntries.value() && length <= config.setMaxListpackValue.value()) {
                list.append(member, offset, length);
            } else {
                convertToHashtable();
                addToTable(member, offset, length);
            }
            return true;
        }
        long value;
        try {
            value = Numbers.parseLong(member, offset, length, RedisError.NOT_INTEGER);
        } catch (RedisError notAnInteger) {
            addStringToIntset(member, offset, length, config);
            return true;
        }
        if (!ints.add(value)) return false;
        if (ints.size() > intsetMaxEntries(config)) convertToHashtable();
        return true;
    }

    /**
     * A string joins an intset: the set becomes a listpack if the members already there and the new one fit the
     * listpack limits (judging the integers by the longest of the smallest and the largest), a hashtable if not.
     */
    private void addStringToIntset(byte[] member, int offset, int length, ServerConfig config) {
        int n = ints.size();
        int longestInteger = n == 0 ? 0
                : Math.max(Numbers.decimalLength(ints.min()), Numbers.decimalLength(ints.max()));
        long maxValue = config.setMaxListpackValue.value();
        if (n < config.setMaxListpackEntries.value() && length <= maxValue && longestInteger <= maxValue) {
            convertToListpack();
            list.append(member, offset, length);
        } else {
            convertToHashtable();
            addToTable(member, offset, length);
        }
    }

    private boolean addToTable(byte[] member, int offset, int length) {
        if (table.find(member, offset, length) != Dict.MISSING) return false;
        // the dict packs the key into its own entry array, so a whole array can be handed over as it is
        byte[] key = offset == 0 && length == member.length
                ? member : Arrays.copyOfRange(member, offset, offset + length);
        table.insertNew(key, NO_VALUE, 0);
        return true;
    }

    boolean remove(byte[] member) {
        return remove(member, 0, member.length);
    }

    /** Removes a member; false if it was not one. The encoding never changes. */
    boolean remove(byte[] member, int offset, int length) {
        if (table != null) {
            int handle = table.find(member, offset, length);
            if (handle == Dict.MISSING) return false;
            table.removeAt(handle);
            return true;
        }
        if (list != null) {
            int position = list.find(member, offset, length);
            if (position == Listpack.END) return false;
            list.removeAt(position);
            return true;
        }
        try {
            return ints.remove(Numbers.parseLong(member, offset, length, RedisError.NOT_INTEGER));
        } catch (RedisError notAnInteger) {
            return false;
        }
    }

    @Override
    public boolean contains(byte[] member) {
        return contains(member, 0, member.length);
    }

    boolean contains(byte[] member, int offset, int length) {
        if (table != null) return table.find(member, offset, length) != Dict.MISSING;
        if (list != null) return list.find(member, offset, length) != Listpack.END;
        try {
            return ints.contains(Numbers.parseLong(member, offset, length, RedisError.NOT_INTEGER));
        } catch (RedisError notAnInteger) {
            return false;
        }
    }

    /** Each member in its own array (for ZUNION and the other sorted-set commands that read plain sets). */
    @Override
    public void forEachMember(java.util.function.Predicate<byte[]> visitor) {
        forEach((bytes, offset, length) -> visitor.test(Arrays.copyOfRange(bytes, offset, offset + length)));
    }

    /**
     * Visits the members in the encoding's order (intset ascending, listpack insertion order, hashtable slot
     * order) until the visitor returns false; returns false if it stopped early. The bytes are only valid during
     * the call, and the visitor must not modify this set.
     */
    public boolean forEach(MemberVisitor visitor) {
        if (table != null) return table.forEachKeyWhile(visitor);
        if (list != null) {
            byte[] data = list.data();
            for (int p = list.first(); p != Listpack.END; p = list.next(p)) {
                if (!visitor.visit(data, list.memberOffset(p), list.memberLength(p))) return false;
            }
            return true;
        }
        byte[] digits = new byte[20];
        for (int i = 0, n = ints.size(); i < n; i++) {
            if (!visitor.visit(digits, 0, Numbers.formatLong(ints.get(i), digits, 0))) return false;
        }
        return true;
    }

    /** Writes one member chosen uniformly at random to the sink; the set must not be empty. */
    void writeRandomMember(BytesSink sink) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (table != null) {
            table.writeKey(table.randomEntry(), sink);
        } else if (list != null) {
            int p = list.positionOf(random.nextInt(list.size()));
            sink.write(list.data(), list.memberOffset(p), list.memberLength(p));
        } else {
            writeInteger(ints.get(random.nextInt(ints.size())), sink);
        }
    }

    /** Removes a member chosen uniformly at random and writes it to the sink; the set must not be empty. */
    void popRandomMember(BytesSink sink) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (table != null) {
            int handle = table.randomEntry();
            table.writeKey(handle, sink);
            table.removeAt(handle);
        } else if (list != null) {
            int p = list.positionOf(random.nextInt(list.size()));
            sink.write(list.data(), list.memberOffset(p), list.memberLength(p));
            list.removeAt(p);
        } else {
            int index = random.nextInt(ints.size());
            writeInteger(ints.get(index), sink);
            ints.removeAt(index);
        }
    }

    static void writeInteger(long value, BytesSink sink) {
        byte[] digits = Numbers.toBytes(value);
        sink.write(digits, 0, digits.length);
    }

    /** True when the bytes are an integer as Redis's string2ll accepts it (what an intset can hold). */
    static boolean isInteger(byte[] bytes, int offset, int length) {
        try {
            Numbers.parseLong(bytes, offset, length, RedisError.NOT_INTEGER);
            return true;
        } catch (RedisError notAnInteger) {
            return false;
        }
    }

    /** A copy in the same encoding (COPY). */
    @Override
    public SetValue copy() {
        if (ints != null) return new SetValue(ints.copy(), null, null);
        if (list != null) return new SetValue(null, list.copy(), null);
        SetValue copy = new SetValue(null, null, new Dict(size()));
        forEach((bytes, offset, length) -> copy.addToTable(bytes, offset, length));
        return copy;
    }

    private static final long SHELL = Footprint.object(3, 0);

    @Override
    public long memoryUsage(int samples) {
        if (ints != null) return SHELL + ints.footprint();
        if (list != null) return SHELL + list.footprint();
        return SHELL + table.memoryBytes();
    }
}
