package dev.cinnabar.streams;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.keyspace.Values;
import dev.cinnabar.notify.KeyEvent;
import dev.cinnabar.protocol.Reply;

import java.util.ArrayList;

/**
 * The stream commands without consumer groups: XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM, XSETID. XREAD and the
 * group commands are in {@link ReadCommands} and {@link GroupCommands}, XINFO in {@link InfoCommands}.
 */
public final class StreamCommands {
    private StreamCommands() {}

    public static void register(CommandTable.Builder table) {
        table.handle("xadd", StreamCommands::xadd)
                .handle("xlen", StreamCommands::xlen)
                .handle("xrange", ctx -> range(ctx, false))
                .handle("xrevrange", ctx -> range(ctx, true))
                .handle("xdel", StreamCommands::xdel)
                .handle("xtrim", StreamCommands::xtrim)
                .handle("xsetid", StreamCommands::xsetid);
        ReadCommands.register(table);
        GroupCommands.register(table);
        InfoCommands.register(table);
    }

    static StreamValue asStream(Object value) {
        return Values.require(value, StreamValue.class);
    }

    static RedisError arity(CommandContext ctx) {
        return new RedisError("ERR wrong number of arguments for '" + ctx.command().fullName() + "' command");
    }

    // ---- XADD / XTRIM options -----------------------------------------------------------------------------------

    /** What XADD and XTRIM parsed: the trimming strategy, and for XADD the ID and NOMKSTREAM. */
    static final class AddTrimArgs {
        StreamId id;
        boolean idGiven;
        boolean seqGiven = true;
        boolean noMkStream;
        /** 0 none, 1 MAXLEN, 2 MINID. */
        int strategy;
        boolean approx;
        long limit;
        long maxLen;
        StreamId minId;
        /** Position of the ID (XADD). */
        int idPos;
        /** Position of the MAXLEN / MINID threshold (after "~" when approx). */
        int trimArgPos;
    }

    /** XADD key * ...: the usual form, without options; shared, so it must never be changed. */
    private static final AddTrimArgs AUTO_ID_ONLY = new AddTrimArgs();

    static {
        AUTO_ID_ONLY.idPos = 2;
    }

    static AddTrimArgs parseAddOrTrim(CommandContext ctx, boolean xadd) {
        byte[] first = ctx.arg(2);
        if (xadd && first.length == 1 && first[0] == '*') return AUTO_ID_ONLY;
        AddTrimArgs a = new AddTrimArgs();
        int argc = ctx.argc();
        int i = 2;
        boolean limitGiven = false;
        for (; i < argc; i++) {
            int more = argc - 1 - i;
            byte[] opt = ctx.arg(i);
            if (xadd && opt.length == 1 && opt[0] == '*') {
                break;
            } else if (ctx.argIs(i, "maxlen") && more > 0) {
                if (a.strategy != 0) throw new RedisError("ERR syntax error, MAXLEN and MINID options at the same time are not compatible");
                a.approx = false;
                i = approxSpecifier(ctx, a, i, more);
                a.trimArgPos = i + 1;
                a.maxLen = ctx.argLong(i + 1);
                if (a.maxLen < 0) throw new RedisError("ERR The MAXLEN argument must be >= 0.");
                i++;
                a.strategy = 1;
            } else if (ctx.argIs(i, "minid") && more > 0) {
                if (a.strategy != 0) throw new RedisError("ERR syntax error, MAXLEN and MINID options at the same time are not compatible");
                a.approx = false;
                i = approxSpecifier(ctx, a, i, more);
                a.trimArgPos = i + 1;
                a.minId = StreamId.parseStrict(ctx.arg(i + 1), 0);
                i++;
                a.strategy = 2;
            } else if (ctx.argIs(i, "limit") && more > 0) {
                a.limit = ctx.argLong(i + 1);
                if (a.limit < 0) throw new RedisError("ERR The LIMIT argument must be >= 0.");
                limitGiven = true;
                i++;
            } else if (xadd && ctx.argIs(i, "nomkstream")) {
                a.noMkStream = true;
            } else if (xadd) {
                StreamId.Parsed parsed = StreamId.parseForAdd(opt);
                a.id = parsed.id();
                a.seqGiven = parsed.seqGiven();
                a.idGiven = true;
                break;
            } else {
                throw RedisError.SYNTAX;
            }
        }
        a.idPos = i;
        if (a.limit != 0 && a.strategy == 0) {
            throw new RedisError("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy");
        }
        if (!xadd && a.strategy == 0) throw new RedisError("ERR syntax error, XTRIM must be called with a trimming strategy");
        if (limitGiven) {
            if (!a.approx) throw new RedisError("ERR syntax error, LIMIT cannot be used without the special ~ option");
        } else if (a.approx) {
            long maxEntries = ctx.server().config().streamNodeMaxEntries.value();
            a.limit = maxEntries > Long.MAX_VALUE / 100 ? -1 : 100 * maxEntries;
            if (a.limit <= 0) a.limit = 10000;
            if (a.limit > 1000000) a.limit = 1000000;
        } else {
            a.limit = 0;
        }
        return a;
    }

