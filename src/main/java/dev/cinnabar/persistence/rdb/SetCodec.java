package dev.cinnabar.persistence.rdb;

import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.sets.SetValue;

import java.util.ArrayList;
import java.util.List;

/**
 * Sets in RDB: SET_INTSET (Redis's intset blob), SET_LISTPACK (7.2; members in insertion order) and SET (a count and
 * the members) for a hashtable. Loading converts as Redis's loader does; repeated members are a format error.
 */
final class SetCodec {
    private SetCodec() {}

    static int type(SetValue set, int version) {
        if (set.isIntset()) return RdbFormat.TYPE_SET_INTSET;
        return set.isListpack() && version >= 11 ? RdbFormat.TYPE_SET_LISTPACK : RdbFormat.TYPE_SET;
    }

    static void writeBody(RdbWriter out, SetValue set) {
        if (set.isIntset()) {
            out.writeString(LegacyBlobs.intsetBlob(set.intsetWidth(), set.size(), set::intsetMember));
        } else if (set.isListpack() && out.version() >= 11) {
            Listpacks.Builder lp = new Listpacks.Builder();
            set.forEach((bytes, offset, length) -> {
                lp.add(bytes, offset, length);
                return true;
            });
            out.writeString(lp.toBlob());
        } else {
            out.writeLength(set.size());
            set.forEach((bytes, offset, length) -> {
                out.writeString(bytes, offset, length);
                return true;
            });
        }
    }

    /** The set, or null when it is empty. */
    static SetValue read(RdbReader in, int type, RdbLimits limits) {
        if (type == RdbFormat.TYPE_SET_INTSET) {
            long[] members = LegacyBlobs.intset(in.readString());
            if (members.length <= limits.setMaxIntsetEntries()) return SetValue.ofIntegers(members);
            List<byte[]> strings = new ArrayList<>(members.length);
            for (long m : members) strings.add(Numbers.toBytes(m));
            return SetValue.ofMembers(strings, false);
        }
        if (type == RdbFormat.TYPE_SET_LISTPACK) {
            List<byte[]> members = Listpacks.decode(in.readString());
            if (members.isEmpty()) return null;
            Duplicates.check(members, 1, "set");
            return SetValue.ofMembers(members, members.size() <= limits.setMaxListpackEntries());
        }
        long n = in.readLength();
        if (n == 0) return null;
        List<byte[]> members = new ArrayList<>((int) Math.min(n, 1024));
        for (long i = 0; i < n; i++) members.add(in.readString());
        Duplicates.check(members, 1, "set");
        if (n > limits.intsetMaxEntries()) return SetValue.ofMembers(members, false);
        long[] integers = integers(members);
        if (integers != null) return SetValue.ofIntegers(integers);
        boolean listpack = n <= limits.setMaxListpackEntries();
        long total = 0;
        for (byte[] m : members) {
            total += m.length;
            if (m.length > limits.setMaxListpackValue()) listpack = false;
        }
        return SetValue.ofMembers(members, listpack && total <= RdbLimits.LISTPACK_SAFETY_SIZE);
    }

    /** The members as sorted integers when every one is an integer an intset can hold, else null. */
    private static long[] integers(List<byte[]> members) {
        long[] values = new long[members.size()];
        for (int i = 0; i < values.length; i++) {
            try {
                values[i] = Numbers.parseLong(members.get(i), RedisError.NOT_INTEGER);
            } catch (RedisError notAnInteger) {
                return null;
            }
        }
        java.util.Arrays.sort(values);
        return values;
    }
}
