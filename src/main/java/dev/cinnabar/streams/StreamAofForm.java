package dev.cinnabar.streams;

import dev.cinnabar.command.Numbers;

import java.util.Map;
import java.util.function.Consumer;

import static dev.cinnabar.streams.StreamPropagation.*;

/**
 * The commands that rebuild a stream in an AOF written in command form, as Redis's rewrite emits them: one XADD per
 * entry (an empty stream made by XADD MAXLEN 0), XSETID with the last ID, entries added and largest deleted ID, then
 * per group XGROUP CREATE with its entries read, an XCLAIM ... FORCE per pending entry and XGROUP CREATECONSUMER for
 * consumers with nothing pending.
 */
public final class StreamAofForm {
    private StreamAofForm() {}

    public static void write(byte[] key, StreamValue s, Consumer<byte[][]> command) {
        if (s.length > 0) {
            s.range(StreamId.MIN, StreamId.MAX, false, e -> {
                byte[][] fields = e.fieldsAndValues();
                byte[][] args = new byte[3 + fields.length][];
                args[0] = XADD;
                args[1] = key;
                args[2] = e.id().toBytes();
                System.arraycopy(fields, 0, args, 3, fields.length);
                command.accept(args);
                return true;
            });
        } else {
            command.accept(new byte[][] {XADD, key, MAXLEN, ZERO, ascii("0-1"), ascii("x"), ascii("y")});
        }
        command.accept(new byte[][] {XSETID, key, s.lastId.toBytes(), ENTRIESADDED,
                Numbers.toBytes(s.entriesAdded), MAXDELETEDID, s.maxDeletedId.toBytes()});
        if (s.groups == null) return;
        for (ConsumerGroup g : s.groups.values()) {
            command.accept(new byte[][] {XGROUP, CREATE, key, g.name, g.lastId.toBytes(),
                    ENTRIESREAD, Numbers.toBytes(g.entriesRead)});
            for (ConsumerGroup.Consumer c : g.consumers.values()) {
                if (c.pel.isEmpty()) {
                    command.accept(new byte[][] {XGROUP, CREATECONSUMER, key, g.name, c.name});
                    continue;
                }
                for (Map.Entry<StreamId, ConsumerGroup.Nack> p : c.pel.entrySet()) {
                    command.accept(new byte[][] {XCLAIM, key, g.name, c.name, ZERO,
                            p.getKey().toBytes(), TIME, Numbers.toBytes(p.getValue().deliveryTime),
                            RETRYCOUNT, Numbers.toBytes(p.getValue().deliveryCount), JUSTID, FORCE});
                }
            }
        }
    }
}
