package dev.cinnabar.config;

import java.io.File;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Every parameter the server understands, with Redis's names, defaults and limits. */
public final class ServerConfig {
    private final Map<String, ConfigParam> byName = new LinkedHashMap<>();

    public final Params.Number port = add(Params.Number.of("port", 0, 65535, 6379, true));
    // The loopback interfaces, as in the redis.conf Redis ships (its compiled-in default is "* -::*", every
    // interface behind protected mode); a server started with no configuration is reachable from this host only.
    public final Params.WordList bind = add(new Params.WordList("bind", List.of("127.0.0.1", "-::1"), true, l -> {
        if (l.size() > 16) throw new IllegalArgumentException("Too many bind addresses specified.");
    }));
    public final Params.Flag protectedMode = add(new Params.Flag("protected-mode", true, true));
    public final Params.Text requirepass = add(new Params.Text("requirepass", "", true, false, v -> {}));
    // access control (the users themselves live in the acl package)
    public final Params.Text aclfile = add(new Params.Text("aclfile", "", false, false, v -> {}));
    public final Params.Number acllogMaxLen = add(Params.Number.of("acllog-max-len", 0, Long.MAX_VALUE, 128, true));
    public final Params.Choice aclPubsubDefault = add(new Params.Choice("acl-pubsub-default", "resetchannels", true,
            "allchannels", "resetchannels"));
    private final List<UserDirective> userDirectives = new ArrayList<>();
    public final Params.Number databases = add(Params.Number.of("databases", 1, Integer.MAX_VALUE, 16, false));
    public final Params.Number maxclients = add(Params.Number.of("maxclients", 1, 0xFFFFFFFFL, 10000, true));
    public final Params.Number timeout = add(Params.Number.of("timeout", 0, Integer.MAX_VALUE, 0, true));
    public final Params.Number tcpKeepalive = add(Params.Number.of("tcp-keepalive", 0, Integer.MAX_VALUE, 300, true));
    public final Params.Number tcpBacklog = add(Params.Number.of("tcp-backlog", 0, Integer.MAX_VALUE, 511, false));
    public final Params.Text unixsocket = add(new Params.Text("unixsocket", "", false, false, v -> {}));
    public final Params.Number unixsocketperm = add(Params.Number.octal("unixsocketperm", 0));
    public final Params.Choice loglevel = add(new Params.Choice("loglevel", "notice", true,
            "debug", "verbose", "notice", "warning", "nothing"));
    public final Params.Text logfile = add(new Params.Text("logfile", "", false, false, v -> {}));
    public final Params.Text dir = add(new Params.Text("dir", new File("").getAbsolutePath(), true, true, v -> {
        File f = new File(v);
        if (!f.isDirectory()) throw new ConfigException("No such file or directory");
    }));
    public final Params.Text dbfilename = add(new Params.Text("dbfilename", "dump.rdb", true, true, v -> {
        if (v.contains("/")) throw new ConfigException("dbfilename can't be a path, just a filename");
    }));
    public final SavePoints save = add(new SavePoints());
    public final Params.Flag rdbcompression = add(new Params.Flag("rdbcompression", true, true));
    public final Params.Flag rdbchecksum = add(new Params.Flag("rdbchecksum", true, false));
    public final Params.Flag stopWritesOnBgsaveError = add(new Params.Flag("stop-writes-on-bgsave-error", true, true));
    public final Params.Flag lazyfreeLazyExpire = add(new Params.Flag("lazyfree-lazy-expire", false, true));
    public final Params.Flag lazyfreeLazyServerDel = add(new Params.Flag("lazyfree-lazy-server-del", false, true));
    // the append-only file
    public final Params.Flag appendonly = add(new Params.Flag("appendonly", false, true));
    public final Params.Text appendfilename = add(new Params.Text("appendfilename", "appendonly.aof", false, false, v -> {
        if (v.contains("/")) throw new ConfigException("appendfilename can't be a path, just a filename");
    }));
    public final Params.Text appenddirname = add(new Params.Text("appenddirname", "appendonlydir", false, false, v -> {
        if (v.contains("/")) throw new ConfigException("appenddirname can't be a path, just a dirname");
    }));
    public final Params.Choice appendfsync = add(new Params.Choice("appendfsync", "everysec", true,
            "always", "everysec", "no"));
    public final Params.Flag aofUseRdbPreamble = add(new Params.Flag("aof-use-rdb-preamble", true, true));
    public final Params.Flag aofLoadTruncated = add(new Params.Flag("aof-load-truncated", true, true));
    public final Params.Flag noAppendfsyncOnRewrite = add(new Params.Flag("no-appendfsync-on-rewrite", false, true));
    public final Params.Number autoAofRewritePercentage = add(Params.Number.of("auto-aof-rewrite-percentage", 0,
            Integer.MAX_VALUE, 100, true));
    public final Params.Number autoAofRewriteMinSize = add(Params.Number.memory("auto-aof-rewrite-min-size", 0,
            Long.MAX_VALUE, 64L * 1024 * 1024, true));
    public final Params.Number protoMaxBulkLen = add(Params.Number.memory("proto-max-bulk-len", 1024 * 1024,
            Long.MAX_VALUE, 512L * 1024 * 1024, true));
    public final Params.Number clientQueryBufferLimit = add(Params.Number.memory("client-query-buffer-limit",
            1024 * 1024, Long.MAX_VALUE, 1024L * 1024 * 1024, true));
    public final OutputBufferLimits clientOutputBufferLimit = add(new OutputBufferLimits());
    public final NotifyKeyspaceEvents notifyKeyspaceEvents = add(new NotifyKeyspaceEvents());
    public final Params.Number hz = add(Params.Number.of("hz", 0, Integer.MAX_VALUE, 10, true));
    public final Params.Choice maxmemoryPolicy = add(new Params.Choice("maxmemory-policy", "noeviction", true,
            "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl", "allkeys-lru", "allkeys-lfu",
            "allkeys-random", "noeviction"));
    public final Params.Number lfuLogFactor = add(Params.Number.of("lfu-log-factor", 0, Integer.MAX_VALUE, 10, true));
    public final Params.Number lfuDecayTime = add(Params.Number.of("lfu-decay-time", 0, Integer.MAX_VALUE, 1, true));
    // memory limit and eviction (dev.cinnabar.memory)
    public final Params.Number maxmemory = add(Params.Number.memory("maxmemory", 0, Long.MAX_VALUE, 0, true));
    public final Params.Number maxmemorySamples = add(Params.Number.of("maxmemory-samples", 1, Integer.MAX_VALUE, 5,
            true));
    public final Params.Number maxmemoryEvictionTenacity = add(Params.Number.of("maxmemory-eviction-tenacity", 0,
            100, 10, true));
    public final Params.Flag lazyfreeLazyEviction = add(new Params.Flag("lazyfree-lazy-eviction", false, true));
    public final MemoryOrPercent maxmemoryClients = add(new MemoryOrPercent("maxmemory-clients", 100, 0));
    public final Params.Number ioThreads = add(Params.Number.of("io-threads", 1, 128, 1, false));
    public final Params.Choice enableProtectedConfigs = add(new Params.Choice("enable-protected-configs", "no", false,
            "no", "yes", "local"));
    public final Params.Choice enableDebugCommand = add(new Params.Choice("enable-debug-command", "no", false,
            "no", "yes", "local"));
    public final Params.Choice enableModuleCommand = add(new Params.Choice("enable-module-command", "no", false,
            "no", "yes", "local"));
    public final Params.Flag daemonize = add(new Params.Flag("daemonize", false, false));
    public final Params.Number trackingTableMaxKeys = add(Params.Number.of("tracking-table-max-keys", 0, Long.MAX_VALUE,
            1_000_000, true));
    // diagnostics: the slow log and the latency monitor
    public final Params.Number slowlogLogSlowerThan = add(Params.Number.of("slowlog-log-slower-than", -1,
            Long.MAX_VALUE, 10000, true));
    public final Params.Number slowlogMaxLen = add(Params.Number.of("slowlog-max-len", 0, Long.MAX_VALUE, 128, true));
    public final Params.Number latencyMonitorThreshold = add(Params.Number.of("latency-monitor-threshold", 0,
            Long.MAX_VALUE, 0, true));
    public final Params.Flag latencyTracking = add(new Params.Flag("latency-tracking", true, true));
    public final Params.PercentileList latencyTrackingInfoPercentiles = add(new Params.PercentileList(
            "latency-tracking-info-percentiles", true, 50.0, 99.0, 99.9));
    /** How long a script may run before other clients are answered -BUSY (0: never); lua-time-limit is its old name. */
    public final Params.Number busyReplyThreshold = add(Params.Number.aliased("busy-reply-threshold",
            "lua-time-limit", 0, Long.MAX_VALUE, 5000, false));
    // Thresholds of the compact encodings (listpack, intset): past them a collection converts to its large form.
    public final Params.Number listMaxListpackSize = add(Params.Number.aliased("list-max-listpack-size",
            "list-max-ziplist-size", Integer.MIN_VALUE, Integer.MAX_VALUE, -2, false));
    /** Nodes kept uncompressed at each end of a quicklist (0: no compression); a list keeps the depth it was created with. */
    public final Params.Number listCompressDepth = add(Params.Number.of("list-compress-depth", 0, Integer.MAX_VALUE, 0,
            true));
    public final Params.Number hashMaxListpackEntries = add(Params.Number.aliased("hash-max-listpack-entries",
            "hash-max-ziplist-entries", 0, Long.MAX_VALUE, 512, false));
    public final Params.Number hashMaxListpackValue = add(Params.Number.aliased("hash-max-listpack-value",
            "hash-max-ziplist-value", 0, Long.MAX_VALUE, 64, true));
    public final Params.Number setMaxIntsetEntries = add(Params.Number.of("set-max-intset-entries", 0, Long.MAX_VALUE,
            512, true));
    public final Params.Number setMaxListpackEntries = add(Params.Number.of("set-max-listpack-entries", 0,
            Long.MAX_VALUE, 128, true));
    public final Params.Number setMaxListpackValue = add(Params.Number.of("set-max-listpack-value", 0,
            Long.MAX_VALUE, 64, true));
    public final Params.Number zsetMaxListpackEntries = add(Params.Number.aliased("zset-max-listpack-entries",
            "zset-max-ziplist-entries", 0, Long.MAX_VALUE, 128, false));
    // A HyperLogLog's sparse form may grow to this many bytes before it becomes dense.
    public final Params.Number hllSparseMaxBytes = add(Params.Number.memory("hll-sparse-max-bytes", 0,
            Long.MAX_VALUE, 3000, true));
    public final Params.Number zsetMaxListpackValue = add(Params.Number.aliased("zset-max-listpack-value",
            "zset-max-ziplist-value", 0, Long.MAX_VALUE, 64, true));

