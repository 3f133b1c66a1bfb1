package dev.cinnabar.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.persistence.rdb.RdbFormat;
import dev.cinnabar.persistence.rdb.RdbFormatException;
import dev.cinnabar.persistence.rdb.RdbLimits;
import dev.cinnabar.persistence.rdb.RdbReader;
import dev.cinnabar.persistence.rdb.RdbValues;
import dev.cinnabar.persistence.rdb.RdbWriter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

/** JSON documents in RDB: RedisJSON's module value layout, both ways. */
class JsonRdbCodecTest {
    private static final String DOC = "{\"a\":[1,2.5,\"é\"],\"b\":{\"c\":null}}";

    @Test
    void theModuleIdEncodesTheTypeNameAndVersion3() {
        long id = JsonRdbCodec.MODULE_ID;
        assertEquals(3, id & 1023);
        // nine 6-bit characters: "R" is 17 in Redis's module type charset, "L" is 11
        assertEquals(17, (id >>> (10 + 6 * 8)) & 63);
        assertEquals(11, (id >>> 10) & 63);
    }

    @Test
    void documentsAreWrittenAsOneStringBetweenTheModuleIdAndEof() {
        RdbWriter out = new RdbWriter(false);
        RdbValues.write(out, JsonValue.fromJson(DOC));
        byte[] bytes = out.toByteArray();
        assertEquals(RdbFormat.TYPE_MODULE_2, bytes[0]);
        byte[] json = DOC.getBytes(StandardCharsets.UTF_8);
        // type, 64-bit length marker + 8 bytes of module id, string opcode 5, length, text, EOF opcode 0
        assertEquals(1 + 9 + 1 + 1 + json.length + 1, bytes.length);
        assertEquals((byte) 0x81, bytes[1]);
        assertEquals(5, bytes[10]);
        assertEquals(json.length, bytes[11]);
        byte[] text = java.util.Arrays.copyOfRange(bytes, 12, 12 + json.length);
        assertArrayEquals(json, text);
        assertEquals(0, bytes[bytes.length - 1]);
        Object back = RdbValues.read(new RdbReader(bytes), RdbLimits.defaults());
        assertEquals(DOC, new String(((JsonValue) back).toJson(), StandardCharsets.UTF_8));
    }

    @Test
    void version2ValuesLoadToo() {
        RdbWriter out = new RdbWriter(false);
        out.writeByte(RdbFormat.TYPE_MODULE_2);
        out.writeLength(JsonRdbCodec.moduleId(JsonValue.TYPE_NAME, 2));
        out.writeLength(5);
        out.writeString("[1,2]".getBytes(StandardCharsets.UTF_8));
        out.writeLength(2);   // unsigned opcode
        out.writeLength(0);   // no index data follows
        out.writeLength(0);
        Object back = RdbValues.read(new RdbReader(out.toByteArray()), RdbLimits.defaults());
        assertEquals("[1,2]", new String(((JsonValue) back).toJson(), StandardCharsets.UTF_8));
    }

    @Test
    void otherModulesAndOldVersionsAreRefused() {
        RdbWriter other = new RdbWriter(false);
        other.writeByte(RdbFormat.TYPE_MODULE_2);
        other.writeLength(JsonRdbCodec.moduleId("graphdata", 1));
        RdbFormatException e = assertThrows(RdbFormatException.class,
                () -> RdbValues.read(new RdbReader(other.toByteArray()), RdbLimits.defaults()));
        assertTrue(e.getMessage().contains("module values are not supported"), e.getMessage());
        RdbWriter old = new RdbWriter(false);
        old.writeByte(RdbFormat.TYPE_MODULE_2);
        old.writeLength(JsonRdbCodec.moduleId(JsonValue.TYPE_NAME, 0));
        e = assertThrows(RdbFormatException.class, () -> RdbValues.read(new RdbReader(old.toByteArray()), RdbLimits.defaults()));
        assertTrue(e.getMessage().contains("encoding version 0"), e.getMessage());
    }
}
