package dev.cinnabar.admin;

import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.command.LatencyHistogram;
import dev.cinnabar.config.Params;
import dev.cinnabar.config.ConfigParam;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.keyspace.Keyspace;
import dev.cinnabar.keyspace.KeyspaceStats;
import dev.cinnabar.persistence.AppendOnlyFile;
import dev.cinnabar.pubsub.Kind;
import dev.cinnabar.server.Client;
import dev.cinnabar.server.Connection;
import dev.cinnabar.memory.MemoryOverhead;
import dev.cinnabar.server.MemoryUsage;
import dev.cinnabar.server.Server;
import dev.cinnabar.server.ServerStats;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The text of INFO: Redis 7.2's sections, field names and order, with values measured on this server. Where a
 * Redis feature does not exist here (persistence, replicas, forks, Lua, defragmentation...) the fields say so
 * the way Redis does when the feature is idle: zero counters, "ok" statuses, -1 durations.
 */
final class InfoReport {
    /** INFO without arguments, or "default". */
    static final Set<String> DEFAULT_SECTIONS = Set.of("server", "clients", "memory", "persistence", "stats",
            "replication", "cpu", "module_list", "errorstats", "cluster", "keyspace");

    private final Server server;
    private final StringBuilder out = new StringBuilder(4096);
    private int sections;

    private InfoReport(Server server) {
        this.server = server;
    }

    /** The report for these section names (lower case), or every section when {@code all}. */
    static String generate(Server server, Set<String> wanted, boolean all) {
        InfoReport r = new InfoReport(server);
        if (all || wanted.contains("server")) r.server();
        if (all || wanted.contains("clients")) r.clients();
        if (all || wanted.contains("memory")) r.memory();
        if (all || wanted.contains("persistence")) r.persistence();
        if (all || wanted.contains("stats")) r.stats();
        if (all || wanted.contains("replication")) r.replication();
        if (all || wanted.contains("cpu")) r.cpu();
        if (all || wanted.contains("module_list") || wanted.contains("modules")) r.section("Modules");
        if (all || wanted.contains("commandstats")) r.commandStats();
        if (all || wanted.contains("errorstats")) r.errorStats();
        if (all || wanted.contains("latencystats")) r.latencyStats();
        if (all || wanted.contains("cluster")) r.cluster();
        if (all || wanted.contains("keyspace")) r.keyspace();
        if (wanted.contains("debug")) r.debug(); // only when named: "all" and "everything" leave it out
        return r.out.toString();
    }

    private void section(String title) {
        if (sections++ > 0) out.append("\r\n");
        out.append("# ").append(title).append("\r\n");
    }

    private void field(String name, Object value) {
        out.append(name).append(':').append(value).append("\r\n");
    }

