package dev.cinnabar.hyperloglog;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.notify.KeyEvent;
import dev.cinnabar.protocol.Reply;
import dev.cinnabar.strings.StringValue;
import dev.cinnabar.strings.Strings;

import java.nio.charset.StandardCharsets;

/** PFADD, PFCOUNT, PFMERGE, PFDEBUG and PFSELFTEST. */
public final class HllCommands {
    static final RedisError NOT_HLL = new RedisError("WRONGTYPE Key is not a valid HyperLogLog string value.");
    static final RedisError CORRUPT = new RedisError("INVALIDOBJ Corrupted HLL object detected");
    private static final RedisError NO_KEY = new RedisError("ERR The specified key does not exist");
    private static final RedisError NOT_SPARSE = new RedisError("ERR HLL encoding is not sparse");

    private HllCommands() {}

    public static void register(CommandTable.Builder table) {
        table.handle("pfadd", HllCommands::pfadd)
                .handle("pfcount", HllCommands::pfcount)
                .handle("pfmerge", HllCommands::pfmerge)
                .handle("pfdebug", HllCommands::pfdebug)
                .handle("pfselftest", ctx -> SelfTest.run(ctx));
    }

    /** Redis's isHLLObjectOrReply: WRONGTYPE for another type, the HyperLogLog variant of it for a bad string. */
    static void requireHll(Object value) {
        if (!Strings.isString(value)) throw RedisError.WRONG_TYPE;
        if (!Hll.isValid(value)) throw NOT_HLL;
    }

    private static long sparseMaxBytes(CommandContext ctx) {
        return ctx.server().config().hllSparseMaxBytes.value();
    }

    /** PFADD key [element ...]: 1 when a register changed or the key was created. */
    static void pfadd(CommandContext ctx) {
        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        Object existing = db.lookupWrite(key);
        StringValue hll;
        boolean updated = false;
        if (existing == null) {
            hll = StringValue.of(Hll.create());
            db.set(key, hll, false);
            updated = true;
        } else {
            requireHll(existing);
            hll = Strings.unshare(db, key, existing);
        }
        long maxBytes = sparseMaxBytes(ctx);
        for (int j = 2; j < ctx.argc(); j++) {
            int result = Hll.add(hll, ctx.arg(j), maxBytes);
            if (result < 0) throw CORRUPT;
            if (result > 0) updated = true;
        }
        if (updated) {
            db.modified(KeyEvent.PFADD, key);
            Hll.invalidateCache(hll.buffer());
        }
        ctx.reply().integer(updated ? 1 : 0);
    }

    /**
     * PFCOUNT key [key ...]. One key answers its cached cardinality, or computes it and stores it in the value (a
     * change signalled to WATCH and caches, without an event); several keys answer the count of their union.
     */
    static void pfcount(CommandContext ctx) {
        Database db = ctx.db();
        if (ctx.argc() > 2) {
            byte[] max = new byte[Hll.REGISTERS];
            for (int j = 1; j < ctx.argc(); j++) {
                Object value = db.lookupRead(ctx.arg(j));
                if (value == null) continue;
                requireHll(value);
                if (!Hll.merge(max, Strings.buffer(value), Strings.length(value))) throw CORRUPT;
            }
            int[] histogram = new int[64];
            Hll.rawHistogram(max, histogram);
            ctx.reply().integer(Hll.estimate(histogram));
            return;
        }
        byte[] key = ctx.arg(1);
        Object value = db.lookupRead(key);
        if (value == null) {
            ctx.reply().integer(0);
            return;
        }
        requireHll(value);
        StringValue hll = Strings.unshare(db, key, value);
        byte[] b = hll.buffer();
        long card;
        if (Hll.cacheValid(b)) {
            card = Hll.cachedCardinality(b);
        } else {
            int[] histogram = new int[64];
            if (!Hll.histogram(b, hll.length(), histogram)) throw CORRUPT;
            card = Hll.estimate(histogram);
            Hll.setCachedCardinality(b, card);
            db.signalModified(key);
        }
        ctx.reply().integer(card);
    }

