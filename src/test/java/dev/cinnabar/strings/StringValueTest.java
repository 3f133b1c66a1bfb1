package dev.cinnabar.strings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.Keyspace;
import dev.cinnabar.keyspace.Values;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

class StringValueTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void smallStringsDoubleTheirRoomLargeOnesGainOneMegabyte() {
        StringValue value = StringValue.copyOf(bytes("abc"), 3);
        assertEquals(3, value.buffer().length, "no spare room before the first modification");
        value.append(bytes("d"));
        assertEquals(8, value.buffer().length);
        value.append(bytes("efgh"));
        assertEquals(8, value.buffer().length, "fits in the spare room");
        value.append(bytes("i"));
        assertEquals(18, value.buffer().length);
        value.growZero(2 * 1024 * 1024);
        assertEquals(3 * 1024 * 1024, value.buffer().length);
    }

    @Test
    void appendsCostAmortizedConstantTime() {
        StringValue value = StringValue.copyOf(new byte[0], 0);
        byte[] chunk = bytes("0123456789");
        int reallocations = 0;
        byte[] last = value.buffer();
        for (int i = 0; i < 200_000; i++) {
            value.append(chunk);
            if (value.buffer() != last) {
                reallocations++;
                last = value.buffer();
            }
        }
        assertEquals(2_000_000, value.length());
        assertTrue(reallocations < 30, "reallocated " + reallocations + " times");
    }

    @Test
    void growingPadsWithZerosEvenOverOldSpareBytes() {
        StringValue value = StringValue.copyOf(bytes("abcdef"), 6);
        value.append(bytes("gh"));              // spare room now holds garbage past the length
        value.write(2, bytes("XY"));
        assertArrayEquals(bytes("abXYefgh"), value.toBytes());
        value.write(10, bytes("z"));
        assertArrayEquals(bytes("abXYefgh\0\0z"), value.toBytes());
        StringValue zeros = StringValue.zeros(3);
        assertArrayEquals(new byte[3], zeros.toBytes());
    }

    @Test
    void reportsItsEncoding() {
        StringValue raw = StringValue.copyOf(bytes("12"), 2);
        assertEquals("raw", raw.encoding());
        assertEquals("string", raw.typeName());
        StringValue embedded = StringValue.embedded(bytes("12"));
        assertEquals("embstr", Values.encoding(embedded));
    }

    @Test
    void stringsHelperReadsBothRepresentations() {
        byte[] plain = bytes("plain");
        StringValue raw = StringValue.copyOf(bytes("raw value"), 9);
        raw.append(bytes("!"));
        assertTrue(Strings.isString(plain));
        assertTrue(Strings.isString(raw));
        assertFalse(Strings.isString(null));
        assertFalse(Strings.isString("a java string"));
        assertEquals(5, Strings.length(plain));
        assertEquals(10, Strings.length(raw));
        assertSame(plain, Strings.bytes(plain));
        assertArrayEquals(bytes("raw value!"), Strings.bytes(raw));
        assertSame(raw.buffer(), Strings.buffer(raw));
        assertSame(plain, Strings.requireString(plain));
        assertEquals(null, Strings.requireString(null));
        assertThrows(RedisError.class, () -> Strings.requireString(new Object()));
    }

    @Test
    void unshareReplacesAPlainArrayOnceAndKeepsTheKey() {
        Keyspace keyspace = new Keyspace(1);
        keyspace.updateTime();
        var db = keyspace.db(0);
        byte[] key = bytes("k");
        db.set(key, bytes("12"), false);
        db.setExpire(key, 4_000_000_000_000L);
        StringValue raw = Strings.unshare(db, key, db.peek(key));
        assertSame(raw, db.peek(key));
        assertEquals(4_000_000_000_000L, db.expireAt(key));
        assertSame(raw, Strings.unshare(db, key, raw), "already unshared");
        StringValue embedded = StringValue.embedded(bytes("3"));
        db.set(key, embedded, true);
        assertSame(embedded, Strings.unshare(db, key, embedded));
        assertEquals("raw", embedded.encoding(), "modified strings are raw");
    }
}
