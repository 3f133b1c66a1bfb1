package dev.cinnabar.server;

import dev.cinnabar.acl.Acl;
import dev.cinnabar.blocking.BlockedClients;
import dev.cinnabar.scripting.Scripting;
import dev.cinnabar.pubsub.PubSub;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Dispatcher;
import dev.cinnabar.config.ConfigException;
import dev.cinnabar.config.ConfigParam;
import dev.cinnabar.config.CommandRename;
import dev.cinnabar.config.ServerConfig;
import dev.cinnabar.diagnostics.Diagnostics;
import dev.cinnabar.connection.ClientPause;
import dev.cinnabar.keyspace.Keyspace;
import dev.cinnabar.memory.MemoryManager;
import dev.cinnabar.persistence.AppendOnlyFile;
import dev.cinnabar.persistence.RdbPersistence;
import dev.cinnabar.propagation.Propagation;
import dev.cinnabar.transactions.WatchedKeys;
import dev.cinnabar.tracking.Tracking;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The server's shared state. All command execution happens while holding {@link #executionLock()}, which gives
 * Redis's atomicity: one command (or MULTI block, script, blocked-client wake-up) at a time, whichever I/O thread
 * received it. With one I/O thread (the default) the lock is never contended.
 */
public final class Server {
    /** The Redis release whose behaviour Cinnabar follows; clients gate features on redis_version. */
    public static final String REDIS_VERSION = "7.2.4";
    public static final String CINNABAR_VERSION = versionFromManifest();

    /** What the network layer offers to make a new port / bind setting take effect. */
    public interface Listeners {
        /** Replaces the TCP listeners with ones on the configured addresses and port; throws if it cannot. */
        void rebindTcp() throws Exception;

        /** The I/O mechanism under the connections ("epoll", "nio"), for INFO multiplexing_api. */
        String multiplexingApi();
    }

    private final ServerConfig config;
    private final Keyspace keyspace;
    private final CommandTable commands;
    private final Dispatcher dispatcher;
    private final BlockedClients blockedClients;
    private final Scripting scripting;
    private final PubSub pubSub = new PubSub();
    private final WatchedKeys watchedKeys;
    private final RdbPersistence rdb = new RdbPersistence(this);
    private final Propagation propagation = new Propagation();
    private final AppendOnlyFile aof;
    private final MemoryManager memory;
    private final Tracking tracking = new Tracking(this);
    private final Acl acl;
    private final Diagnostics diagnostics;
    private final ClientPause clientPause = new ClientPause(this);
    /** Redis's current_client: the client whose command (or wake-up) is being processed, null otherwise. */
    private Client currentClient;
    /** Redis's executing_client: set while a command's handler runs. */
    private Client executingClient;
    /** DEBUG, which enable-debug-command gates (null when the table has no DEBUG). */
    private final CommandSpec debugCommand;
    private final ServerStats stats = new ServerStats();
    private final ReentrantLock executionLock = new ReentrantLock();
    /** Connected clients by id, so in connection order (CLIENT LIST order). */
    private final Map<Long, Client> clients = new ConcurrentSkipListMap<>();
    private final AtomicLong nextClientId = new AtomicLong(1);
    private final long startMillis = System.currentTimeMillis();
    private final String runId = randomHex(20);
    /** The replication ID a master announces; there are no replicas yet, but it exists from the start. */
    private final String replicationId = randomHex(20);
    private long lastMetricsSample;
    private volatile Runnable shutdownAction = () -> {};
    private volatile Listeners listeners;
    private int tcpPort;

    public Server(ServerConfig config, CommandTable commands) {
        this.config = config;
        this.keyspace = new Keyspace(config.databases.intValue());
        this.commands = withRenames(commands, config);
        this.acl = new Acl(this);
        acl.loadAtStartup();
        this.dispatcher = new Dispatcher(this);
        this.blockedClients = new BlockedClients(this);
        this.watchedKeys = new WatchedKeys(keyspace);
        keyspace.events().setPublisher((channel, message) -> pubSub.publish(executingClient, channel, message));
        this.scripting = new Scripting(this);
        this.debugCommand = commands.original("debug");
        this.diagnostics = new Diagnostics(this);
        keyspace.addChangeListener(tracking);
        keyspace.addChangeListener(propagation);
        keyspace.addChangeListener(new DirtyCounter(stats, keyspace));
        this.aof = new AppendOnlyFile(this);
        this.memory = new MemoryManager(this);
        applyConfigChanges();
    }

    /** The table with redis.conf's rename-command lines applied; one that fails stops start-up. */
    private static CommandTable withRenames(CommandTable commands, ServerConfig config) {
        List<CommandRename> renames = config.commandRenames();
        try {
            return commands.renamed(renames.stream().map(r -> Map.entry(r.from(), r.to())).toList());
        } catch (CommandTable.RenameFailure e) {
            throw new IllegalStateException(renames.get(e.index()).fatalError(e.getMessage()));
        }
    }

