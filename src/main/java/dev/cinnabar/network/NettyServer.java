package dev.cinnabar.network;

import dev.cinnabar.server.Server;
import dev.cinnabar.tls.ServerTls;
import dev.cinnabar.tls.TlsContexts;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Binds the configured listeners and runs the I/O threads. The first event loop also runs the server cron, under
 * the execution lock like any command, hz times a second (re-read after every run, so CONFIG SET hz applies).
 */
public final class NettyServer implements Server.Listeners {
    private final Server server;
    private final boolean epoll = Epoll.isAvailable();
    /** Runs the listening sockets apart from the I/O threads, so a command can rebind them and wait for it. */
    private EventLoopGroup acceptGroup;
    private EventLoopGroup group;
    private EventLoop cronLoop;
    private final List<Channel> tcpListeners = new ArrayList<>();
    /** The listeners on tls-port: same addresses as the plain ones, a TLS handler in front of each connection. */
    private final List<Channel> tlsListeners = new ArrayList<>();
    private final ServerTls tls;
    private Channel unixListener;

    public NettyServer(Server server) {
        this.server = server;
        this.tls = new ServerTls(server.config());
    }

    public String transportName() {
        return epoll ? "epoll" : "nio";
    }

    @Override
    public String multiplexingApi() {
        return transportName();
    }

    public void start() throws InterruptedException {
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        acceptGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("cinnabar-accept", true), io);
        group = new MultiThreadIoEventLoopGroup(server.config().ioThreads.intValue(),
                new DeepStackThreadFactory("cinnabar-io"), io);
        if (tls.wanted()) {
            try {
                tls.configure(true);
            } catch (TlsContexts.TlsConfigException e) {
                stop();
                throw new IllegalStateException("Failed to configure TLS. Check logs for more info.", e);
            }
        }
        bindAllTcp();
        bindAllTls();
        tls.installConfigHooks(this::rebindTls);
        if (!server.config().unixsocket.value().isEmpty()) bindUnix(server.config().unixsocket.value());
        if (tcpListeners.isEmpty() && tlsListeners.isEmpty() && unixListener == null) {
            // an empty bind list and no unix socket: Redis refuses to run unreachable
            stop();
            throw new IllegalStateException("Configured to not listen anywhere, exiting.");
        }
        server.setListeners(this);
        cronLoop = group.next();
        server.setBackgroundExecutor(cronLoop);
        scheduleCron();
    }

    private void bindAllTcp() throws InterruptedException {
        int port = server.config().port.intValue();
        if (port != 0 || server.config().unixsocket.value().isEmpty()) {
            for (String address : server.config().bind.value()) bindTcp(address, port, tcpListeners, false);
        }
    }

    private void bindAllTls() throws InterruptedException {
        int port = server.config().tlsPort.intValue();
        if (port == 0) return;
        for (String address : server.config().bind.value()) bindTcp(address, port, tlsListeners, true);
    }

    /** CONFIG SET tls-port (and bind): the TLS listeners close, and open again on the configured port if any. */
    private void rebindTls() throws InterruptedException {
        closeListeners(tlsListeners);
        try {
            bindAllTls();
        } catch (IllegalStateException e) {
            closeListeners(tlsListeners);
            throw e;
        }
    }

    /** CONFIG SET port / bind: closes the TCP listeners (plain and TLS) and listens again with the new settings. */
    @Override
    public void rebindTcp() throws InterruptedException {
        closeListeners(tcpListeners);
        server.setTcpPort(0);
        try {
            bindAllTcp();
        } catch (IllegalStateException e) {
            closeListeners(tcpListeners);
            throw e;
        }
        if (!tlsListeners.isEmpty()) rebindTls();
    }

    private static void closeListeners(List<Channel> listeners) {
        for (Channel ch : listeners) ch.close().syncUninterruptibly();
        listeners.clear();
    }

    private void bindTcp(String address, int port, List<Channel> listeners, boolean withTls) throws InterruptedException {
        // Redis's "-" prefix marks an optional address: failing to bind it is not fatal.
        boolean optional = address.startsWith("-");
        String host = optional ? address.substring(1) : address;
        if (host.equals("*")) host = "0.0.0.0";
        else if (host.equals("::*")) host = "::";
        ServerBootstrap b = bootstrap(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class, withTls)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, server.config().tcpKeepalive.value() > 0);
        if (epoll && server.config().tcpKeepalive.value() > 0) {
            int keepalive = server.config().tcpKeepalive.intValue();
            b.childOption(EpollChannelOption.TCP_KEEPIDLE, keepalive)
                    .childOption(EpollChannelOption.TCP_KEEPINTVL, Math.max(1, keepalive / 3))
                    .childOption(EpollChannelOption.TCP_KEEPCNT, 3);
        }
        try {
            Channel ch = b.bind(new InetSocketAddress(host, port)).sync().channel();
            listeners.add(ch);
            if (!withTls && server.tcpPort() == 0) server.setTcpPort(((InetSocketAddress) ch.localAddress()).getPort());
        } catch (Exception e) {
            if (!optional) throw new IllegalStateException("Could not create server TCP listening socket " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private void bindUnix(String path) throws InterruptedException {
        if (!epoll) throw new IllegalStateException("unixsocket needs the native epoll transport, which is not available here");
        new File(path).delete();
        Channel ch = bootstrap(EpollServerDomainSocketChannel.class, false).bind(new DomainSocketAddress(path)).sync().channel();
        unixListener = ch;
        long perm = server.config().unixsocketperm.value();
        if (perm != 0) {
            try {
                Files.setPosixFilePermissions(Path.of(path), permissions(perm));
            } catch (Exception e) {
                throw new IllegalStateException("Could not set permissions on unix socket " + path, e);
            }
        }
    }

    private ServerBootstrap bootstrap(Class<? extends ServerChannel> channelClass, boolean withTls) {
        return new ServerBootstrap().group(acceptGroup, group).channel(channelClass)
                .option(ChannelOption.SO_BACKLOG, server.config().tcpBacklog.intValue())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (withTls) ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        ch.pipeline().addLast(new ClientHandler(server, withTls));
                    }
                });
    }

    private void scheduleCron() {
        if (cronLoop.isShuttingDown()) return;
        cronLoop.schedule(this::runCron, 1000L / server.config().effectiveHz(), TimeUnit.MILLISECONDS);
    }

    private void runCron() {
        server.executionLock().lock();
        try {
            server.cron();
        } catch (RuntimeException e) {
            System.err.println("cron failed: " + e);
        } finally {
            server.executionLock().unlock();
        }
        scheduleCron();
    }

    public void stop() {
        server.executionLock().lock();
        try {
            closeListeners(tcpListeners);
            closeListeners(tlsListeners);
        } finally {
            server.executionLock().unlock();
        }
        if (unixListener != null) unixListener.close().syncUninterruptibly();
        if (!server.config().unixsocket.value().isEmpty()) new File(server.config().unixsocket.value()).delete();
        if (group != null) group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        if (acceptGroup != null) acceptGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static Set<PosixFilePermission> permissions(long mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) if ((mode & (1L << i)) != 0) set.add(order[i]);
        return set;
    }
}
