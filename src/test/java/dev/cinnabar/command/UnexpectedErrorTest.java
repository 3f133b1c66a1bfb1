package dev.cinnabar.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.connection.ConnectionCommands;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.TestServer;
import org.junit.jupiter.api.Test;

/** A handler that fails unexpectedly (a bug) still answers: its half-written reply is dropped for an error. */
class UnexpectedErrorTest {
    @Test
    void aFailingHandlerRepliesWithAnErrorAndTheConnectionGoesOn() throws Exception {
        CommandTable.Builder table = new CommandTable.Builder();
        ConnectionCommands.register(table);
        table.handle("lastsave", ctx -> {
            ctx.reply().arrayHeader(2);
            ctx.reply().bulk(new byte[] {'x'});
            throw new IllegalStateException("broken\r\ninvariant");
        });
        try (CinnabarServer server = TestServer.start(table.build()); RespConnection c = new RespConnection(server.port())) {
            assertEquals("-ERR internal error in 'lastsave': java.lang.IllegalStateException: broken  invariant\r\n",
                    c.call("LASTSAVE"));
            assertEquals("+PONG\r\n", c.call("PING"));
        }
    }
}
