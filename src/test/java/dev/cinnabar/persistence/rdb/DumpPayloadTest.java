package dev.cinnabar.persistence.rdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

class DumpPayloadTest {
    private static final HexFormat HEX = HexFormat.of();

    /** Payloads produced by redis-server 7.0 (RDB version 10), which a 7.2-format reader must accept. */
    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"\"|00000a005d9b5c400f7fa2da",
        "1|00c0010a002678e7b6d10111fc",
        "-129|00c17fff0a001760822854808480",
        "32768|00c2008000000a0045d82eedd5bda910",
        "2147483648|000a323134373438333634380a00e7b129a34c1d76ee",
        "hello|000568656c6c6f0a006372df766534200a",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|00c30933016161e026000161610a0022515eae73bac27e",
    })
    void readsRedisPayloadsAndWritesTheSameBody(String value, String redisHex) {
        byte[] redis = HEX.parseHex(redisHex);
        assertTrue(DumpPayload.verify(redis));
        assertArrayEquals(value.getBytes(StandardCharsets.US_ASCII), (byte[]) DumpPayload.decode(redis));

        byte[] ours = DumpPayload.create(value.getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(Arrays.copyOf(redis, redis.length - 10), Arrays.copyOf(ours, ours.length - 10));
        assertEquals(RdbFormat.VERSION, ours[ours.length - 10]);
        assertEquals(0, ours[ours.length - 9]);
        assertTrue(DumpPayload.verify(ours));
    }

    @Test
    void verificationRejectsBadFooters() {
        byte[] good = DumpPayload.create("value".getBytes(StandardCharsets.US_ASCII));
        assertFalse(DumpPayload.verify(Arrays.copyOf(good, 9)), "shorter than a footer");
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x01;
            assertFalse(DumpPayload.verify(bad), "flipped bit in byte " + i);
        }
        byte[] newer = withVersion(good, RdbFormat.VERSION + 1);
        assertFalse(DumpPayload.verify(newer), "a newer RDB version is refused even with a valid checksum");
        assertTrue(DumpPayload.verify(withVersion(good, 1)), "older versions are fine");
    }

    private static byte[] withVersion(byte[] payload, int version) {
        byte[] p = payload.clone();
        int footer = p.length - 10;
        p[footer] = (byte) version;
        p[footer + 1] = (byte) (version >>> 8);
        long crc = Crc64.update(0, p, 0, p.length - 8);
        for (int i = 0; i < 8; i++) p[footer + 2 + i] = (byte) (crc >>> (8 * i));
        return p;
    }

    @Test
    void decodingRejectsOtherTypesAndGarbage() {
        byte[] list = withVersion(HEX.parseHex("0e0100000000000000000000"), 11);   // a quicklist type byte
        assertTrue(DumpPayload.verify(list));
        assertThrows(RdbFormatException.class, () -> DumpPayload.decode(list));
        byte[] opcode = withVersion(HEX.parseHex("ff00000000000000000000"), 11);
        assertThrows(RdbFormatException.class, () -> DumpPayload.decode(opcode));
    }

    @Test
    void bytesAfterTheValueAreIgnoredLikeRedis() {
        byte[] p = withVersion(HEX.parseHex("000178" + "deadbeef" + "00000000000000000000"), 11);
        assertArrayEquals(new byte[] {'x'}, (byte[]) DumpPayload.decode(p));
    }
}
