package dev.cinnabar.bitmaps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.testing.CinnabarExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.BitCountOption;
import redis.clients.jedis.args.BitOP;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.BitPosParams;

import java.util.Arrays;
import java.util.List;

/** Bitmaps as an application uses them through Jedis: daily active users, counters packed with BITFIELD. */
class BitmapJedisTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension().flushingBeforeEach();

    @Test
    void dailyActiveUsers() {
        try (Jedis jedis = cinnabar.jedis()) {
            // users 0..999 active on Monday when divisible by 3, on Tuesday when divisible by 5
            for (int user = 0; user < 1000; user++) {
                if (user % 3 == 0) jedis.setbit("active:mon", user, true);
                if (user % 5 == 0) jedis.setbit("active:tue", user, true);
            }
            assertEquals(334, jedis.bitcount("active:mon"));
            assertEquals(200, jedis.bitcount("active:tue"));
            assertTrue(jedis.getbit("active:mon", 999));
            assertFalse(jedis.getbit("active:tue", 999));
            assertEquals(67, jedis.bitop(BitOP.AND, "both", "active:mon", "active:tue") > 0 ? jedis.bitcount("both") : -1);
            jedis.bitop(BitOP.OR, "either", "active:mon", "active:tue");
            assertEquals(334 + 200 - 67, jedis.bitcount("either"));
            jedis.bitop(BitOP.XOR, "one-day", "active:mon", "active:tue");
            assertEquals(334 + 200 - 2 * 67, jedis.bitcount("one-day"));
            jedis.bitop(BitOP.NOT, "inactive:mon", "active:mon");
            assertEquals(125 * 8 - 334, jedis.bitcount("inactive:mon"));
            // the first user active on Tuesday after user 500, and the first inactive one on Monday
            assertEquals(505, jedis.bitpos("active:tue", true, new BitPosParams(501, 999).modifier(BitCountOption.BIT)));
            assertEquals(1, jedis.bitpos("active:mon", false));
            // users 0..15 (the first two bytes)
            assertEquals(6, jedis.bitcount("active:mon", 0, 1));
            assertEquals(6, jedis.bitcount("active:mon", 0, 15, BitCountOption.BIT));
            assertThrows(JedisDataException.class, () -> jedis.setbit("active:mon", -1, true));
        }
    }

    @Test
    void packedCountersWithBitfield() {
        try (Jedis jedis = cinnabar.jedis()) {
            // 8-bit unsigned counters, one per hour; saturating at 255
            List<Long> r = jedis.bitfield("hits", "OVERFLOW", "SAT", "INCRBY", "u8", "#3", "200",
                    "INCRBY", "u8", "#3", "100", "GET", "u8", "#3", "GET", "u8", "#4");
            assertEquals(Arrays.asList(200L, 255L, 255L, 0L), r);
            List<Long> fail = jedis.bitfield("hits", "OVERFLOW", "FAIL", "INCRBY", "u8", "#3", "1");
            assertEquals(Arrays.asList((Long) null), fail);
            assertEquals(Arrays.asList(255L), jedis.bitfieldReadonly("hits", "GET", "u8", "24"));
            // SET answers the old value, INCRBY the new one
            assertEquals(Arrays.asList(0L, 1L), jedis.bitfield("signed", "SET", "i4", "0", "-1", "INCRBY", "i4", "0", "2"));
            assertThrows(JedisDataException.class, () -> jedis.bitfieldReadonly("hits", "SET", "u8", "0", "1"));
        }
    }
}
