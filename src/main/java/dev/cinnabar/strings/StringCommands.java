package dev.cinnabar.strings;

import static dev.cinnabar.strings.SetOptions.EX;
import static dev.cinnabar.strings.SetOptions.GET;
import static dev.cinnabar.strings.SetOptions.KEEPTTL;
import static dev.cinnabar.strings.SetOptions.NX;
import static dev.cinnabar.strings.SetOptions.PERSIST;
import static dev.cinnabar.strings.SetOptions.PX;
import static dev.cinnabar.strings.SetOptions.XX;
import static dev.cinnabar.strings.SetOptions.has;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.notify.KeyEvent;
import dev.cinnabar.propagation.Names;
import dev.cinnabar.protocol.Reply;

/** The string commands that read and write whole values: the GET and SET families, MGET, MSET, MSETNX. */
public final class StringCommands {
    private static final RedisError INVALID_EXPIRE_SETEX = RedisError.invalidExpireTime("setex");
    private static final RedisError INVALID_EXPIRE_PSETEX = RedisError.invalidExpireTime("psetex");
    private static final RedisError INVALID_EXPIRE_GETEX = RedisError.invalidExpireTime("getex");

    private StringCommands() {}

    public static void register(CommandTable.Builder table) {
        table.handle("get", StringCommands::get)
                .handle("set", StringCommands::set)
                .handle("setnx", StringCommands::setnx)
                .handle("setex", StringCommands::setex)
                .handle("psetex", StringCommands::psetex)
                .handle("getex", StringCommands::getex)
                .handle("getdel", StringCommands::getdel)
                .handle("getset", StringCommands::getset)
                .handle("mget", StringCommands::mget)
                .handle("mset", ctx -> mset(ctx, false))
                .handle("msetnx", ctx -> mset(ctx, true));
        CounterCommands.register(table);
        RangeCommands.register(table);
        LcsCommand.register(table);
    }

    static void get(CommandContext ctx) {
        Object value = ctx.db().lookupReadInto(ctx.arg(1), ctx.reply());
        if (value == Database.WRITTEN) return;
        if (value == null) ctx.reply().nullBulk();
        else Strings.reply(ctx.reply(), Strings.requireString(value));
    }

    /** Redis's getGenericCommand: replies with the key's string value or null; WRONGTYPE for other types. */
    private static boolean replyWithValue(CommandContext ctx) {
        Object value = Strings.requireString(ctx.db().lookupRead(ctx.arg(1)));
        if (value == null) ctx.reply().nullBulk();
        else Strings.reply(ctx.reply(), value);
        return value != null;
    }

    /** SET key value [NX | XX] [GET] [EX s | PX ms | EXAT unix-s | PXAT unix-ms | KEEPTTL] */
    static void set(CommandContext ctx) {
        int options = SetOptions.parse(ctx, 3, true);
        setGeneric(ctx, options, ctx.arg(2), RedisError.INVALID_EXPIRE_TIME, false);
    }

    static void setnx(CommandContext ctx) {
        setGeneric(ctx, NX, ctx.arg(2), null, true);
    }

    /** SETEX key seconds value */
    static void setex(CommandContext ctx) {
        setGeneric(ctx, SetOptions.withExpire(EX, 2), ctx.arg(3), INVALID_EXPIRE_SETEX, false);
    }

    /** PSETEX key milliseconds value */
    static void psetex(CommandContext ctx) {
        setGeneric(ctx, SetOptions.withExpire(PX, 2), ctx.arg(3), INVALID_EXPIRE_PSETEX, false);
    }

    /**
     * Redis's setGenericCommand, behind SET, SETNX, SETEX and PSETEX. The expire time is validated first, then
     * GET replies with the old value, then NX / XX may abort. A new expire replaces the key's TTL; otherwise the
     * TTL is dropped unless KEEPTTL. SETNX answers 1 / 0 instead of OK / null.
     */
    private static void setGeneric(CommandContext ctx, int options, byte[] value, RedisError invalidExpire,
                                   boolean integerReply) {
        long expireAt = SetOptions.expireIndex(options) > 0 ? SetOptions.expireAt(ctx, options, invalidExpire) : 0;
        if (has(options, GET)) replyWithValue(ctx);
        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        Reply reply = ctx.reply();
        boolean conditional = has(options, NX) || has(options, XX);
        boolean found = conditional && db.exists(key);
        if ((has(options, NX) && found) || (has(options, XX) && !found)) {
            if (!has(options, GET)) {
                if (integerReply) reply.integer(0);
                else reply.nullBulk();
            }
            return;
        }
        if (expireAt > 0) db.set(key, value, expireAt);
        else db.set(key, value, has(options, KEEPTTL));
        db.modified(KeyEvent.SET, key);
        if (expireAt > 0) db.notifyKeyspace(KeyEvent.EXPIRE, key);
        if (!has(options, GET)) {
            if (integerReply) reply.integer(1);
            else reply.ok();
        }
        if (ctx.propagating()) propagateSet(ctx, options, key, value, expireAt);
    }

