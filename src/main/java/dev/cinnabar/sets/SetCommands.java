package dev.cinnabar.sets;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.config.ServerConfig;
import dev.cinnabar.generic.ScanCursor;
import dev.cinnabar.generic.ScanOptions;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.keyspace.Dict;
import dev.cinnabar.keyspace.Values;
import dev.cinnabar.notify.KeyEvent;
import dev.cinnabar.protocol.Reply;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The set commands that work on members one by one: SADD, SREM, SMOVE, SISMEMBER, SMISMEMBER, SCARD, SSCAN. The
 * set algebra (SINTER, SUNION, SDIFF and their variants, SMEMBERS) is in {@link SetAlgebraCommands}, the random
 * ones (SPOP, SRANDMEMBER) in {@link RandomMemberCommands}.
 */
public final class SetCommands {
    private static final byte[] ZERO = {'0'};

    private SetCommands() {}

    public static void register(CommandTable.Builder table) {
        table.handle("sadd", SetCommands::sadd)
                .handle("srem", SetCommands::srem)
                .handle("smove", SetCommands::smove)
                .handle("sismember", SetCommands::sismember)
                .handle("smismember", SetCommands::smismember)
                .handle("scard", SetCommands::scard)
                .handle("sscan", SetCommands::sscan);
        SetAlgebraCommands.register(table);
        RandomMemberCommands.register(table);
    }

    /** The value as a set: null when absent, WRONGTYPE when it is another type. */
    static SetValue asSet(Object value) {
        return Values.require(value, SetValue.class);
    }

    /** SADD key member [member ...] */
    static void sadd(CommandContext ctx) {
        Database db = ctx.db();
        ServerConfig config = ctx.server().config();
        byte[] key = ctx.arg(1);
        int members = ctx.argc() - 2;
        SetValue set = asSet(db.lookupWrite(key));
        if (set == null) {
            set = SetValue.create(ctx.arg(2), members, config);
            db.set(key, set, false);
        } else {
            set.maybeConvert(members, config);
        }
        int added = 0;
        for (int i = 2; i < ctx.argc(); i++) {
            if (set.add(ctx.arg(i), config)) added++;
        }
        if (added > 0) db.modified(KeyEvent.SADD, key);
        ctx.reply().integer(added);
    }

    /** SREM key member [member ...]: the key goes as soon as its last member does. */
    static void srem(CommandContext ctx) {
        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        SetValue set = asSet(db.lookupWrite(key));
        int removed = 0;
        boolean keyRemoved = false;
        if (set != null) {
            for (int i = 2; i < ctx.argc(); i++) {
                if (!set.remove(ctx.arg(i))) continue;
                removed++;
                if (set.size() == 0) {
                    db.delete(key);
                    keyRemoved = true;
                    break;
                }
            }
        }
        if (removed > 0) {
            db.modified(KeyEvent.SREM, key);
            if (keyRemoved) db.notifyKeyspace(KeyEvent.DEL, key);
        }
        ctx.reply().integer(removed);
    }

    /**
     * SMOVE source destination member. A missing source answers 0 before the destination's type is checked; a
     * destination created by the move gets the encoding a one-member SADD would give it.
     */
    static void smove(CommandContext ctx) {
        Database db = ctx.db();
        byte[] sourceKey = ctx.arg(1), destinationKey = ctx.arg(2), member = ctx.arg(3);
        Object sourceValue = db.lookupWrite(sourceKey);
        Object destinationValue = db.lookupWrite(destinationKey);
        if (sourceValue == null) {
            ctx.reply().integer(0);
            return;
        }
        SetValue source = asSet(sourceValue);
        SetValue destination = asSet(destinationValue);
        if (source == destination) {
            ctx.reply().integer(source.contains(member) ? 1 : 0);
            return;
        }
        if (!source.remove(member)) {
            ctx.reply().integer(0);
            return;
        }
        db.notifyKeyspace(KeyEvent.SREM, sourceKey);
        if (source.size() == 0) {
            db.delete(sourceKey);
            db.notifyKeyspace(KeyEvent.DEL, sourceKey);
        }
        ServerConfig config = ctx.server().config();
        if (destination == null) {
            destination = SetValue.create(member, 1, config);
            db.set(destinationKey, destination, false);
        }
        db.signalModified(sourceKey);
        if (destination.add(member, config)) db.modified(KeyEvent.SADD, destinationKey);
        ctx.reply().integer(1);
    }

    static void sismember(CommandContext ctx) {
        SetValue set = asSet(ctx.db().lookupRead(ctx.arg(1)));
        ctx.reply().integer(set != null && set.contains(ctx.arg(2)) ? 1 : 0);
    }

    /** SMISMEMBER key member [member ...]: a missing key is an empty set, so all zeros. */
    static void smismember(CommandContext ctx) {
        SetValue set = asSet(ctx.db().lookupRead(ctx.arg(1)));
        Reply reply = ctx.reply();
        reply.arrayHeader(ctx.argc() - 2);
        for (int i = 2; i < ctx.argc(); i++) reply.integer(set != null && set.contains(ctx.arg(i)) ? 1 : 0);
    }

    static void scard(CommandContext ctx) {
        SetValue set = asSet(ctx.db().lookupRead(ctx.arg(1)));
        ctx.reply().integer(set == null ? 0 : set.size());
    }

    /**
     * SSCAN key cursor [MATCH pattern] [COUNT count]. As in Redis, the cursor is checked first, then the key, and
     * the options only when the key holds a set. Intsets and listpacks answer with every (matching) member and
     * cursor 0; a hashtable is walked with the dict's reverse-binary cursor.
     */
    static void sscan(CommandContext ctx) {
        ScanCursor.parse(ctx.arg(2));
        SetValue set = asSet(ctx.db().lookupRead(ctx.arg(1)));
        Reply reply = ctx.reply();
        if (set == null) {
            reply.arrayHeader(2);
            reply.bulk(ZERO);
            reply.arrayHeader(0);
            return;
        }
        ScanOptions options = ScanOptions.parse(ctx, 2, false);
        List<byte[]> found = new ArrayList<>();
        long cursor = 0;
        if (set.isHashtable()) {
            cursor = scanTable(set.hashtable(), options, found);
        } else {
            set.forEach((bytes, offset, length) -> {
                byte[] member = Arrays.copyOfRange(bytes, offset, offset + length);
                if (options.matches(member)) found.add(member);
                return true;
            });
        }
        reply.arrayHeader(2);
        reply.bulkLong(cursor);
        reply.arrayHeader(found.size());
        for (byte[] member : found) reply.bulk(member);
    }

    /** Steps the dict until about COUNT members were visited or ten times COUNT steps were taken, as Redis. */
    private static long scanTable(Dict dict, ScanOptions options, List<byte[]> found) {
        long[] visited = {0};
        long cursor = options.cursor;
        long steps = options.maxIterations();
        do {
            cursor = dict.scan(cursor, (member, value, bits) -> {
                visited[0]++;
                if (options.matches(member)) found.add(member);
            });
        } while (cursor != 0 && steps-- != 0 && visited[0] < options.count);
        return cursor;
    }
}
