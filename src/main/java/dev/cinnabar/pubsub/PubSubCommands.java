package dev.cinnabar.pubsub;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Help;
import dev.cinnabar.protocol.Reply;
import dev.cinnabar.server.Client;

import java.util.ArrayList;
import java.util.List;

/** (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PUBLISH, SPUBLISH and PUBSUB. */
public final class PubSubCommands {
    private PubSubCommands() {}

    public static void register(CommandTable.Builder table) {
        table.handle("subscribe", ctx -> subscribe(ctx, Kind.CHANNEL))
                .handle("psubscribe", ctx -> subscribe(ctx, Kind.PATTERN))
                .handle("ssubscribe", ctx -> subscribe(ctx, Kind.SHARD))
                .handle("unsubscribe", ctx -> unsubscribe(ctx, Kind.CHANNEL))
                .handle("punsubscribe", ctx -> unsubscribe(ctx, Kind.PATTERN))
                .handle("sunsubscribe", ctx -> unsubscribe(ctx, Kind.SHARD))
                .handle("publish", ctx -> ctx.reply().integer(
                        ctx.server().pubSub().publish(ctx.client(), ctx.arg(1), ctx.arg(2))))
                .handle("spublish", ctx -> ctx.reply().integer(
                        ctx.server().pubSub().publishShard(ctx.client(), ctx.arg(1), ctx.arg(2))))
                .handle("pubsub|channels", ctx -> channels(ctx, Kind.CHANNEL))
                .handle("pubsub|shardchannels", ctx -> channels(ctx, Kind.SHARD))
                .handle("pubsub|numsub", ctx -> numsub(ctx, Kind.CHANNEL))
                .handle("pubsub|shardnumsub", ctx -> numsub(ctx, Kind.SHARD))
                .handle("pubsub|numpat", ctx -> ctx.reply().integer(ctx.server().pubSub().count(Kind.PATTERN)))
                .handle("pubsub|help", PubSubCommands::help);
    }

    private static void subscribe(CommandContext ctx, Kind kind) {
        Client client = ctx.client();
        for (int i = 1; i < ctx.argc(); i++) {
            ctx.server().pubSub().subscribe(client, kind, ctx.arg(i));
            confirm(client, kind.subscribeWord, ctx.arg(i), client.subscriptions().countFor(kind));
        }
    }

    /** Without arguments: every subscription of that kind, or one reply with a null channel when there is none. */
    private static void unsubscribe(CommandContext ctx, Kind kind) {
        Client client = ctx.client();
        PubSub pubSub = ctx.server().pubSub();
        if (ctx.argc() == 1) {
            List<Channel> all = new ArrayList<>(client.subscriptions().of(kind));
            if (all.isEmpty()) confirm(client, kind.unsubscribeWord, null, client.subscriptions().countFor(kind));
            for (Channel channel : all) {
                pubSub.unsubscribe(client, kind, channel);
                confirm(client, kind.unsubscribeWord, channel.name(), client.subscriptions().countFor(kind));
            }
            return;
        }
        for (int i = 1; i < ctx.argc(); i++) {
            pubSub.unsubscribe(client, kind, new Channel(ctx.arg(i)));
            confirm(client, kind.unsubscribeWord, ctx.arg(i), client.subscriptions().countFor(kind));
        }
    }

    /**
     * A subscription change confirmation: an array in RESP2, a push in RESP3. Like Redis 7.2 (which writes it as a
     * push in both protocols) it reaches the client even when CLIENT REPLY OFF / SKIP drops its replies.
     */
    private static void confirm(Client client, byte[] word, byte[] channel, int count) {
        boolean outOfBand = client.repliesSuppressed();
        if (outOfBand) client.beginOutOfBandReply();
        Reply reply = client.reply();
        reply.pushHeader(3);
        reply.bulk(word);
        if (channel == null) reply.nullBulk();
        else reply.bulk(channel);
        reply.integer(count);
        if (outOfBand) client.endOutOfBandReply();
    }

    private static void channels(CommandContext ctx, Kind kind) {
        if (ctx.argc() > 3) throw Help.unknownSubcommand(ctx);
        List<byte[]> names = ctx.server().pubSub().activeChannels(kind, ctx.argc() == 3 ? ctx.arg(2) : null);
        ctx.reply().arrayHeader(names.size());
        for (byte[] name : names) ctx.reply().bulk(name);
    }

    private static void numsub(CommandContext ctx, Kind kind) {
        ctx.reply().arrayHeader((ctx.argc() - 2) * 2L);
        for (int i = 2; i < ctx.argc(); i++) {
            ctx.reply().bulk(ctx.arg(i));
            ctx.reply().integer(ctx.server().pubSub().subscriberCount(kind, ctx.arg(i)));
        }
    }

    private static void help(CommandContext ctx) {
        Help.reply(ctx,
                "CHANNELS [<pattern>]",
                "    Return the currently active channels matching a <pattern> (default: '*').",
                "NUMPAT",
                "    Return number of subscriptions to patterns.",
                "NUMSUB [<channel> ...]",
                "    Return the number of subscribers for the specified channels, excluding",
                "    pattern subscriptions(default: no channels).",
                "SHARDCHANNELS [<pattern>]",
                "    Return the currently active shard level channels matching a <pattern> (default: '*').",
                "SHARDNUMSUB [<shardchannel> ...]",
                "    Return the number of subscribers for the specified shard level channel(s)");
    }
}
