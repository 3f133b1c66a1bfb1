package dev.cinnabar.memory;

import dev.cinnabar.command.CommandFlag;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.server.Client;
import dev.cinnabar.server.ClientInfo;
import dev.cinnabar.server.Log;
import dev.cinnabar.server.MemoryUsage;
import dev.cinnabar.server.Server;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * What the server counts as its memory ({@code used_memory}) and what it does about it: eviction under maxmemory
 * and the refusal of commands that may grow memory when nothing more can be freed.
 *
 * <p>{@code used_memory} is the data's heap footprint, kept by the keyspace as keys change (every entry's exact
 * array sizes, collections as last measured), plus client buffers and, when the server owns its process, the JVM
 * itself: the process's memory outside the Java heap (code, metaspace, threads, Netty's direct buffers, Lua) and
 * the heap the server used once started. So maxmemory bounds the resident size of a Cinnabar process, not only its
 * data. Free heap and garbage not yet collected are not counted: they show as fragmentation (RSS / used_memory).
 *
 * <p>The heap is also a hard limit of its own: when the data would fill more than 85% of the maximum heap (or the
 * heap live after a collection passes 90%), the server behaves as if maxmemory were reached — it evicts under an
 * eviction policy, and otherwise refuses commands that may grow memory with -OOM — even when maxmemory is 0,
 * rather than let the JVM run out of memory.
 */
public final class MemoryManager {
    public static final String OOM_ERROR = "OOM command not allowed when used memory > 'maxmemory'.";
    private static final double HEAP_DATA_FRACTION = 0.85;
    private static final double HEAP_LIVE_FRACTION = 0.90;

    private final Server server;
    private final Eviction eviction;
    private final ClientEviction clientEviction;
    private final long heapMax = Runtime.getRuntime().maxMemory();
    private long maxmemory;
    /** True when the server is the process (started by the launcher): the JVM's own memory is then counted. */
    private boolean countsProcess;
    /** The heap in use after start-up, counted as the server's fixed overhead when it owns the process. */
    private long startupHeap;
    /** The process's memory outside the Java heap, sampled by the cron when the server owns the process. */
    private long nativeMemory;
    private final NativeMemoryWindow nativeSamples = new NativeMemoryWindow();
    private long startupMemory;
    private long clientBuffers;
    private long luaMemory;
    private long peak;
    private boolean heapPressure;
    private boolean preCommandOom;
    /** maxmemory-clients is set: clients are checked before commands (one field test otherwise). */
    private boolean clientEvictionOn;

    public MemoryManager(Server server) {
        this.server = server;
        this.eviction = new Eviction(server, this);
        this.clientEviction = new ClientEviction(server);
        var config = server.config();
        config.maxmemory.onApply(() -> {
            maxmemory = config.maxmemory.value();
            long used = usedMemory();
            if (maxmemory != 0 && maxmemory < used) {
                Log.warning("WARNING: the new maxmemory value set via CONFIG SET (" + maxmemory + ") is smaller "
                        + "than the current memory usage (" + used + "). This will result in key eviction and/or the "
                        + "inability to accept new write commands depending on the maxmemory-policy.");
            }
            eviction.startBackground();
        });
        config.maxmemoryPolicy.onApply(() -> eviction.setPolicy(EvictionPolicy.of(config.maxmemoryPolicy.value())));
        config.lazyfreeLazyEviction.onApply(() ->
                server.propagation().setLazyEvictionUnlink(config.lazyfreeLazyEviction.value()));
        config.maxmemoryClients.onApply(() -> {
            clientEvictionOn = config.maxmemoryClients.value() != 0;
            clientEviction.evict();
        });
        clientEvictionOn = config.maxmemoryClients.value() != 0;
        maxmemory = config.maxmemory.value();
        eviction.setPolicy(EvictionPolicy.of(config.maxmemoryPolicy.value()));
        server.propagation().setLazyEvictionUnlink(config.lazyfreeLazyEviction.value());
    }

