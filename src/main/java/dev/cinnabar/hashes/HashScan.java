package dev.cinnabar.hashes;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.generic.ScanCursor;
import dev.cinnabar.generic.ScanOptions;
import dev.cinnabar.keyspace.Glob;
import dev.cinnabar.protocol.Reply;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * HSCAN key cursor [MATCH pattern] [COUNT count]. As in Redis, the cursor is checked first, then the key, and the
 * options only once the key holds a hash. A listpack replies with every matching pair and cursor 0; a hashtable
 * is walked with the dict's reverse-binary cursor, about COUNT fields per call, MATCH filtering the fields seen.
 */
final class HashScan {
    private HashScan() {}

    static void register(CommandTable.Builder table) {
        table.handle("hscan", HashScan::hscan);
    }

    static void hscan(CommandContext ctx) {
        ScanCursor.parse(ctx.arg(2));
        HashValue hash = HashCommands.readHash(ctx);
        Reply reply = ctx.reply();
        if (hash == null) {
            reply.arrayHeader(2);
            reply.bulk(ZERO);
            reply.arrayHeader(0);
            return;
        }
        ScanOptions options = ScanOptions.parse(ctx, 2, false);
        List<byte[]> found = new ArrayList<>();        // fields and values, alternating
        long cursor = 0;
        if (hash.isListpack()) {
            byte[] pattern = options.pattern;
            hash.forEach((a, fieldOffset, fieldLength, valueOffset, valueLength) -> {
                int fieldEnd = fieldOffset + fieldLength;
                if (pattern != null && !Glob.matches(pattern, 0, pattern.length, a, fieldOffset, fieldEnd, false)) {
                    return;
                }
                found.add(Arrays.copyOfRange(a, fieldOffset, fieldOffset + fieldLength));
                found.add(Arrays.copyOfRange(a, valueOffset, valueOffset + valueLength));
            });
        } else {
            long[] sampled = {0};
            long maxIterations = options.maxIterations();
            cursor = options.cursor;
            do {
                cursor = hash.table().scan(cursor, (field, value, bits) -> {
                    sampled[0]++;
                    if (!options.matches(field)) return;
                    found.add(field);
                    found.add((byte[]) value);
                });
            } while (cursor != 0 && maxIterations-- != 0 && sampled[0] < options.count);
        }
        reply.arrayHeader(2);
        reply.bulkLong(cursor);
        reply.arrayHeader(found.size());
        for (byte[] element : found) reply.bulk(element);
    }

    private static final byte[] ZERO = {'0'};
}
