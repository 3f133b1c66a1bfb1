package dev.cinnabar.persistence.rdb;

import dev.cinnabar.keyspace.Values;
import dev.cinnabar.strings.Strings;

/**
 * Maps stored values to their RDB form and back: a type byte followed by the type's encoding. This is the one
 * place that knows which value types have an RDB form; DUMP/RESTORE use it and RDB files will too. So far only
 * strings do: any other type byte is rejected when reading, never skipped or guessed at.
 */
public final class RdbValues {
    private RdbValues() {}

    /**
     * The bytes of a string value, or null when the value is not a string. The single place that knows how
     * string values are represented in the keyspace.
     */
    public static byte[] stringBytes(Object value) {
        return Strings.isString(value) ? Strings.bytes(value) : null;
    }

    /** Whether {@link #write} can encode this value. */
    public static boolean canWrite(Object value) {
        return stringBytes(value) != null;
    }

    /** Writes the value's type byte and encoding. */
    public static void write(RdbWriter out, Object value) {
        byte[] string = stringBytes(value);
        if (string == null) {
            throw new IllegalArgumentException("no RDB encoding for " + Values.typeName(value) + " values");
        }
        out.writeByte(RdbFormat.TYPE_STRING);
        out.writeString(string);
    }

    /** Reads a type byte and the value that follows it. */
    public static Object read(RdbReader in) {
        return readValue(in, in.readValueType());
    }

    /** Reads a value of the given RDB type. */
    public static Object readValue(RdbReader in, int type) {
        if (type == RdbFormat.TYPE_STRING) return in.readString();
        throw new RdbFormatException("cannot load RDB values of type " + type);
    }
}
