package dev.cinnabar.pubsub;

import dev.cinnabar.keyspace.Glob;
import dev.cinnabar.protocol.Reply;
import dev.cinnabar.server.Client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The server's subscriptions: for each channel, pattern and shard channel, its subscribers in subscription order.
 * Messages reach subscribers as out-of-band replies on their own connections, queued in publishing order, so what
 * one publisher sends arrives in order. Runs under the execution lock like every command.
 */
public final class PubSub {
    private static final byte[] MESSAGE = "message".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PMESSAGE = "pmessage".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SMESSAGE = "smessage".getBytes(StandardCharsets.US_ASCII);

    /** Per kind, the subscribers of each channel (or pattern), in subscription order. */
    private final EnumMap<Kind, Map<Channel, Set<Client>>> subscribers = new EnumMap<>(Kind.class);

    public PubSub() {
        for (Kind kind : Kind.values()) subscribers.put(kind, new LinkedHashMap<>());
    }

    private Map<Channel, Set<Client>> of(Kind kind) {
        return subscribers.get(kind);
    }

    /**
     * Channels, patterns or shard channels with at least one subscriber (INFO pubsub_channels / pubsub_patterns /
     * pubsubshard_channels, PUBSUB NUMPAT).
     */
    public int count(Kind kind) {
        return of(kind).size();
    }

    /** Adds the subscription; false when the client already had it. */
    boolean subscribe(Client client, Kind kind, byte[] name) {
        Channel channel = new Channel(name);
        if (!client.subscriptions().add(kind, channel)) return false;
        of(kind).computeIfAbsent(channel, c -> new LinkedHashSet<>()).add(client);
        return true;
    }

    /** Removes the subscription; false when the client did not have it. */
    boolean unsubscribe(Client client, Kind kind, Channel channel) {
        if (!client.subscriptions().remove(kind, channel)) return false;
        Map<Channel, Set<Client>> registry = of(kind);
        Set<Client> subscribers = registry.get(channel);
        if (subscribers != null) {
            subscribers.remove(client);
            if (subscribers.isEmpty()) registry.remove(channel);
        }
        return true;
    }

    /** Drops every subscription of the client without replying (disconnect, RESET). */
    public void unsubscribeAll(Client client) {
        for (Kind kind : Kind.values()) {
            for (Channel channel : new ArrayList<>(client.subscriptions().of(kind))) unsubscribe(client, kind, channel);
        }
    }

    /**
     * PUBLISH: sends the message to the channel's subscribers, then to each matching pattern's; returns how many.
     * The publisher (null when no client's command publishes) gets its own messages after its reply.
     */
    public int publish(Client publisher, byte[] channel, byte[] message) {
        int receivers = 0;
        Set<Client> direct = of(Kind.CHANNEL).get(new Channel(channel));
        if (direct != null) {
            for (Client c : direct) deliver(publisher, c, MESSAGE, null, channel, message);
            receivers += direct.size();
        }
        for (Map.Entry<Channel, Set<Client>> e : of(Kind.PATTERN).entrySet()) {
            byte[] pattern = e.getKey().name();
            if (!Glob.matches(pattern, channel, false)) continue;
            for (Client c : e.getValue()) deliver(publisher, c, PMESSAGE, pattern, channel, message);
            receivers += e.getValue().size();
        }
        return receivers;
    }

    /** SPUBLISH: shard channels have no patterns. */
    int publishShard(Client publisher, byte[] channel, byte[] message) {
        Set<Client> subscribers = of(Kind.SHARD).get(new Channel(channel));
        if (subscribers == null) return 0;
        for (Client c : subscribers) deliver(publisher, c, SMESSAGE, null, channel, message);
        return subscribers.size();
    }

    /**
     * Writes one message push to a subscriber: as an out-of-band reply on its connection, or, when it is the
     * publisher, into its own reply stream right after PUBLISH's reply (Redis 7.2 holds a command's pushes to its
     * own client until its reply is complete). Like Redis 7.2's pushes, messages ignore CLIENT REPLY OFF / SKIP:
     * a publisher whose own replies are being dropped gets its message out of band.
     */
    private static void deliver(Client publisher, Client receiver, byte[] kind, byte[] pattern, byte[] channel,
                                byte[] message) {
        if (receiver.closing()) return;
        boolean own = receiver == publisher && !receiver.repliesSuppressed();
        if (own) receiver.beginDeferredPush();
        else receiver.beginOutOfBandReply();
        Reply reply = receiver.reply();
        reply.pushHeader(pattern == null ? 3 : 4);
        reply.bulk(kind);
        if (pattern != null) reply.bulk(pattern);
        reply.bulk(channel);
        reply.bulk(message);
        if (own) receiver.endDeferredPush();
        else receiver.endOutOfBandReply();
    }

    /** The channels (or shard channels) with subscribers whose names match the pattern, or all when it is null. */
    List<byte[]> activeChannels(Kind kind, byte[] pattern) {
        List<byte[]> names = new ArrayList<>();
        for (Channel c : of(kind).keySet()) {
            if (pattern == null || Glob.matches(pattern, c.name(), false)) names.add(c.name());
        }
        return names;
    }

    /** Subscribers of one channel (patterns not counted), as PUBSUB NUMSUB reports them. */
    int subscriberCount(Kind kind, byte[] channel) {
        Set<Client> subscribers = of(kind).get(new Channel(channel));
        return subscribers == null ? 0 : subscribers.size();
    }
}