    /** What makes CONFIG SET take effect on clients that are already connected. */
    private void applyConfigChanges() {
        config.protoMaxBulkLen.onApply(() -> {
            for (Client c : clients.values()) c.parser().setMaxBulkLength(config.protoMaxBulkLen.value());
        });
        // requirepass changes who needs to authenticate: clients that logged in (or connected while no password
        // was set) stay in; the others get the small-request limits, or are freed from them.
        config.requirepass.onApply(() -> {
            acl.setDefaultPassword(config.requirepass.value());
            for (Client c : clients.values()) c.updateParserLimits();
        });
        config.loglevel.onApply(() -> Log.setLevel(config.loglevel.value()));
        config.port.onApply(() -> rebind("Unable to listen on this port. Check server logs."));
        config.bind.onApply(() -> rebind("Failed to bind to specified addresses."));
        ConfigParam.Apply accessTracking = () -> keyspace.setAccessTracking(config.lfuPolicy(),
                config.lfuLogFactor.intValue(), config.lfuDecayTime.intValue());
        config.maxmemoryPolicy.onApply(accessTracking);
        config.lfuLogFactor.onApply(accessTracking);
        config.lfuDecayTime.onApply(accessTracking);
        keyspace.setAccessTracking(config.lfuPolicy(), config.lfuLogFactor.intValue(), config.lfuDecayTime.intValue());
        config.notifyKeyspaceEvents.onApply(() -> keyspace.events().setFlags(config.notifyKeyspaceEvents.flags()));
        keyspace.events().setFlags(config.notifyKeyspaceEvents.flags());
    }

    private void rebind(String failure) throws ConfigException {
        Listeners l = listeners;
        if (l == null) return; // not listening yet: the new value is used when the listeners start
        try {
            l.rebindTcp();
        } catch (Exception e) {
            Log.warning("Failed to listen: " + e.getMessage());
            throw new ConfigException(failure);
        }
    }

    /**
     * Records which client's command runs from now on and returns the previous one, to be restored when it ends:
     * what the command publishes to that client itself (keyspace events) follows its reply.
     */
    public Client setExecutingClient(Client client) {
        Client previous = executingClient;
        executingClient = client;
        return previous;
    }

