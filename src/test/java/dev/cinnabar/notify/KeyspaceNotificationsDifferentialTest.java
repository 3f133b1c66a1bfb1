package dev.cinnabar.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.RespConnection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every write command, run on Cinnabar and on redis-server with a subscriber to all keyspace channels: the reply of
 * each command and the notifications it produced (order and bytes) must be identical, for several
 * notify-keyspace-events settings and both protocols of the subscriber. Active expiry is off during the sequence,
 * so keys expire lazily exactly where a command touches them.
 */
class KeyspaceNotificationsDifferentialTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension("enable-debug-command yes");
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension("--enable-debug-command", "yes");

    @ParameterizedTest(name = "notify-keyspace-events {0}, subscriber RESP{1}")
    @CsvSource({"KEA, 2", "KEA, 3", "KEAnm, 2", "Kgsx, 2", "Elhz$n, 3", "KE, 2", "AE, 2", "A, 2", "'', 2"})
    void everyWriteCommandNotifiesAsRedisDoes(String flags, int protocol) throws IOException {
        assertEquals(trace(redis.port(), flags, protocol), trace(cinnabar.port(), flags, protocol));
    }

    private static String trace(int port, String flags, int protocol) throws IOException {
        List<String> lines = new ArrayList<>();
        try (RespConnection admin = new RespConnection(port); EventTrace trace = new EventTrace(port, protocol)) {
            admin.call("FLUSHALL");
            admin.call("SET", "dumped", "a string to restore");
            String dump = admin.call("DUMP", "dumped");
            trace.setPayload(dump.substring(dump.indexOf("\r\n") + 2, dump.length() - 2)
                    .getBytes(StandardCharsets.ISO_8859_1));
            assertEquals("+OK\r\n", admin.call("DEBUG", "SET-ACTIVE-EXPIRE", "0"));
            admin.call("CONFIG", "SET", "notify-keyspace-events", flags);
            try {
                for (WriteCommandSequence.Step step : WriteCommandSequence.STEPS) {
                    lines.addAll(step.recordReply() ? trace.run(step.command()) : trace.runIgnoringReply(step.command()));
                }
            } finally {
                admin.call("CONFIG", "SET", "notify-keyspace-events", "");
                admin.call("DEBUG", "SET-ACTIVE-EXPIRE", "1");
                admin.call("SELECT", "0");
            }
        }
        return String.join("\n", lines);
    }
}
