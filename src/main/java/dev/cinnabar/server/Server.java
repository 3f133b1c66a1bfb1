package dev.cinnabar.server;

import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Dispatcher;
import dev.cinnabar.config.ServerConfig;
import dev.cinnabar.keyspace.Keyspace;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    private final ServerConfig config;
    private final Keyspace keyspace;
    private final CommandTable commands;
    private final Dispatcher dispatcher;
    private final ServerStats stats = new ServerStats();
    private final ReentrantLock executionLock = new ReentrantLock();
    private final Map<Long, Client> clients = new ConcurrentHashMap<>();
    private final AtomicLong nextClientId = new AtomicLong(1);
    private final long startMillis = System.currentTimeMillis();
    private final String runId;
    private volatile Runnable shutdownAction = () -> {};
    private int tcpPort;

    public Server(ServerConfig config, CommandTable commands) {
        this.config = config;
        this.keyspace = new Keyspace(config.databases.intValue());
        this.commands = commands;
        this.dispatcher = new Dispatcher(this);
        Runnable accessTracking = () -> keyspace.setAccessTracking(config.lfuPolicy(),
                config.lfuLogFactor.intValue(), config.lfuDecayTime.intValue());
        config.maxmemoryPolicy.onChange(accessTracking);
        config.lfuLogFactor.onChange(accessTracking);
        config.lfuDecayTime.onChange(accessTracking);
        accessTracking.run();
        byte[] id = new byte[20];
        new SecureRandom().nextBytes(id);
        this.runId = HexFormat.of().formatHex(id);
    }

    public ServerConfig config() {
        return config;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    public CommandTable commands() {
        return commands;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
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
    }

    public Map<Long, Client> clients() {
        return clients;
    }

    // ---- periodic work ------------------------------------------------------------------------------------------

    /**
     * Redis's serverCron, run hz times a second under the execution lock: active expiry (a quarter of the cron
     * period at most), incremental rehashing (1 ms), idle client timeouts and the ops/sec sample.
     */
    public void cron() {
        long periodNanos = 1_000_000_000L / config.effectiveHz();
        keyspace.activeExpireCycle(periodNanos / 4);
        keyspace.rehashIncrementally(1_000_000);
        long now = System.currentTimeMillis();
        stats.sampleOps(now);
        long timeout = config.timeout.value();
        if (timeout > 0) {
            for (Client c : clients.values()) {
                if (now - c.lastInteractionMillis() > timeout * 1000) c.connection().close();
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

    private static String versionFromManifest() {
        String v = Server.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0";
    }
}
