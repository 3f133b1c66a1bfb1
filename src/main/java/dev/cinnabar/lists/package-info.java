/**
 * The list type (Redis's t_list.c and quicklist.c) and its commands. A {@link dev.cinnabar.lists.ListValue} is a
 * chain of listpack nodes held in gap buffers; it switches between Redis 7.2's "listpack" and "quicklist"
 * encodings, and splits and merges quicklist nodes, by Redis's own rules and byte counts, so OBJECT ENCODING
 * answers as Redis does. With list-compress-depth, the interior nodes of a quicklist are LZF-compressed by Redis's
 * own procedure (same nodes as Redis, so RDB/DUMP write the same LZF blobs). {@link dev.cinnabar.lists.ListCommands}
 * also offers the serving halves of the blocking list commands.
 */
package dev.cinnabar.lists;