    private static String twoDecimals(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** Redis's bytesToHuman: B below 1K, then two decimals with K, M, G, T, P; bytes again from 1024P up. */
    static String human(long bytes) {
        if (bytes < 1024) return bytes + "B";
        String units = "KMGTP";
        for (int i = 0; i < units.length(); i++) {
            if (bytes < 1L << (10 * (i + 2))) return twoDecimals(bytes / Math.pow(1024, i + 1)) + units.charAt(i);
        }
        return bytes + "B";
    }

    /** Redis's getSafeInfoString: characters that would break the INFO layout become underscores. */
    private static String safe(String s) {
        return s.replace('#', '_').replace(':', '_').replace('\n', '_').replace('\r', '_');
    }

    private long now() {
        return System.currentTimeMillis();
    }

    // ---- sections -----------------------------------------------------------------------------------------------

    private void server() {
        long uptime = (now() - server.startMillis()) / 1000;
        int hz = server.config().effectiveHz();
        section("Server");
        field("redis_version", Server.REDIS_VERSION);
        field("redis_git_sha1", "00000000");
        field("redis_git_dirty", 0);
        field("redis_build_id", "0");
        field("redis_mode", "standalone");
        field("os", ProcessMetrics.os());
        field("arch_bits", ProcessMetrics.archBits());
        field("monotonic_clock", "POSIX clock_gettime");
        field("multiplexing_api", server.multiplexingApi());
        field("atomicvar_api", "java");
        field("gcc_version", "0.0.0");
        field("process_id", ProcessHandle.current().pid());
        field("process_supervised", "no");
        field("run_id", server.runId());
        field("tcp_port", server.tcpPort());
        field("server_time_usec", currentTimeMicros());
        field("uptime_in_seconds", uptime);
        field("uptime_in_days", uptime / 86400);
        field("hz", hz);
        field("configured_hz", hz);
        field("lru_clock", (now() / 1000) & 0xFFFFFF);
        field("executable", ProcessMetrics.executable());
        field("config_file", server.config().configFile());
        field("io_threads_active", server.config().ioThreads.value() > 1 ? 1 : 0);
        listeners();
        field("cinnabar_version", Server.CINNABAR_VERSION);
    }

    /** Redis 7.2's listener lines: listener0 for TCP, listener1 for the unix socket. */
    private void listeners() {
        if (server.tcpPort() != 0) {
            StringBuilder tcp = new StringBuilder("name=tcp");
            for (String address : server.config().bind.value()) tcp.append(",bind=").append(address);
            field("listener0", tcp.append(",port=").append(server.tcpPort()));
        }
        String unix = server.config().unixsocket.value();
        if (!unix.isEmpty()) field("listener1", "name=unix,bind=" + unix);
    }

    private static long currentTimeMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    private void clients() {
        long maxIn = 0, maxOut = 0;
        for (Client c : server.clients().values()) {
            Connection conn = c.connection();
            maxIn = Math.max(maxIn, conn.queryBufferLength() + conn.queryBufferFree());
            maxOut = Math.max(maxOut, conn.replyBufferSize() + conn.pendingOutputBytes());
        }
        section("Clients");
        field("connected_clients", server.clients().size());
        field("cluster_connections", 0);
        field("maxclients", server.config().maxclients.value());
        field("client_recent_max_input_buffer", maxIn);
        field("client_recent_max_output_buffer", maxOut);
        field("blocked_clients", server.blockedClients().blockedCount());
        field("tracking_clients", server.tracking().trackingClients());
        field("clients_in_timeout_table", server.blockedClients().withTimeoutCount());
        field("total_blocking_keys", server.blockedClients().waitingKeyCount());
        field("total_blocking_keys_on_nokey", server.blockedClients().waitingOnNoKeyCount());
    }

    /**
     * Memory as {@link dev.cinnabar.memory.MemoryManager} accounts it (see {@link MemoryOverhead}): the allocator
     * fields describe the Java heap (allocated: in use, active: committed) and the process RSS from /proc.
     */
    private void memory() {
        MemoryOverhead mh = MemoryOverhead.of(server);
        long used = mh.total();
        long peak = mh.peak();
        long rss = mh.rss();
        long committed = mh.heapCommitted();
        long system = MemoryUsage.totalSystemMemory();
        long maxmemory = server.config().maxmemory.value();
        section("Memory");
        field("used_memory", used);
        field("used_memory_human", human(used));
        field("used_memory_rss", rss);
        field("used_memory_rss_human", human(rss));
        field("used_memory_peak", peak);
        field("used_memory_peak_human", human(peak));
        field("used_memory_peak_perc", twoDecimals(mh.peakPercentage()) + "%");
        field("used_memory_overhead", mh.overhead());
        field("used_memory_startup", mh.startup());
        field("used_memory_dataset", mh.dataset());
        field("used_memory_dataset_perc", twoDecimals(mh.datasetPercentage()) + "%");
        field("allocator_allocated", mh.heapUsed());
        field("allocator_active", committed);
        field("allocator_resident", rss);
        field("total_system_memory", system);
        field("total_system_memory_human", human(system));
        var scripting = server.scripting();
        long lua = scripting.luaMemory();
        long luaFunctions = scripting.functionsLuaMemory();
        long scriptsEval = scripting.scriptsMemory();
        long functions = scripting.functionsMemory();
        field("used_memory_lua", lua);
        field("used_memory_vm_eval", lua);
        field("used_memory_lua_human", human(lua));
        field("used_memory_scripts_eval", scriptsEval);
        field("number_of_cached_scripts", scripting.cachedScripts());
        field("number_of_functions", scripting.functionCount());
        field("number_of_libraries", scripting.libraryCount());
        field("used_memory_vm_functions", luaFunctions);
        field("used_memory_vm_total", lua + luaFunctions);
        field("used_memory_vm_total_human", human(lua + luaFunctions));
        field("used_memory_functions", functions);
        field("used_memory_scripts", scriptsEval + functions);
        field("used_memory_scripts_human", human(scriptsEval + functions));
        field("maxmemory", maxmemory);
        field("maxmemory_human", human(maxmemory));
        field("maxmemory_policy", server.config().maxmemoryPolicy.value());
        field("allocator_frag_ratio", twoDecimals(mh.allocatorFragmentation()));
        field("allocator_frag_bytes", committed - mh.heapUsed());
        field("allocator_rss_ratio", twoDecimals(mh.allocatorRss()));
        field("allocator_rss_bytes", rss - committed);
        field("rss_overhead_ratio", twoDecimals(rss == 0 ? 0 : 1));
        field("rss_overhead_bytes", 0);
        field("mem_fragmentation_ratio", twoDecimals(mh.fragmentation()));
        field("mem_fragmentation_bytes", rss - used);
        field("mem_not_counted_for_evict", server.memory().notCountedForEvict());
        field("mem_replication_backlog", 0);
        field("mem_total_replication_buffers", 0);
        field("mem_clients_slaves", 0);
        field("mem_clients_normal", mh.clientsNormal());
        field("mem_cluster_links", 0);
        field("mem_aof_buffer", mh.aofBuffer());
        field("mem_allocator", "jvm-" + Runtime.version().feature());
        field("active_defrag_running", 0);
        field("lazyfree_pending_objects", 0);
        field("lazyfreed_objects", 0);
    }

    /** A configuration value that may not exist yet (features added later register it). */
    private long numberConfig(String name, long absent) {
        ConfigParam p = server.config().find(name);
        if (p == null) return absent;
        try {
            return Long.parseLong(p.get());
        } catch (NumberFormatException e) {
            return absent;
        }
    }

    /** RDB snapshots as they stand; there is no AOF yet and loading happens before clients connect. */
    private void persistence() {
        section("Persistence");
        field("loading", 0);
        field("async_loading", 0);
        field("current_cow_peak", 0);
        field("current_cow_size", 0);
        field("current_cow_size_age", 0);
        field("current_fork_perc", "0.00");
        field("current_save_keys_processed", 0);
        field("current_save_keys_total", 0);
        field("rdb_changes_since_last_save", server.stats().dirty);
        field("rdb_bgsave_in_progress", server.rdb().backgroundSaveInProgress() ? 1 : 0);
        // Redis counts the start as the last save when it has loaded nothing
        field("rdb_last_save_time", server.rdb().lastSaveSeconds());
        field("rdb_last_bgsave_status", server.rdb().lastBackgroundSaveOk() ? "ok" : "err");
        field("rdb_last_bgsave_time_sec", server.rdb().lastBackgroundSaveSeconds());
        field("rdb_current_bgsave_time_sec", server.rdb().currentBackgroundSaveSeconds());
        field("rdb_saves", server.rdb().saves());
        field("rdb_last_cow_size", 0);
        field("rdb_last_load_keys_expired", server.rdb().keysExpiredAtLoad());
        field("rdb_last_load_keys_loaded", server.rdb().keysLoaded());
        AppendOnlyFile aof = server.aof();
        field("aof_enabled", aof.enabled() ? 1 : 0);
        field("aof_rewrite_in_progress", aof.rewriteInProgress() ? 1 : 0);
        field("aof_rewrite_scheduled", aof.rewriteScheduled() ? 1 : 0);
        field("aof_last_rewrite_time_sec", aof.lastRewriteSeconds());
        field("aof_current_rewrite_time_sec", aof.currentRewriteSeconds());
        field("aof_last_bgrewrite_status", aof.lastRewriteOk() ? "ok" : "err");
        field("aof_rewrites", aof.rewrites());
        field("aof_rewrites_consecutive_failures", aof.consecutiveFailures());
        field("aof_last_write_status", aof.lastWriteOk() ? "ok" : "err");
        field("aof_last_cow_size", 0);
        field("module_fork_in_progress", 0);
        field("module_fork_last_cow_size", 0);
        if (aof.enabled()) {
            field("aof_current_size", aof.currentSize());
            field("aof_base_size", aof.baseSize());
            field("aof_pending_rewrite", aof.rewriteScheduled() ? 1 : 0);
            field("aof_buffer_length", aof.bufferLength());
            field("aof_pending_bio_fsync", aof.pendingFsyncs());
            field("aof_delayed_fsync", aof.delayedFsyncs());
        }
    }

    private void stats() {
        ServerStats s = server.stats();
        KeyspaceStats ks = server.keyspace().stats;
        section("Stats");
        field("total_connections_received", s.totalConnectionsReceived);
        field("total_commands_processed", s.totalCommandsProcessed);
        field("instantaneous_ops_per_sec", s.instantaneousOpsPerSec());
        field("total_net_input_bytes", s.netInputBytes);
        field("total_net_output_bytes", s.netOutputBytes);
        field("total_net_repl_input_bytes", 0);
        field("total_net_repl_output_bytes", 0);
        field("instantaneous_input_kbps", twoDecimals((float) s.instantaneousInputBytesPerSec() / 1024));
        field("instantaneous_output_kbps", twoDecimals((float) s.instantaneousOutputBytesPerSec() / 1024));
        field("instantaneous_input_repl_kbps", "0.00");
        field("instantaneous_output_repl_kbps", "0.00");
        field("rejected_connections", s.rejectedConnections);
        field("sync_full", 0);
        field("sync_partial_ok", 0);
        field("sync_partial_err", 0);
        field("expired_keys", ks.expiredKeys);
        field("expired_stale_perc", twoDecimals(ks.expiredStalePercentTimesHundred / 100.0));
        field("expired_time_cap_reached_count", 0);
        field("expire_cycle_cpu_milliseconds", ks.expireCycleCpuMillis);
        field("evicted_keys", server.keyspace().stats.evictedKeys);
        field("evicted_clients", server.memory().evictedClients());
        field("total_eviction_exceeded_time", server.memory().totalEvictionExceededMillis());
        field("current_eviction_exceeded_time", server.memory().currentEvictionExceededMillis());
        field("keyspace_hits", ks.keyspaceHits);
        field("keyspace_misses", ks.keyspaceMisses);
        field("pubsub_channels", server.pubSub().count(Kind.CHANNEL));
        field("pubsub_patterns", server.pubSub().count(Kind.PATTERN));
        field("pubsubshard_channels", server.pubSub().count(Kind.SHARD));
        field("latest_fork_usec", 0);
        field("total_forks", 0);
        field("migrate_cached_sockets", 0);
        field("slave_expires_tracked_keys", 0);
        field("active_defrag_hits", 0);
        field("active_defrag_misses", 0);
        field("active_defrag_key_hits", 0);
        field("active_defrag_key_misses", 0);
        field("total_active_defrag_time", 0);
        field("current_active_defrag_time", 0);
        field("tracking_total_keys", server.tracking().totalKeys());
        field("tracking_total_items", server.tracking().totalItems());
        field("tracking_total_prefixes", server.tracking().totalPrefixes());
        field("unexpected_error_replies", s.unexpectedErrorReplies);
        field("total_error_replies", s.totalErrorReplies);
        field("dump_payload_sanitizations", 0);
        field("total_reads_processed", s.totalReadsProcessed);
        field("total_writes_processed", s.totalWritesProcessed);
        field("io_threaded_reads_processed", 0);
        field("io_threaded_writes_processed", 0);
        field("reply_buffer_shrinks", 0);
        field("reply_buffer_expands", 0);
        field("eventloop_cycles", s.eventLoopCycles);
        field("eventloop_duration_sum", s.eventLoopDurationSum);
        field("eventloop_duration_cmd_sum", s.eventLoopCommandDurationSum);
        field("instantaneous_eventloop_cycles_per_sec", s.instantaneousEventLoopCyclesPerSec());
        field("instantaneous_eventloop_duration_usec", s.instantaneousEventLoopDurationMicros());
        field("acl_access_denied_auth", s.authFailures);
        field("acl_access_denied_cmd", s.aclDeniedCommands);
        field("acl_access_denied_key", s.aclDeniedKeys);
        field("acl_access_denied_channel", s.aclDeniedChannels);
    }

    /** Event loop figures Redis keeps for debugging. There is no AOF to flush, so its time is always 0. */
    private void debug() {
        ServerStats s = server.stats();
        section("Debug");
        field("eventloop_duration_aof_sum", 0);
        field("eventloop_duration_cron_sum", s.eventLoopCronDurationSum);
        field("eventloop_duration_max", s.eventLoopDurationMax);
        field("eventloop_cmd_per_cycle_max", s.eventLoopCommandsPerCycleMax);
    }

    /** A master without replicas: its replication ID exists, nothing has been replicated. */
    private void replication() {
        section("Replication");
        field("role", "master");
        field("connected_slaves", 0);
        field("master_failover_state", "no-failover");
        field("master_replid", server.replicationId());
        field("master_replid2", "0".repeat(40));
        field("master_repl_offset", 0);
        field("second_repl_offset", -1);
        field("repl_backlog_active", 0);
        field("repl_backlog_size", numberConfig("repl-backlog-size", 0));
        field("repl_backlog_first_byte_offset", 0);
        field("repl_backlog_histlen", 0);
    }

    private void cpu() {
        long[] process = ProcessMetrics.processCpuNanos();
        long[] thread = ProcessMetrics.currentThreadCpuNanos();
        section("CPU");
        field("used_cpu_sys", ProcessMetrics.seconds(process[0]));
        field("used_cpu_user", ProcessMetrics.seconds(process[1]));
        // no child processes are ever forked
        field("used_cpu_sys_children", ProcessMetrics.seconds(0));
        field("used_cpu_user_children", ProcessMetrics.seconds(0));
        field("used_cpu_sys_main_thread", ProcessMetrics.seconds(thread[0]));
        field("used_cpu_user_main_thread", ProcessMetrics.seconds(thread[1]));
    }

    private void commandStats() {
        section("Commandstats");
        commandStats(server.commands().all());
    }

    /** Per-command latency percentiles (in microseconds) of the calls since the last CONFIG RESETSTAT. */
    private void latencyStats() {
        section("Latencystats");
        if (server.config().latencyTracking.value()) {
            latencyStats(server.commands().all(), server.config().latencyTrackingInfoPercentiles.value());
        }
    }

    private void latencyStats(Collection<CommandSpec> commands, double[] percentiles) {
        for (CommandSpec c : commands) {
            LatencyHistogram h = c.latency();
            if (h != null) {
                out.append("latency_percentiles_usec_").append(safe(c.fullName())).append(':');
                for (int i = 0; i < percentiles.length; i++) {
                    if (i > 0) out.append(',');
                    out.append('p').append(Params.PercentileList.format(percentiles[i])).append('=')
                            .append(String.format(Locale.ROOT, "%.3f", h.valueAtPercentile(percentiles[i]) / 1000.0));
                }
                out.append("\r\n");
            }
            if (c.isContainer()) latencyStats(c.subcommands().values(), percentiles);
        }
    }

    private void commandStats(Collection<CommandSpec> commands) {
        for (CommandSpec c : commands) {
            if (c.calls != 0 || c.failedCalls != 0 || c.rejectedCalls != 0) {
                field("cmdstat_" + safe(c.fullName()), "calls=" + c.calls + ",usec=" + c.microseconds
                        + ",usec_per_call=" + twoDecimals(c.calls == 0 ? 0 : (float) c.microseconds / c.calls)
                        + ",rejected_calls=" + c.rejectedCalls + ",failed_calls=" + c.failedCalls);
            }
            if (c.isContainer()) commandStats(c.subcommands().values());
        }
    }

    private void errorStats() {
        section("Errorstats");
        for (Map.Entry<String, Long> e : server.stats().errorsByCode.entrySet()) {
            field("errorstat_" + safe(e.getKey()), "count=" + e.getValue());
        }
    }

    private void cluster() {
        section("Cluster");
        field("cluster_enabled", 0);
    }

    private void keyspace() {
        section("Keyspace");
        Keyspace keyspace = server.keyspace();
        for (int i = 0; i < keyspace.databaseCount(); i++) {
            Database db = keyspace.db(i);
            if (db.size() > 0 || db.expiresSize() > 0) {
                field("db" + i, "keys=" + db.size() + ",expires=" + db.expiresSize() + ",avg_ttl=" + db.avgTtl());
            }
        }
    }
}
