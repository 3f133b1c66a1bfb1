package dev.cinnabar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/** CONFIG SET's all-or-nothing semantics, at the level of the configuration registry. */
class ServerConfigSetAllTest {

    @Test
    void setsEveryValueAndAppliesWhatChanged() throws Exception {
        ServerConfig config = new ServerConfig();
        List<String> applied = new ArrayList<>();
        config.timeout.onApply(() -> applied.add("timeout"));
        config.maxclients.onApply(() -> applied.add("maxclients"));
        config.setAll(List.of(config.timeout, config.maxclients), List.of("30", "10000"));
        assertEquals(30, config.timeout.value());
        assertEquals(List.of("timeout"), applied, "maxclients kept its value, so nothing to apply");
    }

    @Test
    void aRejectedValueRestoresTheOnesSetBeforeIt() {
        ServerConfig config = new ServerConfig();
        ServerConfig.SetFailure failure = assertThrows(ServerConfig.SetFailure.class, () -> config.setAll(
                List.of(config.timeout, config.hz, config.maxclients), List.of("30", "50", "zero")));
        assertEquals("maxclients", failure.parameter());
        assertEquals("argument couldn't be parsed into an integer", failure.getMessage());
        assertEquals(0, config.timeout.value());
        assertEquals(10, config.hz.value());
    }

    @Test
    void aFailingApplyRestoresAndReappliesEverything() {
        ServerConfig config = new ServerConfig();
        List<String> applied = new ArrayList<>();
        config.timeout.onApply(() -> applied.add("timeout=" + config.timeout.value()));
        config.port.onApply(() -> {
            if (config.port.value() == 1) throw new ConfigException("Unable to listen on this port. Check server logs.");
            applied.add("port=" + config.port.value());
        });
        ServerConfig.SetFailure failure = assertThrows(ServerConfig.SetFailure.class,
                () -> config.setAll(List.of(config.timeout, config.port), List.of("30", "1")));
        assertEquals("port", failure.parameter());
        assertEquals(0, config.timeout.value());
        assertEquals(6379, config.port.value());
        assertEquals(List.of("timeout=30", "timeout=0", "port=6379"), applied);
    }

    @Test
    void hzIsClampedWhenApplied() throws Exception {
        ServerConfig config = new ServerConfig();
        config.setAll(List.of(config.hz), List.of("1000"));
        assertEquals("500", config.hz.get());
        config.set(config.hz, List.of("0"));
        assertEquals("1", config.hz.get());
    }

    @Test
    void maxclientsGoesUpToAnUnsignedInt() throws Exception {
        ServerConfig config = new ServerConfig();
        config.setAll(List.of(config.maxclients), List.of("4294967295"));
        assertEquals(4294967295L, config.maxclients.value());
        ServerConfig.SetFailure failure = assertThrows(ServerConfig.SetFailure.class,
                () -> config.setAll(List.of(config.maxclients), List.of("4294967296")));
        assertEquals("argument must be between 1 and 4294967295 inclusive", failure.getMessage());
    }

    @Test
    void configFileIsRemembered() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("cinnabar", ".conf");
        try {
            java.nio.file.Files.writeString(file, "timeout 5\n");
            ServerConfig config = new ServerConfig();
            new ConfigLoader(config).loadArguments(new String[] {file.toString(), "--hz", "20"}, null);
            assertEquals(file.toAbsolutePath().toString(), config.configFile());
            assertEquals(5, config.timeout.value());
            assertEquals(20, config.hz.value());
        } finally {
            java.nio.file.Files.delete(file);
        }
    }
}
