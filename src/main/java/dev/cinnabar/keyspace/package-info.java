/**
 * The keyspace: databases of binary-safe keys kept in {@link dev.cinnabar.keyspace.Dict}, an open-addressing hash
 * table with incremental rehashing and a Redis-style reverse-binary SCAN cursor; expiry (lazy on access plus the
 * sampling active-expire cycle); glob matching. Value objects of each data type live in that type's package.
 */
package dev.cinnabar.keyspace;
