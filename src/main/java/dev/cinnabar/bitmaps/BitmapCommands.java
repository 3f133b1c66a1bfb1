package dev.cinnabar.bitmaps;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.notify.KeyEvent;
import dev.cinnabar.strings.StringValue;
import dev.cinnabar.strings.Strings;

/** SETBIT, GETBIT, BITCOUNT, BITPOS and BITOP, and the registration of the bitmap group (BITFIELD included). */
public final class BitmapCommands {
    static final RedisError BAD_OFFSET = new RedisError("ERR bit offset is not an integer or out of range");
    private static final RedisError BAD_BIT = new RedisError("ERR bit is not an integer or out of range");
    private static final RedisError BIT_NOT_0_OR_1 = new RedisError("ERR The bit argument must be 1 or 0.");
    private static final RedisError NOT_SINGLE_KEY =
            new RedisError("ERR BITOP NOT must be called with a single source key.");
    /** The longest string a Java array holds: a bitmap may not grow past it even if proto-max-bulk-len allows. */
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private enum Op { AND, OR, XOR, NOT }

    private BitmapCommands() {}

    public static void register(CommandTable.Builder table) {
        table.handle("setbit", BitmapCommands::setbit)
                .handle("getbit", BitmapCommands::getbit)
                .handle("bitcount", BitmapCommands::bitcount)
                .handle("bitpos", BitmapCommands::bitpos)
                .handle("bitop", BitmapCommands::bitop)
                .handle("bitfield", ctx -> BitfieldCommand.run(ctx, false))
                .handle("bitfield_ro", ctx -> BitfieldCommand.run(ctx, true));
    }

    /**
     * Redis's getBitOffsetFromArgument: a bit offset below proto-max-bulk-len bytes. With {@code bits > 0} the
     * form {@code #n} means n times bits (BITFIELD).
     */
    static long offset(CommandContext ctx, byte[] arg, int bits) {
        boolean hash = bits > 0 && arg.length > 0 && arg[0] == '#';
        long offset = hash ? Numbers.parseLong(arg, 1, arg.length - 1, BAD_OFFSET) : Numbers.parseLong(arg, BAD_OFFSET);
        if (hash) offset *= bits; // wraps like Redis's multiplication; a negative result is refused below
        if (offset < 0 || (offset >>> 3) >= ctx.server().config().protoMaxBulkLen.value()
                || (offset >>> 3) >= MAX_BYTES) {
            throw BAD_OFFSET;
        }
        return offset;
    }

    /**
     * Redis's lookupStringForBitCommand: the string at the command's key, created or padded with zero bytes so
     * that bit {@code maxBit} exists, ready to be modified in place. {@code grown[0]} tells whether it was created
     * or lengthened.
     */
    static StringValue stringForWrite(CommandContext ctx, long maxBit, boolean[] grown) {
        int length = (int) (maxBit >>> 3) + 1;
        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        Object value = Strings.requireString(db.lookupWrite(key));
        if (value == null) {
            StringValue created = StringValue.zeros(length);
            db.set(key, created, false);
            grown[0] = true;
            return created;
        }
        StringValue raw = Strings.unshare(db, key, value);
        int before = raw.length();
        raw.growZero(length);
        grown[0] = raw.length() != before;
        return raw;
    }

    /** SETBIT key offset value: answers the bit's previous value. */
    static void setbit(CommandContext ctx) {
        long offset = offset(ctx, ctx.arg(2), 0);
        long on = Numbers.parseLong(ctx.arg(3), BAD_BIT);
        if ((on & ~1L) != 0) throw BAD_BIT;
        boolean[] grown = new boolean[1];
        StringValue bitmap = stringForWrite(ctx, offset, grown);
        byte[] bytes = bitmap.buffer();
        int index = (int) (offset >>> 3);
        int shift = 7 - (int) (offset & 7);
        int old = (bytes[index] >> shift) & 1;
        if (grown[0] || old != on) {
            bytes[index] = (byte) ((bytes[index] & ~(1 << shift)) | ((int) on << shift));
            ctx.db().modified(KeyEvent.SETBIT, ctx.arg(1));
        }
        ctx.reply().integer(old);
    }

