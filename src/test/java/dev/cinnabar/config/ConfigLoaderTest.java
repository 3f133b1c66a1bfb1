package dev.cinnabar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

class ConfigLoaderTest {
    @Test
    void fileThenCommandLineOverrides(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("redis.conf");
        Files.writeString(conf, """
                # a comment
                port 7000
                bind 127.0.0.1 ::1
                requirepass "pass word"
                maxclients 50
                client-query-buffer-limit 2mb
                """);
        ServerConfig config = new ServerConfig();
        new ConfigLoader(config).loadArguments(new String[] {conf.toString(), "--port", "7001", "--requirepass", "s3cret"}, null);
        assertEquals(7001, config.port.value());
        assertEquals("s3cret", config.requirepass.value());
        assertEquals(List.of("127.0.0.1", "::1"), config.bind.value());
        assertEquals(50, config.maxclients.value());
        assertEquals(2L * 1024 * 1024, config.clientQueryBufferLimit.value());
    }

    @Test
    void commandLineAloneAndMultiWordValues() throws Exception {
        ServerConfig config = new ServerConfig();
        new ConfigLoader(config).loadArguments(new String[] {"--bind", "127.0.0.1", "-::1", "--databases", "4"}, null);
        assertEquals(List.of("127.0.0.1", "-::1"), config.bind.value());
        assertEquals(4, config.databases.value());
    }

    @Test
    void unknownDirectiveIsFatalWithTheLine() {
        ServerConfig config = new ServerConfig();
        ConfigLoader.FatalConfigError e = assertThrows(ConfigLoader.FatalConfigError.class,
                () -> new ConfigLoader(config).loadText("port 7000\nno-such-option yes\n"));
        assertTrue(e.getMessage().contains("*** FATAL CONFIG FILE ERROR"), e.getMessage());
        assertTrue(e.getMessage().contains("at line 2"), e.getMessage());
        assertTrue(e.getMessage().contains(">>> 'no-such-option yes'"), e.getMessage());
        assertTrue(e.getMessage().endsWith("Bad directive or wrong number of arguments"), e.getMessage());
    }

    @Test
    void badValuesAreFatalWithRedisReasons() {
        assertFatal("port abc", "argument couldn't be parsed into an integer");
        assertFatal("port 70000", "argument must be between 0 and 65535 inclusive");
        assertFatal("protected-mode maybe", "argument must be 'yes' or 'no'");
        assertFatal("proto-max-bulk-len lots", "argument must be a memory value");
        assertFatal("port", "Bad directive or wrong number of arguments");
        assertFatal("requirepass \"unterminated", "Unbalanced quotes in configuration line");
    }

    @Test
    void memoryUnits() {
        assertEquals(1000, Params.parseMemory("1k"));
        assertEquals(1024, Params.parseMemory("1KB"));
        assertEquals(5L * 1024 * 1024, Params.parseMemory("5mb"));
        assertEquals(2L * 1024 * 1024 * 1024, Params.parseMemory("2gb"));
        assertEquals(-1, Params.parseMemory("-5"));
        assertEquals(-1, Params.parseMemory("mb"));
    }

    private static void assertFatal(String line, String reason) {
        ConfigLoader.FatalConfigError e = assertThrows(ConfigLoader.FatalConfigError.class,
                () -> new ConfigLoader(new ServerConfig()).loadText(line));
        assertTrue(e.getMessage().endsWith(reason), e.getMessage());
    }
}
