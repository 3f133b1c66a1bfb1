package dev.cinnabar.hashes;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.config.ServerConfig;
import dev.cinnabar.keyspace.BytesSink;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.keyspace.Values;
import dev.cinnabar.notify.KeyEvent;
import dev.cinnabar.protocol.Reply;

/**
 * The hash commands that set, read and delete fields (Redis's t_hash.c). HINCRBY/HINCRBYFLOAT are in
 * {@link HashCounters}, HRANDFIELD in {@link RandomField}, HSCAN in {@link HashScan}.
 */
public final class HashCommands {
    private HashCommands() {}

    public static void register(CommandTable.Builder table) {
        table.handle("hset", HashCommands::hset)
                .handle("hmset", HashCommands::hset)
                .handle("hsetnx", HashCommands::hsetnx)
                .handle("hget", HashCommands::hget)
                .handle("hmget", HashCommands::hmget)
                .handle("hdel", HashCommands::hdel)
                .handle("hlen", HashCommands::hlen)
                .handle("hstrlen", HashCommands::hstrlen)
                .handle("hexists", HashCommands::hexists)
                .handle("hkeys", ctx -> getAll(ctx, true, false))
                .handle("hvals", ctx -> getAll(ctx, false, true))
                .handle("hgetall", ctx -> getAll(ctx, true, true));
        HashCounters.register(table);
        RandomField.register(table);
        HashScan.register(table);
    }

    // ---- lookups shared by the hash commands -------------------------------------------------------------------

    /** The value as a hash, null when absent, WRONGTYPE for another type. */
    static HashValue asHash(Object value) {
        return Values.require(value, HashValue.class);
    }

    /** The hash at argv[1] for a reading command (counts a keyspace hit or miss), or null. */
    static HashValue readHash(CommandContext ctx) {
        return asHash(ctx.db().lookupRead(ctx.arg(1)));
    }

    /** The hash at argv[1] for a writing command, or null. */
    static HashValue writeHash(CommandContext ctx) {
        return asHash(ctx.db().lookupWrite(ctx.arg(1)));
    }

    // ---- commands ---------------------------------------------------------------------------------------------

    /** HSET key field value [field value ...] (replies with the number of new fields); HMSET replies OK. */
    static void hset(CommandContext ctx) {
        int argc = ctx.argc();
        if (argc % 2 == 1) {
            throw new RedisError("ERR wrong number of arguments for '" + ctx.command().fullName() + "' command");
        }
        HashValue hash = writeHash(ctx);
        boolean created = hash == null;
        if (created) hash = new HashValue();
        ServerConfig config = ctx.server().config();
        long maxEntries = config.hashMaxListpackEntries.value();
        long maxValue = config.hashMaxListpackValue.value();
        hash.prepareFor(ctx.argv(), 2, argc - 1, maxEntries, maxValue);
        int added = 0;
        for (int i = 2; i < argc; i += 2) {
            if (hash.set(ctx.arg(i), ctx.arg(i + 1), maxEntries, maxValue)) added++;
        }
        if (created) ctx.db().set(ctx.arg(1), hash, false);
        ctx.db().modified(KeyEvent.HSET, ctx.arg(1));
        // HSET and HMSET share this handler: they differ in their second letter
        byte name1 = ctx.arg(0)[1];
        if (name1 == 's' || name1 == 'S') ctx.reply().integer(added);
        else ctx.reply().ok();
    }

    static void hsetnx(CommandContext ctx) {
        HashValue hash = writeHash(ctx);
        if (hash != null && hash.contains(ctx.arg(2))) {
            ctx.reply().integer(0);
            return;
        }
        set(ctx, hash, ctx.arg(2), ctx.arg(3), true);
        ctx.db().modified(KeyEvent.HSET, ctx.arg(1));
        ctx.reply().integer(1);
    }

    /**
     * Sets one field as HSETNX, HINCRBY and HINCRBYFLOAT do, creating the hash when it is null. With
     * {@code checkArguments} the command's field and value arguments are checked against the listpack limits
     * first (HSETNX); HINCRBY* only check the field and the result, which {@link HashValue#set} does.
     */
    static void set(CommandContext ctx, HashValue hash, byte[] field, byte[] value, boolean checkArguments) {
        boolean created = hash == null;
        if (created) hash = new HashValue();
        ServerConfig config = ctx.server().config();
        long maxEntries = config.hashMaxListpackEntries.value();
        long maxValue = config.hashMaxListpackValue.value();
        if (checkArguments) hash.prepareFor(ctx.argv(), 2, 3, maxEntries, maxValue);
        hash.set(field, value, maxEntries, maxValue);
        if (created) ctx.db().set(ctx.arg(1), hash, false);
    }

    static void hget(CommandContext ctx) {
        HashValue hash = readHash(ctx);
        if (hash == null || !hash.get(ctx.arg(2), ctx.reply())) ctx.reply().nullBulk();
    }

    /** HMGET: a missing key is an empty hash, so every field is null. */
    static void hmget(CommandContext ctx) {
        HashValue hash = readHash(ctx);
        Reply reply = ctx.reply();
        reply.arrayHeader(ctx.argc() - 2);
        for (int i = 2; i < ctx.argc(); i++) {
            if (hash == null || !hash.get(ctx.arg(i), reply)) reply.nullBulk();
        }
    }

    /** HDEL: deleting the last field deletes the key (and stops there, as Redis does). */
    static void hdel(CommandContext ctx) {
        HashValue hash = writeHash(ctx);
        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        int deleted = 0;
        boolean keyRemoved = false;
        if (hash != null) {
            for (int i = 2; i < ctx.argc(); i++) {
                if (hash.delete(ctx.arg(i))) {
                    deleted++;
                    if (hash.isEmpty()) {
                        db.delete(key);
                        keyRemoved = true;
                        break;
                    }
                }
            }
        }
        if (deleted > 0) {
            db.modified(KeyEvent.HDEL, key);
            if (keyRemoved) db.notifyKeyspace(KeyEvent.DEL, key);
        }
        ctx.reply().integer(deleted);
    }

    static void hlen(CommandContext ctx) {
        HashValue hash = readHash(ctx);
        ctx.reply().integer(hash == null ? 0 : hash.size());
    }

    /** Measures a value in place. One instance serves every call: commands run one at a time. */
    private static final class ValueLength implements BytesSink {
        int length;

        @Override
        public void write(byte[] array, int offset, int length) {
            this.length = length;
        }
    }

    private static final ValueLength VALUE_LENGTH = new ValueLength();

    static void hstrlen(CommandContext ctx) {
        HashValue hash = readHash(ctx);
        boolean found = hash != null && hash.get(ctx.arg(2), VALUE_LENGTH);
        ctx.reply().integer(found ? VALUE_LENGTH.length : 0);
    }

    static void hexists(CommandContext ctx) {
        HashValue hash = readHash(ctx);
        ctx.reply().integer(hash != null && hash.contains(ctx.arg(2)) ? 1 : 0);
    }

    /** HKEYS, HVALS and HGETALL (a map in RESP3, so an empty HGETALL is an empty map). */
    static void getAll(CommandContext ctx, boolean fields, boolean values) {
        HashValue hash = readHash(ctx);
        Reply reply = ctx.reply();
        int size = hash == null ? 0 : hash.size();
        if (fields && values) reply.mapHeader(size);
        else reply.arrayHeader(size);
        if (hash == null) return;
        hash.forEach((a, fieldOffset, fieldLength, valueOffset, valueLength) -> {
            if (fields) reply.bulk(a, fieldOffset, fieldLength);
            if (values) reply.bulk(a, valueOffset, valueLength);
        });
    }
}
