package dev.cinnabar.zsets;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.MemberSet;
import dev.cinnabar.notify.KeyEvent;
import dev.cinnabar.protocol.Reply;

import java.util.Arrays;
import java.util.Comparator;

/**
 * ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD (Redis's zunionInterDiffGenericCommand). Inputs may be
 * sorted sets or plain sets (members with score 1); a missing key is an empty input. The result is built as a skip
 * list and, when stored, turned back into a listpack if it is small enough, as Redis does.
 */
final class SetOperations {
    private enum Op { UNION, INTER, DIFF }

    private static final int SUM = 0, MIN = 1, MAX = 2;
    private static final RedisError WEIGHT_NOT_FLOAT = new RedisError("ERR weight value is not a float");
    private static final RedisError LIMIT_NEGATIVE = new RedisError("ERR LIMIT can't be negative");

    private SetOperations() {}

    static void register(CommandTable.Builder table) {
        table.handle("zunionstore", ctx -> run(ctx, true, 2, Op.UNION, false))
                .handle("zinterstore", ctx -> run(ctx, true, 2, Op.INTER, false))
                .handle("zdiffstore", ctx -> run(ctx, true, 2, Op.DIFF, false))
                .handle("zunion", ctx -> run(ctx, false, 1, Op.UNION, false))
                .handle("zinter", ctx -> run(ctx, false, 1, Op.INTER, false))
                .handle("zdiff", ctx -> run(ctx, false, 1, Op.DIFF, false))
                .handle("zintercard", ctx -> run(ctx, false, 1, Op.INTER, true));
    }

    /** Receives the elements of an input; returns false to stop. */
    private interface ElementVisitor {
        boolean visit(byte[] member, double score);
    }

    /** One input: a sorted set, a plain set or nothing, with its weight. */
    private static final class Source {
        final Object value;
        double weight = 1;

        Source(Object value) {
            this.value = value;
        }

        long size() {
            if (value instanceof ZsetValue z) return z.size();
            return value instanceof MemberSet s ? s.size() : 0;
        }

        /** The member's score in this input, or NaN when it is not there. */
        double score(byte[] member) {
            if (value instanceof ZsetValue z) return z.score(member);
            return value instanceof MemberSet s && s.contains(member) ? 1.0 : Double.NaN;
        }

        void forEach(ElementVisitor visitor) {
            if (value instanceof ZsetValue z) {
                ZsetEncoding set = z.set();
                for (int p = set.first(); p != ZsetEncoding.NONE; p = set.next(p)) {
                    if (!visitor.visit(set.member(p), set.score(p))) return;
                }
            } else if (value instanceof MemberSet s) {
                s.forEachMember(member -> visitor.visit(member, 1.0));
            }
        }
    }

    private static void run(CommandContext ctx, boolean store, int numkeysIndex, Op op, boolean cardinalityOnly) {
        long setnum = Numbers.parseLong(ctx.arg(numkeysIndex));
        if (setnum < 1) {
            throw new RedisError("ERR at least 1 input key is needed for '" + ctx.command().fullName() + "' command");
        }
        if (setnum > ctx.argc() - (numkeysIndex + 1)) throw RedisError.SYNTAX;
        int n = (int) setnum;
        Source[] src = new Source[n];
        for (int i = 0; i < n; i++) {
            Object value = ctx.db().lookupRead(ctx.arg(numkeysIndex + 1 + i));
            if (value != null && !(value instanceof ZsetValue) && !(value instanceof MemberSet)) {
                throw RedisError.WRONG_TYPE;
            }
            src[i] = new Source(value);
        }

        int aggregate = SUM;
        boolean withScores = false;
        long limit = 0;
        int argc = ctx.argc();
        for (int j = numkeysIndex + 1 + n; j < argc; ) {
            int remaining = argc - j;
            if (op != Op.DIFF && !cardinalityOnly && remaining >= n + 1 && ctx.argIs(j, "weights")) {
                j++;
                for (int i = 0; i < n; i++) src[i].weight = Numbers.parseDouble(ctx.arg(j++), WEIGHT_NOT_FLOAT);
            } else if (op != Op.DIFF && !cardinalityOnly && remaining >= 2 && ctx.argIs(j, "aggregate")) {
                j++;
                if (ctx.argIs(j, "sum")) aggregate = SUM;
                else if (ctx.argIs(j, "min")) aggregate = MIN;
                else if (ctx.argIs(j, "max")) aggregate = MAX;
                else throw RedisError.SYNTAX;
                j++;
            } else if (!store && !cardinalityOnly && ctx.argIs(j, "withscores")) {
                j++;
                withScores = true;
            } else if (cardinalityOnly && remaining >= 2 && ctx.argIs(j, "limit")) {
                limit = Numbers.parseLong(ctx.arg(j + 1), LIMIT_NEGATIVE);
                if (limit < 0) throw LIMIT_NEGATIVE;
                j += 2;
            } else {
                throw RedisError.SYNTAX;
            }
        }
        // Smallest inputs first (a stable sort, so equal sizes keep their order): fewer lookups for ZINTER.
        if (op != Op.DIFF) Arrays.sort(src, Comparator.comparingLong(Source::size));

        if (cardinalityOnly) {
            ctx.reply().integer(intersectionSize(src, limit));
            return;
        }
        SkipList result = switch (op) {
            case UNION -> union(src, aggregate);
            case INTER -> intersection(src, aggregate);
            case DIFF -> difference(src);
        };
        if (store) {
            store(ctx, new ZsetValue(result), op == Op.UNION ? KeyEvent.ZUNIONSTORE
                    : op == Op.INTER ? KeyEvent.ZINTERSTORE : KeyEvent.ZDIFFSTORE);
        } else {
            Reply reply = ctx.reply();
            Zsets.elementsHeader(reply, result.size(), withScores);
            for (int p = result.first(); p != ZsetEncoding.NONE; p = result.next(p)) {
                Zsets.element(reply, result, p, withScores);
            }
        }
    }

