/**
 * The set type (Redis's t_set): {@link dev.cinnabar.sets.SetValue} with its three encodings (intset, listpack,
 * hashtable over the keyspace's {@link dev.cinnabar.keyspace.Dict}) and the conversions between them, and the set
 * commands (SADD ... SSCAN).
 */
package dev.cinnabar.sets;
