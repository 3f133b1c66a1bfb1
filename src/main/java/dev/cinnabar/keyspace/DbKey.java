package dev.cinnabar.keyspace;

import java.util.Arrays;

/** A key in a numbered database, usable as a hash key (by content). */
public record DbKey(int db, byte[] key) {
    @Override
    public boolean equals(Object o) {
        return o instanceof DbKey other && other.db == db && Arrays.equals(other.key, key);
    }

    @Override
    public int hashCode() {
        return 31 * db + Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return db + ":" + new String(key, java.nio.charset.StandardCharsets.UTF_8);
    }
}
