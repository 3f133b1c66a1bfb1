package dev.cinnabar.memory;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Help;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.protocol.Reply;

/** MEMORY USAGE, STATS, DOCTOR, PURGE, MALLOC-STATS and HELP. */
public final class MemoryCommands {
    /** Redis's OBJ_COMPUTE_SIZE_DEF_SAMPLES. */
    private static final int DEFAULT_SAMPLES = 5;

    private MemoryCommands() {}

    public static void register(CommandTable.Builder table) {
        table.handle("memory|usage", MemoryCommands::usage)
                .handle("memory|stats", MemoryCommands::stats)
                .handle("memory|doctor", ctx -> ctx.reply().verbatim(MemoryDoctor.report(ctx.server())))
                .handle("memory|purge", MemoryCommands::purge)
                .handle("memory|malloc-stats", ctx -> ctx.reply().bulk("Stats not supported for the current allocator"))
                .handle("memory|help", MemoryCommands::help);
    }

    static void usage(CommandContext ctx) {
        long samples = DEFAULT_SAMPLES;
        for (int j = 3; j < ctx.argc(); j++) {
            if (ctx.argIs(j, "samples") && j + 1 < ctx.argc()) {
                samples = ctx.argLong(j + 1);
                if (samples < 0) throw RedisError.SYNTAX;
                j++;
            } else {
                throw RedisError.SYNTAX;
            }
        }
        long usage = ctx.db().memoryUsage(ctx.arg(2), (int) Math.min(samples, Integer.MAX_VALUE));
        if (usage < 0) ctx.reply().nullBulk();
        else ctx.reply().integer(usage);
    }

    static void stats(CommandContext ctx) {
        MemoryOverhead mh = MemoryOverhead.of(ctx.server());
        Reply r = ctx.reply();
        int dbs = 0;
        for (long t : mh.tableBytes()) if (t >= 0) dbs++;
        r.mapHeader(27 + dbs);
        entry(r, "peak.allocated", mh.peak());
        entry(r, "total.allocated", mh.total());
        entry(r, "startup.allocated", mh.startup());
        entry(r, "replication.backlog", 0);
        entry(r, "clients.slaves", 0);
        entry(r, "clients.normal", mh.clientsNormal());
        entry(r, "cluster.links", 0);
        entry(r, "aof.buffer", mh.aofBuffer());
        entry(r, "lua.caches", mh.luaCaches());
        entry(r, "functions.caches", mh.functionsCaches());
        for (int i = 0; i < mh.tableBytes().length; i++) {
            if (mh.tableBytes()[i] < 0) continue;
            r.bulk("db." + i);
            r.mapHeader(3);
            entry(r, "overhead.hashtable.main", mh.tableBytes()[i]);
            entry(r, "overhead.hashtable.expires", 0);     // expire times live in the entries
            entry(r, "overhead.hashtable.slot-to-keys", 0);
        }
        entry(r, "overhead.total", mh.overhead());
        entry(r, "keys.count", mh.keys());
        entry(r, "keys.bytes-per-key", mh.bytesPerKey());
        entry(r, "dataset.bytes", mh.dataset());
        entry(r, "dataset.percentage", mh.datasetPercentage());
        entry(r, "peak.percentage", mh.peakPercentage());
        entry(r, "allocator.allocated", mh.heapUsed());
        entry(r, "allocator.active", mh.heapCommitted());
        entry(r, "allocator.resident", mh.rss());
        entry(r, "allocator-fragmentation.ratio", mh.allocatorFragmentation());
        entry(r, "allocator-fragmentation.bytes", mh.heapCommitted() - mh.heapUsed());
        entry(r, "allocator-rss.ratio", mh.allocatorRss());
        entry(r, "allocator-rss.bytes", mh.rss() - mh.heapCommitted());
        entry(r, "rss-overhead.ratio", mh.rss() == 0 ? 0.0 : 1.0);
        entry(r, "rss-overhead.bytes", 0);
        entry(r, "fragmentation", mh.fragmentation());
        entry(r, "fragmentation.bytes", mh.rss() - mh.total());
    }

    private static void entry(Reply r, String name, long value) {
        r.bulk(name);
        r.integer(value);
    }

    private static void entry(Reply r, String name, double value) {
        r.bulk(name);
        r.doubleValue(value);
    }

    /**
     * Redis asks its allocator to return free pages to the system; here the JVM collects garbage, which with the
     * launcher's collector settings also gives free heap back to the system.
     */
    static void purge(CommandContext ctx) {
        System.gc();
        ctx.reply().ok();
    }

    static void help(CommandContext ctx) {
        Help.reply(ctx,
                "DOCTOR",
                "    Return memory problems reports.",
                "MALLOC-STATS",
                "    Return internal statistics report from the memory allocator.",
                "PURGE",
                "    Attempt to purge dirty pages for reclamation by the allocator.",
                "STATS",
                "    Return information about the memory usage of the server.",
                "USAGE <key> [SAMPLES <count>]",
                "    Return memory in bytes used by <key> and its value. Nested values are",
                "    sampled up to <count> times (default: 5, 0 means sample all).");
    }
}
