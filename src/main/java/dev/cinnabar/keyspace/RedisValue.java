package dev.cinnabar.keyspace;

/**
 * A value stored under a key, other than a plain {@code byte[]} string. Each data type package provides its own
 * implementations (with the compact and the large encoding as separate classes or states).
 */
public interface RedisValue {
    /** What TYPE answers: "string", "list", "hash", "set", "zset", "stream"... */
    String typeName();

    /** What OBJECT ENCODING answers: "raw", "listpack", "quicklist", "intset", "hashtable", "skiplist"... */
    String encoding();

    /** An independent deep copy (COPY): changing either value afterwards must not affect the other. */
    RedisValue copy();
}
