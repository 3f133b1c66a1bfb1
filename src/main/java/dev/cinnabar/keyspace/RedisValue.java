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

    /**
     * The heap bytes this value occupies, as Redis's MEMORY USAGE estimates it: exact where the structure keeps
     * its size, otherwise measured on up to {@code samples} of its parts (nodes, elements) and extrapolated to all
     * of them; {@code samples} 0 measures every part. Must cost O(samples), not O(size), unless samples is 0.
     */
    long memoryUsage(int samples);
}
