package dev.cinnabar;

import dev.cinnabar.config.ConfigLoader;
import dev.cinnabar.config.ServerConfig;
import dev.cinnabar.server.Log;
import dev.cinnabar.server.Server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/** The cinnabar-server command: redis-server's arguments, [config-file] [--name value ...]. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && (args[0].equals("-v") || args[0].equals("--version"))) {
            System.out.println("Cinnabar server v=" + Server.CINNABAR_VERSION + " redis_version=" + Server.REDIS_VERSION
                    + " java=" + Runtime.version());
            return;
        }
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.out.println("""
                    Usage: cinnabar-server [/path/to/redis.conf] [options] [-]
                           cinnabar-server - (read config from stdin)
                           cinnabar-server -v or --version
                           cinnabar-server -h or --help

                    Examples:
                           cinnabar-server (run the server with default config)
                           cinnabar-server /etc/redis/6379.conf
                           cinnabar-server --port 7777
                           cinnabar-server /etc/myredis.conf --loglevel verbose -
                           cinnabar-server /etc/myredis.conf --port 7000 --requirepass s3cret""");
            return;
        }
        ServerConfig config = new ServerConfig();
        try {
            String stdin = ConfigLoader.readsStdin(args)
                    ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8) : null;
            new ConfigLoader(config).loadArguments(args, stdin);
            Log.configure(config.loglevel.value(), config.logfile.value());
        } catch (ConfigLoader.FatalConfigError | IOException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
        Log.notice("Cinnabar " + Server.CINNABAR_VERSION + " (Redis " + Server.REDIS_VERSION
                + " compatible), pid=" + ProcessHandle.current().pid() + ", just started");
        CinnabarServer running;
        try {
            running = CinnabarServer.start(config);
        } catch (IllegalStateException e) {
            Log.warning(e.getMessage());
            System.exit(1);
            return;
        }
        running.server().executionLock().lock();
        try {
            running.server().memory().countProcessMemory();   // this server is the process: the JVM counts too
        } finally {
            running.server().executionLock().unlock();
        }
        CountDownLatch stopped = new CountDownLatch(1);
        running.server().onShutdown(stopped::countDown);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Log.warning("Received SIGTERM scheduling shutdown...");
            running.server().executionLock().lock();
            try {
                running.server().rdb().finalSave(false, false, true);
            } finally {
                running.server().executionLock().unlock();
            }
            running.close();
            Log.warning("Cinnabar is now ready to exit, bye bye...");
        }));
        Log.notice("Ready to accept connections tcp on port " + running.port());
        stopped.await();
        System.exit(0);
    }
}