    /**
     * PFMERGE destkey [sourcekey ...]: the union of the sources and of the destination itself, stored in the
     * destination, dense if any input was; always reported as a "pfadd".
     */
    static void pfmerge(CommandContext ctx) {
        Database db = ctx.db();
        byte[] max = new byte[Hll.REGISTERS];
        boolean useDense = false;
        for (int j = 1; j < ctx.argc(); j++) {
            Object value = db.lookupRead(ctx.arg(j));
            if (value == null) continue;
            requireHll(value);
            byte[] b = Strings.buffer(value);
            if (Hll.encoding(b) == Hll.DENSE) useDense = true;
            if (!Hll.merge(max, b, Strings.length(value))) throw CORRUPT;
        }
        byte[] key = ctx.arg(1);
        Object existing = db.lookupWrite(key);
        StringValue hll;
        if (existing == null) {
            hll = StringValue.of(Hll.create());
            db.set(key, hll, false);
        } else {
            hll = Strings.unshare(db, key, existing);
        }
        if (useDense && !Hll.sparseToDense(hll)) throw CORRUPT;
        long maxBytes = sparseMaxBytes(ctx);
        for (int j = 0; j < Hll.REGISTERS; j++) {
            if (max[j] != 0) Hll.set(hll, j, max[j], maxBytes);
        }
        Hll.invalidateCache(hll.buffer());
        db.modified(KeyEvent.PFADD, key);
        ctx.reply().ok();
    }

    /** PFDEBUG GETREG | DECODE | ENCODING | TODENSE key */
    static void pfdebug(CommandContext ctx) {
        Database db = ctx.db();
        byte[] key = ctx.arg(2);
        Object value = db.lookupWrite(key);
        if (value == null) throw NO_KEY;
        requireHll(value);
        StringValue hll = Strings.unshare(db, key, value);
        Reply reply = ctx.reply();
        if (ctx.argIs(1, "getreg")) {
            if (Hll.encoding(hll.buffer()) == Hll.SPARSE && !Hll.sparseToDense(hll)) throw CORRUPT;
            byte[] b = hll.buffer();
            reply.arrayHeader(Hll.REGISTERS);
            for (int j = 0; j < Hll.REGISTERS; j++) reply.integer(Hll.denseGet(b, j));
        } else if (ctx.argIs(1, "decode")) {
            if (Hll.encoding(hll.buffer()) != Hll.SPARSE) throw NOT_SPARSE;
            reply.bulk(decode(hll.buffer(), hll.length()).getBytes(StandardCharsets.US_ASCII));
        } else if (ctx.argIs(1, "encoding")) {
            reply.simple(Hll.encoding(hll.buffer()) == Hll.DENSE ? "dense" : "sparse");
        } else if (ctx.argIs(1, "todense")) {
            boolean converted = false;
            if (Hll.encoding(hll.buffer()) == Hll.SPARSE) {
                if (!Hll.sparseToDense(hll)) throw CORRUPT;
                converted = true;
            }
            reply.integer(converted ? 1 : 0);
        } else {
            throw new RedisError("ERR Unknown PFDEBUG subcommand '" + ctx.argString(1) + "'");
        }
    }

    /** The opcodes of a sparse value as PFDEBUG DECODE prints them: "z:len", "Z:len", "v:value,len". */
    private static String decode(byte[] b, int end) {
        StringBuilder out = new StringBuilder();
        int p = Hll.HEADER;
        while (p < end) {
            int op = b[p] & 0xff;
            if (!out.isEmpty()) out.append(' ');
            if ((op & 0xc0) == 0) {
                out.append("z:").append((op & 0x3f) + 1);
                p++;
            } else if ((op & 0xc0) == 0x40) {
                int second = p + 1 < end ? b[p + 1] & 0xff : 0;
                out.append("Z:").append((((op & 0x3f) << 8) | second) + 1);
                p += 2;
            } else {
                out.append("v:").append(((op >>> 2) & 0x1f) + 1).append(',').append((op & 3) + 1);
                p++;
            }
        }
        return out.toString();
    }
}
