package dev.cinnabar.zsets;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.MultiPopArguments;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.notify.KeyEvent;
import dev.cinnabar.propagation.Names;
import dev.cinnabar.protocol.Reply;

import java.util.BitSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * ZPOPMIN, ZPOPMAX, ZMPOP and ZRANDMEMBER, and the serving half of the blocking pops: {@link #serveBzpop} and
 * {@link #serveBzmpop} pop from a key known to hold a non-empty sorted set and write the blocking command's reply.
 */
public final class PopCommands {
    private static final RedisError RANDOM_RANGE =
            new RedisError("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    private static final RedisError OUT_OF_RANGE = new RedisError("ERR value is out of range");

    private PopCommands() {}

    static void register(CommandTable.Builder table) {
        BlockingZsetCommands.register(table);
        table.handle("zpopmin", ctx -> zpop(ctx, false))
                .handle("zpopmax", ctx -> zpop(ctx, true))
                .handle("zmpop", PopCommands::zmpop)
                .handle("zrandmember", PopCommands::zrandmember);
    }

    /** ZPOPMIN / ZPOPMAX key [count]: a flat reply, except pairs in RESP3 when a count is given. */
    static void zpop(CommandContext ctx, boolean max) {
        if (ctx.argc() > 3) throw RedisError.SYNTAX;
        long count = ctx.argc() == 3 ? Zsets.positiveLong(ctx.arg(2)) : -1;
        Reply reply = ctx.reply();
        ZsetValue zset = Zsets.write(ctx, ctx.arg(1));
        if (zset == null || count == 0) {
            reply.arrayHeader(0);
            return;
        }
        long n = Math.min(count == -1 ? 1 : count, zset.size());
        boolean pairs = reply.resp3() && count != -1;
        reply.arrayHeader(pairs ? n : n * 2);
        pop(ctx.db(), ctx.arg(1), zset, max, n, pairs, reply);
    }

    /** ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]: [key, [[member, score] ...]] from the first non-empty key. */
    static void zmpop(CommandContext ctx) {
        MultiPopArguments args = parseMultiPop(ctx, 1);
        Database db = ctx.db();
        for (int i = args.firstKey(); i < args.firstKey() + args.numKeys(); i++) {
            ZsetValue zset = Zsets.cast(db.lookupWrite(ctx.arg(i)));
            if (zset == null) continue;
            propagateAsZpop(ctx, ctx.arg(i), !args.firstEnd(), Math.min(args.count(), zset.size()));
            multiPopReply(db, ctx.arg(i), zset, !args.firstEnd(), args.count(), ctx.reply());
            return;
        }
        ctx.reply().nullArray();
    }

    /**
     * ZMPOP, BZMPOP, BZPOPMIN and BZPOPMAX are propagated as ZPOPMIN / ZPOPMAX key [count] (count: what was
     * popped; -1 for the single-element form), as Redis 7.2 does.
     */
    static void propagateAsZpop(CommandContext ctx, byte[] key, boolean max, long count) {
        byte[] name = max ? Names.ZPOPMAX : Names.ZPOPMIN;
        if (count < 0) ctx.propagateAs(name, key);
        else ctx.propagateAs(name, key, dev.cinnabar.command.Numbers.toBytes(count));
    }

    /** The keys, end (MIN is the first) and count of ZMPOP (numkeys at 1) or BZMPOP (at 2). */
    static MultiPopArguments parseMultiPop(CommandContext ctx, int numKeysIndex) {
        return MultiPopArguments.parse(ctx, numKeysIndex, "min", "max");
    }

    /**
     * Serves BZPOPMIN / BZPOPMAX once the key holds a non-empty sorted set: pops its lowest (or highest) element
     * and replies [key, member, score]; deletes the key when it becomes empty.
     */
    public static void serveBzpop(Database db, byte[] key, boolean max, Reply reply) {
        ZsetValue zset = (ZsetValue) db.lookupWrite(key);
        reply.arrayHeader(3);
        reply.bulk(key);
        pop(db, key, zset, max, 1, false, reply);
    }

    /**
     * Serves BZMPOP once the key holds a non-empty sorted set: pops up to count elements from its low (or high) end
     * and replies [key, [[member, score] ...]] as ZMPOP does; deletes the key when it becomes empty.
     */
    public static void serveBzmpop(Database db, byte[] key, boolean max, long count, Reply reply) {
        multiPopReply(db, key, (ZsetValue) db.lookupWrite(key), max, count, reply);
    }

    private static void multiPopReply(Database db, byte[] key, ZsetValue zset, boolean max, long count, Reply reply) {
        long n = Math.min(count, zset.size());
        reply.arrayHeader(2);
        reply.bulk(key);
        reply.arrayHeader(n);
        pop(db, key, zset, max, n, true, reply);
    }

    /** Pops n elements (1 <= n <= size) from one end, writing each as a pair or flat; deletes an emptied key. */
    private static void pop(Database db, byte[] key, ZsetValue zset, boolean max, long n, boolean pairs, Reply reply) {
        ZsetEncoding set = zset.set();
        int p = max ? set.last() : set.first();
        for (long i = 0; i < n; i++) {
            if (pairs) reply.arrayHeader(2);
            set.writeMember(p, reply);
            reply.doubleValue(set.score(p));
            p = max ? set.prev(p) : set.next(p);
        }
        long size = set.size();
        if (max) set.deleteRanks(size - n, size - 1);
        else set.deleteRanks(0, n - 1);
        Zsets.afterRemoval(db, key, zset, max ? KeyEvent.ZPOPMAX : KeyEvent.ZPOPMIN);
    }

    /** ZRANDMEMBER key [count [WITHSCORES]] */
    static void zrandmember(CommandContext ctx) {
        Reply reply = ctx.reply();
        if (ctx.argc() == 2) {
            ZsetValue zset = Zsets.read(ctx, ctx.arg(1));
            if (zset == null) reply.nullBulk();
            else zset.set().writeMember(zset.set().random(), reply);
            return;
        }
        long l = Numbers.parseLong(ctx.arg(2));
        if (l == Long.MIN_VALUE) throw RANDOM_RANGE;
        if (ctx.argc() > 4 || (ctx.argc() == 4 && !ctx.argIs(3, "withscores"))) throw RedisError.SYNTAX;
        boolean withScores = ctx.argc() == 4;
        if (withScores && (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2)) throw OUT_OF_RANGE;
        ZsetValue zset = Zsets.read(ctx, ctx.arg(1));
        if (zset == null || l == 0) {
            reply.arrayHeader(0);
            return;
        }
        ZsetEncoding set = zset.set();
        long size = set.size();
        if (l < 0 || l == 1) {                               // with repetitions, in random order
            long count = l < 0 ? -l : l;
            Zsets.elementsHeader(reply, count, withScores);
            for (long i = 0; i < count; i++) Zsets.element(reply, set, set.random(), withScores);
            return;
        }
        long count = Math.min(l, size);
        Zsets.elementsHeader(reply, count, withScores);
        if (count == size) {                                 // the whole set
            for (int p = set.first(); p != ZsetEncoding.NONE; p = set.next(p)) Zsets.element(reply, set, p, withScores);
        } else if (set instanceof Listpack) {
            sampleInOrder(set, (int) count, reply, withScores);
        } else if (count * 3 > size) {
            sampleByShuffle(set, (int) count, reply, withScores);
        } else {
            sampleByPicking(set, (int) count, reply, withScores);
        }
    }

    /** Distinct random elements in set order (selection sampling), as Redis samples a listpack. */
    private static void sampleInOrder(ZsetEncoding set, int count, Reply reply, boolean withScores) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int left = set.size();
        for (int p = set.first(); count > 0; p = set.next(p), left--) {
            if (rnd.nextInt(left) < count) {
                Zsets.element(reply, set, p, withScores);
                count--;
            }
        }
    }

    /** Distinct random elements when many are wanted: a partial shuffle of all positions. */
    private static void sampleByShuffle(ZsetEncoding set, int count, Reply reply, boolean withScores) {
        int[] positions = new int[set.size()];
        int i = 0;
        for (int p = set.first(); p != ZsetEncoding.NONE; p = set.next(p)) positions[i++] = p;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int k = 0; k < count; k++) {
            int j = k + rnd.nextInt(positions.length - k);
            int chosen = positions[j];
            positions[j] = positions[k];
            Zsets.element(reply, set, chosen, withScores);
        }
    }

    /** Distinct random elements when few are wanted: random picks, repeats skipped. */
    private static void sampleByPicking(ZsetEncoding set, int count, Reply reply, boolean withScores) {
        BitSet seen = new BitSet();
        while (count > 0) {
            int p = set.random();
            if (seen.get(p)) continue;
            seen.set(p);
            Zsets.element(reply, set, p, withScores);
            count--;
        }
    }
}
