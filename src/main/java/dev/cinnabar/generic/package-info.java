/**
 * Redis's generic key commands (its db.c, expire.c, object.c and the DUMP/RESTORE part of cluster.c): deleting,
 * inspecting, renaming, moving and copying keys, expiry, iteration (KEYS, SCAN), OBJECT and DUMP/RESTORE.
 */
package dev.cinnabar.generic;