    /** GETBIT key offset: bits past the end of the string are 0. */
    static void getbit(CommandContext ctx) {
        long offset = offset(ctx, ctx.arg(2), 0);
        Object value = Strings.requireString(ctx.db().lookupRead(ctx.arg(1)));
        int bit = 0;
        if (value != null && (offset >>> 3) < Strings.length(value)) {
            bit = (Strings.buffer(value)[(int) (offset >>> 3)] >> (7 - (int) (offset & 7))) & 1;
        }
        ctx.reply().integer(bit);
    }

    /** Reads the optional BYTE | BIT unit argument; true for BIT. */
    private static boolean unitIsBit(CommandContext ctx, int i) {
        if (ctx.argIs(i, "bit")) return true;
        if (ctx.argIs(i, "byte")) return false;
        throw RedisError.SYNTAX;
    }

    /**
     * BITCOUNT key [start end [BYTE | BIT]]. As in Redis, a missing key answers 0 before the arguments are looked
     * at, and a wrong argument count on an existing key is a syntax error.
     */
    static void bitcount(CommandContext ctx) {
        Object value = Strings.requireString(ctx.db().lookupRead(ctx.arg(1)));
        if (value == null) {
            ctx.reply().integer(0);
            return;
        }
        byte[] p = Strings.buffer(value);
        long length = Strings.length(value);
        long start, end;
        int firstMask = 0, lastMask = 0;
        int argc = ctx.argc();
        if (argc == 4 || argc == 5) {
            start = ctx.argLong(2);
            end = ctx.argLong(3);
            if (start < 0 && end < 0 && start > end) {
                ctx.reply().integer(0);
                return;
            }
            ByteRange range = ByteRange.of(start, end, length, argc == 5 && unitIsBit(ctx, 4));
            start = range.start();
            end = range.end();
            firstMask = range.firstMask();
            lastMask = range.lastMask();
        } else if (argc == 2) {
            start = 0;
            end = length - 1;
        } else {
            throw RedisError.SYNTAX;
        }
        if (start > end) {
            ctx.reply().integer(0);
            return;
        }
        long count = Bits.popcount(p, (int) start, (int) (end - start + 1));
        if (firstMask != 0) count -= Integer.bitCount(p[(int) start] & firstMask);
        if (lastMask != 0) count -= Integer.bitCount(p[(int) end] & lastMask);
        ctx.reply().integer(count);
    }

    /**
     * A BITCOUNT / BITPOS range made absolute and clamped to the string, in bytes; for a BIT range, masks of the
     * bits of the first and last byte that lie outside it (0: none).
     */
    private record ByteRange(long start, long end, int firstMask, int lastMask) {
        static ByteRange of(long start, long end, long length, boolean isBit) {
            long total = isBit ? length << 3 : length;
            if (start < 0) start += total;
            if (end < 0) end += total;
            if (start < 0) start = 0;
            if (end < 0) end = 0;
            if (end >= total) end = total - 1;
            if (!isBit || start > end) return new ByteRange(start, end, 0, 0);
            return new ByteRange(start >> 3, end >> 3, ~((1 << (8 - (int) (start & 7))) - 1) & 0xff,
                    (1 << (7 - (int) (end & 7))) - 1);
        }
    }

    /**
     * BITPOS key bit [start [end [BYTE | BIT]]]: the first bit set to 1 or 0 in the range. A missing key is all
     * zeros; without an explicit end the string is thought of as followed by zero bits, so a search for 0 in a
     * string of ones answers the first bit past it.
     */
    static void bitpos(CommandContext ctx) {
        long bit = ctx.argLong(2);
        if (bit != 0 && bit != 1) throw BIT_NOT_0_OR_1;
        Object value = Strings.requireString(ctx.db().lookupRead(ctx.arg(1)));
        if (value == null) {
            ctx.reply().integer(bit == 1 ? -1 : 0);
            return;
        }
        byte[] p = Strings.buffer(value);
        long length = Strings.length(value);
        int argc = ctx.argc();
        long start, end;
        boolean endGiven = false;
        int firstMask = 0, lastMask = 0;
        if (argc >= 4 && argc <= 6) {
            start = ctx.argLong(3);
            boolean isBit = argc == 6 && unitIsBit(ctx, 5);
            if (argc >= 5) {
                end = ctx.argLong(4);
                endGiven = true;
            } else {
                end = isBit ? (length << 3) + 7 : length - 1;
            }
            ByteRange range = ByteRange.of(start, end, length, isBit);
            start = range.start();
            end = range.end();
            firstMask = range.firstMask();
            lastMask = range.lastMask();
        } else if (argc == 3) {
            start = 0;
            end = length - 1;
        } else {
            throw RedisError.SYNTAX;
        }
        if (start > end) {
            ctx.reply().integer(-1);
            return;
        }
        ctx.reply().integer(searchRange(p, (int) start, (int) end, (int) bit, firstMask, lastMask, endGiven));
    }

