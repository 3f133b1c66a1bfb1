package dev.cinnabar.generic;

import dev.cinnabar.keyspace.RedisValue;

/** Deep copies of stored values, for COPY. */
final class ValueCopy {
    private ValueCopy() {}

    static Object of(Object value) {
        if (value instanceof byte[] bytes) return bytes.clone();
        return ((RedisValue) value).copy();
    }
}
