package dev.cinnabar.zsets;

import static dev.cinnabar.zsets.ZsetValue.ADDED;
import static dev.cinnabar.zsets.ZsetValue.GT;
import static dev.cinnabar.zsets.ZsetValue.INCR;
import static dev.cinnabar.zsets.ZsetValue.LT;
import static dev.cinnabar.zsets.ZsetValue.NAN;
import static dev.cinnabar.zsets.ZsetValue.NOP;
import static dev.cinnabar.zsets.ZsetValue.NX;
import static dev.cinnabar.zsets.ZsetValue.UPDATED;
import static dev.cinnabar.zsets.ZsetValue.XX;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.config.ServerConfig;
import dev.cinnabar.generic.ScanCursor;
import dev.cinnabar.generic.ScanOptions;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.notify.KeyEvent;
import dev.cinnabar.protocol.DoubleFormat;
import dev.cinnabar.protocol.Reply;

import java.util.ArrayList;
import java.util.List;

/**
 * The sorted-set commands that add, remove and look up single members (Redis's t_zset.c, first part), and the
 * registration of the whole group. Ranges, set operations and pops live in {@link RangeCommands},
 * {@link SetOperations} and {@link PopCommands}.
 */
public final class ZsetCommands {
    private static final RedisError XX_AND_NX = new RedisError("ERR XX and NX options at the same time are not compatible");
    private static final RedisError GT_LT_NX =
            new RedisError("ERR GT, LT, and/or NX options at the same time are not compatible");
    private static final RedisError INCR_PAIRS = new RedisError("ERR INCR option supports a single increment-element pair");
    private static final RedisError NAN_RESULT = new RedisError("ERR resulting score is not a number (NaN)");
    private static final byte[] ZERO = {'0'};

    private ZsetCommands() {}

    public static void register(CommandTable.Builder table) {
        table.handle("zadd", ctx -> add(ctx, 0))
                .handle("zincrby", ctx -> add(ctx, INCR))
                .handle("zrem", ZsetCommands::zrem)
                .handle("zscore", ZsetCommands::zscore)
                .handle("zmscore", ZsetCommands::zmscore)
                .handle("zcard", ZsetCommands::zcard)
                .handle("zrank", ctx -> rank(ctx, false))
                .handle("zrevrank", ctx -> rank(ctx, true))
                .handle("zscan", ZsetCommands::zscan);
        RangeCommands.register(table);
        SetOperations.register(table);
        PopCommands.register(table);
    }

    /** ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...], and ZINCRBY key increment member. */
    static void add(CommandContext ctx, int flags) {
        add(ctx, ctx.argv(), ctx.argc(), flags);
    }

    /**
     * ZADD with the arguments given as a ZADD command vector ("zadd", key, options, score member pairs): for
     * commands that turn their own arguments into a ZADD, as GEOADD does.
     */
    public static void zadd(CommandContext ctx, byte[][] argv) {
        add(ctx, argv, argv.length, 0);
    }

    private static void add(CommandContext ctx, byte[][] argv, int argc, int flags) {
        int scoreIndex = 2;
        boolean ch = false;
        for (; scoreIndex < argc; scoreIndex++) {
            byte[] option = argv[scoreIndex];
            if (CommandTable.equalsIgnoreCase("nx", option)) flags |= NX;
            else if (CommandTable.equalsIgnoreCase("xx", option)) flags |= XX;
            else if (CommandTable.equalsIgnoreCase("ch", option)) ch = true;
            else if (CommandTable.equalsIgnoreCase("incr", option)) flags |= INCR;
            else if (CommandTable.equalsIgnoreCase("gt", option)) flags |= GT;
            else if (CommandTable.equalsIgnoreCase("lt", option)) flags |= LT;
            else break;
        }
        int elements = argc - scoreIndex;
        if (elements % 2 != 0 || elements == 0) throw RedisError.SYNTAX;
        elements /= 2;
        boolean nx = (flags & NX) != 0, incr = (flags & INCR) != 0;
        if (nx && (flags & XX) != 0) throw XX_AND_NX;
        if (((flags & (GT | LT)) != 0 && nx) || (flags & (GT | LT)) == (GT | LT)) throw GT_LT_NX;
        if (incr && elements > 1) throw INCR_PAIRS;

        // Every score is checked before anything changes: the command runs fully or not at all.
        double first = Numbers.parseDouble(argv[scoreIndex]);
        double[] scores = null;
        if (elements > 1) {
            scores = new double[elements];
            scores[0] = first;
            for (int j = 1; j < elements; j++) scores[j] = Numbers.parseDouble(argv[scoreIndex + 2 * j]);
        }

        Database db = ctx.db();
        byte[] key = argv[1];
        ServerConfig config = ctx.server().config();
        ZsetValue zset = Zsets.write(ctx, key);
        int added = 0, updated = 0, processed = 0;
        double[] newScore = incr ? new double[1] : null;
        if (zset == null && (flags & XX) == 0) {
            zset = ZsetValue.create(elements, argv[scoreIndex + 1].length, config);
            db.set(key, zset, false);
        } else if (zset != null) {
            zset.prepareFor(elements, config);
        }
        if (zset != null) {
            for (int j = 0; j < elements; j++) {
                double score = scores == null ? first : scores[j];
                int result = zset.add(score, argv[scoreIndex + 1 + 2 * j], flags, newScore, config);
                if (result == NAN) throw NAN_RESULT;
                if ((result & ADDED) != 0) added++;
                if ((result & UPDATED) != 0) updated++;
                if ((result & NOP) == 0) processed++;
            }
        }
        Reply reply = ctx.reply();
        if (incr) {
            if (processed > 0) reply.doubleValue(newScore[0]);
            else reply.nullBulk();
        } else {
            reply.integer(ch ? added + updated : added);
        }
        if (added + updated > 0) db.modified(incr ? KeyEvent.ZINCR : KeyEvent.ZADD, key);
    }