    public final Params.Number streamNodeMaxBytes = add(Params.Number.memory("stream-node-max-bytes", 0, Long.MAX_VALUE,
            4096, true));
    public final Params.Number streamNodeMaxEntries = add(Params.Number.of("stream-node-max-entries", 0, Long.MAX_VALUE,
            100, true));

    // ---- TLS (Redis's defaults; the tls package reads them, and rebuilds its context when they change) ----
    public final Params.Number tlsPort = add(Params.Number.of("tls-port", 0, 65535, 0, true));
    public final Params.Number tlsSessionCacheSize = add(Params.Number.of("tls-session-cache-size", 0,
            Integer.MAX_VALUE, 20 * 1024, true));
    public final Params.Number tlsSessionCacheTimeout = add(Params.Number.of("tls-session-cache-timeout", 0,
            Integer.MAX_VALUE, 300, true));
    public final Params.Flag tlsCluster = add(new Params.Flag("tls-cluster", false, true));
    public final Params.Flag tlsReplication = add(new Params.Flag("tls-replication", false, true));
    public final Params.Choice tlsAuthClients = add(new Params.Choice("tls-auth-clients", "yes", true,
            "no", "yes", "optional"));
    public final Params.Flag tlsPreferServerCiphers = add(new Params.Flag("tls-prefer-server-ciphers", false, true));
    public final Params.Flag tlsSessionCaching = add(new Params.Flag("tls-session-caching", true, true));
    public final Params.Text tlsCertFile = add(tlsText("tls-cert-file"));
    public final Params.Text tlsKeyFile = add(tlsText("tls-key-file"));
    public final Params.Text tlsKeyFilePass = add(tlsText("tls-key-file-pass"));
    public final Params.Text tlsClientCertFile = add(tlsText("tls-client-cert-file"));
    public final Params.Text tlsClientKeyFile = add(tlsText("tls-client-key-file"));
    public final Params.Text tlsClientKeyFilePass = add(tlsText("tls-client-key-file-pass"));
    public final Params.Text tlsDhParamsFile = add(tlsText("tls-dh-params-file"));
    public final Params.Text tlsCaCertFile = add(tlsText("tls-ca-cert-file"));
    public final Params.Text tlsCaCertDir = add(tlsText("tls-ca-cert-dir"));
    public final Params.Text tlsProtocols = add(tlsText("tls-protocols"));
    public final Params.Text tlsCiphers = add(tlsText("tls-ciphers"));
    public final Params.Text tlsCiphersuites = add(tlsText("tls-ciphersuites"));

