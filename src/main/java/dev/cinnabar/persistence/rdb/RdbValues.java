package dev.cinnabar.persistence.rdb;

import dev.cinnabar.hashes.HashValue;
import dev.cinnabar.json.JsonRdbCodec;
import dev.cinnabar.json.JsonValue;
import dev.cinnabar.keyspace.Values;
import dev.cinnabar.lists.ListValue;
import dev.cinnabar.sets.SetValue;
import dev.cinnabar.streams.StreamRdbCodec;
import dev.cinnabar.streams.StreamValue;
import dev.cinnabar.strings.Strings;
import dev.cinnabar.zsets.ZsetValue;

/**
 * Maps stored values to their RDB form and back: a type byte followed by the type's encoding. This is the one
 * place that knows which value types have an RDB form; DUMP/RESTORE and RDB files use it. Strings, lists, hashes,
 * sets and sorted sets are written as Redis 7.2 writes them and read in every encoding Redis has written since RDB
 * version 1; streams in the three forms Redis has written (their codec, {@link StreamRdbCodec}, lives beside the
 * stream structure). JSON documents are the one module type known, in RedisJSON's form ({@link JsonRdbCodec});
 * other module values are rejected with a format error naming them, never skipped or guessed at.
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
        return stringBytes(value) != null || value instanceof ListValue || value instanceof HashValue
                || value instanceof SetValue || value instanceof ZsetValue || value instanceof StreamValue
                || value instanceof JsonValue;
    }

    /** Writes the value's type byte and encoding. */
    public static void write(RdbWriter out, Object value) {
        out.writeByte(type(value, out.version()));
        writeBody(out, value);
    }

    /** The RDB type byte of the value's current encoding. */
    public static int type(Object value) {
        return type(value, RdbFormat.VERSION);
    }

    /** The RDB type byte of the value when written for the given RDB version. */
    public static int type(Object value, int version) {
        return switch (value) {
            case ListValue list -> ListCodec.type(list);
            case HashValue hash -> HashCodec.type(hash);
            case SetValue set -> SetCodec.type(set, version);
            case ZsetValue zset -> ZsetCodec.type(zset);
            case StreamValue stream -> version >= 11 ? RdbFormat.TYPE_STREAM_LISTPACKS_3 : RdbFormat.TYPE_STREAM_LISTPACKS_2;
            case JsonValue json -> RdbFormat.TYPE_MODULE_2;
            default -> {
                if (stringBytes(value) == null) {
                    throw new IllegalArgumentException("no RDB encoding for " + Values.typeName(value) + " values");
                }
                yield RdbFormat.TYPE_STRING;
            }
        };
    }

    /** Writes the value's encoding, without the type byte (a file record puts the key in between). */
    public static void writeBody(RdbWriter out, Object value) {
        switch (value) {
            case ListValue list -> ListCodec.writeBody(out, list);
            case HashValue hash -> HashCodec.writeBody(out, hash);
            case SetValue set -> SetCodec.writeBody(out, set);
            case ZsetValue zset -> ZsetCodec.writeBody(out, zset);
            case StreamValue stream -> StreamRdbCodec.write(out, stream);
            case JsonValue json -> JsonRdbCodec.write(out, json);
            default -> out.writeString(stringBytes(value));
        }
    }

    /** Reads a type byte and the value that follows it; null for an empty collection (see {@link #readValue}). */
    public static Object read(RdbReader in, RdbLimits limits) {
        return readValue(in, in.readValueType(), limits);
    }

    /**
     * Reads a value of the given RDB type, in the encoding the limits call for. Returns null for an empty
     * collection, which Redis skips when loading a file and refuses in RESTORE.
     */
    public static Object readValue(RdbReader in, int type, RdbLimits limits) {
        return switch (type) {
            case RdbFormat.TYPE_STRING -> in.readString();
            case RdbFormat.TYPE_LIST, RdbFormat.TYPE_LIST_ZIPLIST, RdbFormat.TYPE_LIST_QUICKLIST,
                 RdbFormat.TYPE_LIST_QUICKLIST_2 -> ListCodec.read(in, type, limits);
            case RdbFormat.TYPE_HASH, RdbFormat.TYPE_HASH_ZIPMAP, RdbFormat.TYPE_HASH_ZIPLIST,
                 RdbFormat.TYPE_HASH_LISTPACK -> HashCodec.read(in, type, limits);
            case RdbFormat.TYPE_SET, RdbFormat.TYPE_SET_INTSET, RdbFormat.TYPE_SET_LISTPACK ->
                    SetCodec.read(in, type, limits);
            case RdbFormat.TYPE_ZSET, RdbFormat.TYPE_ZSET_2, RdbFormat.TYPE_ZSET_ZIPLIST,
                 RdbFormat.TYPE_ZSET_LISTPACK -> ZsetCodec.read(in, type, limits);
            case RdbFormat.TYPE_STREAM_LISTPACKS, RdbFormat.TYPE_STREAM_LISTPACKS_2, RdbFormat.TYPE_STREAM_LISTPACKS_3 ->
                    StreamRdbCodec.read(in, type);
            case RdbFormat.TYPE_MODULE_2 -> JsonRdbCodec.read(in);
            case RdbFormat.TYPE_MODULE_PRE_GA ->
                    throw new RdbFormatException("module values are not supported (RDB type " + type + ")");
            default -> throw new RdbFormatException("unknown RDB value type " + type);
        };
    }
}
