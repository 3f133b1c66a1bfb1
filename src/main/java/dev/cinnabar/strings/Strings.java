package dev.cinnabar.strings;

import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.protocol.Reply;

/**
 * What other packages need to know about stored strings, whatever their representation: a plain {@code byte[]}
 * (the common case, no wrapper) or a {@link StringValue} (a string modified in place). DUMP, OBJECT, the bitmap
 * commands and the like use these instead of looking at the representation themselves.
 */
public final class Strings {
    /** The empty string. */
    static final byte[] EMPTY = {};

    private Strings() {}

    /** True when a stored value is a string. */
    public static boolean isString(Object value) {
        return value instanceof byte[] || value instanceof StringValue;
    }

    /** The stored value as a string, or WRONGTYPE; null stays null (a missing key). */
    public static Object requireString(Object value) {
        if (value == null || isString(value)) return value;
        throw RedisError.WRONG_TYPE;
    }

    /** The length in bytes of a string value. */
    public static int length(Object value) {
        return value instanceof byte[] bytes ? bytes.length : ((StringValue) value).length();
    }

    /**
     * The bytes of a string value as an array of exactly its length. A plain array is returned as it is (callers
     * must not modify it); a {@link StringValue} is copied.
     */
    public static byte[] bytes(Object value) {
        return value instanceof byte[] bytes ? bytes : ((StringValue) value).toBytes();
    }

    /** The array holding the bytes of a string value, without copying; its first {@link #length} bytes count. */
    public static byte[] buffer(Object value) {
        return value instanceof byte[] bytes ? bytes : ((StringValue) value).buffer();
    }

    /** Replies with a string value as a bulk string, without copying it. */
    public static void reply(Reply reply, Object value) {
        reply.bulk(buffer(value), 0, length(value));
    }

    /**
     * The string stored under key, ready to be modified in place (Redis's dbUnshareStringValue): a plain array is
     * copied into a {@link StringValue} that replaces it in the database, keeping the key's TTL.
     */
    public static StringValue unshare(Database db, byte[] key, Object value) {
        if (value instanceof StringValue raw) {
            raw.markRaw();
            return raw;
        }
        byte[] bytes = (byte[]) value;
        StringValue raw = StringValue.copyOf(bytes, bytes.length);
        db.replace(key, raw);
        return raw;
    }
}
