package dev.cinnabar.generic;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.server.Client;
import dev.cinnabar.server.Server;
import dev.cinnabar.testing.Differential;
import dev.cinnabar.testing.RespConnection;

import java.io.IOException;

/**
 * Differential set-ups for RESP2 and RESP3. Real Redis is switched with HELLO 3; Cinnabar's connection is switched
 * directly on the server side, so these tests do not depend on the connection commands (once HELLO is available
 * the Cinnabar side can simply send it too).
 */
final class Protocols {
    private Protocols() {}

    static Differential differential(CinnabarServer cinnabar, int redisPort, int protocol) {
        if (protocol == 2) return new Differential(cinnabar.port(), redisPort);
        return new Differential(cinnabar.port(), redisPort, c -> useResp3(cinnabar, c), c -> c.call("HELLO", "3"));
    }

    /** Switches the server side of a Cinnabar connection to RESP3. */
    static void useResp3(CinnabarServer cinnabar, RespConnection connection) throws IOException {
        connection.call("PING");   // the server has registered the client once it answers
        Server server = cinnabar.server();
        String suffix = ":" + connection.localPort();
        server.executionLock().lock();
        try {
            for (Client client : server.clients().values()) {
                if (client.connection().remoteAddress().endsWith(suffix)) client.setProtocol(3);
            }
        } finally {
            server.executionLock().unlock();
        }
    }
}
