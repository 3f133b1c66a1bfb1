package dev.cinnabar.streams;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Help;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.notify.KeyEvent;
import dev.cinnabar.protocol.Reply;
import dev.cinnabar.streams.ConsumerGroup.Consumer;
import dev.cinnabar.streams.ConsumerGroup.Nack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Consumer groups: XGROUP and its subcommands, XACK, XPENDING, XCLAIM, XAUTOCLAIM (XREADGROUP is in ReadCommands). */
final class GroupCommands {
    private GroupCommands() {}

    static void register(CommandTable.Builder table) {
        for (String sub : new String[] {"create", "setid", "destroy", "createconsumer", "delconsumer"}) {
            table.handle("xgroup|" + sub, GroupCommands::xgroup);
        }
        table.handle("xgroup|help", GroupCommands::xgroup)
                .handle("xack", GroupCommands::xack)
                .handle("xpending", GroupCommands::xpending)
                .handle("xclaim", GroupCommands::xclaim)
                .handle("xautoclaim", GroupCommands::xautoclaim);
    }

    static RedisError noGroup(byte[] key, byte[] group) {
        return new RedisError("NOGROUP No such key '" + ReadCommands.text(key) + "' or consumer group '"
                + ReadCommands.text(group) + "'");
    }

    private static RedisError noGroupForKey(byte[] group, byte[] key) {
        return new RedisError("NOGROUP No such consumer group '" + ReadCommands.text(group) + "' for key name '"
                + ReadCommands.text(key) + "'");
    }

    // ---- XGROUP -------------------------------------------------------------------------------------------------