    /** ZREM key member [member ...] */
    static void zrem(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        ZsetValue zset = Zsets.write(ctx, key);
        int deleted = 0;
        if (zset != null) {
            for (int j = 2; j < ctx.argc() && zset.size() > 0; j++) {
                if (zset.remove(ctx.arg(j))) deleted++;
            }
            if (deleted > 0) Zsets.afterRemoval(ctx.db(), key, zset, KeyEvent.ZREM);
        }
        ctx.reply().integer(deleted);
    }

    /** ZSCORE key member */
    static void zscore(CommandContext ctx) {
        ZsetValue zset = Zsets.read(ctx, ctx.arg(1));
        double score = zset == null ? Double.NaN : zset.score(ctx.arg(2));
        if (Double.isNaN(score)) ctx.reply().nullBulk();
        else ctx.reply().doubleValue(score);
    }

    /** ZMSCORE key member [member ...]: a missing key answers like an empty set. */
    static void zmscore(CommandContext ctx) {
        ZsetValue zset = Zsets.cast(ctx.db().lookupRead(ctx.arg(1)));
        Reply reply = ctx.reply();
        reply.arrayHeader(ctx.argc() - 2);
        for (int j = 2; j < ctx.argc(); j++) {
            double score = zset == null ? Double.NaN : zset.score(ctx.arg(j));
            if (Double.isNaN(score)) reply.nullBulk();
            else reply.doubleValue(score);
        }
    }

    /** ZCARD key */
    static void zcard(CommandContext ctx) {
        ZsetValue zset = Zsets.read(ctx, ctx.arg(1));
        ctx.reply().integer(zset == null ? 0 : zset.size());
    }

    /** ZRANK / ZREVRANK key member [WITHSCORE] */
    static void rank(CommandContext ctx, boolean reverse) {
        if (ctx.argc() > 4) {
            throw new RedisError("ERR wrong number of arguments for '" + ctx.command().fullName() + "' command");
        }
        boolean withScore = false;
        if (ctx.argc() == 4) {
            if (!ctx.argIs(3, "withscore")) throw RedisError.SYNTAX;
            withScore = true;
        }
        Reply reply = ctx.reply();
        ZsetValue zset = Zsets.read(ctx, ctx.arg(1));
        ZsetEncoding set = zset == null ? null : zset.set();
        int pos = set == null ? ZsetEncoding.NONE : set.find(ctx.arg(2));
        if (pos == ZsetEncoding.NONE) {
            if (withScore) reply.nullArray();
            else reply.nullBulk();
            return;
        }
        long rank = set.rankOf(pos);
        if (withScore) reply.arrayHeader(2);
        reply.integer(reverse ? set.size() - 1 - rank : rank);
        if (withScore) reply.doubleValue(set.score(pos));
    }

    /**
     * ZSCAN key cursor [MATCH pattern] [COUNT count]. The cursor is checked first, then the key, then the options,
     * as Redis does. A listpack answers with everything at once; a skip list walks its member index.
     */
    static void zscan(CommandContext ctx) {
        ScanCursor.parse(ctx.arg(2));
        ZsetValue zset = Zsets.read(ctx, ctx.arg(1));
        Reply reply = ctx.reply();
        if (zset == null) {
            reply.arrayHeader(2);
            reply.bulk(ZERO);
            reply.arrayHeader(0);
            return;
        }
        ScanOptions options = ScanOptions.parse(ctx, 2, false);
        ZsetEncoding set = zset.set();
        List<Integer> found = new ArrayList<>();
        long cursor = 0;
        if (set instanceof SkipList list) {
            long[] sampled = {0};
            long maxIterations = options.maxIterations();
            cursor = options.cursor;
            do {
                cursor = list.scan(cursor, node -> {
                    sampled[0]++;
                    if (options.matches(list.member(node))) found.add(node);
                });
            } while (cursor != 0 && maxIterations-- > 0 && sampled[0] < options.count);
        } else {
            for (int p = set.first(); p != ZsetEncoding.NONE; p = set.next(p)) {
                if (options.pattern == null || options.matches(set.member(p))) found.add(p);
            }
        }
        reply.arrayHeader(2);
        reply.bulkLong(cursor);
        reply.arrayHeader(found.size() * 2L);
        byte[] digits = new byte[DoubleFormat.MAX_LENGTH];
        for (int pos : found) {
            set.writeMember(pos, reply);
            reply.bulk(digits, 0, DoubleFormat.format(set.score(pos), digits, 0));
        }
    }
}
