package dev.cinnabar.generic;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.keyspace.Values;

import java.util.ArrayList;
import java.util.List;

/**
 * SCAN cursor [MATCH pattern] [COUNT count] [TYPE type] (see {@link ScanOptions}): buckets are visited until about COUNT
 * keys were seen (or ten times COUNT steps were taken over empty buckets); MATCH filters what was seen; TYPE and
 * expiry filter afterwards, so a call may return fewer keys than COUNT, or none, before the cursor is 0.
 */
final class ScanCommand {
    private ScanCommand() {}

    static void register(CommandTable.Builder table) {
        table.handle("scan", ScanCommand::scan);
    }

    static void scan(CommandContext ctx) {
        ScanOptions options = ScanOptions.parse(ctx, 1, true);
        long cursor = options.cursor;
        Database db = ctx.db();
        List<byte[]> keys = new ArrayList<>();
        long[] sampled = {0};
        long maxIterations = options.maxIterations();
        do {
            cursor = db.scan(cursor, (key, value, bits) -> {
                sampled[0]++;
                if (options.matches(key)) keys.add(key);
            });
        } while (cursor != 0 && maxIterations-- != 0 && sampled[0] < options.count);

        int live = 0;
        for (byte[] key : keys) {
            Object value = options.typeFilter ? db.lookupReadNoTouch(key) : db.peek(key);   // drops expired keys
            if (value == null || (options.typeFilter && !Values.typeName(value).equals(options.type))) continue;
            keys.set(live++, key);
        }
        ctx.reply().arrayHeader(2);
        ctx.reply().bulkLong(cursor);
        ctx.reply().arrayHeader(live);
        for (int i = 0; i < live; i++) ctx.reply().bulk(keys.get(i));
    }
}
