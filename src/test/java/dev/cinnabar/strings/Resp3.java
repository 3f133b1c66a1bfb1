package dev.cinnabar.strings;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.server.Client;
import dev.cinnabar.server.Server;
import dev.cinnabar.testing.RespConnection;

import java.io.IOException;
import java.util.Comparator;

/** Switches a test connection to RESP3. */
final class Resp3 {
    private Resp3() {}

    /**
     * Sends HELLO 3. A build without HELLO (it belongs to the connection commands) answers "unknown command";
     * then the newest connection of the in-process server, which is this one, is switched directly.
     */
    static void switchTo(RespConnection connection, CinnabarServer cinnabar) throws IOException {
        String reply = connection.call("HELLO", "3");
        if (!reply.startsWith("-ERR unknown command")) return;
        Server server = cinnabar.server();
        server.executionLock().lock();
        try {
            Client newest = server.clients().values().stream().max(Comparator.comparingLong(Client::id)).orElseThrow();
            newest.setProtocol(3);
        } finally {
            server.executionLock().unlock();
        }
    }
}
