package dev.cinnabar.persistence.rdb;

import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.protocol.DoubleFormat;
import dev.cinnabar.zsets.ZsetValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sorted sets in RDB: ZSET_LISTPACK (member and score entries in rank order, a score stored as an integer when it is
 * one, else as its shortest decimal text) and ZSET_2 (a count, then member and binary double from the highest rank
 * down) as Redis 7.2 writes them; read also ZSET (scores as text), ZSET_ZIPLIST. NaN scores and repeated members are
 * format errors.
 */
final class ZsetCodec {
    private static final int SCORE_NAN = 253;
    private static final int SCORE_POSITIVE_INFINITY = 254;
    private static final int SCORE_NEGATIVE_INFINITY = 255;
    /** Integral scores in this range are stored as integers (Redis's double2ll). */
    private static final double INTEGRAL_LIMIT = (double) (Long.MAX_VALUE / 2);

    private ZsetCodec() {}

    static int type(ZsetValue zset) {
        return zset.isListpack() ? RdbFormat.TYPE_ZSET_LISTPACK : RdbFormat.TYPE_ZSET_2;
    }

    static void writeBody(RdbWriter out, ZsetValue zset) {
        if (zset.isListpack()) {
            Listpacks.Builder lp = new Listpacks.Builder();
            byte[] text = new byte[DoubleFormat.MAX_LENGTH];
            zset.forEach(false, (member, score) -> {
                lp.add(member);
                if (score >= -INTEGRAL_LIMIT && score <= INTEGRAL_LIMIT && score == (long) score) {
                    lp.addInteger((long) score);
                } else {
                    lp.add(text, 0, DoubleFormat.format(score, text, 0));
                }
            });
            out.writeString(lp.toBlob());
            return;
        }
        out.writeLength(zset.size());
        zset.forEach(true, (member, score) -> {   // highest first, so that loading inserts at the head
            out.writeString(member);
            out.writeLongLittleEndian(Double.doubleToRawLongBits(score));
        });
    }

    /** The sorted set, or null when it is empty. */
    static ZsetValue read(RdbReader in, int type, RdbLimits limits) {
        List<byte[]> members;
        double[] scores;
        boolean checkLengths;
        if (type == RdbFormat.TYPE_ZSET || type == RdbFormat.TYPE_ZSET_2) {
            long n = in.readLength();
            members = new ArrayList<>((int) Math.min(n, 1024));
            scores = new double[(int) Math.min(n, 1024)];
            for (long i = 0; i < n; i++) {
                members.add(in.readString());
                double score = type == RdbFormat.TYPE_ZSET_2
                        ? Double.longBitsToDouble(in.readLongLittleEndian()) : readTextScore(in);
                if (i == scores.length) scores = Arrays.copyOf(scores, (int) Math.min(n, scores.length * 2L));
                scores[(int) i] = score;
            }
            checkLengths = true;
        } else {
            byte[] blob = in.readString();
            List<byte[]> entries = type == RdbFormat.TYPE_ZSET_ZIPLIST ? LegacyBlobs.ziplist(blob) : Listpacks.decode(blob);
            if (entries.size() % 2 != 0) throw new RdbFormatException("sorted set with an odd number of elements");
            members = new ArrayList<>(entries.size() / 2);
            scores = new double[entries.size() / 2];
            for (int i = 0; i < entries.size(); i += 2) {
                members.add(entries.get(i));
                scores[i / 2] = parseScore(entries.get(i + 1));
            }
            checkLengths = false;
        }
        if (members.isEmpty()) return null;
        for (int i = 0; i < members.size(); i++) {
            if (Double.isNaN(scores[i])) throw new RdbFormatException("sorted set with a NaN score");
        }
        Duplicates.check(members, 1, "sorted set");
        boolean listpack = members.size() <= limits.zsetMaxListpackEntries();
        if (listpack && checkLengths) {
            long total = 0;
            for (byte[] m : members) {
                total += m.length;
                if (m.length > limits.zsetMaxListpackValue()) listpack = false;
            }
            if (total > RdbLimits.LISTPACK_SAFETY_SIZE) listpack = false;
        }
        return ZsetValue.ofElements(members, scores, listpack);
    }

    /** RDB_TYPE_ZSET's score: a length byte (or NaN / infinity markers) and the score as decimal text. */
    private static double readTextScore(RdbReader in) {
        int length = in.readByte();
        return switch (length) {
            case SCORE_NAN -> Double.NaN;
            case SCORE_POSITIVE_INFINITY -> Double.POSITIVE_INFINITY;
            case SCORE_NEGATIVE_INFINITY -> Double.NEGATIVE_INFINITY;
            default -> parseScore(in.readRaw(length));
        };
    }

    private static double parseScore(byte[] text) {
        try {
            return Numbers.parseDouble(text, RedisError.NOT_FLOAT);
        } catch (RedisError notAFloat) {
            throw new RdbFormatException("invalid sorted set score");
        }
    }
}
