/**
 * Redis's RDB format, shared by DUMP/RESTORE payloads and RDB files: the length and string encodings (integer and
 * LZF-compressed forms included), the value type bytes, the LZF codec and Redis's CRC64;
 * {@link dev.cinnabar.persistence.rdb.RdbValues} and one codec per collection type map stored values to and from
 * their RDB form (listpack, ziplist, zipmap and intset blobs validated on the way in);
 * {@link dev.cinnabar.persistence.rdb.DumpPayload} adds the DUMP footer (RDB version and checksum);
 * {@link dev.cinnabar.persistence.rdb.RdbFileWriter} and {@link dev.cinnabar.persistence.rdb.RdbFileReader} write
 * and read whole RDB files.
 */
package dev.cinnabar.persistence.rdb;
