/**
 * The hash type (Redis's t_hash.c): {@link dev.cinnabar.hashes.HashValue} in its two encodings, a compact
 * listpack (one packed array of field/value pairs in insertion order) and a hashtable (a
 * {@link dev.cinnabar.keyspace.Dict} of packed field+value entries), converting where Redis converts; and the
 * H* commands.
 */
package dev.cinnabar.hashes;
