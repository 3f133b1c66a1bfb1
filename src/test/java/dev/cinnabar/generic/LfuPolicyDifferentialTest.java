package dev.cinnabar.generic;

import static dev.cinnabar.generic.GenericDifferentialTest.args;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.testing.Differential;
import dev.cinnabar.testing.RealRedis;
import dev.cinnabar.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HexFormat;
import java.util.List;

/** OBJECT FREQ / IDLETIME and RESTORE FREQ / IDLETIME under an LFU maxmemory-policy, compared with Redis. */
class LfuPolicyDifferentialTest {
    static CinnabarServer cinnabar;
    static RealRedis redis;

    @BeforeAll
    static void start() throws Exception {
        cinnabar = TestServer.start("maxmemory-policy allkeys-lfu");
        redis = RealRedis.start("--maxmemory-policy", "allkeys-lfu");
    }

    @AfterAll
    static void stop() {
        if (cinnabar != null) cinnabar.close();
        if (redis != null) redis.close();
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void frequencyIsTrackedAndIdleTimeIsNot(int protocol) throws Exception {
        byte[] hello = HexFormat.of().parseHex("000568656c6c6f0a006372df766534200a");
        Differential.forProtocol(cinnabar.port(), redis.port(), protocol).assertSameBinaryReplies(List.of(
                args("SET", "k", "v"),
                args("OBJECT", "FREQ", "k"),
                args("OBJECT", "FREQ", "k"),
                args("GET", "k"),
                args("OBJECT", "FREQ", "k"),          // the first access always counts: 5 -> 6
                args("OBJECT", "IDLETIME", "k"),
                args("OBJECT", "IDLETIME", "nokey"),
                args("OBJECT", "FREQ", "nokey"),
                args("RESTORE", "f", "0", hello, "FREQ", "100"),
                args("OBJECT", "FREQ", "f"),
                args("RESTORE", "f", "0", hello, "FREQ", "0", "REPLACE"),
                args("OBJECT", "FREQ", "f"),
                args("RESTORE", "f", "0", hello, "FREQ", "255", "REPLACE"),
                args("OBJECT", "FREQ", "f"),
                args("RESTORE", "i", "0", hello, "IDLETIME", "50"),
                args("OBJECT", "FREQ", "i"),
                args("COPY", "f", "g"),
                args("OBJECT", "FREQ", "g"),
                args("EXISTS", "g"),
                args("TYPE", "g"),
                args("TTL", "g"),
                args("OBJECT", "FREQ", "g")));
        // RENAME and MOVE differ between versions: Redis 7.2 (followed here) gives the key that lands in its
        // new place fresh access data, where 7.0 kept it; GenericIntegrationTest checks the 7.2 behaviour.
    }
}