    /**
     * Like Redis, the subcommands that change a group count as a write without signalling the key (no WATCH or
     * client-side caching invalidation), so each forces its own propagation.
     */
    private static void xgroup(CommandContext ctx) {
        int argc = ctx.argc();
        StreamValue s = null;
        ConsumerGroup group = null;
        boolean mkstream = false;
        long entriesRead = ConsumerGroup.INVALID_ENTRIES_READ;
        Database db = ctx.db();
        byte[] groupName = null;
        boolean create = ctx.argIs(1, "create");
        boolean setid = ctx.argIs(1, "setid");
        if (argc >= 4) {
            for (int i = 5; i < argc; ) {
                if (create && ctx.argIs(i, "mkstream")) {
                    mkstream = true;
                    i++;
                } else if ((create || setid) && ctx.argIs(i, "entriesread") && i + 1 < argc) {
                    entriesRead = ctx.argLong(i + 1);
                    if (entriesRead < 0 && entriesRead != ConsumerGroup.INVALID_ENTRIES_READ) {
                        throw new RedisError("ERR value for ENTRIESREAD must be positive or -1");
                    }
                    i += 2;
                } else {
                    throw Help.unknownSubcommand(ctx);
                }
            }
            s = StreamCommands.asStream(db.lookupWrite(ctx.arg(2)));
            groupName = ctx.arg(3);
        }
        if (argc >= 4 && !mkstream) {
            if (s == null) {
                throw new RedisError("ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may "
                        + "want to use the MKSTREAM option to create an empty stream automatically.");
            }
            group = s.group(groupName);
            if (group == null && (setid || ctx.argIs(1, "createconsumer") || ctx.argIs(1, "delconsumer"))) {
                throw noGroupForKey(groupName, ctx.arg(2));
            }
        }
        byte[] key = argc >= 3 ? ctx.arg(2) : null;
        Reply reply = ctx.reply();
        if (argc == 2 && ctx.argIs(1, "help")) {
            Help.reply(ctx,
                    "CREATE <key> <groupname> <id|$> [option]",
                    "    Create a new consumer group. Options are:",
                    "    * MKSTREAM",
                    "      Create the empty stream if it does not exist.",
                    "    * ENTRIESREAD entries_read",
                    "      Set the group's entries_read counter (internal use).",
                    "CREATECONSUMER <key> <groupname> <consumer>",
                    "    Create a new consumer in the specified group.",
                    "DELCONSUMER <key> <groupname> <consumer>",
                    "    Remove the specified consumer.",
                    "DESTROY <key> <groupname>",
                    "    Remove the specified group.",
                    "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
                    "    Set the current group ID and entries_read counter.");
        } else if (create && argc >= 5 && argc <= 8) {
            StreamId id = isDollar(ctx.arg(4)) ? (s == null ? StreamId.MIN : s.lastId) : StreamId.parseStrict(ctx.arg(4), 0);
            if (s == null) {
                s = new StreamValue();
                db.set(key, s, false);
                db.signalModified(key);
            }
            if (s.createGroup(groupName, id, entriesRead) != null) {
                reply.ok();
                ctx.forcePropagation();
                db.notifyKeyspace(KeyEvent.XGROUP_CREATE, key);
            } else {
                throw new RedisError("BUSYGROUP Consumer Group name already exists");
            }
        } else if (setid && (argc == 5 || argc == 7)) {
            StreamId id = isDollar(ctx.arg(4)) ? s.lastId : StreamId.parse(ctx.arg(4), 0);
            group.lastId = id;
            group.entriesRead = entriesRead;
            reply.ok();
            ctx.forcePropagation();
            db.notifyKeyspace(KeyEvent.XGROUP_SETID, key);
        } else if (ctx.argIs(1, "destroy") && argc == 4) {
            if (group != null) {
                s.groups.remove(group.name);
                reply.integer(1);
                ctx.forcePropagation();
                db.notifyKeyspace(KeyEvent.XGROUP_DESTROY, key);
                ctx.server().blockedClients().signalReady(db, key);
            } else {
                reply.integer(0);
            }
        } else if (ctx.argIs(1, "createconsumer") && argc == 5) {
            Consumer created = group.createConsumer(ctx.arg(4), ctx.now());
            if (created != null) {
                ctx.forcePropagation();
                db.notifyKeyspace(KeyEvent.XGROUP_CREATECONSUMER, key);
            }
            reply.integer(created != null ? 1 : 0);
        } else if (ctx.argIs(1, "delconsumer") && argc == 5) {
            long pending = 0;
            Consumer consumer = group.consumer(ctx.arg(4));
            if (consumer != null) {
                pending = group.deleteConsumer(consumer);
                ctx.forcePropagation();
                db.notifyKeyspace(KeyEvent.XGROUP_DELCONSUMER, key);
            }
            reply.integer(pending);
        } else {
            throw Help.unknownSubcommand(ctx);
        }
    }

    private static boolean isDollar(byte[] b) {
        return b.length == 1 && b[0] == '$';
    }

    // ---- XACK ---------------------------------------------------------------------------------------------------

    private static void xack(CommandContext ctx) {
        StreamValue s = StreamCommands.asStream(ctx.db().lookupRead(ctx.arg(1)));
        ConsumerGroup g = s == null ? null : s.group(ctx.arg(2));
        if (g == null) {
            ctx.reply().integer(0);
            return;
        }
        StreamId[] ids = new StreamId[ctx.argc() - 3];
        for (int j = 3; j < ctx.argc(); j++) ids[j - 3] = StreamId.parseStrict(ctx.arg(j), 0);
        int acked = 0;
        for (StreamId id : ids) {
            Nack nack = g.pel.remove(id);
            if (nack != null) {
                nack.consumer.pel.remove(id);
                acked++;
            }
        }
        if (acked > 0) ctx.forcePropagation(); // a write for Redis, though it signals no key
        ctx.reply().integer(acked);
    }

    // ---- XPENDING -----------------------------------------------------------------------------------------------

