package dev.cinnabar.hashes;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.BytesSink;
import dev.cinnabar.notify.KeyEvent;
import dev.cinnabar.propagation.Names;
import dev.cinnabar.strings.LongDouble;

/**
 * HINCRBY and HINCRBYFLOAT: a missing field counts as 0, the increment is validated before the key is looked at,
 * and HINCRBYFLOAT computes in long double exactly as INCRBYFLOAT does ({@link LongDouble}).
 */
final class HashCounters {
    private static final RedisError NOT_AN_INTEGER = new RedisError("ERR hash value is not an integer");
    private static final RedisError NOT_A_FLOAT = new RedisError("ERR hash value is not a float");
    private static final RedisError INCREMENT_NOT_FINITE = new RedisError("ERR value is NaN or Infinity");
    private static final RedisError RESULT_NOT_FINITE = new RedisError("ERR increment would produce NaN or Infinity");

    private HashCounters() {}

    static void register(CommandTable.Builder table) {
        table.handle("hincrby", HashCounters::hincrby)
                .handle("hincrbyfloat", HashCounters::hincrbyfloat);
    }

    /** Parses a stored value in place. One instance serves every call: commands run one at a time. */
    private static final class StoredInteger implements BytesSink {
        long value;
        boolean valid;

        @Override
        public void write(byte[] array, int offset, int length) {
            try {
                value = Numbers.parseLong(array, offset, length, NOT_AN_INTEGER);
                valid = true;
            } catch (RedisError notANumber) {
                valid = false;
            }
        }
    }

    private static final StoredInteger STORED = new StoredInteger();

    static void hincrby(CommandContext ctx) {
        long increment = ctx.argLong(3);
        HashValue hash = HashCommands.writeHash(ctx);
        byte[] field = ctx.arg(2);
        long value = 0;
        if (hash != null && hash.get(field, STORED)) {
            if (!STORED.valid) throw NOT_AN_INTEGER;
            value = STORED.value;
        }
        if ((increment < 0 && value < 0 && increment < Long.MIN_VALUE - value)
                || (increment > 0 && value > 0 && increment > Long.MAX_VALUE - value)) {
            throw RedisError.OVERFLOW;
        }
        value += increment;
        HashCommands.set(ctx, hash, field, Numbers.toBytes(value), false);
        ctx.db().modified(KeyEvent.HINCRBY, ctx.arg(1));
        ctx.reply().integer(value);
    }

    static void hincrbyfloat(CommandContext ctx) {
        byte[] incrementText = ctx.arg(3);
        LongDouble increment = LongDouble.parse(incrementText, incrementText.length);
        if (increment == null) throw RedisError.NOT_FLOAT;
        if (!increment.isFinite()) throw INCREMENT_NOT_FINITE;
        HashValue hash = HashCommands.writeHash(ctx);
        byte[] field = ctx.arg(2);
        LongDouble value = LongDouble.ZERO;
        byte[] stored = hash == null ? null : hash.get(field);
        if (stored != null) {
            value = LongDouble.parse(stored, stored.length);
            if (value == null) throw NOT_A_FLOAT;
        }
        LongDouble sum = value.add(increment);
        if (!sum.isFinite()) throw RESULT_NOT_FINITE;
        byte[] text = sum.toHumanString();
        HashCommands.set(ctx, hash, field, text, false);
        ctx.db().modified(KeyEvent.HINCRBYFLOAT, ctx.arg(1));
        ctx.reply().bulk(text);
        ctx.propagateAs(Names.HSET, ctx.arg(1), field, text); // its result, as Redis propagates it
    }

}
