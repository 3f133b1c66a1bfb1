package dev.cinnabar.lists;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.MultiPopArguments;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.keyspace.Values;
import dev.cinnabar.notify.KeyEvent;
import dev.cinnabar.propagation.Names;
import dev.cinnabar.protocol.Reply;

/**
 * The list commands (Redis's t_list.c), except the blocking ones. Their "serve" halves — pop from a list known to
 * be non-empty, move between lists, and reply in the blocking commands' shapes — are public so that BLPOP, BRPOP,
 * BLMOVE, BRPOPLPUSH and BLMPOP can serve a client once a list has elements.
 */
public final class ListCommands {
    private static final RedisError MUST_BE_POSITIVE = new RedisError("ERR value is out of range, must be positive");
    private static final RedisError INDEX_OUT_OF_RANGE = new RedisError("ERR index out of range");
    private static final RedisError RANK_ZERO = new RedisError("ERR RANK can't be zero: use 1 to start from the "
            + "first match, 2 from the second ... or use negative to start from the end of the list");
    private static final RedisError RANK_OUT_OF_RANGE = new RedisError(
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    private static final RedisError COUNT_NEGATIVE = new RedisError("ERR COUNT can't be negative");
    private static final RedisError MAXLEN_NEGATIVE = new RedisError("ERR MAXLEN can't be negative");

    private ListCommands() {}

    public static void register(CommandTable.Builder table) {
        table.handle("lpush", ctx -> push(ctx, true, false))
                .handle("rpush", ctx -> push(ctx, false, false))
                .handle("lpushx", ctx -> push(ctx, true, true))
                .handle("rpushx", ctx -> push(ctx, false, true))
                .handle("lpop", ctx -> pop(ctx, true))
                .handle("rpop", ctx -> pop(ctx, false))
                .handle("llen", ListCommands::llen)
                .handle("lrange", ListCommands::lrange)
                .handle("lindex", ListCommands::lindex)
                .handle("lset", ListCommands::lset)
                .handle("linsert", ListCommands::linsert)
                .handle("lrem", ListCommands::lrem)
                .handle("ltrim", ListCommands::ltrim)
                .handle("lpos", ListCommands::lpos)
                .handle("rpoplpush", ctx -> move(ctx, false, true))
                .handle("lmove", ListCommands::lmove)
                .handle("lmpop", ListCommands::lmpop);
        BlockingListCommands.register(table);
    }

    // ---- lookups ------------------------------------------------------------------------------------------------

    /** The list under key for a writing command (no hit/miss counted), or null; WRONGTYPE for another type. */
    public static ListValue lookupWrite(Database db, byte[] key) {
        return asList(db.lookupWrite(key));
    }

    private static ListValue lookupRead(Database db, byte[] key) {
        return asList(db.lookupRead(key));
    }

    private static ListValue asList(Object value) {
        return Values.require(value, ListValue.class);
    }

    /** list-max-listpack-size, read at the moment of the write as Redis does. */
    private static int listpackLimit(CommandContext ctx) {
        return ctx.server().config().listMaxListpackSize.intValue();
    }

    /** list-compress-depth, given to a list when it becomes a quicklist (Redis's quicklistNew). */
    static int compressDepth(CommandContext ctx) {
        return ctx.server().config().listCompressDepth.intValue();
    }

    /**
     * After elements were removed (Redis's listElementsRemoved): the event, then an emptied list is deleted (the
     * "del" event) or a shrunken quicklist may become a listpack; the key is signalled as modified.
     */
    private static void afterRemoval(Database db, byte[] key, ListValue list, KeyEvent event, int listpackLimit) {
        db.notifyKeyspace(event, key);
        if (list.isEmpty()) {
            db.delete(key);
            db.notifyKeyspace(KeyEvent.DEL, key);
        } else {
            list.afterShrinking(listpackLimit);
        }
        db.signalModified(key);
    }

    private static KeyEvent popEvent(boolean fromHead) {
        return fromHead ? KeyEvent.LPOP : KeyEvent.RPOP;
    }

    private static KeyEvent pushEvent(boolean toHead) {
        return toHead ? KeyEvent.LPUSH : KeyEvent.RPUSH;
    }

    // ---- push and pop -------------------------------------------------------------------------------------------

    /** LPUSH / RPUSH / LPUSHX / RPUSHX key element [element ...] */
    static void push(CommandContext ctx, boolean atHead, boolean onlyIfExists) {
        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        ListValue list = lookupWrite(db, key);
        if (list == null) {
            if (onlyIfExists) {
                ctx.reply().integer(0);
                return;
            }
            list = new ListValue();
            db.set(key, list, false);
        }
        int argc = ctx.argc();
        list.prepareGrowth(ctx.argv(), 2, argc, listpackLimit(ctx), compressDepth(ctx));
        for (int i = 2; i < argc; i++) list.push(ctx.arg(i), atHead);
        ctx.reply().integer(list.size());
        db.modified(pushEvent(atHead), key);
    }

    /** LPOP / RPOP key [count] */
    static void pop(CommandContext ctx, boolean atHead) {
        int argc = ctx.argc();
        if (argc > 3) {
            throw new RedisError("ERR wrong number of arguments for '" + ctx.command().fullName() + "' command");
        }
        boolean hasCount = argc == 3;
        long count = hasCount ? nonNegative(ctx.arg(2), MUST_BE_POSITIVE) : 0;
        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        Reply reply = ctx.reply();
        ListValue list = lookupWrite(db, key);
        if (list == null) {
            if (hasCount) reply.nullArray();
            else reply.nullBulk();
            return;
        }
        if (hasCount && count == 0) {
            reply.arrayHeader(0);
            return;
        }
        if (hasCount) popRange(list, atHead, count, reply);
        else list.popInto(atHead, reply);
        afterRemoval(db, key, list, popEvent(atHead), listpackLimit(ctx));
    }

    /** Replies with up to count elements from one end, in pop order, and removes them. */
    private static void popRange(ListValue list, boolean atHead, long count, Reply reply) {
        long n = Math.min(count, list.size());
        long size = list.size();
        list.replyRange(reply, atHead ? 0 : size - 1, n, !atHead);
        list.removeRange(atHead ? 0 : size - n, n);
    }

    /** LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count] */
    static void lmpop(CommandContext ctx) {
        MultiPopArguments args = parseMultiPop(ctx, 1);
        Database db = ctx.db();
        for (int i = 0; i < args.numKeys(); i++) {
            byte[] key = ctx.arg(args.firstKey() + i);
            ListValue list = lookupWrite(db, key);
            if (list == null || list.isEmpty()) continue;
            propagateAsPop(ctx, key, args.firstEnd(), Math.min(args.count(), list.size()));
            serveMultiPop(db, key, list, args.firstEnd(), args.count(), ctx.reply(), listpackLimit(ctx));
            return;
        }
        ctx.reply().nullArray();
    }

    /**
     * LMPOP, BLMPOP, BLPOP and BRPOP are propagated as LPOP / RPOP key [count] (count: what was popped; -1 for
     * the single-element form), as Redis 7.2 does.
     */
    static void propagateAsPop(CommandContext ctx, byte[] key, boolean fromHead, long count) {
        byte[] name = fromHead ? Names.LPOP : Names.RPOP;
        if (count < 0) ctx.propagateAs(name, key);
        else ctx.propagateAs(name, key, Numbers.toBytes(count));
    }

    /** The keys, end (LEFT is the first) and count of LMPOP (numkeys at 1) or BLMPOP (at 2). */
    public static MultiPopArguments parseMultiPop(CommandContext ctx, int numKeysIndex) {
        return MultiPopArguments.parse(ctx, numKeysIndex, "left", "right");
    }

    /** LEFT or RIGHT (any case): true for LEFT, the head; a syntax error otherwise. */
    public static boolean parseEnd(CommandContext ctx, int index) {
        if (ctx.argIs(index, "left")) return true;
        if (ctx.argIs(index, "right")) return false;
        throw RedisError.SYNTAX;
    }

    // ---- serving (shared with the blocking commands) ------------------------------------------------------------

    /**
     * BLPOP / BRPOP: pops one element from one end of a non-empty list and replies [key, element]; an emptied list
     * is deleted.
     */
    public static void servePop(Database db, byte[] key, ListValue list, boolean fromHead, Reply reply,
                                int listpackLimit) {
        reply.arrayHeader(2);
        reply.bulk(key);
        list.popInto(fromHead, reply);
        afterRemoval(db, key, list, popEvent(fromHead), listpackLimit);
    }

    /**
     * LMPOP / BLMPOP: pops up to count elements from one end of a non-empty list and replies
     * [key, [element ...]]; an emptied list is deleted.
     */
    public static void serveMultiPop(Database db, byte[] key, ListValue list, boolean fromHead, long count,
                                     Reply reply, int listpackLimit) {
        reply.arrayHeader(2);
        reply.bulk(key);
        popRange(list, fromHead, count, reply);
        afterRemoval(db, key, list, popEvent(fromHead), listpackLimit);
    }

    /**
     * LMOVE / RPOPLPUSH / BLMOVE / BRPOPLPUSH: moves one element from an end of the non-empty source list to an
     * end of the destination (null: created under destinationKey; it may be the source itself) and replies with
     * the element. The caller has checked that the destination is a list or absent.
     */
    public static void serveMove(Database db, byte[] sourceKey, ListValue source, byte[] destinationKey,
                                 ListValue destination, boolean fromHead, boolean toHead, Reply reply,
                                 int listpackLimit, int compressDepth) {
        byte[] entry = source.endEntry(fromHead);
        int length = Listpack.elementLength(entry, 0);
        // Redis counts the bytes of the moved element unless it came out of a quicklist as an integer
        boolean countBytes = !source.isQuicklist() || Listpack.isString(entry, 0);
        source.removeEnd(fromHead);
        if (destination == null) {
            destination = new ListValue();
            db.set(destinationKey, destination, false);
        }
        destination.prepareGrowth(countBytes ? length : 0, 1, listpackLimit, compressDepth);
        destination.pushEncoded(entry, length, toHead);
        db.modified(pushEvent(toHead), destinationKey);   // as in Redis, the push is reported before the pop
        Listpack.reply(entry, 0, reply);
        afterRemoval(db, sourceKey, source, popEvent(fromHead), listpackLimit);
    }

    /** LMOVE source destination LEFT|RIGHT LEFT|RIGHT */
    static void lmove(CommandContext ctx) {
        boolean fromHead = parseEnd(ctx, 3);
        boolean toHead = parseEnd(ctx, 4);
        move(ctx, fromHead, toHead);
    }

    private static void move(CommandContext ctx, boolean fromHead, boolean toHead) {
        Database db = ctx.db();
        ListValue source = lookupWrite(db, ctx.arg(1));
        if (source == null) {
            ctx.reply().nullBulk();
            return;
        }
        ListValue destination = lookupWrite(db, ctx.arg(2));
        serveMove(db, ctx.arg(1), source, ctx.arg(2), destination, fromHead, toHead, ctx.reply(),
                listpackLimit(ctx), compressDepth(ctx));
        ctx.server().stats().countTwoSignalsAsOneChange(); // the push and the pop are one change for Redis
    }

    // ---- reading ------------------------------------------------------------------------------------------------

    static void llen(CommandContext ctx) {
        ListValue list = lookupRead(ctx.db(), ctx.arg(1));
        ctx.reply().integer(list == null ? 0 : list.size());
    }

    /** LRANGE key start stop */
    static void lrange(CommandContext ctx) {
        long start = ctx.argLong(2);
        long stop = ctx.argLong(3);
        ListValue list = lookupRead(ctx.db(), ctx.arg(1));
        if (list == null) {
            ctx.reply().arrayHeader(0);
            return;
        }
        long size = list.size();
        if (start < 0) start += size;
        if (stop < 0) stop += size;
        if (start < 0) start = 0;
        if (start > stop || start >= size) {
            ctx.reply().arrayHeader(0);
            return;
        }
        if (stop >= size) stop = size - 1;
        list.replyRange(ctx.reply(), start, stop - start + 1, false);
    }

    /** LINDEX key index: the key is looked up before the index is parsed, as in Redis. */
    static void lindex(CommandContext ctx) {
        ListValue list = lookupRead(ctx.db(), ctx.arg(1));
        if (list == null) {
            ctx.reply().nullBulk();
            return;
        }
        long index = ctx.argLong(2);
        if (!list.replyIndex(index, ctx.reply())) ctx.reply().nullBulk();
    }

    /** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len] */
    static void lpos(CommandContext ctx) {
        long rank = 1;
        long count = -1; // -1: no COUNT option, a single index (or null) is the reply
        long maxlen = 0;
        for (int j = 3; j < ctx.argc(); j++) {
            boolean more = j + 1 < ctx.argc();
            if (ctx.argIs(j, "rank") && more) {
                rank = ctx.argLong(++j);
                if (rank == Long.MIN_VALUE) throw RANK_OUT_OF_RANGE;
                if (rank == 0) throw RANK_ZERO;
            } else if (ctx.argIs(j, "count") && more) {
                count = nonNegative(ctx.arg(++j), COUNT_NEGATIVE);
            } else if (ctx.argIs(j, "maxlen") && more) {
                maxlen = nonNegative(ctx.arg(++j), MAXLEN_NEGATIVE);
            } else {
                throw RedisError.SYNTAX;
            }
        }
        Reply reply = ctx.reply();
        ListValue list = lookupRead(ctx.db(), ctx.arg(1));
        if (list == null) {
            if (count != -1) reply.arrayHeader(0);
            else reply.nullBulk();
            return;
        }
        long[] found = list.positions(Listpack.encode(ctx.arg(2)), Math.abs(rank) - 1, rank < 0,
                count == -1 ? 1 : count, maxlen);
        if (count != -1) {
            reply.arrayHeader(found.length);
            for (long index : found) reply.integer(index);
        } else if (found.length == 0) {
            reply.nullBulk();
        } else {
            reply.integer(found[0]);
        }
    }

    // ---- changing elements in place -----------------------------------------------------------------------------

    /** LSET key index element */
    static void lset(CommandContext ctx) {
        ListValue list = lookupWrite(ctx.db(), ctx.arg(1));
        if (list == null) throw RedisError.NO_SUCH_KEY;
        // Redis passes the index on as a C int: the high bits of a larger one are dropped
        long index = (int) ctx.argLong(2);
        byte[] element = ctx.arg(3);
        int limit = listpackLimit(ctx);
        // as in Redis, the listpack converts before the index is checked
        list.prepareGrowth(element.length, 1, limit, compressDepth(ctx));
        if (!list.set(index, element)) throw INDEX_OUT_OF_RANGE;
        ctx.reply().ok();
        ctx.db().modified(KeyEvent.LSET, ctx.arg(1));
        list.afterShrinking(limit);
    }

    /** LINSERT key BEFORE|AFTER pivot element */
    static void linsert(CommandContext ctx) {
        boolean after;
        if (ctx.argIs(2, "after")) after = true;
        else if (ctx.argIs(2, "before")) after = false;
        else throw RedisError.SYNTAX;
        ListValue list = lookupWrite(ctx.db(), ctx.arg(1));
        if (list == null) {
            ctx.reply().integer(0);
            return;
        }
        byte[] element = ctx.arg(4);
        // as in Redis, the listpack converts before the pivot is searched (even when it is not found)
        list.prepareGrowth(element.length, 1, listpackLimit(ctx), compressDepth(ctx));
        boolean inserted = list.insert(Listpack.encode(ctx.arg(3)), element, after);
        if (inserted) ctx.db().modified(KeyEvent.LINSERT, ctx.arg(1));
        ctx.reply().integer(inserted ? list.size() : -1);
    }

    /** LREM key count element: count > 0 from the head, < 0 from the tail, 0 all. */
    static void lrem(CommandContext ctx) {
        long count = ctx.argLong(2);
        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        ListValue list = lookupWrite(db, key);
        if (list == null) {
            ctx.reply().integer(0);
            return;
        }
        long removed = list.removeMatching(Listpack.encode(ctx.arg(3)),
                count == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(count), count < 0);
        if (removed > 0) afterRemoval(db, key, list, KeyEvent.LREM, listpackLimit(ctx));
        ctx.reply().integer(removed);
    }

    /** LTRIM key start stop */
    static void ltrim(CommandContext ctx) {
        long start = ctx.argLong(2);
        long stop = ctx.argLong(3);
        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        ListValue list = lookupWrite(db, key);
        if (list == null) {
            ctx.reply().ok();
            return;
        }
        long size = list.size();
        if (start < 0) start += size;
        if (stop < 0) stop += size;
        if (start < 0) start = 0;
        long dropHead;
        long dropTail;
        if (start > stop || start >= size) {
            dropHead = size;
            dropTail = 0;
        } else {
            if (stop >= size) stop = size - 1;
            dropHead = start;
            dropTail = size - stop - 1;
        }
        list.removeRange(0, dropHead);
        list.removeRange(list.size() - dropTail, dropTail);
        afterRemoval(db, key, list, KeyEvent.LTRIM, listpackLimit(ctx));
        // signalled either way, as in Redis, but a trim that removed nothing changed nothing to propagate
        if (dropHead + dropTail == 0) ctx.preventPropagation();
        ctx.reply().ok();
    }

    /** Redis's getPositiveLongFromObjectOrReply: one error for "not a number" and "negative". */
    private static long nonNegative(byte[] arg, RedisError error) {
        long value = Numbers.parseLong(arg, error);
        if (value < 0) throw error;
        return value;
    }
}
