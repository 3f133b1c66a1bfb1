/**
 * The keyspace: databases of binary-safe keys kept in {@link dev.cinnabar.keyspace.Dict}, an open-addressing hash
 * table with incremental rehashing and a Redis-style reverse-binary SCAN cursor; expiry (lazy on access plus the
 * sampling active-expire cycle); glob matching; the change reports write commands and expiry raise (the
 * modified-key signal to {@link dev.cinnabar.keyspace.ChangeListener}s, keyspace notifications through
 * {@link dev.cinnabar.notify.KeyspaceEvents}); the heap footprint of what is stored ({@link
 * dev.cinnabar.keyspace.Footprint}, kept per dict and per key for used_memory and eviction sampling). Value objects
 * of each data type live in that type's package.
 */
package dev.cinnabar.keyspace;