    private static Params.Text tlsText(String name) {
        return new Params.Text(name, "", true, false, v -> {});
    }

    /** The TLS parameters whose change rebuilds the TLS context (tls-port and tls-auth-clients act otherwise). */
    public List<ConfigParam> tlsContextParams() {
        return List.of(tlsSessionCacheSize, tlsSessionCacheTimeout, tlsCluster, tlsReplication, tlsPreferServerCiphers,
                tlsSessionCaching, tlsCertFile, tlsKeyFile, tlsKeyFilePass, tlsClientCertFile, tlsClientKeyFile,
                tlsClientKeyFilePass, tlsDhParamsFile, tlsCaCertFile, tlsCaCertDir, tlsProtocols, tlsCiphers,
                tlsCiphersuites);
    }

    /** rename-command lines, in file order (not parameters: CONFIG GET/SET do not know them, as in Redis). */
    private final List<CommandRename> commandRenames = new ArrayList<>();

    public void addCommandRename(CommandRename rename) {
        commandRenames.add(rename);
    }

    public List<CommandRename> commandRenames() {
        return List.copyOf(commandRenames);
    }

    /** The redis.conf the server was started with (absolute path), or "" (INFO config_file). */
    private volatile String configFile = "";

    public ServerConfig() {
        // hz is a hint: values outside 1..500 are accepted and clamped, as Redis does
        hz.onApply(() -> hz.setValue(Math.max(1, Math.min(500, hz.value()))));
    }

