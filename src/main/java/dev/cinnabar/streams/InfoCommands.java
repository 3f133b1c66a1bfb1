package dev.cinnabar.streams;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Help;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.protocol.Reply;
import dev.cinnabar.streams.ConsumerGroup.Consumer;
import dev.cinnabar.streams.ConsumerGroup.Nack;

import java.util.Map;

/** XINFO STREAM [FULL [COUNT n]], XINFO GROUPS, XINFO CONSUMERS, XINFO HELP. */
final class InfoCommands {
    private InfoCommands() {}

    static void register(CommandTable.Builder table) {
        table.handle("xinfo|stream", InfoCommands::stream)
                .handle("xinfo|groups", InfoCommands::groups)
                .handle("xinfo|consumers", InfoCommands::consumers)
                .handle("xinfo|help", ctx -> Help.reply(ctx,
                        "CONSUMERS <key> <groupname>",
                        "    Show consumers of <groupname>.",
                        "GROUPS <key>",
                        "    Show the stream consumer groups.",
                        "STREAM <key> [FULL [COUNT <count>]",
                        "    Show information about the stream."));
    }

    private static StreamValue lookup(CommandContext ctx) {
        Object value = ctx.db().lookupRead(ctx.arg(2));
        if (value == null) throw RedisError.NO_SUCH_KEY;
        return StreamCommands.asStream(value);
    }

    private static void consumers(CommandContext ctx) {
        StreamValue s = lookup(ctx);
        if (ctx.argc() != 4) throw Help.unknownSubcommand(ctx);
        ConsumerGroup g = s.group(ctx.arg(3));
        if (g == null) {
            throw new RedisError("NOGROUP No such consumer group '" + ReadCommands.text(ctx.arg(3))
                    + "' for key name '" + ReadCommands.text(ctx.arg(2)) + "'");
        }
        Reply reply = ctx.reply();
        long now = ctx.now();
        reply.arrayHeader(g.consumers.size());
        for (Consumer c : g.consumers.values()) {
            reply.mapHeader(4);
            reply.bulk("name");
            reply.bulk(c.name);
            reply.bulk("pending");
            reply.integer(c.pel.size());
            reply.bulk("idle");
            reply.integer(Math.max(0, now - c.seenTime));
            reply.bulk("inactive");
            reply.integer(c.activeTime != -1 ? now - c.activeTime : -1);
        }
    }

    private static void groups(CommandContext ctx) {
        StreamValue s = lookup(ctx);
        if (ctx.argc() != 3) throw Help.unknownSubcommand(ctx);
        Reply reply = ctx.reply();
        reply.arrayHeader(s.groupCount());
        if (s.groups == null) return;
        for (ConsumerGroup g : s.groups.values()) {
            reply.mapHeader(6);
            reply.bulk("name");
            reply.bulk(g.name);
            reply.bulk("consumers");
            reply.integer(g.consumers.size());
            reply.bulk("pending");
            reply.integer(g.pel.size());
            reply.bulk("last-delivered-id");
            g.lastId.writeTo(reply);
            replyEntriesReadAndLag(reply, s, g);
        }
    }

    private static void replyEntriesReadAndLag(Reply reply, StreamValue s, ConsumerGroup g) {
        reply.bulk("entries-read");
        if (g.entriesRead != ConsumerGroup.INVALID_ENTRIES_READ) reply.integer(g.entriesRead);
        else reply.nullBulk();
        reply.bulk("lag");
        Long lag = s.lag(g);
        if (lag != null) reply.integer(lag);
        else reply.nullBulk();
    }

    private static void stream(CommandContext ctx) {
        StreamValue s = lookup(ctx);
        int optc = ctx.argc() - 3;
        boolean full = optc != 0;
        long count = 10;
        if (full) {
            if (optc != 1 && optc != 3) throw Help.unknownSubcommand(ctx);
            if (!ctx.argIs(3, "full")) throw Help.unknownSubcommand(ctx);
            if (optc == 3) {
                if (!ctx.argIs(4, "count")) throw Help.unknownSubcommand(ctx);
                count = ctx.argLong(5);
                if (count < 0) count = 10;
            }
        }
        Reply reply = ctx.reply();
        reply.mapHeader(full ? 9 : 10);
        reply.bulk("length");
        reply.integer(s.length);
        reply.bulk("radix-tree-keys");
        reply.integer(s.nodeCount());
        reply.bulk("radix-tree-nodes");
        reply.integer(s.radixTreeNodes());
        reply.bulk("last-generated-id");
        s.lastId.writeTo(reply);
        reply.bulk("max-deleted-entry-id");
        s.maxDeletedId.writeTo(reply);
        reply.bulk("entries-added");
        reply.integer(s.entriesAdded);
        reply.bulk("recorded-first-entry-id");
        s.firstId.writeTo(reply);
        if (!full) {
            reply.bulk("groups");
            reply.integer(s.groupCount());
            reply.bulk("first-entry");
            replyEdge(reply, s, true);
            reply.bulk("last-entry");
            replyEdge(reply, s, false);
            return;
        }
        reply.bulk("entries");
        StreamCommands.replyRange(reply, s, StreamId.MIN, StreamId.MAX, count, false);
        reply.bulk("groups");
        reply.arrayHeader(s.groupCount());
        if (s.groups == null) return;
        for (ConsumerGroup g : s.groups.values()) {
            reply.mapHeader(7);
            reply.bulk("name");
            reply.bulk(g.name);
            reply.bulk("last-delivered-id");
            g.lastId.writeTo(reply);
            replyEntriesReadAndLag(reply, s, g);
            reply.bulk("pel-count");
            reply.integer(g.pel.size());
            reply.bulk("pending");
            replyPending(reply, g.pel, count, true);
            reply.bulk("consumers");
            reply.arrayHeader(g.consumers.size());
            for (Consumer c : g.consumers.values()) {
                reply.mapHeader(5);
                reply.bulk("name");
                reply.bulk(c.name);
                reply.bulk("seen-time");
                reply.integer(c.seenTime);
                reply.bulk("active-time");
                reply.integer(c.activeTime);
                reply.bulk("pel-count");
                reply.integer(c.pel.size());
                reply.bulk("pending");
                replyPending(reply, c.pel, count, false);
            }
        }
    }

    /** XINFO STREAM FULL's pending entries (at most count, 0 for all): ID, [consumer,] delivery time and count. */
    private static void replyPending(Reply reply, java.util.SortedMap<StreamId, Nack> pel, long count,
                                     boolean withConsumer) {
        long n = count == 0 ? pel.size() : Math.min(count, pel.size());
        reply.arrayHeader(n);
        long i = 0;
        for (Map.Entry<StreamId, Nack> e : pel.entrySet()) {
            if (i++ == n) break;
            reply.arrayHeader(withConsumer ? 4 : 3);
            e.getKey().writeTo(reply);
            if (withConsumer) reply.bulk(e.getValue().consumer.name);
            reply.integer(e.getValue().deliveryTime);
            reply.integer(e.getValue().deliveryCount);
        }
    }

    private static void replyEdge(Reply reply, StreamValue s, boolean first) {
        Entry[] found = new Entry[1];
        s.range(StreamId.MIN, StreamId.MAX, !first, e -> {
            found[0] = e;
            return false;
        });
        if (found[0] == null) reply.nullBulk();
        else found[0].reply(reply);
    }
}
