package dev.cinnabar.hashes;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.Dict;
import dev.cinnabar.protocol.Reply;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * HRANDFIELD key [count [WITHVALUES]], with Redis's strategies: a negative count samples with repetition; a count
 * at least the hash's size returns the whole hash in its order; a listpack is sampled in one ordered pass; a
 * hashtable either drops random pairs from a full copy (count above a third of the size) or draws until it has
 * count distinct pairs. With WITHVALUES, RESP2 gets a flat array and RESP3 an array of [field, value] pairs.
 */
final class RandomField {
    private static final RedisError COUNT_OUT_OF_RANGE = new RedisError(
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    private static final RedisError OUT_OF_RANGE = new RedisError("ERR value is out of range");
    /** Redis's HRANDFIELD_SUB_STRATEGY_MUL: above size / 3 requested pairs, copying and dropping is cheaper. */
    private static final int SUB_STRATEGY_MUL = 3;

    private RandomField() {}

    static void register(CommandTable.Builder table) {
        table.handle("hrandfield", RandomField::hrandfield);
    }

    /** Writes a pair as HRANDFIELD replies with it: the field, or field and value (nested in RESP3). */
    private record PairWriter(Reply reply, boolean withValues) implements Dict.PackedVisitor {
        @Override
        public void visit(byte[] a, int fieldOffset, int fieldLength, int valueOffset, int valueLength) {
            if (withValues && reply.resp3()) reply.arrayHeader(2);
            reply.bulk(a, fieldOffset, fieldLength);
            if (withValues) reply.bulk(a, valueOffset, valueLength);
        }
    }

    static void hrandfield(CommandContext ctx) {
        if (ctx.argc() >= 3) {
            long count = ctx.argLong(2);
            if (count == Long.MIN_VALUE) throw COUNT_OUT_OF_RANGE;
            boolean withValues = ctx.argc() == 4;
            if (ctx.argc() > 4 || (withValues && !ctx.argIs(3, "withvalues"))) throw RedisError.SYNTAX;
            if (withValues && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) throw OUT_OF_RANGE;
            withCount(ctx, count, withValues);
            return;
        }
        HashValue hash = HashCommands.readHash(ctx);
        if (hash == null) {
            ctx.reply().nullBulk();
            return;
        }
        PairWriter writer = new PairWriter(ctx.reply(), false);
        if (hash.isListpack()) {
            int[] positions = hash.pairPositions();
            hash.visitAt(positions[ThreadLocalRandom.current().nextInt(positions.length)], writer);
        } else {
            Dict table = hash.table();
            table.visitPacked(table.randomEntry(), writer);
        }
    }

    private static void withCount(CommandContext ctx, long requested, boolean withValues) {
        Reply reply = ctx.reply();
        HashValue hash = HashCommands.readHash(ctx);
        if (hash == null || requested == 0) {
            reply.arrayHeader(0);
            return;
        }
        PairWriter writer = new PairWriter(reply, withValues);
        boolean flat = withValues && !reply.resp3();
        long count = Math.abs(requested);
        int size = hash.size();
        ThreadLocalRandom random = ThreadLocalRandom.current();

        if (requested < 0 || count == 1) {
            // Independent draws, possibly repeating, in random order.
            reply.arrayHeader(flat ? count * 2 : count);
            if (hash.isListpack()) {
                int[] positions = hash.pairPositions();
                for (long i = 0; i < count; i++) hash.visitAt(positions[random.nextInt(size)], writer);
            } else {
                Dict table = hash.table();
                for (long i = 0; i < count; i++) table.visitPacked(table.randomEntry(), writer);
            }
            return;
        }

        int replied = (int) Math.min(count, size);
        reply.arrayHeader(flat ? replied * 2L : replied);
        if (count >= size) {
            hash.forEach(writer);
        } else if (hash.isListpack()) {
            // Selection sampling: each pair is taken with probability (still needed / still left), in order.
            int[] positions = hash.pairPositions();
            int needed = replied;
            for (int i = 0; i < size && needed > 0; i++) {
                if (random.nextInt(size - i) < needed) {
                    hash.visitAt(positions[i], writer);
                    needed--;
                }
            }
        } else if (count * SUB_STRATEGY_MUL > size) {
            dropFromCopy(hash, replied, writer, random);
        } else {
            Dict table = hash.table();
            Set<Integer> drawn = new HashSet<>();
            while (drawn.size() < replied) {
                int handle = table.randomEntry();
                if (drawn.add(handle)) table.visitPacked(handle, writer);
            }
        }
    }

    /** Copies every pair, keeps a random {@code count} of them (a partial shuffle) and replies with those. */
    private static void dropFromCopy(HashValue hash, int count, PairWriter writer, ThreadLocalRandom random) {
        int size = hash.size();
        byte[][] pairs = new byte[size][];        // field and value bytes, one after the other
        int[] fieldLengths = new int[size];
        int[] n = {0};
        hash.forEach((a, fieldOffset, fieldLength, valueOffset, valueLength) -> {
            byte[] pair = Arrays.copyOfRange(a, fieldOffset, fieldOffset + fieldLength + valueLength);
            System.arraycopy(a, valueOffset, pair, fieldLength, valueLength);
            fieldLengths[n[0]] = fieldLength;
            pairs[n[0]++] = pair;
        });
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(size - i);
            byte[] pair = pairs[j];
            int fieldLength = fieldLengths[j];
            pairs[j] = pairs[i];
            fieldLengths[j] = fieldLengths[i];
            writer.visit(pair, 0, fieldLength, fieldLength, pair.length - fieldLength);
        }
    }
}
