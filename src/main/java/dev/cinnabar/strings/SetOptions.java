package dev.cinnabar.strings;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;

/**
 * The options shared by SET and GETEX (Redis's "extended string arguments"): NX, XX, GET and KEEPTTL for SET,
 * PERSIST for GETEX, EX / PX / EXAT / PXAT for both. They are parsed into one int without allocating: the
 * option bits, plus the index of the expire-time argument in the high half.
 */
final class SetOptions {
    static final int NX = 1;
    static final int XX = 1 << 1;
    static final int EX = 1 << 2;
    static final int PX = 1 << 3;
    static final int KEEPTTL = 1 << 4;
    static final int GET = 1 << 5;
    static final int EXAT = 1 << 6;
    static final int PXAT = 1 << 7;
    static final int PERSIST = 1 << 8;
    private static final int ANY_EXPIRE = EX | PX | EXAT | PXAT;
    private static final int INDEX_SHIFT = 16;

    private SetOptions() {}

    /**
     * Parses the options from argument {@code first} on, with Redis's rules: an option conflicting with one
     * already given, an option of the other command or a missing expire time is a syntax error; a repeated
     * option is allowed (the last expire time wins).
     */
    static int parse(CommandContext ctx, int first, boolean forSet) {
        int flags = 0;
        int expireIndex = 0;
        for (int i = first; i < ctx.argc(); i++) {
            boolean hasNext = i + 1 < ctx.argc();
            int expireKind = 0;
            if (forSet && ctx.argIs(i, "nx") && (flags & XX) == 0) {
                flags |= NX;
            } else if (forSet && ctx.argIs(i, "xx") && (flags & NX) == 0) {
                flags |= XX;
            } else if (forSet && ctx.argIs(i, "get")) {
                flags |= GET;
            } else if (forSet && ctx.argIs(i, "keepttl") && (flags & (PERSIST | ANY_EXPIRE)) == 0) {
                flags |= KEEPTTL;
            } else if (!forSet && ctx.argIs(i, "persist") && (flags & (KEEPTTL | ANY_EXPIRE)) == 0) {
                flags |= PERSIST;
            } else if (ctx.argIs(i, "ex")) {
                expireKind = EX;
            } else if (ctx.argIs(i, "px")) {
                expireKind = PX;
            } else if (ctx.argIs(i, "exat")) {
                expireKind = EXAT;
            } else if (ctx.argIs(i, "pxat")) {
                expireKind = PXAT;
            } else {
                throw RedisError.SYNTAX;
            }
            if (expireKind != 0) {
                // the same kind may be repeated; any other expire kind, KEEPTTL or PERSIST conflicts
                int conflicts = (KEEPTTL | PERSIST | ANY_EXPIRE) & ~expireKind;
                if ((flags & conflicts) != 0 || !hasNext) throw RedisError.SYNTAX;
                flags |= expireKind;
                expireIndex = ++i;
            }
        }
        return flags | (expireIndex << INDEX_SHIFT);
    }

    /** The options of a command with a fixed expire argument (SETEX, PSETEX). */
    static int withExpire(int kind, int argIndex) {
        return kind | (argIndex << INDEX_SHIFT);
    }

    /** The argument index of the expire time, or 0 when no expire option was given. */
    static int expireIndex(int options) {
        return options >>> INDEX_SHIFT;
    }

    static boolean has(int options, int flag) {
        return (options & flag) != 0;
    }

    /**
     * The absolute expire time in unix milliseconds that an expire option asks for (Redis's
     * getExpireMillisecondsOrReply): relative times count from the command's time snapshot; zero, negative and
     * overflowing values are {@code invalid}.
     */
    static long expireAt(CommandContext ctx, int options, RedisError invalid) {
        long value = Numbers.parseLong(ctx.arg(expireIndex(options)));
        boolean seconds = (options & (EX | EXAT)) != 0;
        if (value <= 0 || (seconds && value > Long.MAX_VALUE / 1000)) throw invalid;
        if (seconds) value *= 1000;
        if ((options & (EX | PX)) != 0) value += ctx.now(); // may wrap around, caught below as Redis does
        if (value <= 0) throw invalid;
        return value;
    }

    static boolean absolute(int options) {
        return (options & (EXAT | PXAT)) != 0;
    }
}
