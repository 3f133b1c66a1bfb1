package dev.cinnabar.pubsub;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Set;

/** One client's subscriptions, in the order they were made. */
public final class Subscriptions {
    private final EnumMap<Kind, Set<Channel>> byKind = new EnumMap<>(Kind.class);
    /** All subscriptions of every kind: every command asks whether there are any, so it is kept, not counted. */
    private int total;

    public Subscriptions() {
        for (Kind kind : Kind.values()) byKind.put(kind, new LinkedHashSet<>());
    }

    /** The client's subscriptions of one kind, read-only: change them with {@link #add} and {@link #remove}. */
    Set<Channel> of(Kind kind) {
        return Collections.unmodifiableSet(byKind.get(kind));
    }

    /** Adds a subscription; false when the client already had it. */
    boolean add(Kind kind, Channel channel) {
        if (!byKind.get(kind).add(channel)) return false;
        total++;
        return true;
    }

    /** Removes a subscription; false when the client did not have it. */
    boolean remove(Kind kind, Channel channel) {
        if (!byKind.get(kind).remove(channel)) return false;
        total--;
        return true;
    }

    /** How many channels, patterns or shard channels the client subscribes to (CLIENT LIST sub / psub / ssub). */
    public int count(Kind kind) {
        return byKind.get(kind).size();
    }

    /** The names the client subscribes to in one space, in subscription order. */
    public java.util.List<byte[]> names(Kind kind) {
        java.util.List<byte[]> out = new java.util.ArrayList<>();
        for (Channel c : of(kind)) out.add(c.name());
        return out;
    }

    /** True while the client has any subscription: Redis's CLIENT_PUBSUB flag. */
    public boolean any() {
        return total != 0;
    }

    /** The count that (P)(UN)SUBSCRIBE replies report: channels and patterns (shard channels are counted apart). */
    int countFor(Kind kind) {
        return kind == Kind.SHARD ? count(Kind.SHARD) : count(Kind.CHANNEL) + count(Kind.PATTERN);
    }
}
