package dev.cinnabar.streams;

import dev.cinnabar.blocking.BlockingTimeout;
import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.notify.KeyEvent;
import dev.cinnabar.protocol.Reply;
import dev.cinnabar.streams.ConsumerGroup.Consumer;
import dev.cinnabar.streams.ConsumerGroup.Nack;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * XREAD and XREADGROUP: one parser and one serving loop, as in Redis. A call that finds nothing to serve and has
 * BLOCK blocks on its stream keys (with "$" replaced by the ID it stood for, so the command re-executed on
 * arrival reads what came after); XREADGROUP clients also wake, to fail, when the key or group goes away.
 */
final class ReadCommands {
    private ReadCommands() {}

    static void register(CommandTable.Builder table) {
        table.handle("xread", ctx -> read(ctx, false))
                .handle("xreadgroup", ctx -> read(ctx, true));
    }

    private static void read(CommandContext ctx, boolean xreadgroup) {
        // never propagated as itself: what XREADGROUP changes goes as the commands StreamPropagation emits
        ctx.preventPropagation();
        int argc = ctx.argc();
        long deadline = -1;
        long count = 0;
        int streamsArg = 0;
        int streamCount = 0;
        boolean noack = false;
        byte[] groupName = null;
        byte[] consumerName = null;
        for (int i = 1; i < argc; i++) {
            int more = argc - i - 1;
            if (ctx.argIs(i, "block") && more > 0) {
                // as in Redis: refused outright in scripts rather than answered as a timeout
                if (ctx.server().scripting().isScriptClient(ctx.client())) {
                    throw new RedisError("ERR " + ctx.argString(0) + " command is not allowed with BLOCK option from scripts");
                }
                i++;
                deadline = BlockingTimeout.deadlineMillis(ctx.arg(i), ctx.now());
            } else if (ctx.argIs(i, "count") && more > 0) {
                i++;
                count = ctx.argLong(i);
                if (count < 0) count = 0;
            } else if (ctx.argIs(i, "streams") && more > 0) {
                streamsArg = i + 1;
                streamCount = argc - streamsArg;
                if (streamCount % 2 != 0) {
                    throw new RedisError("ERR Unbalanced '" + ctx.command().fullName()
                            + "' list of streams: for each stream key an ID or '" + (xreadgroup ? '>' : '$')
                            + "' must be specified.");
                }
                streamCount /= 2;
                break;
            } else if (ctx.argIs(i, "group") && more >= 2) {
                if (!xreadgroup) throw new RedisError("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
                groupName = ctx.arg(i + 1);
                consumerName = ctx.arg(i + 2);
                i += 2;
            } else if (ctx.argIs(i, "noack")) {
                if (!xreadgroup) throw new RedisError("ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
                noack = true;
            } else {
                throw RedisError.SYNTAX;
            }
        }
        if (streamsArg == 0) throw RedisError.SYNTAX;
        if (xreadgroup && groupName == null) throw new RedisError("ERR Missing GROUP option for XREADGROUP");

        Database db = ctx.db();
        StreamId[] ids = new StreamId[streamCount];
        ConsumerGroup[] groups = groupName == null ? null : new ConsumerGroup[streamCount];
        for (int idx = 0; idx < streamCount; idx++) {
            byte[] key = ctx.arg(streamsArg + idx);
            byte[] idArg = ctx.arg(streamsArg + streamCount + idx);
            StreamValue s = StreamCommands.asStream(db.lookupRead(key));
            if (groupName != null) {
                ConsumerGroup g = s == null ? null : s.group(groupName);
                if (g == null) {
                    throw new RedisError("NOGROUP No such key '" + text(key) + "' or consumer group '" + text(groupName)
                            + "' in XREADGROUP with GROUP option");
                }
                groups[idx] = g;
            }
            if (idArg.length == 1 && idArg[0] == '$') {
                if (xreadgroup) {
                    throw new RedisError("ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the "
                            + "history of this consumer by specifying a proper ID, or use the > ID to get new messages. "
                            + "The $ ID would just return an empty result set.");
                }
                ids[idx] = s == null ? StreamId.MIN : s.lastId;
            } else if (idArg.length == 1 && idArg[0] == '>') {
                if (!xreadgroup) {
                    throw new RedisError("ERR The > ID can be specified only when calling XREADGROUP using the GROUP "
                            + "<group> <consumer> option.");
                }
                ids[idx] = StreamId.MAX;
            } else {
                ids[idx] = StreamId.parseStrict(idArg, 0);
            }
        }

        // Each stream's part is written aside, since the number of streams served is known only at the end.
        Reply reply = ctx.reply();
        ByteBuf target = reply.buffer();
        ByteBuf served = Unpooled.buffer(256);
        int servedCount = 0;
        reply.target(served);
        try {
            for (int i = 0; i < streamCount; i++) {
                byte[] key = ctx.arg(streamsArg + i);
                StreamValue s = StreamCommands.asStream(db.lookupRead(key));
                if (s == null) continue;
                StreamId after = ids[i];
                boolean serve = false;
                boolean history = false;
                Consumer consumer = null;
                if (groups != null) {
                    ConsumerGroup g = groups[i];
                    if (!after.isMax()) {
                        serve = true;
                        history = true;
                    } else if (s.length > 0 && s.lastValidId().compareTo(g.lastId) > 0) {
                        serve = true;
                        after = g.lastId;
                    }
                    consumer = g.consumer(consumerName);
                    if (consumer == null) {
                        consumer = g.createConsumer(consumerName, ctx.now());
                        db.notifyKeyspace(KeyEvent.XGROUP_CREATECONSUMER, key);
                        // without NOACK, the XCLAIMs of what it is served create it where they are replayed
                        if (noack) StreamPropagation.consumerCreation(ctx, key, groupName, consumerName);
                    }
                    consumer.seenTime = ctx.now();
                } else if (s.length > 0 && s.lastValidId().compareTo(after) > 0) {
                    serve = true;
                }
                if (!serve) continue;
                servedCount++;
                StreamId start = after.next();
                if (start == null) start = StreamId.MIN; // Redis wraps around past the last ID
                if (!reply.resp3()) reply.arrayHeader(2);
                reply.bulk(key);
                if (groups == null) {
                    StreamCommands.replyRange(reply, s, start, StreamId.MAX, count, false);
                } else if (history) {
                    replyFromConsumerPel(reply, s, start, count, consumer, ctx.now());
                } else {
                    deliver(ctx, key, groupName, s, start, count, groups[i], consumer, noack);
                }
            }
        } finally {
            reply.target(target);
        }
        try {
            if (servedCount > 0) {
                if (reply.resp3()) reply.mapHeader(servedCount);
                else reply.arrayHeader(servedCount);
                target.writeBytes(served);
                return;
            }
        } finally {
            served.release();
        }
        if (deadline != -1) {
            if (!ctx.mayBlock()) {
                reply.nullArray();
                return;
            }
            for (int i = 0; i < streamCount; i++) {
                int arg = streamsArg + streamCount + i;
                byte[] idArg = ctx.arg(arg);
                if (idArg.length == 1 && idArg[0] == '$') ctx.rewriteArg(arg, ids[i].toBytes());
            }
            byte[][] keys = new byte[streamCount][];
            for (int i = 0; i < streamCount; i++) keys[i] = ctx.arg(streamsArg + i);
            ctx.block(keys, "stream", deadline, xreadgroup);
            return;
        }
        reply.nullArray();
    }

    static String text(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) n++; // Redis formats it as a C string
        return new String(b, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Serves new entries to a consumer: advances the group's last delivered ID and entries-read counter, and
     * (without NOACK) adds each entry to the group's and the consumer's pending lists, propagated as an XCLAIM
     * each; with NOACK, a moved last delivered ID is propagated as XGROUP SETID.
     */
    private static void deliver(CommandContext ctx, byte[] key, byte[] groupName, StreamValue s, StreamId start,
                                long count, ConsumerGroup g, Consumer consumer, boolean noack) {
        Reply reply = ctx.reply();
        long now = ctx.now();
        boolean lastIdMoved = false;
        StreamCommands.EntryList list = StreamCommands.collect(s, start, StreamId.MAX, count, false);
        reply.arrayHeader(list.size());
        Entry e = new Entry();
        for (int i = 0; i < list.size(); i++) {
            list.read(i, e);
            StreamId id = e.id();
            if (id.compareTo(g.lastId) > 0) {
                if (g.entriesRead != ConsumerGroup.INVALID_ENTRIES_READ && !s.rangeHasTombstones(id, null)) {
                    g.entriesRead++;
                } else if (s.entriesAdded != 0) {
                    g.entriesRead = s.estimateDistanceFromFirstEverEntry(id);
                }
                g.lastId = id;
                lastIdMoved = true;
            }
            e.reply(reply);
            if (!noack) {
                Nack nack = g.pel.get(id);
                if (nack == null) {
                    nack = new Nack(consumer, now, 1);
                    g.pel.put(id, nack);
                    consumer.pel.put(id, nack);
                } else {
                    nack.consumer.pel.remove(id);
                    nack.consumer = consumer;
                    nack.deliveryTime = now;
                    nack.deliveryCount = 1;
                    consumer.pel.put(id, nack);
                }
                consumer.activeTime = now;
                StreamPropagation.claim(ctx, key, groupName, g, id.toBytes(), nack);
            }
        }
        if (noack && lastIdMoved) StreamPropagation.groupId(ctx, key, groupName, g);
    }

    /** Serves a consumer's own pending entries from start on (entries deleted since come as [id, nil]). */
    static void replyFromConsumerPel(Reply reply, StreamValue s, StreamId start, long count, Consumer consumer, long now) {
        var pending = consumer.pel.tailMap(start, true);
        long n = count == 0 ? pending.size() : Math.min(count, pending.size());
        reply.arrayHeader(n);
        long written = 0;
        for (var it = pending.entrySet().iterator(); it.hasNext() && written < n; written++) {
            var pe = it.next();
            Entry e = s.find(pe.getKey());
            if (e == null) {
                reply.arrayHeader(2);
                pe.getKey().writeTo(reply);
                reply.nullArray();
            } else {
                e.reply(reply);
                Nack nack = pe.getValue();
                nack.deliveryTime = now;
                nack.deliveryCount++;
            }
        }
    }
}
