package dev.cinnabar.sets;

import static dev.cinnabar.sets.SetCommands.asSet;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.config.ServerConfig;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.notify.KeyEvent;
import dev.cinnabar.protocol.Reply;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * SMEMBERS, SINTER, SINTERCARD, SINTERSTORE, SUNION, SUNIONSTORE, SDIFF and SDIFFSTORE, following Redis's
 * sinterGenericCommand and sunionDiffGenericCommand step by step, because the order of their steps decides what
 * is visible: which error wins, the order of the members of compact results, and the encoding of stored results
 * (an intersection starts as an intset or a listpack and becomes an intset at the end if it holds only integers;
 * unions and differences start as an intset and grow through the usual conversions).
 */
final class SetAlgebraCommands {
    private static final RedisError NUMKEYS = new RedisError("ERR numkeys should be greater than 0");
    private static final RedisError TOO_MANY_KEYS =
            new RedisError("ERR Number of keys can't be greater than number of args");
    private static final RedisError NEGATIVE_LIMIT = new RedisError("ERR LIMIT can't be negative");
    private static final Comparator<SetValue> SMALLEST_FIRST = Comparator.comparingInt(SetValue::size);
    private static final Comparator<SetValue> LARGEST_FIRST =
            Comparator.comparingInt((SetValue s) -> s == null ? 0 : s.size()).reversed();

    private SetAlgebraCommands() {}

    static void register(CommandTable.Builder table) {
        table.handle("smembers", ctx -> intersect(ctx, 1, 1, null, false, 0))
                .handle("sinter", ctx -> intersect(ctx, 1, ctx.argc() - 1, null, false, 0))
                .handle("sinterstore", ctx -> intersect(ctx, 2, ctx.argc() - 2, ctx.arg(1), false, 0))
                .handle("sintercard", SetAlgebraCommands::sintercard)
                .handle("sunion", ctx -> unionOrDiff(ctx, 1, ctx.argc() - 1, null, false))
                .handle("sunionstore", ctx -> unionOrDiff(ctx, 2, ctx.argc() - 2, ctx.arg(1), false))
                .handle("sdiff", ctx -> unionOrDiff(ctx, 1, ctx.argc() - 1, null, true))
                .handle("sdiffstore", ctx -> unionOrDiff(ctx, 2, ctx.argc() - 2, ctx.arg(1), true));
    }

    /** SINTERCARD numkeys key [key ...] [LIMIT limit] */
    static void sintercard(CommandContext ctx) {
        long numkeys = Numbers.parseLong(ctx.arg(1), NUMKEYS);
        if (numkeys < 1) throw NUMKEYS;
        if (numkeys > ctx.argc() - 2) throw TOO_MANY_KEYS;
        long limit = 0;
        for (int i = 2 + (int) numkeys; i < ctx.argc(); i++) {
            if (ctx.argIs(i, "limit") && i + 1 < ctx.argc()) {
                limit = Numbers.parseLong(ctx.arg(++i), NEGATIVE_LIMIT);
                if (limit < 0) throw NEGATIVE_LIMIT;
            } else {
                throw RedisError.SYNTAX;
            }
        }
        intersect(ctx, 2, (int) numkeys, null, true, limit);
    }

    /**
     * Looks up the sets named by {@code count} arguments from {@code first}: null for a missing key, WRONGTYPE at
     * the first key holding another type (after the keys before it were looked up, as in Redis).
     */
    private static SetValue[] lookup(CommandContext ctx, int first, int count) {
        Database db = ctx.db();
        SetValue[] sets = new SetValue[count];
        for (int j = 0; j < count; j++) sets[j] = asSet(db.lookupRead(ctx.arg(first + j)));
        return sets;
    }