    public ServerConfig config() {
        return config;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    /** Redis's emptyData: every database and the function libraries emptied, before a dataset is loaded again. */
    public void emptyData() {
        keyspace.flushAll();
        scripting().flushLibraries();
    }

    public CommandTable commands() {
        return commands;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    /** EVAL's script cache and Lua state, and the script running past the busy threshold if any. */
    public Scripting scripting() {
        return scripting;
    }

    public BlockedClients blockedClients() {
        return blockedClients;
    }

    /** The stream of propagated write commands (the AOF feeds on it). */
    public Propagation propagation() {
        return propagation;
    }

    public AppendOnlyFile aof() {
        return aof;
    }

    public RdbPersistence rdb() {
        return rdb;
    }

    public WatchedKeys watchedKeys() {
        return watchedKeys;
    }

    public PubSub pubSub() {
        return pubSub;
    }

    /** CLIENT PAUSE state and the clients it holds. */
    public ClientPause clientPause() {
        return clientPause;
    }

    /** MONITOR feed, slow log and latency monitor. */
    public Diagnostics diagnostics() {
        return diagnostics;
    }

    /** Client-side caching: the invalidation table and broadcasting prefixes. */
    public Tracking tracking() {
        return tracking;
    }

    public Client currentClient() {
        return currentClient;
    }

    /** Makes the client the current one; returns the previous, to restore (a woken client runs inside another's). */
    public Client enterClient(Client client) {
        Client previous = currentClient;
        currentClient = client;
        return previous;
    }

    public Client executingClient() {
        return executingClient;
    }

    /**
     * Redis's beforeSleep work that belongs after a batch of commands rather than after each one: sends the
     * invalidations collected for broadcasting clients. Called under the execution lock.
     */
    public void afterBatch() {
        aof.beforeSleep(); // before any reply of the batch reaches a socket (appendfsync always)
        tracking.sendBroadcasts();
    }

    public ServerStats stats() {
        return stats;
    }

    public ReentrantLock executionLock() {
        return executionLock;
    }

    public String runId() {
        return runId;
    }

    public String replicationId() {
        return replicationId;
    }

    public long startMillis() {
        return startMillis;
    }

    /** The TCP port actually bound (differs from the config when it says 0). */
    public int tcpPort() {
        return tcpPort;
    }

    public void setTcpPort(int port) {
        this.tcpPort = port;
    }

    public void setListeners(Listeners listeners) {
        this.listeners = listeners;
    }

    public String multiplexingApi() {
        Listeners l = listeners;
        return l == null ? "" : l.multiplexingApi();
    }

    // ---- memory -------------------------------------------------------------------------------------------------

    /** used_memory, maxmemory and eviction (see {@link MemoryManager}). */
    public MemoryManager memory() {
        return memory;
    }

    public long usedMemory() {
        return memory.usedMemory();
    }

    // ---- access control ------------------------------------------------------------------------------------------

    /** The ACL users and permission checks. */
    public Acl acl() {
        return acl;
    }

    /** Redis's authRequired test: a new client needs AUTH unless the default user is enabled and needs no password. */
    public boolean defaultUserIsPasswordless() {
        return acl.defaultUser().nopass() && acl.defaultUser().enabled();
    }

    /** Redis's enable-*-command and enable-protected-configs settings: "yes", or "local" for local clients. */
    public static boolean allowsProtectedAction(String setting, Client client) {
        return setting.equals("yes") || (setting.equals("local") && client.connection().isLocal());
    }

    /** Why the client may not run this protected command (DEBUG), or null when it may. Called for every command. */
    public String protectedCommandDenial(CommandSpec cmd, Client client) {
        if (cmd != debugCommand || allowsProtectedAction(config.enableDebugCommand.value(), client)) return null;
        return "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can run "
                + "it from a local connection, otherwise you need to set this option in the configuration file, "
                + "and then restart the server.";
    }

    // ---- clients ------------------------------------------------------------------------------------------------

    /** Registers a new connection; returns null (and counts a rejection) when maxclients is reached. */
    public Client connect(Connection connection) {
        stats.totalConnectionsReceived++;
        if (clients.size() >= config.maxclients.value()) {
            stats.rejectedConnections++;
            return null;
        }
        Client client = new Client(nextClientId.getAndIncrement(), this, connection);
        clients.put(client.id(), client);
        return client;
    }

    public void disconnect(Client client) {
        clients.remove(client.id());
        blockedClients.remove(client);
        pubSub.unsubscribeAll(client);
        watchedKeys.unwatchAll(client);
        tracking.disable(client);
        diagnostics.disconnected(client);
        clientPause.forget(client);
    }

    public Map<Long, Client> clients() {
        return clients;
    }

    public Client client(long id) {
        return clients.get(id);
    }

    /** Closes another client at once (CLIENT KILL, idle timeout): it runs nothing more and gets no more replies. */
    public void kill(Client client) {
        client.closeAfterReply();
        disconnect(client);
        client.connection().close();
    }

    // ---- periodic work ------------------------------------------------------------------------------------------

    /**
     * Redis's serverCron, run hz times a second under the execution lock: active expiry (a quarter of the cron
     * period at most), incremental rehashing (1 ms), idle client timeouts, the instantaneous metrics sample and
     * the memory peak.
     */
    /** Where work sliced between commands runs (the first event loop); inline until the network starts. */
    private volatile java.util.concurrent.ScheduledExecutorService backgroundExecutor;

    public void setBackgroundExecutor(java.util.concurrent.ScheduledExecutorService executor) {
        this.backgroundExecutor = executor;
    }

    /**
     * Runs a task later on the event loop, under the execution lock, after the given delay (0: as soon as the
     * loop gets to it, between reads). Background work (a snapshot walk) is cut into such tasks.
     */
    public void runLater(long delayMillis, Runnable task) {
        Runnable locked = () -> {
            executionLock.lock();
            try {
                task.run();
            } finally {
                executionLock.unlock();
            }
        };
        java.util.concurrent.ScheduledExecutorService executor = backgroundExecutor;
        if (executor == null) {
            locked.run();
        } else {
            // scheduled, never plain execute: the event loop runs queued tasks for up to a second before it
            // reads sockets again, but takes in scheduled ones only once per turn, so reads come in between
            executor.schedule(locked, Math.max(0, delayMillis), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    public void cron() {
        if (scripting.busy()) return; // run from a busy script's event processing: the data set is the script's
        long start = System.nanoTime();
        stats.beginCycle();
        long periodNanos = 1_000_000_000L / config.effectiveHz();
        long expireStart = System.nanoTime();
        keyspace.activeExpireCycle(periodNanos / 4);
        diagnostics.latency().record("expire-cycle", (System.nanoTime() - expireStart) / 1_000_000);
        keyspace.rehashIncrementally(1_000_000);
        long now = System.currentTimeMillis();
        if (now - lastMetricsSample >= 100) { // Redis samples every 100 ms whatever hz is (at most once per run)
            stats.sample(now);
            lastMetricsSample = now;
        }
        memory.cron();
        closeIdleClients(now);
        rdb.cron();
        aof.cron();
        if (tracking.trackingClients() > 0) tracking.limitUsedSlots();
        afterBatch();
        stats.recordCronCycle((System.nanoTime() - start) / 1000);
    }

    private void closeIdleClients(long now) {
        long timeout = config.timeout.value();
        if (timeout <= 0) return;
        for (Client c : clients.values()) {
            // a blocked client is idle by design: its own deadline applies instead
            if (c.type() == Client.Type.NORMAL && !c.monitoring() && !c.blocked() && !c.postponed()
                    && now - c.lastInteractionMillis() > timeout * 1000) {
                Log.verbose("Closing idle client");
                kill(c);
            }
        }
    }

    /** What SHUTDOWN runs: set by the launcher (stops the network, then exits). */
    public void onShutdown(Runnable action) {
        this.shutdownAction = action;
    }

    public void shutdown() {
        shutdownAction.run();
    }

    private static String randomHex(int bytes) {
        byte[] id = new byte[bytes];
        new SecureRandom().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static String versionFromManifest() {
        String v = Server.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0";
    }
}