    private static void store(CommandContext ctx, ZsetValue result, KeyEvent event) {
        if (result.size() == 0) {
            ctx.reply().integer(0);
            Zsets.store(ctx.db(), ctx.arg(1), result, event);
            return;
        }
        ZsetEncoding set = result.set();
        long longest = 0, total = 0;
        for (int p = set.first(); p != ZsetEncoding.NONE; p = set.next(p)) {
            int length = set.memberLength(p);
            longest = Math.max(longest, length);
            total += length;
        }
        result.compactIfSmall(longest, total, ctx.server().config());
        ctx.reply().integer(result.size());
        Zsets.store(ctx.db(), ctx.arg(1), result, event);
    }

    /** Redis's zunionInterAggregate: a sum of +inf and -inf counts as 0. */
    private static double aggregate(int how, double target, double value) {
        return switch (how) {
            case SUM -> {
                double sum = target + value;
                yield Double.isNaN(sum) ? 0 : sum;
            }
            case MIN -> value < target ? value : target;
            default -> value > target ? value : target;
        };
    }

    /** weight * score, where 0 * inf counts as 0. */
    private static double weighted(Source source, double score) {
        double value = source.weight * score;
        return Double.isNaN(value) ? 0 : value;
    }

    private static SkipList union(Source[] src, int how) {
        SkipList result = new SkipList((int) Math.min(src[src.length - 1].size(), 1 << 20));
        for (Source source : src) {
            source.forEach((member, score) -> {
                double value = weighted(source, score);
                int pos = result.find(member);
                if (pos == ZsetEncoding.NONE) result.insert(value, member);
                else result.setScore(pos, aggregate(how, result.score(pos), value));
                return true;
            });
        }
        return result;
    }

    private static SkipList intersection(Source[] src, int how) {
        SkipList result = new SkipList(0);
        if (src[0].size() == 0) return result;
        src[0].forEach((member, score) -> {
            double value = scoreInAll(src, member, score, how);
            if (!Double.isNaN(value)) result.insert(value, member);
            return true;
        });
        return result;
    }

    /**
     * The aggregated score of a member of src[0] that every other input has too, or NaN when one lacks it (an
     * aggregate is never NaN: a NaN term is dropped by MIN and MAX, and a NaN sum counts as 0).
     */
    private static double scoreInAll(Source[] src, byte[] member, double score, int how) {
        double value = weighted(src[0], score);
        for (int j = 1; j < src.length; j++) {
            double found;
            if (src[j].value == src[0].value) found = score;       // the same key twice: its own score
            else if (Double.isNaN(found = src[j].score(member))) return Double.NaN;
            value = aggregate(how, value, found * src[j].weight);
        }
        return value;
    }

    /** ZINTERCARD: counts the intersection, stopping at limit (0: no limit). */
    private static long intersectionSize(Source[] src, long limit) {
        long[] count = {0};
        if (src[0].size() == 0) return 0;
        src[0].forEach((member, score) -> {
            if (Double.isNaN(scoreInAll(src, member, score, SUM))) return true;
            return ++count[0] != limit;
        });
        return count[0];
    }

    /**
     * ZDIFF with Redis's two algorithms, picked by the same estimate of their work: walk the first input and keep
     * what no other input has (better when the first is small), or copy the first input and remove what the
     * others have (better when the others are small).
     */
    private static SkipList difference(Source[] src) {
        if (src[0].size() == 0) return new SkipList(0);
        long firstWork = 0, secondWork = 0;
        for (int j = 0; j < src.length; j++) {
            if (j > 0 && src[0].value == src[j].value) return new SkipList(0);   // everything is removed
            firstWork += src[0].size();
            secondWork += src[j].size();
        }
        firstWork /= 2;
        if (firstWork <= secondWork) {
            Source[] others = Arrays.copyOfRange(src, 1, src.length);
            Arrays.sort(others, Comparator.comparingLong(Source::size).reversed());
            SkipList result = new SkipList(0);
            src[0].forEach((member, score) -> {
                for (Source other : others) {
                    if (!Double.isNaN(other.score(member))) return true;
                }
                result.insert(score, member);
                return true;
            });
            return result;
        }
        SkipList result = new SkipList((int) Math.min(src[0].size(), 1 << 20));
        src[0].forEach((member, score) -> {
            result.insert(score, member);
            return true;
        });
        for (int j = 1; j < src.length && result.size() > 0; j++) {
            src[j].forEach((member, score) -> {
                int pos = result.find(member);
                if (pos != ZsetEncoding.NONE) result.delete(pos);
                return result.size() > 0;
            });
        }
        return result;
    }
}