    private static void xpending(CommandContext ctx) {
        int argc = ctx.argc();
        boolean summary = argc == 3;
        if (argc != 3 && (argc < 6 || argc > 9)) throw RedisError.SYNTAX;
        StreamId start = null, end = null;
        long count = 0, minIdle = 0;
        byte[] consumerName = null;
        if (argc >= 6) {
            int startIdx = 3;
            if (ctx.argIs(3, "idle")) {
                minIdle = ctx.argLong(4);
                if (argc < 8) throw RedisError.SYNTAX;
                startIdx += 2;
            }
            count = ctx.argLong(startIdx + 2);
            if (count < 0) count = 0;
            start = parseStart(ctx.arg(startIdx));
            end = parseEnd(ctx.arg(startIdx + 1));
            if (startIdx + 3 < argc) consumerName = ctx.arg(startIdx + 3);
        }
        StreamValue s = StreamCommands.asStream(ctx.db().lookupRead(ctx.arg(1)));
        ConsumerGroup g = s == null ? null : s.group(ctx.arg(2));
        if (g == null) throw noGroup(ctx.arg(1), ctx.arg(2));
        Reply reply = ctx.reply();
        if (summary) {
            reply.arrayHeader(4);
            reply.integer(g.pel.size());
            if (g.pel.isEmpty()) {
                reply.nullBulk();
                reply.nullBulk();
                reply.nullArray();
                return;
            }
            g.pel.firstKey().writeTo(reply);
            g.pel.lastKey().writeTo(reply);
            List<Consumer> withPending = new ArrayList<>();
            for (Consumer c : g.consumers.values()) if (!c.pel.isEmpty()) withPending.add(c);
            reply.arrayHeader(withPending.size());
            for (Consumer c : withPending) {
                reply.arrayHeader(2);
                reply.bulk(c.name);
                reply.bulk(Numbers.toBytes(c.pel.size()));
            }
            return;
        }
        var pel = g.pel;
        if (consumerName != null) {
            Consumer c = g.consumer(consumerName);
            if (c == null) {
                reply.arrayHeader(0);
                return;
            }
            pel = c.pel;
        }
        long now = ctx.now();
        List<Map.Entry<StreamId, Nack>> out = new ArrayList<>();
        if (count > 0 && start.compareTo(end) <= 0) {
            for (Map.Entry<StreamId, Nack> e : pel.subMap(start, true, end, true).entrySet()) {
                if (minIdle != 0 && now - e.getValue().deliveryTime < minIdle) continue;
                out.add(e);
                if (out.size() == count) break;
            }
        }
        reply.arrayHeader(out.size());
        for (Map.Entry<StreamId, Nack> e : out) {
            Nack n = e.getValue();
            reply.arrayHeader(4);
            e.getKey().writeTo(reply);
            reply.bulk(n.consumer.name);
            reply.integer(Math.max(0, now - n.deliveryTime));
            reply.integer(n.deliveryCount);
        }
    }

    private static StreamId parseStart(byte[] arg) {
        if (arg.length > 1 && arg[0] == '(') {
            StreamId id = StreamId.parseStrict(java.util.Arrays.copyOfRange(arg, 1, arg.length), 0).next();
            if (id == null) throw new RedisError("ERR invalid start ID for the interval");
            return id;
        }
        return StreamId.parse(arg, 0);
    }

    private static StreamId parseEnd(byte[] arg) {
        if (arg.length > 1 && arg[0] == '(') {
            StreamId id = StreamId.parseStrict(java.util.Arrays.copyOfRange(arg, 1, arg.length), -1).previous();
            if (id == null) throw new RedisError("ERR invalid end ID for the interval");
            return id;
        }
        return StreamId.parse(arg, -1);
    }

    // ---- XCLAIM -------------------------------------------------------------------------------------------------

