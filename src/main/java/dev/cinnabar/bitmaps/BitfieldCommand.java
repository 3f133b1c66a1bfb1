package dev.cinnabar.bitmaps;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.notify.KeyEvent;
import dev.cinnabar.protocol.Reply;
import dev.cinnabar.strings.StringValue;
import dev.cinnabar.strings.Strings;

import java.util.ArrayList;
import java.util.List;

/**
 * BITFIELD key [GET type offset | SET type offset value | INCRBY type offset increment | OVERFLOW WRAP|SAT|FAIL]...
 * and BITFIELD_RO (GET only). Every operation is parsed before any runs; integers are signed (i1..i64) or unsigned
 * (u1..u63), and overflow is detected with Redis's exact rules, including what they answer for out-of-range SET
 * values.
 */
final class BitfieldCommand {
    private static final RedisError BAD_TYPE = new RedisError(
            "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.");
    private static final RedisError BAD_OVERFLOW = new RedisError("ERR Invalid OVERFLOW type specified");
    private static final RedisError RO_GET_ONLY = new RedisError("ERR BITFIELD_RO only supports the GET subcommand");

    private static final int GET = 0, SET = 1, INCRBY = 2;
    private static final int WRAP = 0, SAT = 1, FAIL = 2;

    private record Operation(int opcode, long offset, long value, int overflow, int bits, boolean signed) {}

    private BitfieldCommand() {}

    static void run(CommandContext ctx, boolean readOnlyCommand) {
        List<Operation> ops = new ArrayList<>();
        int overflow = WRAP;
        boolean readOnly = true;
        long highestWrite = 0;
        for (int j = 2; j < ctx.argc(); j++) {
            int remaining = ctx.argc() - j - 1;
            int opcode;
            if (ctx.argIs(j, "get") && remaining >= 2) {
                opcode = GET;
            } else if (ctx.argIs(j, "set") && remaining >= 3) {
                opcode = SET;
            } else if (ctx.argIs(j, "incrby") && remaining >= 3) {
                opcode = INCRBY;
            } else if (ctx.argIs(j, "overflow") && remaining >= 1) {
                j++;
                if (ctx.argIs(j, "wrap")) overflow = WRAP;
                else if (ctx.argIs(j, "sat")) overflow = SAT;
                else if (ctx.argIs(j, "fail")) overflow = FAIL;
                else throw BAD_OVERFLOW;
                continue;
            } else {
                throw RedisError.SYNTAX;
            }
            byte[] type = ctx.arg(j + 1);
            boolean signed = type.length > 0 && type[0] == 'i';
            if (!signed && (type.length == 0 || type[0] != 'u')) throw BAD_TYPE;
            int end = 1;
            while (end < type.length && type[end] != 0) end++; // the width is read as a C string
            long bits = Numbers.parseLong(type, 1, end - 1, BAD_TYPE);
            if (bits < 1 || (signed && bits > 64) || (!signed && bits > 63)) throw BAD_TYPE;
            long offset = BitmapCommands.offset(ctx, ctx.arg(j + 2), (int) bits);
            long value = 0;
            if (opcode != GET) {
                readOnly = false;
                highestWrite = Math.max(highestWrite, offset + bits - 1);
                value = ctx.argLong(j + 3);
            }
            ops.add(new Operation(opcode, offset, value, overflow, (int) bits, signed));
            j += opcode == GET ? 2 : 3;
        }

        StringValue target = null;
        Object readValue = null;
        boolean[] grown = {false};
        if (readOnly) {
            readValue = Strings.requireString(ctx.db().lookupRead(ctx.arg(1)));
        } else {
            if (readOnlyCommand) throw RO_GET_ONLY;
            target = BitmapCommands.stringForWrite(ctx, highestWrite, grown);
        }

        Reply reply = ctx.reply();
        reply.arrayHeader(ops.size());
        int changes = 0;
        for (Operation op : ops) {
            if (op.opcode == GET) {
                Object source = target != null ? target : readValue;
                byte[] p = source == null ? null : Strings.buffer(source);
                int length = source == null ? 0 : Strings.length(source);
                reply.integer(op.signed ? Bits.getSigned(p, length, op.offset, op.bits)
                        : Bits.getUnsigned(p, length, op.offset, op.bits));
                continue;
            }
            byte[] p = target.buffer();
            int length = target.length();
            long oldValue = op.signed ? Bits.getSigned(p, length, op.offset, op.bits)
                    : Bits.getUnsigned(p, length, op.offset, op.bits);
            long[] limit = new long[1];
            long newValue, result;
            int overflowed;
            if (op.opcode == INCRBY) {
                overflowed = op.signed ? signedOverflow(oldValue, op.value, op.bits, op.overflow, limit)
                        : unsignedOverflow(oldValue, op.value, op.bits, op.overflow, limit);
                newValue = overflowed != 0 ? limit[0] : oldValue + op.value;
                result = newValue;
            } else {
                newValue = op.value;
                overflowed = op.signed ? signedOverflow(newValue, 0, op.bits, op.overflow, limit)
                        : unsignedOverflow(newValue, 0, op.bits, op.overflow, limit);
                if (overflowed != 0) newValue = limit[0];
                result = oldValue;
            }
            if (overflowed != 0 && op.overflow == FAIL) {
                reply.nullBulk();
                continue;
            }
            reply.integer(result);
            Bits.set(p, op.offset, op.bits, newValue);
            if (grown[0] || oldValue != newValue) changes++;
        }
        if (changes > 0) ctx.db().modified(KeyEvent.SETBIT, ctx.arg(1));
    }