    /**
     * The intersection of the sets, replied (SINTER, SMEMBERS), counted up to a limit (SINTERCARD, 0 = no limit) or
     * stored at {@code destination} (SINTERSTORE). Members come in the order of the smallest set.
     */
    static void intersect(CommandContext ctx, int first, int count, byte[] destination, boolean cardinalityOnly,
                          long limit) {
        SetValue[] sets = lookup(ctx, first, count);
        Reply reply = ctx.reply();
        if (Arrays.asList(sets).contains(null)) {            // an intersection with an empty set is empty
            if (destination != null) {
                deleteDestination(ctx.db(), destination);
                reply.integer(0);
            } else if (cardinalityOnly) {
                reply.integer(0);
            } else {
                reply.setHeader(0);
            }
            return;
        }
        Arrays.sort(sets, SMALLEST_FIRST);
        SetValue smallest = sets[0];
        if (destination == null && !cardinalityOnly && allSame(sets)) {
            // SMEMBERS (or SINTER of one key repeated): every member is in the result, no need to collect them
            reply.setHeader(smallest.size());
            smallest.forEach((bytes, offset, length) -> {
                reply.bulk(bytes, offset, length);
                return true;
            });
            return;
        }
        ServerConfig config = ctx.server().config();
        SetValue target = destination == null ? null
                : smallest.isIntset() ? SetValue.newIntset() : SetValue.newListpack();
        List<byte[]> members = new ArrayList<>();
        long[] cardinality = {0};
        boolean[] onlyIntegers = {true};
        smallest.forEach((bytes, offset, length) -> {
            for (int j = 1; j < sets.length; j++) {
                if (sets[j] != smallest && !sets[j].contains(bytes, offset, length)) return true;
            }
            if (cardinalityOnly) {
                return ++cardinality[0] != limit;
            }
            if (target == null) {
                members.add(Arrays.copyOfRange(bytes, offset, offset + length));
            } else {
                if (onlyIntegers[0] && !SetValue.isInteger(bytes, offset, length)) onlyIntegers[0] = false;
                target.add(bytes, offset, length, config);
            }
            return true;
        });
        if (cardinalityOnly) {
            reply.integer(cardinality[0]);
        } else if (target == null) {
            reply.setHeader(members.size());
            for (byte[] member : members) reply.bulk(member);
        } else if (target.size() > 0) {
            if (onlyIntegers[0]) target.maybeConvertToIntset(config);
            ctx.db().set(destination, target, false);
            reply.integer(target.size());
            ctx.db().modified(KeyEvent.SINTERSTORE, destination);
        } else {
            deleteDestination(ctx.db(), destination);
            reply.integer(0);
        }
    }

    private static boolean allSame(SetValue[] sets) {
        for (SetValue set : sets) if (set != sets[0]) return false;
        return true;
    }

    /**
     * The union or the difference (first set minus the others) of the sets, replied as a set (SUNION, SDIFF, and
     * SPOP when it takes the whole set) or stored at {@code destination}. The result is built in a new set that
     * starts as an intset, so its members come out in the order that set's encoding gives them.
     */
    static void unionOrDiff(CommandContext ctx, int first, int count, byte[] destination, boolean diff) {
        SetValue[] sets = lookup(ctx, first, count);
        boolean sameSet = false;
        for (int j = 1; j < count; j++) sameSet |= sets[j] != null && sets[j] == sets[0];
        ServerConfig config = ctx.server().config();
        SetValue result = SetValue.newIntset();
        if (!diff) {
            for (SetValue set : sets) {
                if (set != null) addAll(set, result, config);
            }
        } else if (sets[0] != null && !sameSet) {
            if (subtractEachMember(sets)) {
                // cost about |first| * sets / 2: keep the members of the first set found in none of the others
                if (count > 1) Arrays.sort(sets, 1, count, LARGEST_FIRST);
                sets[0].forEach((bytes, offset, length) -> {
                    for (int j = 1; j < count; j++) {
                        if (sets[j] != null && sets[j].contains(bytes, offset, length)) return true;
                    }
                    result.add(bytes, offset, length, config);
                    return true;
                });
            } else {
                // cost about the total size: copy the first set, then remove the members of the others
                addAll(sets[0], result, config);
                for (int j = 1; j < count && result.size() > 0; j++) {
                    if (sets[j] == null) continue;
                    sets[j].forEach((bytes, offset, length) -> {
                        result.remove(bytes, offset, length);
                        return true;
                    });
                }
            }
        }
        Reply reply = ctx.reply();
        if (destination == null) {
            reply.setHeader(result.size());
            result.forEach((bytes, offset, length) -> {
                reply.bulk(bytes, offset, length);
                return true;
            });
        } else if (result.size() > 0) {
            ctx.db().set(destination, result, false);
            reply.integer(result.size());
            ctx.db().modified(diff ? KeyEvent.SDIFFSTORE : KeyEvent.SUNIONSTORE, destination);
        } else {
            deleteDestination(ctx.db(), destination);
            reply.integer(0);
        }
    }

    /** An empty result deletes the destination: a change (and a "del" event) only if it existed. */
    private static void deleteDestination(Database db, byte[] destination) {
        if (db.delete(destination)) db.modified(KeyEvent.DEL, destination);
    }

    private static void addAll(SetValue source, SetValue target, ServerConfig config) {
        source.forEach((bytes, offset, length) -> {
            target.add(bytes, offset, length, config);
            return true;
        });
    }

    /**
     * Redis's choice between its two SDIFF algorithms, which decides the encoding of an SDIFFSTORE result: testing
     * each member of the first set against the others (when the first set's size times the number of sets, halved,
     * is at most the total size), or copying the first set and removing the others' members.
     */
    private static boolean subtractEachMember(SetValue[] sets) {
        long eachMemberWork = 0, copyAndRemoveWork = 0;
        for (SetValue set : sets) {
            if (set == null) continue;
            eachMemberWork += sets[0].size();
            copyAndRemoveWork += set.size();
        }
        return eachMemberWork / 2 <= copyAndRemoveWork;
    }
}
