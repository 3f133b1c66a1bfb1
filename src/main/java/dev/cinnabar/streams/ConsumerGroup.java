package dev.cinnabar.streams;

import dev.cinnabar.keyspace.Footprint;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A consumer group: the last ID delivered, how many entries it has read (or -1 when unknown), its pending entries
 * list (PEL: IDs delivered and not acknowledged, each owned by one consumer) and its consumers by name.
 */
final class ConsumerGroup {
    static final long INVALID_ENTRIES_READ = -1;

    final byte[] name;
    StreamId lastId;
    long entriesRead;
    final TreeMap<StreamId, Nack> pel = new TreeMap<>();
    final TreeMap<byte[], Consumer> consumers = new TreeMap<>(Arrays::compareUnsigned);

    ConsumerGroup(byte[] name, StreamId lastId, long entriesRead) {
        this.name = name;
        this.lastId = lastId;
        this.entriesRead = entriesRead;
    }

    ConsumerGroup copy() {
        ConsumerGroup g = new ConsumerGroup(name, lastId, entriesRead);
        for (Consumer c : consumers.values()) {
            Consumer nc = new Consumer(c.name, c.seenTime);
            nc.activeTime = c.activeTime;
            g.consumers.put(nc.name, nc);
        }
        for (Map.Entry<StreamId, Nack> e : pel.entrySet()) {
            Nack n = e.getValue();
            Consumer owner = g.consumers.get(n.consumer.name);
            Nack copy = new Nack(owner, n.deliveryTime, n.deliveryCount);
            g.pel.put(e.getKey(), copy);
            owner.pel.put(e.getKey(), copy);
        }
        return g;
    }

    Consumer consumer(byte[] name) {
        return consumers.get(name);
    }

    /** Creates a consumer; null if it exists. */
    Consumer createConsumer(byte[] name, long now) {
        if (consumers.containsKey(name)) return null;
        Consumer c = new Consumer(name.clone(), now);
        consumers.put(c.name, c);
        return c;
    }

    /** Deletes a consumer and its pending entries; returns how many it had. */
    long deleteConsumer(Consumer c) {
        long pending = c.pel.size();
        for (StreamId id : c.pel.keySet()) pel.remove(id);
        consumers.remove(c.name);
        return pending;
    }

    /** A pending entry: who has it, when it was last delivered and how many times. */
    static final class Nack {
        Consumer consumer;
        long deliveryTime;
        long deliveryCount;

        Nack(Consumer consumer, long deliveryTime, long deliveryCount) {
            this.consumer = consumer;
            this.deliveryTime = deliveryTime;
            this.deliveryCount = deliveryCount;
        }
    }

    /** A consumer: when it was last seen (any command naming it), last active (it got or claimed entries), its PEL. */
    static final class Consumer {
        final byte[] name;
        long seenTime;
        long activeTime = -1;
        final TreeMap<StreamId, Nack> pel = new TreeMap<>();

        Consumer(byte[] name, long seenTime) {
            this.name = name;
            this.seenTime = seenTime;
        }
    }

    /** A tree map entry (key, value, three links, colour) holding a stream ID. */
    private static final long PENDING_ENTRY = Footprint.object(5, 1) + Footprint.object(0, 16);
    private static final long NACK = Footprint.object(1, 16);
    private static final long CONSUMER = Footprint.object(2, 16) + Footprint.object(3, 8) + Footprint.object(5, 1);

    /**
     * Heap bytes of this group: each pending entry is in the group's PEL and its consumer's, with its NACK; each
     * consumer has its name, its map and its entry in the group's map.
     */
    long footprint() {
        long bytes = Footprint.object(4, 8) + Footprint.bytes(name.length) + 2 * Footprint.object(3, 8);
        bytes += pel.size() * (2 * PENDING_ENTRY + NACK);
        for (Consumer c : consumers.values()) bytes += CONSUMER + Footprint.bytes(c.name.length);
        return bytes;
    }
}
