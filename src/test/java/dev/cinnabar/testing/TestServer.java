package dev.cinnabar.testing;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.config.ConfigLoader;
import dev.cinnabar.config.ServerConfig;

/** Starts an in-process Cinnabar on a free port with optional redis.conf-style lines. */
public final class TestServer {
    private TestServer() {}

    public static CinnabarServer start(String... configLines) throws Exception {
        ServerConfig config = new ServerConfig();
        ConfigLoader loader = new ConfigLoader(config);
        loader.loadText("port 0\nbind 127.0.0.1\n" + String.join("\n", configLines));
        return CinnabarServer.start(config);
    }
}