    /** Consumes a "~" or "=" after MAXLEN / MINID; returns the position before the threshold. */
    private static int approxSpecifier(CommandContext ctx, AddTrimArgs a, int i, int more) {
        byte[] next = ctx.arg(i + 1);
        if (more >= 2 && next.length == 1 && next[0] == '~') {
            a.approx = true;
            return i + 1;
        }
        if (more >= 2 && next.length == 1 && next[0] == '=') return i + 1;
        return i;
    }

    static long trim(StreamValue s, AddTrimArgs a) {
        return a.strategy == 1 ? s.trim(a.maxLen, null, a.approx, a.limit) : s.trim(0, a.minId, a.approx, a.limit);
    }

    /**
     * An approximate trim is propagated as the exact one it amounted to (Redis's streamRewriteApproxSpecifier and
     * streamRewriteTrimArgument): "=" and the stream's resulting length, or the ID of its first node's first entry.
     */
    private static void rewriteApproxTrim(byte[][] argv, StreamValue s, AddTrimArgs a) {
        argv[a.trimArgPos - 1] = StreamPropagation.EXACT;
        argv[a.trimArgPos] = a.strategy == 1 ? Numbers.toBytes(s.length) : s.firstIdWithTombstones().toBytes();
    }

    // ---- commands -----------------------------------------------------------------------------------------------

    static void xadd(CommandContext ctx) {
        AddTrimArgs a = parseAddOrTrim(ctx, true);
        int fieldPos = a.idPos + 1;
        int argc = ctx.argc();
        if (argc - fieldPos < 2 || (argc - fieldPos) % 2 == 1) throw arity(ctx);
        if (a.idGiven && a.seqGiven && a.id.isZero()) {
            throw new RedisError("ERR The ID specified in XADD must be greater than 0-0");
        }
        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        StreamValue s = asStream(db.lookupWrite(key));
        if (s == null) {
            if (a.noMkStream) {
                ctx.reply().nullBulk();
                return;
            }
            s = new StreamValue();
            db.set(key, s, false);
        }
        if (s.lastId.isMax()) {
            throw new RedisError("ERR The stream has exhausted the last possible ID, unable to add more items");
        }
        StreamId id = nextId(s, a, ctx.now());
        int numFields = (argc - fieldPos) / 2;
        long total = 0;
        for (int i = fieldPos; i < argc; i++) total += ctx.arg(i).length;
        if (total > (1L << 30)) throw new RedisError("ERR Elements are too large to be stored");
        var config = ctx.server().config();
        s.append(id, ctx.argv(), fieldPos, numFields, config.streamNodeMaxBytes.value(), config.streamNodeMaxEntries.value());
        id.writeTo(ctx.reply());
        db.modified(KeyEvent.XADD, key);
        if (a.strategy != 0 && trim(s, a) != 0) db.notifyKeyspace(KeyEvent.XTRIM, key);
        boolean idGenerated = !a.idGiven || !a.seqGiven;
        if ((a.approx || idGenerated) && ctx.propagating()) {
            // propagated with the ID it got and the trim it did, so that replaying it gives the same stream
            byte[][] argv = java.util.Arrays.copyOf(ctx.argv(), argc);
            if (a.approx) rewriteApproxTrim(argv, s, a);
            if (idGenerated) argv[a.idPos] = id.toBytes();
            ctx.propagateAs(argv);
        }
        ctx.server().blockedClients().signalReady(db, key);
    }

