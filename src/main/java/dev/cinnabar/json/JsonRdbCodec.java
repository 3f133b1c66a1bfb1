package dev.cinnabar.json;

import dev.cinnabar.command.RedisError;
import dev.cinnabar.persistence.rdb.RdbFormatException;
import dev.cinnabar.persistence.rdb.RdbReader;
import dev.cinnabar.persistence.rdb.RdbWriter;

import java.nio.charset.StandardCharsets;

/**
 * JSON documents in RDB files and DUMP payloads as RedisJSON stores them: a module value (RDB type MODULE_2)
 * whose module id encodes the type name "ReJSON-RL" and encoding version 3, holding one string, the document's
 * compact JSON text, followed by the module EOF marker. Version 2 (the same string followed by a flag and
 * optional strings) is read too; older binary versions are refused.
 */
public final class JsonRdbCodec {
    private static final String CHARSET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final int ENCODING_VERSION = 3;
    /** Redis's module id: nine 6-bit characters of the type name, then 10 bits of encoding version. */
    static final long MODULE_ID = moduleId(JsonValue.TYPE_NAME, ENCODING_VERSION);

    private static final int OPCODE_EOF = 0;
    private static final int OPCODE_UINT = 2;
    private static final int OPCODE_STRING = 5;

    private JsonRdbCodec() {}

    static long moduleId(String name, int version) {
        long id = 0;
        for (int i = 0; i < 9; i++) id = (id << 6) | CHARSET.indexOf(name.charAt(i));
        return (id << 10) | version;
    }

    /** Writes the module id and the document (the type byte, MODULE_2, is the caller's). */
    public static void write(RdbWriter out, JsonValue value) {
        out.writeLength(MODULE_ID);
        out.writeLength(OPCODE_STRING);
        out.writeString(value.toJson());
        out.writeLength(OPCODE_EOF);
    }

    /** Reads a MODULE_2 value after its type byte; only RedisJSON's type is known. */
    public static JsonValue read(RdbReader in) {
        long id = in.readUnsignedLength();
        int version = (int) (id & 1023);
        if ((id >>> 10) != (MODULE_ID >>> 10)) {
            throw new RdbFormatException("module values are not supported (module id " + Long.toUnsignedString(id) + ")");
        }
        if (version != 2 && version != 3) {
            throw new RdbFormatException("unsupported " + JsonValue.TYPE_NAME + " encoding version " + version);
        }
        String text = new String(readString(in), StandardCharsets.UTF_8);
        if (version == 2) {
            expect(in, OPCODE_UINT);
            if (in.readUnsignedLength() > 0) {
                readString(in);
                readString(in);
            }
        }
        expect(in, OPCODE_EOF);
        try {
            return JsonValue.fromJson(text);
        } catch (RedisError e) {
            throw new RdbFormatException("invalid " + JsonValue.TYPE_NAME + " value: " + e.getMessage());
        }
    }

    private static byte[] readString(RdbReader in) {
        expect(in, OPCODE_STRING);
        return in.readString();
    }

    private static void expect(RdbReader in, int opcode) {
        long found = in.readLength();
        if (found != opcode) throw new RdbFormatException("unexpected module opcode " + found + " in " + JsonValue.TYPE_NAME + " value");
    }
}
