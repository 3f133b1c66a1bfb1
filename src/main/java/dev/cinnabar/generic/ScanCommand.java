package dev.cinnabar.generic;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.keyspace.Glob;
import dev.cinnabar.keyspace.Values;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]. COUNT is a hint: buckets are visited until about COUNT
 * keys were seen (or ten times COUNT steps were taken over empty buckets); MATCH filters what was seen; TYPE and
 * expiry filter afterwards, so a call may return fewer keys than COUNT, or none, before the cursor is 0.
 */
final class ScanCommand {
    private static final List<String> TYPE_NAMES = List.of("string", "list", "set", "zset", "hash", "stream");

    private ScanCommand() {}

    static void register(CommandTable.Builder table) {
        table.handle("scan", ScanCommand::scan);
    }

    static void scan(CommandContext ctx) {
        long cursor = ScanCursor.parse(ctx.arg(1));
        long count = 10;
        byte[] pattern = null;
        String type = null;
        boolean typeFilter = false;
        for (int i = 2; i < ctx.argc(); i++) {
            boolean hasValue = i + 1 < ctx.argc();
            if (ctx.argIs(i, "count") && hasValue) {
                count = Numbers.parseLong(ctx.arg(++i));
                if (count < 1) throw RedisError.SYNTAX;
            } else if (ctx.argIs(i, "match") && hasValue) {
                byte[] p = ctx.arg(++i);
                pattern = p.length == 1 && p[0] == '*' ? null : p;    // "*" matches everything
            } else if (ctx.argIs(i, "type") && hasValue) {
                typeFilter = true;
                type = knownType(ctx.argString(++i));                 // an unknown type matches nothing
            } else {
                throw RedisError.SYNTAX;
            }
        }

        Database db = ctx.db();
        List<byte[]> keys = new ArrayList<>();
        long[] sampled = {0};
        byte[] matchPattern = pattern;
        long maxIterations = count * 10;
        do {
            cursor = db.scan(cursor, (key, value, bits) -> {
                sampled[0]++;
                if (matchPattern == null || Glob.matches(matchPattern, key, false)) keys.add(key);
            });
        } while (cursor != 0 && maxIterations-- != 0 && sampled[0] < count);

        int live = 0;
        for (byte[] key : keys) {
            Object value = typeFilter ? db.lookupReadNoTouch(key) : db.peek(key);   // drops expired keys
            if (value == null || (typeFilter && !Values.typeName(value).equals(type))) continue;
            keys.set(live++, key);
        }
        ctx.reply().arrayHeader(2);
        ctx.reply().bulkLong(cursor);
        ctx.reply().arrayHeader(live);
        for (int i = 0; i < live; i++) ctx.reply().bulk(keys.get(i));
    }

    private static String knownType(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return TYPE_NAMES.contains(lower) ? lower : null;
    }
}