    private static final RedisError ID_TOO_SMALL =
            new RedisError("ERR The ID specified in XADD is equal or smaller than the target stream top item");

    private static StreamId nextId(StreamValue s, AddTrimArgs a, long now) {
        StreamId last = s.lastId;
        StreamId id;
        if (a.idGiven) {
            if (a.seqGiven) {
                id = a.id;
            } else if (last.ms() == a.id.ms()) {
                if (last.seq() == -1) throw ID_TOO_SMALL;
                id = new StreamId(last.ms(), last.seq() + 1);
            } else {
                id = a.id;
            }
        } else {
            id = Long.compareUnsigned(now, last.ms()) > 0 ? new StreamId(now, 0) : last.next();
        }
        if (id.compareTo(last) <= 0) throw ID_TOO_SMALL;
        return id;
    }

    static void xlen(CommandContext ctx) {
        StreamValue s = asStream(ctx.db().lookupRead(ctx.arg(1)));
        ctx.reply().integer(s == null ? 0 : s.length);
    }

    /** XRANGE key start end [COUNT n] / XREVRANGE key end start [COUNT n]. */
    static void range(CommandContext ctx, boolean rev) {
        byte[] startArg = ctx.arg(rev ? 3 : 2);
        byte[] endArg = ctx.arg(rev ? 2 : 3);
        StreamId start = parseInterval(startArg, 0);
        if (isExclusive(startArg)) {
            start = start.next();
            if (start == null) throw new RedisError("ERR invalid start ID for the interval");
        }
        StreamId end = parseInterval(endArg, -1);
        if (isExclusive(endArg)) {
            end = end.previous();
            if (end == null) throw new RedisError("ERR invalid end ID for the interval");
        }
        long count = -1;
        for (int j = 4; j < ctx.argc(); j++) {
            if (ctx.argIs(j, "count") && ctx.argc() - j - 1 >= 1) {
                count = ctx.argLong(j + 1);
                if (count < 0) count = 0;
                j++;
            } else {
                throw RedisError.SYNTAX;
            }
        }
        StreamValue s = asStream(ctx.db().lookupRead(ctx.arg(1)));
        Reply reply = ctx.reply();
        if (s == null) {
            reply.arrayHeader(0);
            return;
        }
        if (count == 0) {
            reply.nullArray();
            return;
        }
        replyRange(reply, s, start, end, count == -1 ? 0 : count, rev);
    }

    private static boolean isExclusive(byte[] arg) {
        return arg.length > 1 && arg[0] == '(';
    }

    private static StreamId parseInterval(byte[] arg, long missingSeq) {
        if (isExclusive(arg)) return StreamId.parseStrict(java.util.Arrays.copyOfRange(arg, 1, arg.length), missingSeq);
        return StreamId.parse(arg, missingSeq);
    }

    /** Replies with the entries in [start, end] (at most count; 0 = all) as an array; returns how many. */
    static int replyRange(Reply reply, StreamValue s, StreamId start, StreamId end, long count, boolean rev) {
        EntryList list = collect(s, start, end, count, rev);
        reply.arrayHeader(list.size());
        Entry e = new Entry();
        for (int i = 0; i < list.size(); i++) list.read(i, e).reply(reply);
        return list.size();
    }

    static EntryList collect(StreamValue s, StreamId start, StreamId end, long count, boolean rev) {
        EntryList list = new EntryList();
        s.range(start, end, rev, e -> {
            list.add(e);
            return count == 0 || list.size() < count;
        });
        return list;
    }

    /** Entries found by a walk, kept as node and offset so they can be replied after their number is known. */
    static final class EntryList {
        private final ArrayList<StreamNode> nodes = new ArrayList<>();
        private int[] offsets = new int[8];

