package dev.cinnabar.streams;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.Numbers;

import java.nio.charset.StandardCharsets;

/**
 * The commands through which consumer group state reaches the AOF and replicas, as Redis emits them: reading and
 * claiming are never propagated as themselves (their effect depends on time and on what each side holds) but as an
 * idempotent XCLAIM ... FORCE JUSTID LASTID per pending entry touched, XGROUP SETID when only the group's last
 * delivered ID moved, XGROUP CREATECONSUMER for a consumer that nothing else would create. The same words serve
 * the AOF rewrite ({@link StreamAofForm}).
 */
final class StreamPropagation {
    static final byte[] XADD = ascii("XADD");
    static final byte[] XSETID = ascii("XSETID");
    static final byte[] XCLAIM = ascii("XCLAIM");
    static final byte[] XGROUP = ascii("XGROUP");
    static final byte[] CREATE = ascii("CREATE");
    static final byte[] SETID = ascii("SETID");
    static final byte[] CREATECONSUMER = ascii("CREATECONSUMER");
    static final byte[] MAXLEN = ascii("MAXLEN");
    static final byte[] ENTRIESADDED = ascii("ENTRIESADDED");
    static final byte[] MAXDELETEDID = ascii("MAXDELETEDID");
    static final byte[] ENTRIESREAD = ascii("ENTRIESREAD");
    static final byte[] TIME = ascii("TIME");
    static final byte[] RETRYCOUNT = ascii("RETRYCOUNT");
    static final byte[] FORCE = ascii("FORCE");
    static final byte[] JUSTID = ascii("JUSTID");
    static final byte[] LASTID = ascii("LASTID");
    static final byte[] ZERO = ascii("0");
    /** The exact-trim specifier an approximate ("~") trim is propagated with. */
    static final byte[] EXACT = ascii("=");

    private StreamPropagation() {}

    /**
     * A pending entry as it now is (or, for one about to be dropped because its entry is gone, as it was):
     * XCLAIM key group consumer 0 id TIME t RETRYCOUNT n FORCE JUSTID LASTID group-last-id.
     */
    static void claim(CommandContext ctx, byte[] key, byte[] groupName, ConsumerGroup group, byte[] id,
                      ConsumerGroup.Nack nack) {
        if (!ctx.propagating()) return;
        ctx.alsoPropagate(XCLAIM, key, groupName, nack.consumer.name, ZERO, id, TIME, Numbers.toBytes(nack.deliveryTime),
                RETRYCOUNT, Numbers.toBytes(nack.deliveryCount), FORCE, JUSTID, LASTID, group.lastId.toBytes());
    }

    /** The group's last delivered ID and entries read: XGROUP SETID key group id ENTRIESREAD n. */
    static void groupId(CommandContext ctx, byte[] key, byte[] groupName, ConsumerGroup group) {
        if (!ctx.propagating()) return;
        ctx.alsoPropagate(XGROUP, SETID, key, groupName, group.lastId.toBytes(), ENTRIESREAD,
                Numbers.toBytes(group.entriesRead));
    }

    /** XGROUP CREATECONSUMER key group consumer. */
    static void consumerCreation(CommandContext ctx, byte[] key, byte[] groupName, byte[] consumerName) {
        if (!ctx.propagating()) return;
        ctx.alsoPropagate(XGROUP, CREATECONSUMER, key, groupName, consumerName);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
