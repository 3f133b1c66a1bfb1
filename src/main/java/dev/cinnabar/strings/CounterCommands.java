package dev.cinnabar.strings;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.BytesSink;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.notify.KeyEvent;
import dev.cinnabar.propagation.Names;

/**
 * INCR, DECR, INCRBY, DECRBY and INCRBYFLOAT. A missing key counts as 0; the result replaces the value and keeps
 * the key's TTL. Integer results are stored as their decimal bytes, which report the "int" encoding.
 */
final class CounterCommands {
    private static final RedisError DECREMENT_OVERFLOW = new RedisError("ERR decrement would overflow");
    private static final RedisError NAN_OR_INFINITY = new RedisError("ERR increment would produce NaN or Infinity");
    /** The longest decimal form of a 64-bit integer. */
    private static final int MAX_LONG_CHARS = 20;

    private CounterCommands() {}


    static void register(CommandTable.Builder table) {
        table.handle("incr", ctx -> incrBy(ctx, 1))
                .handle("decr", ctx -> incrBy(ctx, -1))
                .handle("incrby", ctx -> incrBy(ctx, ctx.argLong(2)))
                .handle("decrby", CounterCommands::decrby)
                .handle("incrbyfloat", CounterCommands::incrbyfloat);
    }

    static void decrby(CommandContext ctx) {
        long decrement = ctx.argLong(2);
        if (decrement == Long.MIN_VALUE) throw DECREMENT_OVERFLOW; // its negation does not exist
        incrBy(ctx, -decrement);
    }

    /**
     * Parses a stored counter in place, without copying it out of the keyspace. One instance serves every call:
     * commands run one at a time under the execution lock.
     */
    private static final class StoredCounter implements BytesSink {
        long value;
        boolean valid;

        @Override
        public void write(byte[] array, int offset, int length) {
            valid = length <= MAX_LONG_CHARS;
            if (valid) {
                try {
                    value = Numbers.parseLong(array, offset, length, RedisError.NOT_INTEGER);
                } catch (RedisError notANumber) {
                    valid = false;
                }
            }
        }
    }

    private static final StoredCounter STORED = new StoredCounter();

    private static void incrBy(CommandContext ctx, long increment) {
        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        Object current = db.lookupWriteInto(key, STORED);
        long value;
        if (current == Database.WRITTEN) {
            if (!STORED.valid) throw RedisError.NOT_INTEGER;
            value = STORED.value;
        } else {
            current = Strings.requireString(current);
            value = current == null ? 0 : parseLong(current);
        }
        if ((increment < 0 && value < 0 && increment < Long.MIN_VALUE - value)
                || (increment > 0 && value > 0 && increment > Long.MAX_VALUE - value)) {
            throw RedisError.OVERFLOW;
        }
        value += increment;
        store(db, key, current, Numbers.toBytes(value));
        db.modified(KeyEvent.INCRBY, key);
        ctx.reply().integer(value);
    }

    private static long parseLong(Object value) {
        if (Strings.length(value) > MAX_LONG_CHARS) throw RedisError.NOT_INTEGER; // no need to copy a long raw string
        return Numbers.parseLong(Strings.bytes(value));
    }

    /** INCRBYFLOAT, computed in x87 long double arithmetic and printed as Redis prints it. */
    static void incrbyfloat(CommandContext ctx) {
        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        Object current = Strings.requireString(db.lookupWrite(key));
        LongDouble value = current == null ? LongDouble.ZERO
                : LongDouble.parse(Strings.buffer(current), Strings.length(current));
        if (value == null) throw RedisError.NOT_FLOAT;
        byte[] incrementText = ctx.arg(2);
        LongDouble increment = LongDouble.parse(incrementText, incrementText.length);
        if (increment == null) throw RedisError.NOT_FLOAT;
        LongDouble sum = value.add(increment);
        if (!sum.isFinite()) throw NAN_OR_INFINITY;
        byte[] text = sum.toHumanString();
        // Redis creates this value without trying the integer encoding: "3" reports "embstr", not "int"
        store(db, key, current, Numbers.isCanonicalLong(text) ? StringValue.embedded(text) : text);
        db.modified(KeyEvent.INCRBYFLOAT, key);
        ctx.reply().bulk(text);
        // propagated as its result, so float arithmetic never differs between the AOF and the data
        ctx.propagateAs(Names.SET, key, text, Names.KEEPTTL);
    }

    private static void store(Database db, byte[] key, Object current, Object value) {
        if (current == null) db.set(key, value, false);
        else db.replace(key, value);
    }
}
