package dev.cinnabar.pubsub;

import java.util.LinkedHashSet;
import java.util.Set;

/** One client's subscriptions, in the order they were made. */
public final class Subscriptions {
    final Set<Channel> channels = new LinkedHashSet<>();
    final Set<Channel> patterns = new LinkedHashSet<>();
    final Set<Channel> shardChannels = new LinkedHashSet<>();

    Set<Channel> of(Kind kind) {
        return switch (kind) {
            case CHANNEL -> channels;
            case PATTERN -> patterns;
            case SHARD -> shardChannels;
        };
    }

    public int channelCount() {
        return channels.size();
    }

    public int patternCount() {
        return patterns.size();
    }

    public int shardChannelCount() {
        return shardChannels.size();
    }

    /** True while the client has any subscription: Redis's CLIENT_PUBSUB flag. */
    public boolean any() {
        return !channels.isEmpty() || !patterns.isEmpty() || !shardChannels.isEmpty();
    }

    /** The count that (P)(UN)SUBSCRIBE replies report: channels and patterns (shard channels are counted apart). */
    int countFor(Kind kind) {
        return kind == Kind.SHARD ? shardChannels.size() : channels.size() + patterns.size();
    }
}
