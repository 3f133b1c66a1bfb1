package dev.cinnabar.persistence.rdb;

/** Constants of the RDB format (Redis 7.2, RDB version 11). */
public final class RdbFormat {
    private RdbFormat() {}

    /** The RDB version written, and the highest one read. */
    public static final int VERSION = 11;
    /**
     * The version of RDB files (dumps, AOF preambles): 10, Redis 7.0's, which 7.0 and 7.2 both load, so a dump can
     * go back to either. DUMP payloads keep 7.2's version 11. The only 7.2 encodings version 10 lacks are listpack
     * sets (written as plain sets instead) and streams with consumer active times (written as LISTPACKS_2).
     */
    public static final int FILE_VERSION = 10;

    // Length encoding: the two top bits of the first byte say how the length is stored.
    static final int LEN_6BIT = 0;
    static final int LEN_14BIT = 1;
    static final int LEN_32BIT = 0x80;
    static final int LEN_64BIT = 0x81;
    static final int LEN_ENCODED = 3;          // 11xxxxxx: a special string encoding follows

    // Special string encodings (the six low bits after 11).
    static final int ENC_INT8 = 0;
    static final int ENC_INT16 = 1;
    static final int ENC_INT32 = 2;
    static final int ENC_LZF = 3;

    // Value types.
    public static final int TYPE_STRING = 0;
    public static final int TYPE_LIST = 1;
    public static final int TYPE_SET = 2;
    public static final int TYPE_ZSET = 3;
    public static final int TYPE_HASH = 4;
    public static final int TYPE_ZSET_2 = 5;
    public static final int TYPE_MODULE_PRE_GA = 6;
    public static final int TYPE_MODULE_2 = 7;
    public static final int TYPE_HASH_ZIPMAP = 9;
    public static final int TYPE_LIST_ZIPLIST = 10;
    public static final int TYPE_SET_INTSET = 11;
    public static final int TYPE_ZSET_ZIPLIST = 12;
    public static final int TYPE_HASH_ZIPLIST = 13;
    public static final int TYPE_LIST_QUICKLIST = 14;
    public static final int TYPE_STREAM_LISTPACKS = 15;
    public static final int TYPE_HASH_LISTPACK = 16;
    public static final int TYPE_ZSET_LISTPACK = 17;
    public static final int TYPE_LIST_QUICKLIST_2 = 18;
    public static final int TYPE_STREAM_LISTPACKS_2 = 19;
    public static final int TYPE_SET_LISTPACK = 20;
    public static final int TYPE_STREAM_LISTPACKS_3 = 21;

    // File opcodes: records of an RDB file that are not keys.
    public static final int OPCODE_FUNCTION2 = 245;
    public static final int OPCODE_FUNCTION_PRE_GA = 246;
    public static final int OPCODE_MODULE_AUX = 247;
    public static final int OPCODE_IDLE = 248;
    public static final int OPCODE_FREQ = 249;
    public static final int OPCODE_AUX = 250;
    public static final int OPCODE_RESIZEDB = 251;
    public static final int OPCODE_EXPIRETIME_MS = 252;
    public static final int OPCODE_EXPIRETIME = 253;
    public static final int OPCODE_SELECTDB = 254;
    public static final int OPCODE_EOF = 255;

    /** The file signature, followed by the version as four digits. */
    public static final String MAGIC = "REDIS";

    /** Whether a type byte names a value type (as opposed to a file opcode or garbage). */
    public static boolean isValueType(int type) {
        return (type >= 0 && type <= 7) || (type >= 9 && type <= 21);
    }
}