    /**
     * Makes the JVM's own memory part of used_memory: for a server that is the whole process (the launcher's).
     * Collects garbage once to measure the heap the started server needs.
     */
    public void countProcessMemory() {
        System.gc();
        startupHeap = MemoryUsage.heapUsed();
        countsProcess = true;
        sample();
        startupMemory = startupHeap + nativeMemory;
    }

    /** Redis's used_memory. Cheap (no system calls): the parts outside the keyspace are sampled by the cron. */
    public long usedMemory() {
        // a process's native memory (counted when it owns the process) includes client buffers and Lua already
        long used = countsProcess ? startupHeap + nativeMemory + server.keyspace().datasetBytes()
                : server.keyspace().datasetBytes() + clientBuffers + luaMemory;
        if (used > peak) peak = used;
        return used;
    }

    public long startupMemory() {
        return startupMemory;
    }

    public long peakMemory() {
        return Math.max(peak, usedMemory());
    }

    /** Client query and output buffers, as last sampled (mem_clients_normal). */
    public long clientBuffers() {
        return clientBuffers;
    }

    /** Memory Redis leaves out when comparing with maxmemory: the AOF buffer (mem_not_counted_for_evict). */
    public long notCountedForEvict() {
        return server.aof().enabled() ? server.aof().bufferLength() : 0;
    }

    /** Whether a policy may evict at all: only under a maxmemory limit (the heap guard alone only refuses). */
    boolean evictionEnabled() {
        return maxmemory != 0;
    }

    /** Bytes to free to be within maxmemory and the heap guard; 0 or less when within both. */
    long excessBytes() {
        long excess = 0;
        if (maxmemory != 0) {
            long used = usedMemory();
            if (used > maxmemory) excess = used - notCountedForEvict() - maxmemory;
        }
        return Math.max(excess, heapExcess());
    }

    /** How far the data is past the share of the maximum heap it may use (positive), or under it. */
    private long heapExcess() {
        long dataLimit = (long) (heapMax * HEAP_DATA_FRACTION) - startupHeap;
        long excess = server.keyspace().datasetBytes() - dataLimit;
        if (heapPressure) excess = Math.max(excess, (long) (heapMax * (1 - HEAP_LIVE_FRACTION)));
        return excess;
    }

    /**
     * Redis's maxmemory part of processCommand, before a command runs: evicts if needed, and returns the error to
     * answer when memory cannot be freed and the command may grow it (flagged denyoom, any command queued in
     * MULTI, EXEC of a transaction holding one); null to go on.
     */
    public String checkBeforeCommand(Client client, CommandSpec cmd, byte[][] argv, int argc) {
        if (server.scripting().busy()) return null;
        if (clientEvictionOn) {
            clientEviction.evictIfDue();
            if (client.closing()) return OOM_ERROR;   // evicted itself: the reply goes nowhere, the command never runs
        }
        boolean oom;
        if (maxmemory != 0) {
            oom = eviction.perform() == Eviction.FAIL;
        } else {
            // nothing to evict without maxmemory: only the heap guard can refuse, and only what may grow memory
            preCommandOom = false;
            if (!cmd.has(CommandFlag.DENYOOM) && !client.inMulti() && !isScript(cmd)) return null;
            oom = heapExcess() > 0;
        }
        preCommandOom = oom;
        return oom && mayGrowMemory(client, cmd, argv, argc) ? OOM_ERROR : null;
    }

    private static boolean isScript(CommandSpec cmd) {
        return switch (cmd.fullName()) {
            case "eval", "eval_ro", "evalsha", "evalsha_ro", "fcall", "fcall_ro" -> true;
            default -> false;
        };
    }

    /** Redis's is_denyoom_command plus the MULTI rule of processCommand. */
    private boolean mayGrowMemory(Client client, CommandSpec cmd, byte[][] argv, int argc) {
        if (cmd.has(CommandFlag.DENYOOM)) return true;
        String name = cmd.fullName();
        if (name.equals("exec")) return client.inMulti() && client.transaction().queuedWith(CommandFlag.DENYOOM);
        if (client.inMulti()) return !name.equals("discard") && !name.equals("quit") && !name.equals("reset");
        return isScript(cmd) && server.scripting().declaresDenyOom(name, argv, argc);
    }

