package dev.cinnabar.diagnostics;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.PairedConnections;
import dev.cinnabar.testing.RedisExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;

/**
 * A Cinnabar and a real redis-server, both with DEBUG enabled (DEBUG SLEEP makes slow commands), and a pair of
 * RESP2 connections to them per test, with the settings a test class names restored after each test.
 */
abstract class PairedDebugServers {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension("enable-debug-command yes");
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension("--enable-debug-command", "yes");

    protected PairedConnections c;

    /** The CONFIG SET arguments that start each test from a known state (and are set again after it). */
    protected abstract String[] baseline();

    /** The command that empties what the test class observes. */
    protected abstract String[] reset();

    @BeforeEach
    void open() throws IOException {
        c = PairedConnections.open(cinnabar, redis, 2);
        c.both(baseline());
        c.same(reset());
    }

    @AfterEach
    void close() throws IOException {
        c.both(baseline());
        c.close();
    }
}
