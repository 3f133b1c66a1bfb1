package dev.cinnabar;

import dev.cinnabar.command.CommandTable;
import dev.cinnabar.config.ServerConfig;
import dev.cinnabar.network.NettyServer;
import dev.cinnabar.server.Log;
import dev.cinnabar.server.Server;

/** A running Cinnabar: the server state plus its network listeners. Used by {@link Main} and by tests. */
public final class CinnabarServer implements AutoCloseable {
    private final Server server;
    private final NettyServer network;

    private CinnabarServer(Server server, NettyServer network) {
        this.server = server;
        this.network = network;
    }

    /** Starts a server with the given configuration; port 0 picks a free port (see {@link #port()}). */
    public static CinnabarServer start(ServerConfig config) throws InterruptedException {
        return start(config, Commands.table());
    }

    /** Starts a server with a given command table (tests use tables with extra or fewer commands). */
    /**
     * @throws IllegalStateException when the dump file cannot be loaded (the message names the file and why)
     */
    public static CinnabarServer start(ServerConfig config, CommandTable commands) throws InterruptedException {
        Server server = new Server(config, commands);
        // with appendonly yes the AOF is the dataset, as in Redis; the dump is read only without it
        if (!server.aof().startUp()) server.rdb().loadAtStartup();
        NettyServer network = new NettyServer(server);
        network.start();
        Log.notice("Server initialized, transport " + network.transportName() + ", "
                + config.ioThreads.value() + " I/O thread(s)");
        return new CinnabarServer(server, network);
    }

    public Server server() {
        return server;
    }

    public int port() {
        return server.tcpPort();
    }

    @Override
    public void close() {
        network.stop();
        server.aof().close();
    }
}