    /**
     * The search of BITPOS over bytes start..end, whose first and last bytes may be partly outside the range
     * (their masks mark the bits to ignore): the edge bytes are searched alone with the outside bits forced to
     * the value not sought, the middle as a whole.
     */
    private static long searchRange(byte[] p, int start, int end, int bit, int firstMask, int lastMask,
                                    boolean endGiven) {
        long bytes = end - start + 1;
        long pos;
        byte[] one = new byte[1];
        found:
        {
            if (firstMask != 0) {
                int b = bit == 1 ? p[start] & ~firstMask : p[start] | firstMask;
                if (lastMask != 0 && bytes == 1) b = bit == 1 ? b & ~lastMask : b | lastMask;
                one[0] = (byte) b;
                pos = Bits.firstBit(one, 0, 1, bit);
                if (bytes == 1 || (pos != -1 && pos != 8)) break found;
                start++;
                bytes--;
            }
            long middle = bytes - (lastMask != 0 ? 1 : 0);
            if (middle > 0) {
                pos = Bits.firstBit(p, start, (int) middle, bit);
                if (bytes == middle || (pos != -1 && pos != middle << 3)) break found;
                start += (int) middle;
                bytes -= middle;
            }
            int b = bit == 1 ? p[end] & ~lastMask : p[end] | lastMask;
            one[0] = (byte) b;
            pos = Bits.firstBit(one, 0, 1, bit);
        }
        // With an explicit end the bits after the range are not zeros: a 0 only found past it is no answer.
        if (endGiven && bit == 0 && pos == bytes << 3) return -1;
        if (pos != -1) pos += (long) start << 3;
        return pos;
    }

    /** BITOP AND | OR | XOR | NOT destkey key [key ...]: answers the length of the stored result. */
    static void bitop(CommandContext ctx) {
        Op op;
        if (ctx.argIs(1, "and")) op = Op.AND;
        else if (ctx.argIs(1, "or")) op = Op.OR;
        else if (ctx.argIs(1, "xor")) op = Op.XOR;
        else if (ctx.argIs(1, "not")) op = Op.NOT;
        else throw RedisError.SYNTAX;
        if (op == Op.NOT && ctx.argc() != 4) throw NOT_SINGLE_KEY;

        Database db = ctx.db();
        int numKeys = ctx.argc() - 3;
        byte[][] sources = new byte[numKeys][];
        int[] lengths = new int[numKeys];
        int maxLength = 0;
        for (int j = 0; j < numKeys; j++) {
            Object value = Strings.requireString(db.lookupRead(ctx.arg(j + 3)));
            if (value == null) continue;
            sources[j] = Strings.buffer(value);
            lengths[j] = Strings.length(value);
            maxLength = Math.max(maxLength, lengths[j]);
        }
        byte[] destination = ctx.arg(2);
        if (maxLength == 0) {
            if (db.delete(destination)) db.modified(KeyEvent.DEL, destination);
            ctx.reply().integer(0);
            return;
        }
        byte[] result = new byte[maxLength];
        for (int i = 0; i < maxLength; i++) {
            int output = lengths[0] > i ? sources[0][i] : 0;
            if (op == Op.NOT) output = ~output;
            for (int j = 1; j < numKeys; j++) {
                int b = lengths[j] > i ? sources[j][i] : 0;
                if (op == Op.AND) output &= b;
                else if (op == Op.OR) output |= b;
                else output ^= b;
            }
            result[i] = (byte) output;
        }
        db.set(destination, StringValue.of(result), false);
        db.modified(KeyEvent.SET, destination);
        ctx.reply().integer(maxLength);
    }
}
