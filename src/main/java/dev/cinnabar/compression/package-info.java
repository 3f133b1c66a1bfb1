/**
 * Compression codecs shared by several data types and the persistence layer: {@link dev.cinnabar.compression.Lzf}
 * (Redis's liblzf format, used for RDB strings and for the interior nodes of lists with list-compress-depth).
 */
package dev.cinnabar.compression;
