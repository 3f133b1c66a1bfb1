package dev.cinnabar.generic;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.notify.KeyEvent;
import dev.cinnabar.keyspace.Values;
import dev.cinnabar.persistence.rdb.DumpPayload;
import dev.cinnabar.persistence.rdb.RdbFormatException;
import dev.cinnabar.persistence.rdb.RdbLimits;
import dev.cinnabar.persistence.rdb.RdbValues;
import dev.cinnabar.propagation.Names;

/** DUMP and RESTORE, with payloads in Redis's format so values move between Cinnabar and Redis either way. */
final class DumpCommands {
    private static final RedisError BUSY_KEY = new RedisError("BUSYKEY Target key name already exists.");
    private static final RedisError BAD_PAYLOAD = new RedisError("ERR DUMP payload version or checksum are wrong");
    private static final RedisError BAD_FORMAT = new RedisError("ERR Bad data format");
    private static final RedisError BAD_TTL = new RedisError("ERR Invalid TTL value, must be >= 0");
    private static final RedisError BAD_IDLETIME = new RedisError("ERR Invalid IDLETIME value, must be >= 0");
    private static final RedisError BAD_FREQ = new RedisError("ERR Invalid FREQ value, must be >= 0 and <= 255");

    private DumpCommands() {}

    static void register(CommandTable.Builder table) {
        table.handle("dump", DumpCommands::dump)
                .handle("restore", DumpCommands::restore);
    }

    static void dump(CommandContext ctx) {
        Object value = ctx.db().lookupRead(ctx.arg(1));
        if (value == null) {
            ctx.reply().nullBulk();
            return;
        }
        if (!RdbValues.canWrite(value)) {
            throw new RedisError("ERR DUMP is not supported for " + Values.typeName(value) + " values yet");
        }
        ctx.reply().bulk(DumpPayload.create(value, ctx.server().config().rdbcompression.value()));
    }


    /** RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]. */
    static void restore(CommandContext ctx) {
        boolean replace = false, absoluteTtl = false;
        long idleSeconds = -1, frequency = -1;
        for (int i = 4; i < ctx.argc(); i++) {
            boolean hasValue = i + 1 < ctx.argc();
            if (ctx.argIs(i, "replace")) {
                replace = true;
            } else if (ctx.argIs(i, "absttl")) {
                absoluteTtl = true;
            } else if (ctx.argIs(i, "idletime") && hasValue && frequency == -1) {   // IDLETIME and FREQ exclude
                idleSeconds = Numbers.parseLong(ctx.arg(++i));                     // each other
                if (idleSeconds < 0) throw BAD_IDLETIME;
            } else if (ctx.argIs(i, "freq") && hasValue && idleSeconds == -1) {
                frequency = Numbers.parseLong(ctx.arg(++i));
                if (frequency < 0 || frequency > 255) throw BAD_FREQ;
            } else {
                throw RedisError.SYNTAX;
            }
        }
        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        if (!replace && db.lookupWrite(key) != null) throw BUSY_KEY;
        long ttl = Numbers.parseLong(ctx.arg(2));
        if (ttl < 0) throw BAD_TTL;
        byte[] payload = ctx.arg(3);
        if (!DumpPayload.verify(payload)) throw BAD_PAYLOAD;
        Object value;
        try {
            value = DumpPayload.decode(payload, RdbLimits.of(ctx.server().config()));
        } catch (RdbFormatException e) {
            throw BAD_FORMAT;
        }

        boolean replaced = replace && db.delete(key);
        if (ttl != 0 && !absoluteTtl) ttl += ctx.now();
        if (ttl != 0 && ttl <= ctx.now()) {   // already expired: nothing to add (a replaced key stays deleted)
            if (replaced) {
                ctx.propagateAs(Names.delete(ctx.server().config().lazyfreeLazyServerDel.value()), key);
                db.modified(KeyEvent.DEL, key);
            }
            ctx.reply().ok();
            return;
        }
        db.set(key, value, false);
        if (ttl != 0) db.setExpire(key, ttl);
        if (ttl != 0 && !absoluteTtl && ctx.propagating()) {
            // propagated with the TTL as an absolute time, as Redis does
            byte[][] argv = java.util.Arrays.copyOf(ctx.argv(), ctx.argc() + 1);
            argv[2] = dev.cinnabar.command.Numbers.toBytes(ttl);
            argv[ctx.argc()] = Names.ABSTTL;
            ctx.propagateAs(argv);
        }
        if (ctx.server().keyspace().lfuEnabled()) {
            if (frequency >= 0) db.setFrequency(key, (int) frequency);
        } else if (idleSeconds >= 0) {
            db.setIdleSeconds(key, idleSeconds);
        }
        db.modified(KeyEvent.RESTORE, key);
        ctx.reply().ok();
    }
}
