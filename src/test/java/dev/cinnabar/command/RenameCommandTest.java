package dev.cinnabar.command;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.config.ConfigLoader;
import dev.cinnabar.testing.PairedConnections;
import dev.cinnabar.testing.RealRedis;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** redis.conf's rename-command, compared with a redis-server given the same lines. */
class RenameCommandTest {
    private static CinnabarServer cinnabar;
    private static RealRedis redis;

    @BeforeAll
    static void start() throws Exception {
        cinnabar = TestServer.start("rename-command CONFIG xyz", "rename-command FLUSHALL \"\"",
                "rename-command get Fetch");
        redis = RealRedis.start("--rename-command", "CONFIG", "xyz", "--rename-command", "FLUSHALL", "",
                "--rename-command", "get", "Fetch");
    }

    @AfterAll
    static void stop() {
        cinnabar.close();
        redis.close();
    }

    @Test
    void commandsAnswerToTheirNewNamesOnly() throws Exception {
        try (PairedConnections c = new PairedConnections(cinnabar.port(), redis.port())) {
            c.same("XYZ", "GET", "hz");
            c.same("CONFIG", "GET", "hz");
            c.same("FLUSHALL");
            c.same("SET", "k", "v");
            c.same("fetch", "k");
            c.same("FETCH", "k");
            c.same("GET", "k");
            // errors still name the command by its real name
            c.same("xyz", "GET");
            c.same("fetch");
            c.same("xyz", "nosuch");
            // rename-command is not a parameter
            c.same("xyz", "SET", "rename-command", "a b");
            c.same("xyz", "GET", "rename-command");
            c.same("COMMAND", "INFO", "config", "fetch", "get", "flushall");
            assertTrue(c.cinnabar().call("COMMAND", "INFO", "xyz").startsWith("*1\r\n*10\r\n$6\r\nconfig\r\n"));
            // (the docs texts themselves are 7.2's: compared with an older reference only by name)
            assertTrue(c.cinnabar().call("COMMAND", "DOCS", "fetch").startsWith("*2\r\n$3\r\nget\r\n"));
            assertTrue(c.redis().call("COMMAND", "DOCS", "fetch").startsWith("*2\r\n$3\r\nget\r\n"));
            c.same("COMMAND", "DOCS", "get");
            c.same("COMMAND", "GETKEYS", "fetch", "k");
            c.same("COMMAND", "GETKEYS", "get", "k");
            c.same("EVAL", "return redis.call('fetch', KEYS[1])", "1", "k");
            c.same("MULTI");
            c.same("FETCH", "k");
            c.same("GET", "k");
            c.same("EXEC");
        }
    }

    @Test
    void listingsKeepTheRealNamesAndDropTheDisabled() throws Exception {
        try (RespConnection c = new RespConnection(cinnabar.port());
             CinnabarServer plain = TestServer.start();
             RespConnection p = new RespConnection(plain.port())) {
            String list = c.call("COMMAND", "LIST");
            assertTrue(list.contains("$6\r\nconfig\r\n"));
            assertTrue(list.contains("$3\r\nget\r\n"));
            assertFalse(list.contains("$8\r\nflushall\r\n"));
            assertFalse(list.contains("$3\r\nxyz\r\n"));
            long count = Long.parseLong(c.call("COMMAND", "COUNT").trim().substring(1));
            long plainCount = Long.parseLong(p.call("COMMAND", "COUNT").trim().substring(1));
            assertEquals(plainCount - 1, count);
            c.call("SET", "counted", "1");
            c.call("FETCH", "counted");
            assertTrue(c.call("INFO", "commandstats").contains("cmdstat_get:calls=1,"));
            assertTrue(c.call("EVAL", "return redis.call('get', 'counted')", "0")
                    .startsWith("-ERR Unknown Redis command called from script"));
        }
    }

    @Test
    void renamesApplyInOrderAndBadOnesStopStartUp() throws Exception {
        try (CinnabarServer chained = TestServer.start("rename-command get a", "rename-command A b");
             RespConnection c = new RespConnection(chained.port())) {
            c.call("SET", "k", "v");
            assertEquals("$1\r\nv\r\n", c.call("B", "k"));
            assertTrue(c.call("A", "k").startsWith("-ERR unknown command 'A'"));
        }
        IllegalStateException noSuch = assertThrows(IllegalStateException.class,
                () -> TestServer.start("rename-command nosuch x").close());
        assertEquals("\n*** FATAL CONFIG FILE ERROR (Redis 7.2.4) ***\nReading the configuration file, at line 4\n"
                + ">>> 'rename-command nosuch x'\nNo such command in rename-command", noSuch.getMessage());
        IllegalStateException taken = assertThrows(IllegalStateException.class,
                () -> TestServer.start("rename-command get SET").close());
        assertTrue(taken.getMessage().endsWith("Target command name already exists"));
        IllegalStateException gone = assertThrows(IllegalStateException.class,
                () -> TestServer.start("rename-command get \"\"", "rename-command get x").close());
        assertTrue(gone.getMessage().endsWith("No such command in rename-command"));
        ConfigLoader.FatalConfigError arity = assertThrows(ConfigLoader.FatalConfigError.class,
                () -> TestServer.start("rename-command get").close());
        assertTrue(arity.getMessage().endsWith("Bad directive or wrong number of arguments"));
    }
}