        void add(Entry e) {
            if (nodes.size() == offsets.length) offsets = java.util.Arrays.copyOf(offsets, offsets.length * 2);
            offsets[nodes.size()] = e.start;
            nodes.add(e.node);
        }

        int size() {
            return nodes.size();
        }

        Entry read(int i, Entry into) {
            return into.read(nodes.get(i), offsets[i]);
        }
    }

    static void xdel(CommandContext ctx) {
        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        StreamValue s = asStream(db.lookupWrite(key));
        if (s == null) {
            ctx.reply().integer(0);
            return;
        }
        StreamId[] ids = new StreamId[ctx.argc() - 2];
        for (int j = 2; j < ctx.argc(); j++) ids[j - 2] = StreamId.parseStrict(ctx.arg(j), 0);
        int deleted = 0;
        boolean firstEntry = false;
        for (StreamId id : ids) {
            if (s.delete(id)) {
                if (id.equals(s.firstId)) firstEntry = true;
                if (id.compareTo(s.maxDeletedId) > 0) s.maxDeletedId = id;
                deleted++;
            }
        }
        if (deleted != 0) {
            if (s.length == 0) s.firstId = StreamId.MIN;
            else if (firstEntry) s.firstId = s.edgeId(true);
            db.modified(KeyEvent.XDEL, key);
        }
        ctx.reply().integer(deleted);
    }

    static void xtrim(CommandContext ctx) {
        AddTrimArgs a = parseAddOrTrim(ctx, false);
        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        StreamValue s = asStream(db.lookupWrite(key));
        if (s == null) {
            ctx.reply().integer(0);
            return;
        }
        long deleted = trim(s, a);
        if (deleted != 0) {
            db.notifyKeyspace(KeyEvent.XTRIM, key);
            db.signalModified(key);
            if (a.approx && ctx.propagating()) {
                byte[][] argv = java.util.Arrays.copyOf(ctx.argv(), ctx.argc());
                rewriteApproxTrim(argv, s, a);
                ctx.propagateAs(argv);
            }
        }
        ctx.reply().integer(deleted);
    }

    static void xsetid(CommandContext ctx) {
        StreamId id = StreamId.parseStrict(ctx.arg(2), 0);
        StreamId maxDeleted = StreamId.MIN;
        long entriesAdded = -1;
        for (int i = 3; i < ctx.argc(); ) {
            int more = ctx.argc() - 1 - i;
            if (ctx.argIs(i, "entriesadded") && more > 0) {
                entriesAdded = ctx.argLong(i + 1);
                if (entriesAdded < 0) throw new RedisError("ERR entries_added must be positive");
                i += 2;
            } else if (ctx.argIs(i, "maxdeletedid") && more > 0) {
                maxDeleted = StreamId.parseStrict(ctx.arg(i + 1), 0);
                if (id.compareTo(maxDeleted) < 0) {
                    throw new RedisError("ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
                }
                i += 2;
            } else {
                throw RedisError.SYNTAX;
            }
        }
        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        Object value = db.lookupWrite(key);
        if (value == null) throw RedisError.NO_SUCH_KEY;
        StreamValue s = asStream(value);
        if (id.compareTo(s.maxDeletedId) < 0) {
            throw new RedisError("ERR The ID specified in XSETID is smaller than current max_deleted_entry_id");
        }
        if (s.length > 0) {
            if (id.compareTo(s.lastValidId()) < 0) {
                throw new RedisError("ERR The ID specified in XSETID is smaller than the target stream top item");
            }
            if (entriesAdded != -1 && s.length > entriesAdded) {
                throw new RedisError("ERR The entries_added specified in XSETID is smaller than the target stream length");
            }
        }
        s.lastId = id;
        if (entriesAdded != -1) s.entriesAdded = entriesAdded;
        if (!maxDeleted.isZero()) s.maxDeletedId = maxDeleted;
        ctx.reply().ok();
        ctx.forcePropagation(); // Redis counts it dirty without signalling the key
        db.notifyKeyspace(KeyEvent.XSETID, key);
    }
}
