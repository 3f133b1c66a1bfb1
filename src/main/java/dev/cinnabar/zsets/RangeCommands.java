package dev.cinnabar.zsets;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.config.ServerConfig;
import dev.cinnabar.notify.KeyEvent;
import dev.cinnabar.protocol.Reply;

/**
 * The range commands: ZRANGE (by rank, BYSCORE, BYLEX, REV, LIMIT, WITHSCORES) and the older forms it generalizes,
 * ZRANGESTORE, ZCOUNT, ZLEXCOUNT and the ZREMRANGEBY* family. Every range is found in O(log n) on a skip list
 * (ranks through spans, an offset by rank arithmetic) and then walked for its m elements.
 */
final class RangeCommands {
    private static final RedisError LIMIT_WITH_RANK =
            new RedisError("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
    private static final RedisError WITHSCORES_WITH_LEX =
            new RedisError("ERR syntax error, WITHSCORES not supported in combination with BYLEX");

    private enum By { AUTO, RANK, SCORE, LEX }

    private RangeCommands() {}

    static void register(CommandTable.Builder table) {
        table.handle("zrange", ctx -> range(ctx, 1, false, By.AUTO, null))
                .handle("zrangestore", ctx -> range(ctx, 2, true, By.AUTO, null))
                .handle("zrevrange", ctx -> range(ctx, 1, false, By.RANK, true))
                .handle("zrangebyscore", ctx -> range(ctx, 1, false, By.SCORE, false))
                .handle("zrevrangebyscore", ctx -> range(ctx, 1, false, By.SCORE, true))
                .handle("zrangebylex", ctx -> range(ctx, 1, false, By.LEX, false))
                .handle("zrevrangebylex", ctx -> range(ctx, 1, false, By.LEX, true))
                .handle("zcount", ctx -> count(ctx, ScoreRange.parse(ctx.arg(2), ctx.arg(3))))
                .handle("zlexcount", ctx -> count(ctx, LexRange.parse(ctx.arg(2), ctx.arg(3))))
                .handle("zremrangebyrank", RangeCommands::removeByRank)
                .handle("zremrangebyscore", ctx -> removeInRange(ctx, ScoreRange.parse(ctx.arg(2), ctx.arg(3)),
                        KeyEvent.ZREMRANGEBYSCORE))
                .handle("zremrangebylex", ctx -> removeInRange(ctx, LexRange.parse(ctx.arg(2), ctx.arg(3)),
                        KeyEvent.ZREMRANGEBYLEX));
    }

    /** Where the elements of a range go: to the client, or into a new sorted set (ZRANGESTORE). */
    private interface Sink {
        void emit(ZsetEncoding set, int pos);
    }

    /**
     * Redis's zrangeGenericCommand: {@code <src> <min> <max> [BYSCORE|BYLEX] [REV] [WITHSCORES] [LIMIT offset
     * count]} from argument {@code srcIndex}. The fixed forms (ZREVRANGE, ZRANGEBYSCORE...) pass their range type
     * and direction, which the options may then not change. Errors come in Redis's order: options, conflicting
     * options, the range itself, then the key's type.
     */
    private static void range(CommandContext ctx, int srcIndex, boolean store, By by, Boolean reverse) {
        int minIndex = srcIndex + 1, maxIndex = srcIndex + 2;
        boolean withScores = false;
        long offset = 0, limit = -1;
        for (int j = srcIndex + 3; j < ctx.argc(); j++) {
            int left = ctx.argc() - j - 1;
            if (!store && ctx.argIs(j, "withscores")) {
                withScores = true;
            } else if (ctx.argIs(j, "limit") && left >= 2) {
                offset = Numbers.parseLong(ctx.arg(j + 1));
                limit = Numbers.parseLong(ctx.arg(j + 2));
                j += 2;
            } else if (reverse == null && ctx.argIs(j, "rev")) {
                reverse = true;
            } else if (by == By.AUTO && ctx.argIs(j, "bylex")) {
                by = By.LEX;
            } else if (by == By.AUTO && ctx.argIs(j, "byscore")) {
                by = By.SCORE;
            } else {
                throw RedisError.SYNTAX;
            }
        }
        boolean rev = reverse != null && reverse;
        if (by == By.AUTO) by = By.RANK;
        if (limit != -1 && by == By.RANK) throw LIMIT_WITH_RANK;
        if (withScores && by == By.LEX) throw WITHSCORES_WITH_LEX;
        if (rev && by != By.RANK) {              // the range is given as max, min
            int t = minIndex;
            minIndex = maxIndex;
            maxIndex = t;
        }
        long start = 0, end = 0;
        ZRange range = null;
        switch (by) {
            case RANK -> {
                start = Numbers.parseLong(ctx.arg(minIndex));
                end = Numbers.parseLong(ctx.arg(maxIndex));
            }
            case SCORE -> range = ScoreRange.parse(ctx.arg(minIndex), ctx.arg(maxIndex));
            default -> range = LexRange.parse(ctx.arg(minIndex), ctx.arg(maxIndex));
        }

        ZsetValue zset = Zsets.cast(ctx.db().lookupRead(ctx.arg(srcIndex)));
        if (zset == null) {
            if (store) storeResult(ctx, null);
            else ctx.reply().arrayHeader(0);
            return;
        }
        ZsetEncoding set = zset.set();
        Walk walk = by == By.RANK ? Walk.byRank(set, start, end, rev) : Walk.inRange(set, range, offset, limit, rev);
        if (store) {
            ZsetValue result = null;
            if (walk.count > 0) {
                ServerConfig config = ctx.server().config();
                // Sized by the count for a rank range, which Redis knows up front; by-score and by-lex results
                // start compact and convert as they grow (which also turns a -0 added before that into 0).
                ZsetValue dst = ZsetValue.create(by == By.RANK ? walk.count : 0, 0, config);
                walk.run(set, (s, p) -> dst.add(s.score(p), s.member(p), 0, null, config));
                result = dst;
            }
            storeResult(ctx, result);
            return;
        }
        Reply reply = ctx.reply();
        boolean scores = withScores;
        Zsets.elementsHeader(reply, walk.count, scores);
        walk.run(set, (s, p) -> Zsets.element(reply, s, p, scores));
    }

    /** ZRANGESTORE's end: the result replaces the destination, or an empty result deletes it. */
    private static void storeResult(CommandContext ctx, ZsetValue result) {
        ctx.reply().integer(result == null ? 0 : result.size());
        Zsets.store(ctx.db(), ctx.arg(1), result, KeyEvent.ZRANGESTORE);
    }

    /**
     * The elements a range command selects: where the walk starts, its direction, how many elements it visits.
     * Counted before anything is written, so that replies carry their length up front.
     */
    private static final class Walk {
        final int start;
        final long count;
        final boolean reverse;

        private Walk(int start, long count, boolean reverse) {
            this.start = start;
            this.count = count;
            this.reverse = reverse;
        }

        static final Walk EMPTY = new Walk(ZsetEncoding.NONE, 0, false);

        /** Redis's genericZrangebyrankCommand: negative indexes count from the end; the range is clamped. */
        static Walk byRank(ZsetEncoding set, long start, long end, boolean reverse) {
            long length = set.size();
            if (start < 0) start = length + start;
            if (end < 0) end = length + end;
            if (start < 0) start = 0;
            if (start > end || start >= length) return EMPTY;
            if (end >= length) end = length - 1;
            int first = set.atRank(reverse ? length - 1 - start : start);
            return new Walk(first, end - start + 1, reverse);
        }

        /**
         * Redis's generic by-score and by-lex walks: from the first element in range (the last one when
         * reversed), skip offset elements, then take up to limit (all when negative) while they stay in range.
         * A negative offset selects nothing.
         */
        static Walk inRange(ZsetEncoding set, ZRange range, long offset, long limit, boolean reverse) {
            if (offset < 0 || (offset > 0 && offset >= set.size())) return EMPTY;
            int pos = reverse ? set.lastIn(range) : set.firstIn(range);
            if (pos == ZsetEncoding.NONE) return EMPTY;
            pos = set.skip(pos, offset, reverse);
            long count = 0;
            long remaining = limit < 0 ? Long.MAX_VALUE : limit;
            for (int p = pos; p != ZsetEncoding.NONE && count < remaining; p = reverse ? set.prev(p) : set.next(p)) {
                if (reverse ? !range.aboveMin(set, p) : !range.belowMax(set, p)) break;
                count++;
            }
            return new Walk(pos, count, reverse);
        }

        void run(ZsetEncoding set, Sink sink) {
            int p = start;
            for (long i = 0; i < count; i++) {
                sink.emit(set, p);
                p = reverse ? set.prev(p) : set.next(p);
            }
        }
    }

    /** ZCOUNT / ZLEXCOUNT key min max: the range is parsed before the key is looked up. */
    private static void count(CommandContext ctx, ZRange range) {
        ZsetValue zset = Zsets.read(ctx, ctx.arg(1));
        ctx.reply().integer(zset == null ? 0 : zset.set().count(range));
    }

    /** ZREMRANGEBYRANK key start stop */
    private static void removeByRank(CommandContext ctx) {
        long start = Numbers.parseLong(ctx.arg(2));
        long end = Numbers.parseLong(ctx.arg(3));
        ZsetValue zset = Zsets.write(ctx, ctx.arg(1));
        if (zset == null) {
            ctx.reply().integer(0);
            return;
        }
        long length = zset.size();
        if (start < 0) start = length + start;
        if (end < 0) end = length + end;
        if (start < 0) start = 0;
        if (start > end || start >= length) {
            ctx.reply().integer(0);
            return;
        }
        if (end >= length) end = length - 1;
        zset.set().deleteRanks(start, end);
        Zsets.afterRemoval(ctx.db(), ctx.arg(1), zset, KeyEvent.ZREMRANGEBYRANK);
        ctx.reply().integer(end - start + 1);
    }

    /**
     * ZREMRANGEBYSCORE / ZREMRANGEBYLEX key min max: from the first element in range, the following elements
     * are removed while they stay in range, as Redis's range deletions walk.
     */
    private static void removeInRange(CommandContext ctx, ZRange range, KeyEvent event) {
        ZsetValue zset = Zsets.write(ctx, ctx.arg(1));
        long removed = 0;
        if (zset != null) {
            ZsetEncoding set = zset.set();
            int first = set.firstIn(range);
            if (first != ZsetEncoding.NONE) {
                for (int p = first; p != ZsetEncoding.NONE && range.belowMax(set, p); p = set.next(p)) removed++;
                long from = set.rankOf(first);
                set.deleteRanks(from, from + removed - 1);
                Zsets.afterRemoval(ctx.db(), ctx.arg(1), zset, event);
            }
        }
        ctx.reply().integer(removed);
    }
}
