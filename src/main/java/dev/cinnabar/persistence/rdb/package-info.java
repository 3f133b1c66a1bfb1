/**
 * Redis's RDB serialization of values, shared by DUMP/RESTORE payloads and (later) RDB snapshot files: the
 * length and string encodings (integer and LZF-compressed forms included), the value type bytes, the LZF codec
 * and Redis's CRC64. {@link dev.cinnabar.persistence.rdb.RdbValues} maps stored values to and from their RDB
 * form; {@link dev.cinnabar.persistence.rdb.DumpPayload} adds the DUMP footer (RDB version and checksum).
 */
package dev.cinnabar.persistence.rdb;
