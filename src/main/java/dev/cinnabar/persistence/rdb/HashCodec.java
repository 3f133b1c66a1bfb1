package dev.cinnabar.persistence.rdb;

import dev.cinnabar.hashes.HashValue;

import java.util.ArrayList;
import java.util.List;

/**
 * Hashes in RDB: HASH_LISTPACK for the listpack encoding (pairs in insertion order), HASH (a count and the pairs) for
 * a hashtable; read also from zipmaps and ziplists. Duplicate fields are a format error.
 */
final class HashCodec {
    private HashCodec() {}

    static int type(HashValue hash) {
        return hash.isListpack() ? RdbFormat.TYPE_HASH_LISTPACK : RdbFormat.TYPE_HASH;
    }

    static void writeBody(RdbWriter out, HashValue hash) {
        if (hash.isListpack()) {
            Listpacks.Builder lp = new Listpacks.Builder();
            hash.forEach((a, fo, fl, vo, vl) -> {
                lp.add(a, fo, fl);
                lp.add(a, vo, vl);
            });
            out.writeString(lp.toBlob());
            return;
        }
        out.writeLength(hash.size());
        hash.forEach((a, fo, fl, vo, vl) -> {
            out.writeString(a, fo, fl);
            out.writeString(a, vo, vl);
        });
    }

    /** The hash, or null when it is empty. */
    static HashValue read(RdbReader in, int type, RdbLimits limits) {
        List<byte[]> pairs;
        boolean checkLengths;
        if (type == RdbFormat.TYPE_HASH) {
            long n = in.readLength();
            pairs = new ArrayList<>((int) Math.min(n, 512) * 2);
            for (long i = 0; i < n; i++) {
                pairs.add(in.readString());
                pairs.add(in.readString());
            }
            checkLengths = true;
        } else if (type == RdbFormat.TYPE_HASH_ZIPMAP) {
            pairs = LegacyBlobs.zipmap(in.readString());
            checkLengths = true;
        } else {
            byte[] blob = in.readString();
            pairs = type == RdbFormat.TYPE_HASH_ZIPLIST ? LegacyBlobs.ziplist(blob) : Listpacks.decode(blob);
            if (pairs.size() % 2 != 0) throw new RdbFormatException("hash with an odd number of elements");
            checkLengths = false;   // a listpack read as it is only converts for its entry count
        }
        if (pairs.isEmpty()) return null;
        Duplicates.check(pairs, 2, "hash");
        boolean listpack = pairs.size() / 2 <= limits.hashMaxListpackEntries();
        if (listpack && checkLengths) {
            long total = 0;
            for (byte[] s : pairs) {
                total += s.length;
                if (s.length > limits.hashMaxListpackValue()) listpack = false;
            }
            if (total > RdbLimits.LISTPACK_SAFETY_SIZE) listpack = false;
        }
        return HashValue.ofPairs(pairs, listpack);
    }
}