    /**
     * Redis's checkUnsignedBitfieldOverflow: 1 when value + incr exceeds the largest unsigned integer of that
     * width (a value that is itself too large counts), -1 when it goes below zero, else 0. On overflow, limit[0]
     * receives the wrapped or saturated result (nothing for FAIL).
     */
    static int unsignedOverflow(long value, long incr, int bits, int mode, long[] limit) {
        long max = (1L << bits) - 1;
        long maxIncr = max - value;
        long minIncr = -value;
        if (Long.compareUnsigned(value, max) > 0 || (incr > 0 && incr > maxIncr)) {
            if (mode == WRAP) limit[0] = (value + incr) & ~(-1L << bits);
            else if (mode == SAT) limit[0] = max;
            return 1;
        }
        if (incr < 0 && incr < minIncr) {
            if (mode == WRAP) limit[0] = (value + incr) & ~(-1L << bits);
            else if (mode == SAT) limit[0] = 0;
            return -1;
        }
        return 0;
    }

    /**
     * Redis's checkSignedBitfieldOverflow, with its two's complement arithmetic (the differences may wrap, which
     * decides the direction reported for values far out of range).
     */
    static int signedOverflow(long value, long incr, int bits, int mode, long[] limit) {
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        long min = -max - 1;
        long maxIncr = max - value;
        long minIncr = min - value;
        if (value > max || (bits != 64 && incr > maxIncr) || (value >= 0 && incr > 0 && incr > maxIncr)) {
            if (mode == WRAP) limit[0] = wrapSigned(value, incr, bits);
            else if (mode == SAT) limit[0] = max;
            return 1;
        }
        if (value < min || (bits != 64 && incr < minIncr) || (value < 0 && incr < 0 && incr < minIncr)) {
            if (mode == WRAP) limit[0] = wrapSigned(value, incr, bits);
            else if (mode == SAT) limit[0] = min;
            return -1;
        }
        return 0;
    }

    private static long wrapSigned(long value, long incr, int bits) {
        long c = value + incr;
        if (bits < 64) {
            long mask = -1L << bits;
            if ((c & (1L << (bits - 1))) != 0) c |= mask;
            else c &= ~mask;
        }
        return c;
    }
}
