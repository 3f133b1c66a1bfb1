package dev.cinnabar.generic;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.notify.KeyEvent;
import dev.cinnabar.propagation.Names;

/** EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT, TTL, PTTL, EXPIRETIME, PEXPIRETIME and PERSIST (Redis's expire.c). */
final class ExpireCommands {
    private static final int NX = 1, XX = 2, GT = 4, LT = 8;
    private static final RedisError NX_WITH_OTHERS =
            new RedisError("ERR NX and XX, GT or LT options at the same time are not compatible");
    private static final RedisError GT_AND_LT =
            new RedisError("ERR GT and LT options at the same time are not compatible");
    private static final RedisError[] INVALID_EXPIRE_TIME = {
        RedisError.invalidExpireTime("expire"), RedisError.invalidExpireTime("pexpire"),
        RedisError.invalidExpireTime("expireat"), RedisError.invalidExpireTime("pexpireat"),
    };

    private ExpireCommands() {}

    static void register(CommandTable.Builder table) {
        table.handle("expire", ctx -> expire(ctx, true, true, INVALID_EXPIRE_TIME[0]))
                .handle("pexpire", ctx -> expire(ctx, true, false, INVALID_EXPIRE_TIME[1]))
                .handle("expireat", ctx -> expire(ctx, false, true, INVALID_EXPIRE_TIME[2]))
                .handle("pexpireat", ctx -> expire(ctx, false, false, INVALID_EXPIRE_TIME[3]))
                .handle("ttl", ctx -> ttl(ctx, false, false))
                .handle("pttl", ctx -> ttl(ctx, true, false))
                .handle("expiretime", ctx -> ttl(ctx, false, true))
                .handle("pexpiretime", ctx -> ttl(ctx, true, true))
                .handle("persist", ExpireCommands::persist);
    }

    /**
     * The four EXPIRE commands: relative ones add the command's time, second ones scale to milliseconds, both
     * refusing to overflow. A time at or before now deletes the key (it is "set to expire in the past").
     */
    static void expire(CommandContext ctx, boolean relative, boolean seconds, RedisError invalidTime) {
        int flags = parseFlags(ctx);
        long when = Numbers.parseLong(ctx.arg(2));
        if (seconds) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) throw invalidTime;
            when *= 1000;
        }
        long base = relative ? ctx.now() : 0;
        if (when > Long.MAX_VALUE - base) throw invalidTime;
        when += base;

        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        if (db.lookupWrite(key) == null) {
            ctx.reply().integer(0);
            return;
        }
        if (flags != 0 && !conditionHolds(flags, db.expireAt(key), when)) {
            ctx.reply().integer(0);
            return;
        }
        if (when <= ctx.now()) {
            db.delete(key);
            ctx.propagateAs(Names.delete(ctx.server().config().lazyfreeLazyExpire.value()), key);
            db.modified(KeyEvent.DEL, key);
        } else {
            db.setExpire(key, when);
            if (ctx.propagating()) propagateAbsolute(ctx, when);
            db.modified(KeyEvent.EXPIRE, key);
        }
        ctx.reply().integer(1);
    }

    /** Propagated as PEXPIREAT key unix-ms, keeping the NX/XX/GT/LT options (as Redis 7.2 does). */
    private static void propagateAbsolute(CommandContext ctx, long when) {
        byte[][] argv = java.util.Arrays.copyOf(ctx.argv(), ctx.argc());
        argv[0] = Names.PEXPIREAT;
        argv[2] = Numbers.toBytes(when);
        ctx.propagateAs(argv);
    }

    private static int parseFlags(CommandContext ctx) {
        int flags = 0;
        for (int i = 3; i < ctx.argc(); i++) {
            if (ctx.argIs(i, "nx")) flags |= NX;
            else if (ctx.argIs(i, "xx")) flags |= XX;
            else if (ctx.argIs(i, "gt")) flags |= GT;
            else if (ctx.argIs(i, "lt")) flags |= LT;
            else throw new RedisError("ERR Unsupported option " + Args.asCString(ctx.arg(i)));
        }
        if ((flags & NX) != 0 && (flags & (XX | GT | LT)) != 0) throw NX_WITH_OTHERS;
        if ((flags & (GT | LT)) == (GT | LT)) throw GT_AND_LT;
        return flags;
    }

    /** NX/XX/GT/LT against the current expire (-1: none, which GT treats as infinite and LT as no bound). */
    private static boolean conditionHolds(int flags, long current, long when) {
        if ((flags & NX) != 0 && current != -1) return false;
        if ((flags & XX) != 0 && current == -1) return false;
        if ((flags & GT) != 0 && (current == -1 || when <= current)) return false;
        return (flags & LT) == 0 || current == -1 || when < current;
    }

    /** TTL and friends: -2 for a missing key, -1 without expire, else the (remaining or absolute) time. */
    static void ttl(CommandContext ctx, boolean millis, boolean absolute) {
        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        if (db.lookupReadNoTouch(key) == null) {
            ctx.reply().integer(-2);
            return;
        }
        long expireAt = db.expireAt(key);
        if (expireAt == -1) {
            ctx.reply().integer(-1);
            return;
        }
        long ttl = Math.max(0, absolute ? expireAt : expireAt - ctx.now());
        // Rounded to the nearest second, written so that it cannot overflow near Long.MAX_VALUE.
        ctx.reply().integer(millis ? ttl : ttl / 1000 + (ttl % 1000 + 500) / 1000);
    }

    static void persist(CommandContext ctx) {
        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        boolean persisted = db.lookupWrite(key) != null && db.persist(key);
        if (persisted) db.modified(KeyEvent.PERSIST, key);
        ctx.reply().integer(persisted ? 1 : 0);
    }
}
