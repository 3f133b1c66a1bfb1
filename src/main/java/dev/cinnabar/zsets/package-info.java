/**
 * The sorted set type (Redis's t_zset) and its commands. A {@link dev.cinnabar.zsets.ZsetValue} holds one of two
 * encodings behind {@link dev.cinnabar.zsets.ZsetEncoding}: the compact {@link dev.cinnabar.zsets.Listpack} (one
 * byte array) for small sets and the {@link dev.cinnabar.zsets.SkipList} (a skip list with spans over primitive
 * arrays, plus a member index) for large ones, switching at Redis's thresholds. Score and lexicographic ranges are
 * {@link dev.cinnabar.zsets.ScoreRange} and {@link dev.cinnabar.zsets.LexRange}. The blocking pops are served by
 * {@link dev.cinnabar.zsets.PopCommands#serveBzpop} and {@link dev.cinnabar.zsets.PopCommands#serveBzmpop}.
 */
package dev.cinnabar.zsets;
