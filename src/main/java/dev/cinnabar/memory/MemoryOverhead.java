package dev.cinnabar.memory;

import dev.cinnabar.keyspace.Database;
import dev.cinnabar.keyspace.Keyspace;
import dev.cinnabar.server.MemoryUsage;
import dev.cinnabar.server.Server;

/**
 * Redis's getMemoryOverheadData: the parts of used_memory, for INFO memory, MEMORY STATS and MEMORY DOCTOR. The
 * dataset is the keys and values alone; everything else (hash table slots, client buffers, scripts, the JVM when
 * the server owns its process) is overhead. The "allocator" is the Java heap: allocated is the heap in use (live
 * data and garbage not yet collected), active the heap committed, resident the process RSS.
 */
public record MemoryOverhead(long total, long peak, long startup, long clientsNormal, long aofBuffer, long luaCaches,
                             long functionsCaches, long[] tableBytes, long overhead, long keys, long dataset,
                             long heapUsed, long heapCommitted, long rss) {

    public static MemoryOverhead of(Server server) {
        MemoryManager memory = server.memory();
        Keyspace keyspace = server.keyspace();
        long total = memory.usedMemory();
        long[] tables = new long[keyspace.databaseCount()];
        long keys = 0, dataset = 0;
        for (int i = 0; i < tables.length; i++) {
            Database db = keyspace.db(i);
            keys += db.size();
            tables[i] = db.size() == 0 ? -1 : db.tableBytes();
            dataset += db.memoryBytes() - db.tableBytes();
        }
        return new MemoryOverhead(total, memory.peakMemory(), memory.startupMemory(), memory.clientBuffers(),
                server.aof().enabled() ? server.aof().bufferLength() : 0, server.scripting().scriptsMemory(),
                server.scripting().functionsMemory(), tables, Math.max(0, total - dataset), keys,
                Math.min(total, dataset), MemoryUsage.heapUsed(), MemoryUsage.heapCommitted(),
                MemoryUsage.residentSetSize());
    }

    /** Memory used beyond start-up (Redis's net_usage). */
    public long netUsage() {
        return total - startup;
    }

    public double datasetPercentage() {
        return netUsage() <= 0 ? 0 : (float) dataset * 100 / netUsage();
    }

    public double peakPercentage() {
        return peak == 0 ? 0 : (float) total * 100 / peak;
    }

    public long bytesPerKey() {
        return keys == 0 ? 0 : netUsage() / keys;
    }

    public double allocatorFragmentation() {
        return ratio(heapCommitted, heapUsed);
    }

    public double allocatorRss() {
        return ratio(rss, heapCommitted);
    }

    /** RSS over used_memory: free heap, uncollected garbage and uncounted JVM memory. */
    public double fragmentation() {
        return ratio(rss, total);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : (float) a / b;
    }
}
