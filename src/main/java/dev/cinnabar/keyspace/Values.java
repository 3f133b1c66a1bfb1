package dev.cinnabar.keyspace;

import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;

/**
 * Facts about stored values that do not depend on their type's package. Strings are usually stored as a plain
 * {@code byte[]} (no wrapper object, which matters for memory); every other value is a {@link RedisValue}.
 */
public final class Values {
    /** Redis keeps strings up to this length in one allocation with their header ("embstr"). */
    public static final int EMBSTR_MAX = 44;
    private static final int SHARED_INTEGERS = 10_000;
    private static final long SHARED_REFCOUNT = Integer.MAX_VALUE;

    private Values() {}

    /** A stored value as the type a command works on: null stays null (no key), any other type is WRONGTYPE. */
    public static <T extends RedisValue> T require(Object value, Class<T> type) {
        if (value == null || type.isInstance(value)) return type.cast(value);
        throw RedisError.WRONG_TYPE;
    }

    /**
     * What OBJECT REFCOUNT and DEBUG OBJECT report: when integers are shared (see
     * {@code ServerConfig.sharesIntegers}) Redis holds those in [0, 10000) as shared objects; every other value has
     * one reference.
     */
    public static long refcount(Object value, boolean integersShared) {
        if (!integersShared || !(value instanceof byte[] bytes) || !Numbers.isCanonicalLong(bytes)) return 1;
        long n = Numbers.parseLong(bytes);
        return n >= 0 && n < SHARED_INTEGERS ? SHARED_REFCOUNT : 1;
    }

    public static String typeName(Object value) {
        return value instanceof byte[] ? "string" : ((RedisValue) value).typeName();
    }

    /** OBJECT ENCODING of a value: a plain string reports what Redis would have chosen for the same bytes. */
    public static String encoding(Object value) {
        if (value instanceof byte[] bytes) {
            if (bytes.length <= 20 && Numbers.isCanonicalLong(bytes)) return "int";
            return bytes.length <= EMBSTR_MAX ? "embstr" : "raw";
        }
        return ((RedisValue) value).encoding();
    }
}
