package dev.cinnabar.pubsub;

import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Set;

/** One client's subscriptions, in the order they were made. */
public final class Subscriptions {
    private final EnumMap<Kind, Set<Channel>> byKind = new EnumMap<>(Kind.class);

    public Subscriptions() {
        for (Kind kind : Kind.values()) byKind.put(kind, new LinkedHashSet<>());
    }

    Set<Channel> of(Kind kind) {
        return byKind.get(kind);
    }

    /** How many channels, patterns or shard channels the client subscribes to (CLIENT LIST sub / psub / ssub). */
    public int count(Kind kind) {
        return of(kind).size();
    }

    /** The names the client subscribes to in one space, in subscription order. */
    public java.util.List<byte[]> names(Kind kind) {
        java.util.List<byte[]> out = new java.util.ArrayList<>();
        for (Channel c : of(kind)) out.add(c.name());
        return out;
    }

    /** True while the client has any subscription: Redis's CLIENT_PUBSUB flag. */
    public boolean any() {
        for (Set<Channel> set : byKind.values()) if (!set.isEmpty()) return true;
        return false;
    }

    /** The count that (P)(UN)SUBSCRIBE replies report: channels and patterns (shard channels are counted apart). */
    int countFor(Kind kind) {
        return kind == Kind.SHARD ? count(Kind.SHARD) : count(Kind.CHANNEL) + count(Kind.PATTERN);
    }
}