    /**
     * Whether memory was over the limit when the running top-level command started (Redis's pre_command_oom_state):
     * scripts that may write are refused at start, and a script's first write is refused.
     */
    public boolean preCommandOom() {
        return maxmemory != 0 ? preCommandOom : heapExcess() > 0;
    }

    /** The serverCron part: samples what is not kept incrementally and continues eviction if memory is over. */
    public void cron() {
        if (clientEvictionOn) clientEviction.evict();
        sample();
        usedMemory();
        if (maxmemory != 0 && excessBytes() > 0 && eviction.policy() != EvictionPolicy.NOEVICTION) {
            eviction.startBackground();
        }
    }

    private void sample() {
        long buffers = 0;
        Client biggest = null;
        long most = 0;
        for (Client c : server.clients().values()) {
            long m = ClientEviction.memory(c);
            buffers += m;
            if (m > most) {
                most = m;
                biggest = c;
            }
        }
        clientBuffers = buffers;
        if (most > heapMax / CLIENT_SHARE_OF_HEAP) disconnectForTheHeap(biggest, most);
        luaMemory = server.scripting().luaMemory() + server.scripting().functionsLuaMemory();
        if (countsProcess) {
            long committed = MemoryUsage.heapCommitted();
            long rss = MemoryUsage.residentSetSize();
            nativeMemory = nativeSamples.add(System.nanoTime(), Math.max(0, rss - committed));
        }
        heapPressure = liveHeapAfterGc() > heapMax * HEAP_LIVE_FRACTION;
    }

    /**
     * The JVM's safety net for client buffers: with no output limit for its class (the normal class's default, as
     * in Redis) a client that reads nothing while others push to it (MONITOR, Pub/Sub, tracking, RESP3 events)
     * would hold ever more memory; back-pressure bounds only the replies to its own requests. Rather than let one
     * client exhaust the memory of the whole server (Redis's process would grow until the system killed it), a
     * client holding more than a quarter of the maximum heap is disconnected, with a warning in the log.
     */
    private static final int CLIENT_SHARE_OF_HEAP = 4;

    private void disconnectForTheHeap(Client client, long bytes) {
        Log.warning("Client " + ClientInfo.describe(client, null) + " closed: its buffers hold " + bytes
                + " bytes, more than a quarter of the maximum heap");
        server.kill(client);
    }

    private static final List<MemoryPoolMXBean> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported())
            .toList();
    private static final List<GarbageCollectorMXBean> COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans();
    private long collectionsSeen = -1;
    private long liveHeap;

    /**
     * The heap still in use after the last collection, summed over the heap's pools; read again only after a
     * collection, so that an idle server's cron allocates nothing here.
     */
    private long liveHeapAfterGc() {
        long collections = 0;
        for (GarbageCollectorMXBean gc : COLLECTORS) collections += gc.getCollectionCount();
        if (collections == collectionsSeen) return liveHeap;
        collectionsSeen = collections;
        long live = 0;
        for (MemoryPoolMXBean pool : HEAP_POOLS) {
            var usage = pool.getCollectionUsage();
            if (usage != null) live += usage.getUsed();
        }
        return liveHeap = live;
    }

    public boolean countsProcess() {
        return countsProcess;
    }

    public long maxmemory() {
        return maxmemory;
    }

    /** INFO evicted_clients. */
    public long evictedClients() {
        return clientEviction.evictedClients();
    }

    /** INFO total_eviction_exceeded_time (ms). */
    public long totalEvictionExceededMillis() {
        return eviction.totalExceededMillis();
    }

    /** INFO current_eviction_exceeded_time (ms). */
    public long currentEvictionExceededMillis() {
        return eviction.currentExceededMillis();
    }
}
