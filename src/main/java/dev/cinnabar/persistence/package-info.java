/**
 * Persistence: RDB snapshots (SAVE, BGSAVE, save points, the dump at start-up) and the multi-part append-only file
 * (manifest, base, incremental files, appendfsync, BGREWRITEAOF, loading), both written from
 * {@link dev.cinnabar.keyspace.Snapshot}s without fork. The RDB format itself is in {@code persistence.rdb}.
 */
package dev.cinnabar.persistence;