    private static void xclaim(CommandContext ctx) {
        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        StreamValue s = StreamCommands.asStream(db.lookupRead(key));
        ConsumerGroup g = s == null ? null : s.group(ctx.arg(2));
        if (g == null) throw noGroup(key, ctx.arg(2));
        long minIdle = ctx.argLong(4, new RedisError("ERR Invalid min-idle-time argument for XCLAIM"));
        if (minIdle < 0) minIdle = 0;
        int argc = ctx.argc();
        List<StreamId> ids = new ArrayList<>();
        int j = 5;
        for (; j < argc; j++) {
            try {
                ids.add(StreamId.parseStrict(ctx.arg(j), 0));
            } catch (RedisError notAnId) {
                break;
            }
        }
        long now = ctx.now();
        long retryCount = -1;
        long deliveryTime = -1;
        boolean force = false, justId = false;
        StreamId lastId = StreamId.MIN;
        for (; j < argc; j++) {
            int more = argc - 1 - j;
            if (ctx.argIs(j, "force")) {
                force = true;
            } else if (ctx.argIs(j, "justid")) {
                justId = true;
            } else if (ctx.argIs(j, "idle") && more > 0) {
                j++;
                deliveryTime = now - ctx.argLong(j, new RedisError("ERR Invalid IDLE option argument for XCLAIM"));
            } else if (ctx.argIs(j, "time") && more > 0) {
                j++;
                deliveryTime = ctx.argLong(j, new RedisError("ERR Invalid TIME option argument for XCLAIM"));
            } else if (ctx.argIs(j, "retrycount") && more > 0) {
                j++;
                retryCount = ctx.argLong(j, new RedisError("ERR Invalid RETRYCOUNT option argument for XCLAIM"));
            } else if (ctx.argIs(j, "lastid") && more > 0) {
                j++;
                lastId = StreamId.parseStrict(ctx.arg(j), 0);
            } else {
                throw new RedisError("ERR Unrecognized XCLAIM option '" + ReadCommands.text(ctx.arg(j)) + "'");
            }
        }
        boolean propagateLastId = false;
        if (lastId.compareTo(g.lastId) > 0) {
            g.lastId = lastId;
            propagateLastId = true;
        }
        if (deliveryTime != -1) {
            if (deliveryTime < 0 || deliveryTime > now) deliveryTime = now;
        } else {
            deliveryTime = now;
        }
        Consumer consumer = consumerFor(ctx, g, ctx.arg(3), key);
        consumer.seenTime = now;
        Reply reply = ctx.reply();
        List<Entry> claimed = new ArrayList<>();
        List<StreamId> claimedIds = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            StreamId id = ids.get(i);
            byte[] idArg = ctx.arg(5 + i); // propagated as written, as Redis does
            Nack nack = g.pel.get(id);
            Entry e = s.find(id);
            if (e == null) {
                if (nack != null) {
                    StreamPropagation.claim(ctx, key, ctx.arg(2), g, idArg, nack); // the replay drops it too
                    propagateLastId = false;
                    g.pel.remove(id);
                    nack.consumer.pel.remove(id);
                }
                continue;
            }
            if (force && nack == null) {
                nack = new Nack(null, now, 1);
                g.pel.put(id, nack);
            }
            if (nack == null) continue;
            if (nack.consumer != null && minIdle != 0 && now - nack.deliveryTime < minIdle) continue;
            if (nack.consumer != consumer && nack.consumer != null) nack.consumer.pel.remove(id);
            nack.deliveryTime = deliveryTime;
            if (retryCount >= 0) nack.deliveryCount = retryCount;
            else if (!justId) nack.deliveryCount++;
            if (nack.consumer != consumer) {
                consumer.pel.put(id, nack);
                nack.consumer = consumer;
            }
            claimed.add(e);
            claimedIds.add(id);
            consumer.activeTime = now;
            StreamPropagation.claim(ctx, key, ctx.arg(2), g, idArg, nack);
            propagateLastId = false; // the XCLAIM carries LASTID
        }
        if (propagateLastId) StreamPropagation.groupId(ctx, key, ctx.arg(2), g);
        ctx.preventPropagation(); // its effects went as the commands above
        reply.arrayHeader(claimed.size());
        for (int i = 0; i < claimed.size(); i++) {
            if (justId) claimedIds.get(i).writeTo(reply);
            else claimed.get(i).reply(reply);
        }
    }

    /** The named consumer, created (with its event) if the group does not have it. */
    private static Consumer consumerFor(CommandContext ctx, ConsumerGroup g, byte[] name, byte[] key) {
        Consumer c = g.consumer(name);
        if (c == null) {
            c = g.createConsumer(name, ctx.now());
            ctx.db().notifyKeyspace(KeyEvent.XGROUP_CREATECONSUMER, key);
        }
        return c;
    }

    // ---- XAUTOCLAIM ---------------------------------------------------------------------------------------------

    private static void xautoclaim(CommandContext ctx) {
        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        Object value = db.lookupRead(key);
        long minIdle = ctx.argLong(4, new RedisError("ERR Invalid min-idle-time argument for XAUTOCLAIM"));
        if (minIdle < 0) minIdle = 0;
        StreamId start = parseStart(ctx.arg(5));
        long count = 100;
        boolean justId = false;
        for (int j = 6; j < ctx.argc(); j++) {
            int more = ctx.argc() - 1 - j;
            if (ctx.argIs(j, "count") && more > 0) {
                RedisError bad = new RedisError("ERR COUNT must be > 0");
                count = ctx.argLong(j + 1, bad);
                if (count < 1 || count > Long.MAX_VALUE / 16) throw bad;
                j++;
            } else if (ctx.argIs(j, "justid")) {
                justId = true;
            } else {
                throw RedisError.SYNTAX;
            }
        }
        StreamValue s = StreamCommands.asStream(value);
        ConsumerGroup g = s == null ? null : s.group(ctx.arg(2));
        if (g == null) throw noGroup(key, ctx.arg(2));
        Consumer consumer = consumerFor(ctx, g, ctx.arg(3), key);
        long now = ctx.now();
        consumer.seenTime = now;
        long attempts = count * 10;
        List<Entry> claimed = new ArrayList<>();
        List<StreamId> claimedIds = new ArrayList<>();
        List<StreamId> deleted = new ArrayList<>();
        StreamId from = start;
        StreamId last = null;
        boolean exhausted = false;
        while (attempts-- > 0 && count > 0) {
            var next = from == null ? null : g.pel.ceilingEntry(from);
            if (next == null) {
                exhausted = true;
                break;
            }
            StreamId id = next.getKey();
            Nack nack = next.getValue();
            last = id;
            from = id.next();
            Entry e = s.find(id);
            if (e == null) {
                StreamPropagation.claim(ctx, key, ctx.arg(2), g, id.toBytes(), nack); // the replay drops it too
                g.pel.remove(id);
                nack.consumer.pel.remove(id);
                deleted.add(id);
                count--;
                continue;
            }
            if (minIdle != 0 && now - nack.deliveryTime < minIdle) continue;
            if (nack.consumer != consumer && nack.consumer != null) nack.consumer.pel.remove(id);
            nack.deliveryTime = now;
            if (!justId) nack.deliveryCount++;
            if (nack.consumer != consumer) {
                consumer.pel.put(id, nack);
                nack.consumer = consumer;
            }
            claimed.add(e);
            claimedIds.add(id);
            count--;
            consumer.activeTime = now;
            StreamPropagation.claim(ctx, key, ctx.arg(2), g, id.toBytes(), nack);
        }
        ctx.preventPropagation(); // its effects went as the XCLAIMs above
        StreamId endId = StreamId.MIN;
        if (!exhausted && last != null) {
            StreamId after = last.next();
            StreamId following = after == null ? null : g.pel.ceilingKey(after);
            if (following != null) endId = following;
        }
        Reply reply = ctx.reply();
        reply.arrayHeader(3);
        endId.writeTo(reply);
        reply.arrayHeader(claimed.size());
        for (int i = 0; i < claimed.size(); i++) {
            if (justId) claimedIds.get(i).writeTo(reply);
            else claimed.get(i).reply(reply);
        }
        reply.arrayHeader(deleted.size());
        for (StreamId id : deleted) id.writeTo(reply);
    }
}
