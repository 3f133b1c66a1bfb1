package dev.cinnabar.testing;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.config.ConfigLoader;
import dev.cinnabar.config.ServerConfig;

/** Starts an in-process Cinnabar on a free port with optional redis.conf-style lines. */
public final class TestServer {
    private TestServer() {}

    public static CinnabarServer start(String... configLines) throws Exception {
        return CinnabarServer.start(config(configLines));
    }

    /** A server whose commands are those of the given table instead of the standard one. */
    public static CinnabarServer start(CommandTable commands, String... configLines) throws Exception {
        return CinnabarServer.start(config(configLines), commands);
    }

    private static ServerConfig config(String... configLines) throws Exception {
        ServerConfig config = new ServerConfig();
        ConfigLoader loader = new ConfigLoader(config);
        // no save points unless a test asks for them: a test server must not write dump files where it runs
        loader.loadText("port 0\nbind 127.0.0.1\nsave \"\"\n" + String.join("\n", configLines));
        return config;
    }
}
