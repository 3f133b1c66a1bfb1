package dev.cinnabar.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.admin.ServerCommands;
import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.connection.ClientCommands;
import dev.cinnabar.connection.ConnectionCommands;
import dev.cinnabar.generic.GenericCommands;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.strings.StringCommands;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

/**
 * The blocking machinery on its own, through a stand-in blocking command: "BLPOP key... timeout" redefined here
 * over strings (it takes and deletes the first key holding a string), so ordering, deadlines, CLIENT UNBLOCK,
 * disconnects, pipelining behind a blocked command and the INFO / CLIENT LIST view can be checked independently
 * of any data type. The real blocking commands have their own tests in their type's package.
 */
class BlockedClientsTest {
    static CinnabarServer server;

    @BeforeAll
    static void start() throws Exception {
        CommandTable.Builder table = new CommandTable.Builder();
        ConnectionCommands.register(table);
        ClientCommands.register(table);
        StringCommands.register(table);
        GenericCommands.register(table);
        ServerCommands.register(table);
        table.handle("blpop", BlockedClientsTest::takeString);
        server = TestServer.start(table.build());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    /** BLPOP over strings: replies [key, value] for the first key holding a string, removing it; else blocks. */
    private static void takeString(CommandContext ctx) {
        long deadline = BlockingTimeout.deadline(ctx.arg(ctx.argc() - 1), ctx.now());
        byte[][] keys = new byte[ctx.argc() - 2][];
        for (int i = 1; i < ctx.argc() - 1; i++) {
            keys[i - 1] = ctx.arg(i);
            Database db = ctx.db();
            Object value = db.lookupWrite(ctx.arg(i));
            if (value instanceof byte[] bytes) {
                db.delete(ctx.arg(i));
                ctx.reply().arrayHeader(2);
                ctx.reply().bulk(ctx.arg(i));
                ctx.reply().bulk(bytes);
                return;
            }
        }
        if (!ctx.mayBlock()) {
            ctx.reply().nullArray();
            return;
        }
        ctx.block(keys, "string", deadline);
    }

    private RespConnection connect() throws IOException {
        return new RespConnection(server.port());
    }

    @BeforeEach
    void flush() throws IOException {
        try (RespConnection c = connect()) {
            c.call("FLUSHALL");
        }
    }

    @Test
    void aBlockedClientIsServedByTheWriteThatCreatesItsKey() throws Exception {
        try (RespConnection waiter = connect(); RespConnection writer = connect()) {
            waiter.send("BLPOP", "k", "0");
            assertTrue(waiter.nothingReceivedWithin(100));
            assertEquals("+OK\r\n", writer.call("SET", "k", "v"));
            assertEquals("*2\r\n$1\r\nk\r\n$1\r\nv\r\n", waiter.readReply());
            assertEquals(":0\r\n", writer.call("EXISTS", "k"));
        }
    }

    @Test
    void clientsAreServedInTheOrderTheyBlocked() throws Exception {
        try (RespConnection first = connect(); RespConnection second = connect(); RespConnection writer = connect()) {
            first.send("BLPOP", "k", "0");
            assertTrue(first.nothingReceivedWithin(50));
            second.send("BLPOP", "k", "0");
            assertTrue(second.nothingReceivedWithin(50));
            writer.call("SET", "k", "one");
            assertEquals("*2\r\n$1\r\nk\r\n$3\r\none\r\n", first.readReply());
            assertTrue(second.nothingReceivedWithin(50));
            writer.call("SET", "k", "two");
            assertEquals("*2\r\n$1\r\nk\r\n$3\r\ntwo\r\n", second.readReply());
        }
    }

    @Test
    void anyOfSeveralKeysServes() throws Exception {
        try (RespConnection waiter = connect(); RespConnection writer = connect()) {
            waiter.send("BLPOP", "a", "b", "c", "0");
            assertTrue(waiter.nothingReceivedWithin(50));
            writer.call("SET", "c", "x");
            assertEquals("*2\r\n$1\r\nc\r\n$1\r\nx\r\n", waiter.readReply());
            writer.call("SET", "a", "y"); // the waiter is gone from every key it waited on
            assertEquals("$1\r\ny\r\n", writer.call("GET", "a"));
        }
    }

    @Test
    void timeoutsHaveSubSecondPrecisionAndReplyNull() throws Exception {
        try (RespConnection waiter = connect(); RespConnection resp3 = connect()) {
            long start = System.nanoTime();
            assertEquals("*-1\r\n", waiter.call("BLPOP", "k", "0.15"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 140 && millis < 1000, "took " + millis + " ms");
            resp3.call("HELLO", "3");
            assertEquals("_\r\n", resp3.call("BLPOP", "k", "0.01"));
        }
    }

    @Test
    void commandsPipelinedBehindABlockedOneWaitForIt() throws Exception {
        try (RespConnection waiter = connect(); RespConnection writer = connect()) {
            waiter.sendRaw("*3\r\n$5\r\nBLPOP\r\n$1\r\nk\r\n$1\r\n0\r\n*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n");
            assertTrue(waiter.nothingReceivedWithin(100));
            writer.call("SET", "k", "v");
            assertEquals("*2\r\n$1\r\nk\r\n$1\r\nv\r\n", waiter.readReply());
            assertEquals("+PONG\r\n", waiter.readReply());
            assertEquals("$2\r\nhi\r\n", waiter.readReply());
        }
    }

    @Test
    void timeoutErrorsAreRedisOnes() throws Exception {
        try (RespConnection c = connect()) {
            assertEquals("-ERR timeout is negative\r\n", c.call("BLPOP", "k", "-1"));
            assertEquals("-ERR timeout is not a float or out of range\r\n", c.call("BLPOP", "k", "abc"));
            assertEquals("-ERR timeout is not a float or out of range\r\n", c.call("BLPOP", "k", "nan"));
            assertEquals("-ERR timeout is out of range\r\n", c.call("BLPOP", "k", "inf"));
            assertEquals("-ERR timeout is out of range\r\n", c.call("BLPOP", "k", "1e300"));
        }
    }

    @Test
    void clientUnblockWakesWithATimeoutOrAnError() throws Exception {
        try (RespConnection waiter = connect(); RespConnection admin = connect()) {
            String id = waiter.call("CLIENT", "ID").substring(1).trim();
            assertEquals(":0\r\n", admin.call("CLIENT", "UNBLOCK", id));
            waiter.send("BLPOP", "k", "0");
            assertTrue(waiter.nothingReceivedWithin(50));
            assertEquals("-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n",
                    admin.call("CLIENT", "UNBLOCK", id, "later"));
            assertEquals("-ERR value is not an integer or out of range\r\n", admin.call("CLIENT", "UNBLOCK", "x"));
            assertEquals(":1\r\n", admin.call("CLIENT", "UNBLOCK", id));
            assertEquals("*-1\r\n", waiter.readReply());
            waiter.send("BLPOP", "k", "0");
            assertTrue(waiter.nothingReceivedWithin(50));
            assertEquals(":1\r\n", admin.call("CLIENT", "UNBLOCK", id, "ERROR"));
            assertEquals("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n", waiter.readReply());
            assertEquals(":0\r\n", admin.call("CLIENT", "UNBLOCK", id, "timeout"));
        }
    }

    @Test
    void blockedClientsShowInInfoAndClientList() throws Exception {
        try (RespConnection a = connect(); RespConnection b = connect(); RespConnection admin = connect()) {
            a.send("BLPOP", "k1", "k2", "0");
            b.send("BLPOP", "k2", "100");
            assertTrue(b.nothingReceivedWithin(100));
            String info = admin.call("INFO", "clients");
            assertTrue(info.contains("blocked_clients:2\r\n"), info);
            assertTrue(info.contains("clients_in_timeout_table:1\r\n"), info);
            assertTrue(info.contains("total_blocking_keys:2\r\n"), info);
            String list = admin.call("CLIENT", "LIST");
            assertTrue(list.contains("flags=b db=0"), list);
            assertTrue(list.contains("cmd=blpop"), list);
            admin.call("SET", "k2", "v");
            admin.call("SET", "k2", "w");
            assertEquals("*2\r\n$2\r\nk2\r\n$1\r\nv\r\n", a.readReply());
            assertEquals("*2\r\n$2\r\nk2\r\n$1\r\nw\r\n", b.readReply());
            info = admin.call("INFO", "clients");
            assertTrue(info.contains("blocked_clients:0\r\n"), info);
            assertTrue(info.contains("total_blocking_keys:0\r\n"), info);
        }
    }

    @Test
    void aClientThatDisconnectsWhileBlockedIsForgotten() throws Exception {
        try (RespConnection writer = connect()) {
            RespConnection waiter = connect();
            waiter.send("BLPOP", "k", "0");
            assertTrue(waiter.nothingReceivedWithin(50));
            waiter.close();
            for (int i = 0; i < 100 && !writer.call("INFO", "clients").contains("blocked_clients:0\r\n"); i++) {
                Thread.sleep(10);
            }
            writer.call("SET", "k", "v");
            assertEquals("$1\r\nv\r\n", writer.call("GET", "k"));
        }
    }

    @Test
    void keysArrivingByMoveOrSwapdbServe() throws Exception {
        try (RespConnection waiter = connect(); RespConnection writer = connect()) {
            waiter.send("BLPOP", "k", "0");
            assertTrue(waiter.nothingReceivedWithin(50));
            writer.call("SELECT", "1");
            writer.call("SET", "k", "moved");
            writer.call("MOVE", "k", "0");
            assertEquals("*2\r\n$1\r\nk\r\n$5\r\nmoved\r\n", waiter.readReply());

            waiter.send("BLPOP", "k", "0");
            assertTrue(waiter.nothingReceivedWithin(50));
            writer.call("SET", "k", "swapped");
            writer.call("SWAPDB", "0", "1");
            assertEquals("*2\r\n$1\r\nk\r\n$7\r\nswapped\r\n", waiter.readReply());
        }
    }

    @Test
    void blockedClientsAreNotClosedForIdleness() throws Exception {
        try (RespConnection waiter = connect()) {
            try (RespConnection admin = connect()) {
                admin.call("CONFIG", "SET", "timeout", "1");
            }
            try {
                assertEquals("*-1\r\n", waiter.call("BLPOP", "k", "2.5"));
            } finally {
                try (RespConnection admin = connect()) {
                    admin.call("CONFIG", "SET", "timeout", "0");
                }
            }
        }
    }
}