    /** A {@code user <name> <rules...>} line of the config file: its words (with "user") and where it was. */
    public record UserDirective(int lineNumber, String line, List<String> words) {}

    /** The config file's user lines, in order; the acl package creates the users at start-up. */
    public List<UserDirective> userDirectives() {
        return userDirectives;
    }

    private <T extends ConfigParam> T add(T param) {
        byName.put(param.name(), param);
        for (String alias : param.aliases()) byName.put(alias, param);
        return param;
    }

    public ConfigParam find(String name) {
        return byName.get(name.toLowerCase(Locale.ROOT));
    }

    public Collection<ConfigParam> all() {
        List<ConfigParam> distinct = new ArrayList<>();
        for (ConfigParam p : byName.values()) if (!distinct.contains(p)) distinct.add(p);
        return distinct;
    }

    public String configFile() {
        return configFile;
    }

    public void setConfigFile(String path) {
        this.configFile = path;
    }

    /** Sets a parameter from text and runs its apply hook. */
    public void set(ConfigParam param, List<String> words) throws ConfigException {
        param.set(words);
        param.applyChange();
    }

    /** A redis.conf line (or command-line option): some parameters accumulate lines (see SavePoints). */
    public void setFromConfigFile(ConfigParam param, List<String> words) throws ConfigException {
        param.setFromConfigFile(words);
        param.applyChange();
    }

    /** Why a multi-parameter set failed: the canonical name of the parameter involved and the reason. */
    public static final class SetFailure extends Exception {
        private final String parameter;

        SetFailure(String parameter, String reason) {
            super(reason, null, false, false);
            this.parameter = parameter;
        }

        public String parameter() {
            return parameter;
        }
    }

    /**
     * Sets several parameters as one change, like CONFIG SET: every value is parsed and stored first, then the
     * apply hooks of the parameters whose value changed run. If a value is rejected or a hook fails, all old
     * values are restored (and re-applied) and nothing changes. Values are single words; list parameters split
     * them on spaces.
     */
    public void setAll(List<ConfigParam> params, List<String> values) throws SetFailure {
        List<String> old = new ArrayList<>();
        for (ConfigParam p : params) old.add(p.get());
        for (int i = 0; i < params.size(); i++) {
            try {
                params.get(i).set(List.of(values.get(i)));
            } catch (ConfigException e) {
                restore(params.subList(0, i + 1), old, false);
                throw new SetFailure(params.get(i).name(), e.getMessage());
            }
        }
        for (int i = 0; i < params.size(); i++) {
            ConfigParam p = params.get(i);
            if (p.get().equals(old.get(i))) continue;
            try {
                p.applyChange();
            } catch (ConfigException e) {
                restore(params, old, true);
                throw new SetFailure(p.name(), e.getMessage());
            }
        }
    }

    private static void restore(List<ConfigParam> params, List<String> old, boolean reapply) {
        for (int i = 0; i < params.size(); i++) {
            ConfigParam p = params.get(i);
            try {
                p.set(List.of(old.get(i)));
                if (reapply) p.applyChange();
            } catch (ConfigException e) {
                // The old values were in effect a moment ago; a hook that cannot bring one back (a port taken in
                // the meantime) has logged why, and the first failure is what the caller reports.
            }
        }
    }

    /**
     * Whether Redis would keep small integers as its shared objects (OBJECT REFCOUNT, DEBUG OBJECT): it does unless
     * maxmemory is set together with an LRU or LFU policy, where every key needs its own access bits.
     */
    public boolean sharesIntegers() {
        String policy = maxmemoryPolicy.value();
        return maxmemory.value() == 0 || !(policy.endsWith("-lru") || policy.endsWith("-lfu"));
    }

    /** True under the LFU eviction policies: keys then track an access frequency instead of an LRU clock. */
    public boolean lfuPolicy() {
        return maxmemoryPolicy.value().endsWith("-lfu");
    }

    /** The configured value of hz (already clamped to 1..500 when it was set). */
    public int effectiveHz() {
        return (int) Math.max(1, Math.min(500, hz.value()));
    }
}
