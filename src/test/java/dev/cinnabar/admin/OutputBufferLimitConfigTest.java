package dev.cinnabar.admin;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.PairedConnections;
import dev.cinnabar.testing.RedisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** client-output-buffer-limit through CONFIG SET / GET, compared byte for byte with a real redis-server. */
class OutputBufferLimitConfigTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();
    @RegisterExtension
    static final CinnabarExtension fromConfigLines = new CinnabarExtension(
            "client-output-buffer-limit normal 1mb 2mb 3", "client-output-buffer-limit replica 1k 2kb 4 pubsub 5 6 7");

    private static final String[] VALUES = {
            "pubsub 1mb 512kb 10", "pubsub 1mb 512kb", "foo 1 1 1", "master 1 1 1", "normal x 1 1", "normal -1 1 1",
            "normal 1 1 -1", "normal 1 1 1x", "pubsub 1 1 99999999999999999999", "replica 1k 2K 3 master 1 1 1",
            "", "replica 1k 2K 3 normal 1 1 1", "SLAVE 1gb 1mb 0 PubSub 0 0 0", "normal 1 2"};

    @Test
    void setAndGetAsRedis() throws Exception {
        try (PairedConnections c = PairedConnections.open(cinnabar, redis, 2)) {
            c.same("CONFIG", "GET", "client-output-buffer-limit");
            for (String v : VALUES) {
                c.same("CONFIG", "SET", "client-output-buffer-limit", v);
                c.same("CONFIG", "GET", "client-output-buffer-limit");
            }
            c.same("CONFIG", "SET", "client-output-buffer-limit",
                    "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
            c.same("CONFIG", "GET", "client-output-buffer-limit");
        }
    }

    @Test
    void configLinesAccumulatePerClass() throws Exception {
        try (var c = fromConfigLines.connect()) {
            assertEquals("*2\r\n$26\r\nclient-output-buffer-limit\r\n$44\r\nnormal 1048576 2097152 3 slave 1000 2048 4 pubsub 5 6 7\r\n"
                    .replace("$44", "$" + "normal 1048576 2097152 3 slave 1000 2048 4 pubsub 5 6 7".length()),
                    c.call("CONFIG", "GET", "client-output-buffer-limit"));
        }
    }
}
