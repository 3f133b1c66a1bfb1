package dev.cinnabar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        assertFatal("port", "\n>>> 'port'\nwrong number of arguments");
        assertFatal("port 1 2", "\n>>> 'port 1 2'\nwrong number of arguments");
        assertFatal("requirepass \"unterminated", "Unbalanced quotes in configuration line");
    }

    /** The command-line cases of Redis 7.2's "redis-server command line arguments" tests, with its exact errors. */
    @Test
    void commandLineErrorsNameTheLineRedisWouldBuild() {
        assertCommandLineFatal("at line 2\n>>> 'invalid'\nBad directive or wrong number of arguments", "--invalid");
        assertCommandLineFatal("at line 2\n>>> 'port'\nwrong number of arguments", "--port");
        assertCommandLineFatal("at line 3\n>>> 'loglevel'\nwrong number of arguments", "--port", "6380", "--loglevel");
        assertCommandLineFatal("at line 2\n>>> 'port \"6379\" \"6380\"'\nwrong number of arguments", "--port", "6379", "6380");
        assertCommandLineFatal("at line 2\n>>> 'port \"--loglevel\" \"verbose\"'\nwrong number of arguments",
                "--port", "--loglevel", "verbose");
        assertCommandLineFatal("at line 2\n>>> 'port \"--bla\"'\nargument couldn't be parsed into an integer",
                "--port", "--bla", "--loglevel", "verbose");
        assertCommandLineFatal("at line 3\n>>> 'loglevel \"--bla\"'\nargument(s) must be one of the following: "
                + "debug, verbose, notice, warning, nothing", "--logfile", "--my--log--file", "--loglevel", "--bla");
        // an argument that is neither a file nor an option is a value without a name
        assertCommandLineFatal("at line 2\n>>> '\"-x\"'\nBad directive or wrong number of arguments", "-x");
    }

    @Test
    void commandLineOptionsBecomeConfigLines() {
        assertEquals("port \"7000\" \nloglevel \"verbose\" ",
                ConfigLoader.optionLines(new String[] {"--port", "7000", "--loglevel", "verbose"}, 0));
        // name and value in one argument; a value may start with "--" when the option has none yet
        assertEquals("port 7000 \nlogfile \"--my--file\" ",
                ConfigLoader.optionLines(new String[] {"--port 7000", "--logfile", "--my--file"}, 0));
        // an empty --save means save "", wherever it is
        assertEquals("save \"\"\nloglevel \"verbose\" ",
                ConfigLoader.optionLines(new String[] {"--save", "--loglevel", "verbose"}, 0));
        assertEquals("loglevel \"verbose\" \nsave \"\"",
                ConfigLoader.optionLines(new String[] {"--loglevel", "verbose", "--save"}, 0));
        // values are quoted the way Redis quotes them, and read back unchanged
        assertEquals("requirepass \"a\\\"b\\\\c\\x01\\xc3\\xa9\" ",
                ConfigLoader.optionLines(new String[] {"--requirepass", "a\"b\\c\u0001\u00e9"}, 0));
    }

    @Test
    void quotedValuesRoundTrip() throws Exception {
        ServerConfig config = new ServerConfig();
        new ConfigLoader(config).loadArguments(new String[] {"--requirepass", "a\"b\\c\u0001\u00e9 d"}, null);
        assertEquals("a\"b\\c\u0001\u00e9 d", config.requirepass.value());
    }

    @Test
    void stdinIsReadWhenDashIsFirstOrLast(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("redis.conf");
        Files.writeString(conf, "port 7000\nmaxclients 10\n");
        assertTrue(ConfigLoader.readsStdin(new String[] {"-"}));
        assertTrue(ConfigLoader.readsStdin(new String[] {conf.toString(), "--port", "7001", "-"}));
        assertFalse(ConfigLoader.readsStdin(new String[] {"--requirepass", "-", "--port", "7001"}));

        ServerConfig config = new ServerConfig();
        new ConfigLoader(config).loadArguments(new String[] {conf.toString(), "--maxclients", "30", "-"},
                "maxclients 20\ndatabases 4\n");
        assertEquals(7000, config.port.value());
        assertEquals(4, config.databases.value());
        assertEquals(30, config.maxclients.value()); // options come after the file and stdin

        // a "-" elsewhere is an ordinary value
        config = new ServerConfig();
        new ConfigLoader(config).loadArguments(new String[] {"--requirepass", "-", "--port", "7001"}, null);
        assertEquals("-", config.requirepass.value());
    }

    @Test
    void bindDefaultsToLoopbackAndMayBeEmpty() throws Exception {
        // the loopback interfaces, as in the redis.conf Redis ships
        assertEquals(List.of("127.0.0.1", "-::1"), new ServerConfig().bind.value());
        assertEquals("127.0.0.1 -::1", new ServerConfig().bind.get());
        ServerConfig config = new ServerConfig();
        new ConfigLoader(config).loadArguments(new String[] {"--port", "7000", "--bind"}, null);
        assertEquals(List.of(), config.bind.value());
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

    private static void assertCommandLineFatal(String expectedEnd, String... args) {
        ConfigLoader.FatalConfigError e = assertThrows(ConfigLoader.FatalConfigError.class,
                () -> new ConfigLoader(new ServerConfig()).loadArguments(args, null));
        assertTrue(e.getMessage().startsWith("\n*** FATAL CONFIG FILE ERROR (Redis 7.2.4) ***\nReading the configuration file, "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith(expectedEnd), e.getMessage());
    }

    private static void assertFatal(String line, String reason) {
        ConfigLoader.FatalConfigError e = assertThrows(ConfigLoader.FatalConfigError.class,
                () -> new ConfigLoader(new ServerConfig()).loadText(line));
        assertTrue(e.getMessage().endsWith(reason), e.getMessage());
    }
}
