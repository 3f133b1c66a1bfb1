package dev.cinnabar.zsets;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.keyspace.Values;
import dev.cinnabar.notify.KeyEvent;
import dev.cinnabar.protocol.Reply;

/** Lookups and reply shapes shared by the sorted-set commands. */
final class Zsets {
    static final RedisError OUT_OF_RANGE_POSITIVE = new RedisError("ERR value is out of range, must be positive");

    private Zsets() {}

    /** The sorted set at key for a reading command, null when absent, WRONGTYPE for another type. */
    static ZsetValue read(CommandContext ctx, byte[] key) {
        return cast(ctx.db().lookupRead(key));
    }

    /** The sorted set at key for a writing command, null when absent, WRONGTYPE for another type. */
    static ZsetValue write(CommandContext ctx, byte[] key) {
        return cast(ctx.db().lookupWrite(key));
    }

    static ZsetValue cast(Object value) {
        return Values.require(value, ZsetValue.class);
    }

    /**
     * After elements were removed: the key is signalled with the event, and deleted (the "del" event) when the
     * write left its set empty (Redis never keeps an empty collection).
     */
    static void afterRemoval(Database db, byte[] key, ZsetValue zset, KeyEvent event) {
        db.modified(event, key);
        if (zset.size() == 0) {
            db.delete(key);
            db.notifyKeyspace(KeyEvent.DEL, key);
        }
    }

    /** A store command's end: the result replaces the destination, or an empty (or null) one deletes it. */
    static void store(Database db, byte[] destination, ZsetValue result, KeyEvent event) {
        if (result != null && result.size() > 0) {
            db.set(destination, result, false);
            db.modified(event, destination);
        } else if (db.delete(destination)) {
            db.modified(KeyEvent.DEL, destination);
        }
    }

    /**
     * Writes one element: the member, then its score when withScores; in RESP3 a member with its score is a
     * two-element array (as ZRANGE WITHSCORES replies), in RESP2 the two follow each other in the flat reply.
     */
    static void element(Reply reply, ZsetEncoding set, int pos, boolean withScores) {
        if (withScores && reply.resp3()) reply.arrayHeader(2);
        set.writeMember(pos, reply);
        if (withScores) reply.doubleValue(set.score(pos));
    }

    /** The header of a reply of n elements written by {@link #element}. */
    static void elementsHeader(Reply reply, long n, boolean withScores) {
        reply.arrayHeader(withScores && !reply.resp3() ? n * 2 : n);
    }

    /** Redis's getPositiveLongFromObjectOrReply without a message: one error for a non-number and a negative. */
    static long positiveLong(byte[] arg) {
        long value = Numbers.parseLong(arg, OUT_OF_RANGE_POSITIVE);
        if (value < 0) throw OUT_OF_RANGE_POSITIVE;
        return value;
    }
}
