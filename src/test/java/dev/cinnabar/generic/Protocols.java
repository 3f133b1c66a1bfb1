package dev.cinnabar.generic;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.server.Client;
import dev.cinnabar.server.Server;
import dev.cinnabar.testing.Differential;
import dev.cinnabar.testing.RespConnection;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Differential set-ups for RESP2 and RESP3, and direct access to the server side of a test connection. Real
 * Redis is switched with HELLO 3; Cinnabar's connection is switched on the server side, so these tests do not
 * depend on the connection commands (once HELLO is available the Cinnabar side can simply send it too).
 */
final class Protocols {
    private Protocols() {}

    static Differential differential(CinnabarServer cinnabar, int redisPort, int protocol) {
        if (protocol == 2) return new Differential(cinnabar.port(), redisPort);
        return new Differential(cinnabar.port(), redisPort,
                c -> onServerSide(cinnabar, c, client -> client.setProtocol(3)), c -> c.call("HELLO", "3"));
    }

    /** Runs an action on the server's object for this connection, under the execution lock. */
    static void onServerSide(CinnabarServer cinnabar, RespConnection connection, Consumer<Client> action)
            throws IOException {
        connection.call("PING");   // the server has registered the client once it answers
        Server server = cinnabar.server();
        String suffix = ":" + connection.localPort();
        server.executionLock().lock();
        try {
            for (Client client : server.clients().values()) {
                if (client.connection().remoteAddress().endsWith(suffix)) action.accept(client);
            }
        } finally {
            server.executionLock().unlock();
        }
    }

    /** Runs an action on the server state under the execution lock. */
    static void locked(CinnabarServer cinnabar, Consumer<Server> action) {
        Server server = cinnabar.server();
        server.executionLock().lock();
        try {
            action.accept(server);
        } finally {
            server.executionLock().unlock();
        }
    }
}