    /**
     * As Redis 7.2 propagates a SET: a relative or seconds expire becomes SET key value PXAT ms (SETEX and
     * PSETEX too); without an expire, GET options are left out.
     */
    private static void propagateSet(CommandContext ctx, int options, byte[] key, byte[] value, long expireAt) {
        if (expireAt > 0) {
            if (!has(options, SetOptions.PXAT)) {
                ctx.propagateAs(Names.SET, key, value, Names.PXAT, Numbers.toBytes(expireAt));
            }
        } else if (has(options, GET)) {
            byte[][] argv = new byte[ctx.argc()][];
            int n = 0;
            for (int i = 0; i < ctx.argc(); i++) if (i < 3 || !ctx.argIs(i, "get")) argv[n++] = ctx.arg(i);
            ctx.propagateAs(java.util.Arrays.copyOf(argv, n));
        }
    }

    /** GETEX key [EX s | PX ms | EXAT unix-s | PXAT unix-ms | PERSIST] */
    static void getex(CommandContext ctx) {
        int options = SetOptions.parse(ctx, 2, false);
        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        Object value = Strings.requireString(db.lookupRead(key));
        if (value == null) {
            ctx.reply().nullBulk();
            return;
        }
        long expireAt = SetOptions.expireIndex(options) > 0
                ? SetOptions.expireAt(ctx, options, INVALID_EXPIRE_GETEX) : 0;
        Strings.reply(ctx.reply(), value);
        if (SetOptions.absolute(options) && expireAt <= ctx.now()) {
            db.delete(key); // a timestamp already in the past deletes the key at once
            ctx.propagateAs(Names.delete(ctx.server().config().lazyfreeLazyExpire.value()), key);
            db.modified(KeyEvent.DEL, key);
        } else if (expireAt > 0) {
            db.setExpire(key, expireAt);
            ctx.propagateAs(Names.PEXPIREAT, key, Numbers.toBytes(expireAt));
            db.modified(KeyEvent.EXPIRE, key);
        } else if (has(options, PERSIST) && db.persist(key)) {
            ctx.propagateAs(Names.PERSIST, key);
            db.modified(KeyEvent.PERSIST, key);
        }
    }

    static void getdel(CommandContext ctx) {
        Database db = ctx.db();
        if (replyWithValue(ctx) && db.delete(ctx.arg(1))) {
            ctx.propagateAs(Names.DEL, ctx.arg(1));
            db.modified(KeyEvent.DEL, ctx.arg(1));
        }
    }

    static void getset(CommandContext ctx) {
        replyWithValue(ctx);
        Database db = ctx.db();
        db.set(ctx.arg(1), ctx.arg(2), false);
        db.modified(KeyEvent.SET, ctx.arg(1));
        ctx.propagateAs(Names.SET, ctx.arg(1), ctx.arg(2));
    }

    /** MGET answers null for missing keys and for keys holding other types alike. */
    static void mget(CommandContext ctx) {
        Reply reply = ctx.reply();
        Database db = ctx.db();
        reply.arrayHeader(ctx.argc() - 1);
        for (int i = 1; i < ctx.argc(); i++) {
            Object value = db.lookupRead(ctx.arg(i));
            if (Strings.isString(value)) Strings.reply(reply, value);
            else reply.nullBulk();
        }
    }

    /** MSET / MSETNX; MSETNX sets nothing (and answers 0) when any of the keys exists. */
    static void mset(CommandContext ctx, boolean onlyIfNoneExists) {
        if (ctx.argc() % 2 == 0) {
            throw new RedisError("ERR wrong number of arguments for '" + ctx.command().fullName() + "' command");
        }
        Database db = ctx.db();
        if (onlyIfNoneExists) {
            for (int i = 1; i < ctx.argc(); i += 2) {
                if (db.lookupWrite(ctx.arg(i)) != null) {
                    ctx.reply().integer(0);
                    return;
                }
            }
        }
        for (int i = 1; i < ctx.argc(); i += 2) {
            db.set(ctx.arg(i), ctx.arg(i + 1), false);
            db.modified(KeyEvent.SET, ctx.arg(i));
        }
        if (onlyIfNoneExists) ctx.reply().integer(1);
        else ctx.reply().ok();
    }
}
