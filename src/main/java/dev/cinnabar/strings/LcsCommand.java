package dev.cinnabar.strings;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.protocol.Reply;

import java.util.Arrays;

/** LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN] */
final class LcsCommand {
    private static final RedisError NOT_STRINGS = new RedisError("ERR The specified keys must contain string values");
    private static final RedisError LEN_AND_IDX =
            new RedisError("ERR If you want both the length and indexes, please just use IDX.");
    private static final RedisError EXCEEDS_LIMIT =
            new RedisError("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
    private static final RedisError ALLOCATION_FAILED =
            new RedisError("ERR Insufficient memory, failed allocating transient memory for LCS");

    private LcsCommand() {}

    static void register(CommandTable.Builder table) {
        table.handle("lcs", LcsCommand::lcs);
    }

    static void lcs(CommandContext ctx) {
        Database db = ctx.db();
        Object a = db.lookupRead(ctx.arg(1));
        Object b = db.lookupRead(ctx.arg(2));
        if ((a != null && !Strings.isString(a)) || (b != null && !Strings.isString(b))) throw NOT_STRINGS;
        boolean wantLength = false, wantIndexes = false, withMatchLength = false;
        long minMatchLength = 0;
        for (int i = 3; i < ctx.argc(); i++) {
            if (ctx.argIs(i, "idx")) {
                wantIndexes = true;
            } else if (ctx.argIs(i, "len")) {
                wantLength = true;
            } else if (ctx.argIs(i, "withmatchlen")) {
                withMatchLength = true;
            } else if (ctx.argIs(i, "minmatchlen") && i + 1 < ctx.argc()) {
                minMatchLength = Math.max(0, ctx.argLong(++i));
            } else {
                throw RedisError.SYNTAX;
            }
        }
        if (wantLength && wantIndexes) throw LEN_AND_IDX;

        byte[] aBytes = a == null ? Strings.EMPTY : Strings.buffer(a);
        int aLength = a == null ? 0 : Strings.length(a);
        byte[] bBytes = b == null ? Strings.EMPTY : Strings.buffer(b);
        int bLength = b == null ? 0 : Strings.length(b);
        // Redis refuses when its table (4 bytes a cell) would exceed proto-max-bulk-len; the same limit applies
        // here although this table is smaller, so that both accept the same inputs.
        long cells = (aLength + 1L) * (bLength + 1L);
        if (cells > Long.MAX_VALUE / 4) throw ALLOCATION_FAILED;
        if (cells * 4 > ctx.server().config().protoMaxBulkLen.value()) throw EXCEEDS_LIMIT;

        Reply reply = ctx.reply();
        if (wantLength) {
            reply.integer(Lcs.length(aBytes, aLength, bBytes, bLength));
            return;
        }
        Lcs lcs = computeTable(aBytes, aLength, bBytes, bLength);
        if (!wantIndexes) {
            reply.bulk(lcs.walk(0, (as, ae, bs, be) -> { }));
            return;
        }
        Ranges ranges = new Ranges();
        lcs.walk(minMatchLength, ranges);
        reply.mapHeader(2);
        reply.bulk("matches");
        reply.arrayHeader(ranges.count);
        for (int r = 0; r < ranges.count; r++) {
            int[] v = ranges.values;
            int at = r * 4;
            reply.arrayHeader(withMatchLength ? 3 : 2);
            reply.arrayHeader(2);
            reply.integer(v[at]);
            reply.integer(v[at + 1]);
            reply.arrayHeader(2);
            reply.integer(v[at + 2]);
            reply.integer(v[at + 3]);
            if (withMatchLength) reply.integer(v[at + 1] - v[at] + 1);
        }
        reply.bulk("len");
        reply.integer(lcs.length());
    }

    private static Lcs computeTable(byte[] a, int aLength, byte[] b, int bLength) {
        if (!Lcs.tableFitsArray(aLength, bLength)) throw ALLOCATION_FAILED;
        try {
            return Lcs.table(a, aLength, b, bLength);
        } catch (OutOfMemoryError e) { // a transient table only: nothing else was being allocated
            throw ALLOCATION_FAILED;
        }
    }

    /** The ranges of the IDX reply, four ints each, collected because the reply starts with their count. */
    private static final class Ranges implements Lcs.RangeVisitor {
        int[] values = new int[32];
        int count;

        @Override
        public void range(int aStart, int aEnd, int bStart, int bEnd) {
            if ((count + 1) * 4 > values.length) values = Arrays.copyOf(values, values.length * 2);
            int at = count++ * 4;
            values[at] = aStart;
            values[at + 1] = aEnd;
            values[at + 2] = bStart;
            values[at + 3] = bEnd;
        }
    }
}
