package dev.cinnabar.notify;

import java.util.ArrayList;
import java.util.List;

/**
 * A sequence of commands that exercises every write command implemented, with the cases where Redis does and does
 * not report a change (no-ops, wrong types, errors, emptied collections, lazy expiry): the script of the keyspace
 * notification and modified-key signal differential tests. Run it from an empty server with active expiry off;
 * {@link EventTrace#PAYLOAD} stands for a DUMP of a string.
 */
final class WriteCommandSequence {
    private WriteCommandSequence() {}

    /**
     * One command of the sequence. A reply in random or hash order (SPOP, SCAN) is left out of comparisons; a
     * command whose key changes are not plain key signals in Redis (whole-database commands, lazy deletion of keys
     * already expired when WATCHed, which Redis's WATCH deliberately ignores) is left out of signal comparisons.
     */
    record Step(boolean recordReply, boolean compareSignals, String... command) {}

    static final List<Step> STEPS = new ArrayList<>();

    private static void step(String... command) {
        STEPS.add(new Step(true, true, command));
    }

    private static void randomReply(String... command) {
        STEPS.add(new Step(false, true, command));
    }

    private static void noSignalComparison(String... command) {
        STEPS.add(new Step(true, false, command));
    }

    static {
        // strings
        step("SET", "s1", "v");
        step("SET", "s1", "v2", "EX", "100");
        step("SET", "s1", "v3", "KEEPTTL");
        step("SET", "s1", "v", "NX");
        step("SET", "s2", "v", "XX");
        step("SET", "s2", "v", "GET");
        step("SET", "s2", "w", "NX", "GET");
        step("SET", "s7", "w", "PXAT", "1");
        noSignalComparison("GET", "s7");
        step("SETNX", "s1", "x");
        step("SETNX", "s3", "x");
        step("SETEX", "s4", "100", "v");
        step("PSETEX", "s5", "100000", "v");
        step("SETEX", "s5", "-1", "v");
        step("GETEX", "s4", "PERSIST");
        step("GETEX", "s4", "PERSIST");
        step("GETEX", "s4", "EX", "50");
        step("GETEX", "s4");
        step("GETEX", "s4", "PXAT", "1");
        step("GETEX", "missing", "EX", "10");
        step("GETDEL", "s3");
        step("GETDEL", "s3");
        step("GETSET", "s1", "new");
        step("GETSET", "s6", "new");
        step("MSET", "m1", "a", "m2", "b", "m1", "c");
        step("MSETNX", "m1", "a", "m9", "b");
        step("MSETNX", "n1", "a", "n2", "b", "n1", "c");
        step("APPEND", "ap", "x");
        step("APPEND", "ap", "yz");
        step("SETRANGE", "sr", "0", "");
        step("SETRANGE", "sr", "3", "abc");
        step("SETRANGE", "sr", "0", "");
        step("SETRANGE", "sr", "1", "Z");
        step("INCR", "c");
        step("INCRBY", "c", "5");
        step("DECR", "c");
        step("DECRBY", "c", "2");
        step("INCR", "s1");
        step("INCRBYFLOAT", "f", "1.5");
        step("INCRBYFLOAT", "f", "1");
        step("INCRBYFLOAT", "s1", "1");
        step("MGET", "s1", "nokey");
        step("STRLEN", "nokey");
        // generic keys
        step("DEL", "m1", "nokey", "m2", "m1");
        step("UNLINK", "n1", "n2");
        step("EXISTS", "s1", "nokey");
        step("TYPE", "nokey");
        step("TOUCH", "s1", "nokey");
        step("TTL", "nokey");
        step("OBJECT", "ENCODING", "nokey");
        step("EXPIRE", "s1", "100");
        step("EXPIRE", "s1", "100", "NX");
        step("EXPIRE", "s1", "200", "GT");
        step("PEXPIRE", "s1", "100", "LT");
        step("EXPIREAT", "s1", "4000000000");
        step("PEXPIREAT", "s1", "4000000000000", "XX");
        step("EXPIRE", "nokey", "10");
        step("PERSIST", "s1");
        step("PERSIST", "s1");
        step("PERSIST", "nokey");
        step("EXPIRE", "s2", "-1");
        step("PEXPIREAT", "s6", "1");
        step("SET", "r1", "v", "EX", "1000");
        step("RENAME", "r1", "r2");
        step("RENAME", "r2", "r2");
        step("SET", "r3", "x");
        step("RENAME", "r2", "r3");
        step("RENAMENX", "r3", "ap");
        step("RENAMENX", "r3", "r4");
        step("RENAME", "nokey", "r5");
        step("MOVE", "r4", "1");
        step("MOVE", "r4", "1");
        step("SELECT", "1");
        step("SET", "r4", "other");
        step("MOVE", "r4", "0");
        step("SELECT", "0");
        step("COPY", "ap", "cp");
        step("COPY", "ap", "cp");
        step("COPY", "ap", "cp", "REPLACE");
        step("COPY", "ap", "cp", "DB", "2");
        step("COPY", "nokey", "cp2");
        step("DUMP", "nokey");
        step("RESTORE", "restored", "0", EventTrace.PAYLOAD);
        step("RESTORE", "restored", "0", EventTrace.PAYLOAD);
        step("RESTORE", "restored", "0", EventTrace.PAYLOAD, "REPLACE");
        step("RESTORE", "restored", "1", EventTrace.PAYLOAD, "REPLACE", "ABSTTL");
        step("RESTORE", "restored", "1", EventTrace.PAYLOAD, "REPLACE", "ABSTTL");
        step("RESTORE", "restored2", "100000", EventTrace.PAYLOAD);
        // lists
        step("LPUSH", "l", "a", "b", "c");
        step("RPUSH", "l", "d");
        step("LPUSHX", "nokey", "a");
        step("RPUSHX", "l", "e");
        step("LINSERT", "l", "BEFORE", "a", "x");
        step("LINSERT", "l", "AFTER", "zz", "x");
        step("LSET", "l", "0", "first");
        step("LSET", "l", "99", "first");
        step("LREM", "l", "0", "x");
        step("LREM", "l", "0", "nothere");
        step("LTRIM", "l", "0", "10");
        step("LTRIM", "l", "1", "-1");
        step("LPOP", "l");
        step("RPOP", "l", "2");
        step("LPOP", "l", "0");
        step("LMOVE", "l", "l2", "LEFT", "RIGHT");
        step("RPOPLPUSH", "l2", "l2");
        step("RPUSH", "l", "p", "q");
        step("LMOVE", "l", "l2", "RIGHT", "LEFT");
        step("LMPOP", "2", "nokey", "l", "LEFT", "COUNT", "5");
        step("LMPOP", "1", "nokey", "RIGHT");
        step("BLPOP", "l2", "0");
        step("BRPOP", "l2", "0");
        step("RPUSH", "l3", "a", "b", "c");
        step("BLMPOP", "0", "1", "l3", "RIGHT", "COUNT", "2");
        step("BLMOVE", "l3", "l4", "LEFT", "LEFT", "0");
        step("BRPOPLPUSH", "l4", "l3", "0");
        step("LTRIM", "l3", "5", "10");
        step("RPUSH", "l5", "a", "a");
        step("LREM", "l5", "0", "a");
        step("LLEN", "nokey");
        step("LRANGE", "nokey", "0", "-1");
        // hashes
        step("HSET", "h", "f1", "1", "f2", "2");
        step("HSET", "h", "f1", "1");
        step("HMSET", "h", "f3", "3");
        step("HSETNX", "h", "f1", "x");
        step("HSETNX", "h", "f4", "x");
        step("HSETNX", "h2", "f", "x");
        step("HINCRBY", "h", "f1", "10");
        step("HINCRBY", "h", "f4", "1");
        step("HINCRBYFLOAT", "h", "f2", "0.5");
        step("HINCRBYFLOAT", "h3", "f", "2");
        step("HINCRBY", "h4", "f", "2");
        step("HDEL", "h", "nothere");
        step("HDEL", "h", "f1", "f2");
        step("HDEL", "h", "f3", "f4", "nothere");
        step("HDEL", "nokey", "f");
        step("HGET", "nokey", "f");
        // sets
        step("SADD", "st", "a", "b", "c");
        step("SADD", "st", "a");
        step("SADD", "st", "a", "d");
        step("SREM", "st", "nothere");
        step("SREM", "st", "a", "nothere");
        step("SMOVE", "st", "st2", "b");
        step("SMOVE", "st", "st2", "nothere");
        step("SMOVE", "st", "st", "c");
        step("SADD", "st", "b");
        step("SMOVE", "st", "st2", "b");
        step("SMOVE", "st2", "st", "b");
        step("SMOVE", "st2", "st", "c");
        step("SADD", "one", "x");
        randomReply("SPOP", "one");
        step("SADD", "pop", "1", "2", "3", "4", "5");
        randomReply("SPOP", "pop");
        randomReply("SPOP", "pop", "2");
        randomReply("SPOP", "pop", "0");
        randomReply("SPOP", "pop", "10");
        randomReply("SPOP", "nokey", "3");
        step("SADD", "sa", "1", "2", "3");
        step("SADD", "sb", "2", "3", "4");
        step("SINTERSTORE", "si", "sa", "sb");
        step("SINTERSTORE", "si", "sa", "sb");
        step("SUNIONSTORE", "su", "sa", "sb");
        step("SDIFFSTORE", "sd", "sa", "sb");
        step("SDIFFSTORE", "sd", "sa", "sa");
        step("SINTERSTORE", "si", "sa", "nokey");
        step("SINTERSTORE", "si", "sa", "nokey");
        step("SUNIONSTORE", "su", "nokey", "nokey2");
        step("SISMEMBER", "nokey", "a");
        // sorted sets
        step("ZADD", "z", "1", "a", "2", "b", "3", "c");
        step("ZADD", "z", "1", "a");
        step("ZADD", "z", "XX", "5", "a");
        step("ZADD", "z", "NX", "5", "a");
        step("ZADD", "z", "GT", "CH", "0", "b");
        step("ZADD", "z2", "XX", "1", "a");
        step("ZADD", "z", "INCR", "1", "c");
        step("ZINCRBY", "z", "2", "d");
        step("ZINCRBY", "z3", "2", "d");
        step("ZADD", "z", "NX", "INCR", "1", "c");
        step("ZREM", "z", "nothere");
        step("ZREM", "z", "a", "nothere");
        step("ZADD", "z", "1", "a", "9", "e", "10", "f");
        step("ZREMRANGEBYRANK", "z", "0", "0");
        step("ZREMRANGEBYRANK", "z", "10", "20");
        step("ZREMRANGEBYSCORE", "z", "9", "9");
        step("ZREMRANGEBYSCORE", "z", "100", "200");
        step("ZADD", "zl", "0", "a", "0", "b", "0", "c");
        step("ZREMRANGEBYLEX", "zl", "[a", "[a");
        step("ZREMRANGEBYLEX", "zl", "[x", "[z");
        step("ZREMRANGEBYLEX", "zl", "-", "+");
        step("ZADD", "za", "1", "a", "2", "b");
        step("ZADD", "zb", "2", "b", "3", "c");
        step("ZUNIONSTORE", "zu", "2", "za", "zb");
        step("ZINTERSTORE", "zi", "2", "za", "zb");
        step("ZDIFFSTORE", "zd", "2", "za", "zb");
        step("ZINTERSTORE", "zi", "2", "za", "nokey");
        step("ZINTERSTORE", "zi", "2", "za", "nokey");
        step("ZRANGESTORE", "zr", "za", "0", "-1");
        step("ZRANGESTORE", "zr", "za", "5", "10");
        step("ZRANGESTORE", "zr", "nokey", "0", "-1");
        step("ZPOPMIN", "z");
        step("ZPOPMAX", "z", "2");
        step("ZPOPMIN", "z", "0");
        step("ZPOPMAX", "z", "10");
        step("ZPOPMIN", "nokey");
        step("ZADD", "zm", "1", "a", "2", "b", "3", "c");
        step("ZMPOP", "2", "nokey", "zm", "MIN", "COUNT", "2");
        step("BZPOPMIN", "zm", "0");
        step("ZADD", "zm", "1", "a", "2", "b");
        step("BZPOPMAX", "zm", "0");
        step("BZMPOP", "0", "1", "zm", "MAX", "COUNT", "9");
        step("ZSCORE", "nokey", "a");
        // SORT ... STORE
        step("RPUSH", "tosort", "3", "1", "2");
        step("SORT", "tosort", "STORE", "sorted");
        step("SORT", "tosort", "STORE", "sorted");
        step("SORT", "nokey", "STORE", "sorted");
        step("SORT", "nokey", "STORE", "sorted");
        step("SET", "w_1", "5");
        step("SORT", "tosort", "BY", "w_*", "GET", "w_*", "GET", "#");
        // reads of missing keys: "keymiss" (class m), except for OBJECT
        step("GETRANGE", "nokey", "0", "-1");
        step("SUBSTR", "nokey", "0", "-1");
        step("LCS", "nokey", "nokey2");
        step("HMGET", "nokey", "f");
        step("HLEN", "nokey");
        step("HSTRLEN", "nokey", "f");
        step("HEXISTS", "nokey", "f");
        step("HGETALL", "nokey");
        step("HKEYS", "nokey");
        step("HVALS", "nokey");
        step("HSCAN", "nokey", "0");
        step("HRANDFIELD", "nokey");
        step("LINDEX", "nokey", "0");
        step("LPOS", "nokey", "a");
        step("SMEMBERS", "nokey");
        step("SINTER", "nokey", "nokey2");
        step("SINTERCARD", "2", "nokey", "nokey2");
        step("SUNION", "nokey", "nokey2");
        step("SDIFF", "nokey", "nokey2");
        step("SRANDMEMBER", "nokey");
        step("SSCAN", "nokey", "0");
        step("SCARD", "nokey");
        step("SMISMEMBER", "nokey", "a");
        step("ZCARD", "nokey");
        step("ZRANK", "nokey", "a");
        step("ZREVRANK", "nokey", "a");
        step("ZRANGE", "nokey", "0", "-1");
        step("ZREVRANGE", "nokey", "0", "-1");
        step("ZRANGEBYSCORE", "nokey", "0", "1");
        step("ZREVRANGEBYSCORE", "nokey", "1", "0");
        step("ZRANGEBYLEX", "nokey", "-", "+");
        step("ZREVRANGEBYLEX", "nokey", "+", "-");
        step("ZCOUNT", "nokey", "0", "1");
        step("ZLEXCOUNT", "nokey", "-", "+");
        step("ZMSCORE", "nokey", "a");
        step("ZSCAN", "nokey", "0");
        step("ZUNION", "2", "nokey", "nokey2");
        step("ZINTER", "2", "nokey", "nokey2");
        step("ZDIFF", "2", "nokey", "nokey2");
        step("ZINTERCARD", "2", "nokey", "nokey2");
        step("ZRANDMEMBER", "nokey");
        step("PTTL", "nokey");
        step("EXPIRETIME", "nokey");
        step("PEXPIRETIME", "nokey");
        step("SORT", "nokey");
        step("OBJECT", "FREQ", "nokey");
        step("OBJECT", "IDLETIME", "nokey");
        step("OBJECT", "REFCOUNT", "nokey");
        step("GET", "s1");
        step("HGET", "h2", "f");
        randomReply("SCAN", "0", "TYPE", "string", "COUNT", "1000");   // in hash order
        // expiry: lazily, on access
        step("SET", "e1", "v", "PX", "1");
        step("HSET", "e2", "f", "v");
        step("PEXPIRE", "e2", "1");
        step("DEBUG", "SLEEP", "0.01");
        noSignalComparison("GET", "e1");
        noSignalComparison("HSET", "e2", "f", "v");
        // wrong types: no events
        step("LPUSH", "s1", "x");
        step("SADD", "h", "x");
        step("ZADD", "st", "1", "x");
        step("HSET", "l", "f", "v");
        // streams
        step("XADD", "x1", "1-1", "f", "v");
        step("XADD", "x1", "1-1", "f", "v");
        step("XADD", "x1", "NOMKSTREAM", "2-1", "f", "v");
        step("XADD", "x9", "NOMKSTREAM", "2-1", "f", "v");
        step("XADD", "x1", "MAXLEN", "1", "3-1", "f", "v");
        step("XADD", "x1", "MAXLEN", "5", "4-1", "f", "v");
        step("XTRIM", "x1", "MAXLEN", "5");
        step("XTRIM", "x1", "MAXLEN", "1");
        step("XDEL", "x1", "9-9");
        step("XADD", "x1", "5-1", "f", "v");
        step("XDEL", "x1", "4-1");
        step("XSETID", "x1", "9-0");
        step("XSETID", "x9", "9-0");
        step("XGROUP", "CREATE", "x1", "g", "0");
        step("XGROUP", "CREATE", "x1", "g", "0");
        step("XGROUP", "CREATE", "x2", "g", "$", "MKSTREAM");
        step("XGROUP", "CREATECONSUMER", "x1", "g", "c1");
        step("XGROUP", "CREATECONSUMER", "x1", "g", "c1");
        step("XREADGROUP", "GROUP", "g", "c2", "STREAMS", "x1", ">");
        step("XREADGROUP", "GROUP", "g", "c2", "STREAMS", "x1", ">");
        step("XREADGROUP", "GROUP", "g", "c3", "NOACK", "STREAMS", "x1", "0");
        step("XCLAIM", "x1", "g", "c4", "0", "5-1", "JUSTID");
        step("XAUTOCLAIM", "x1", "g", "c5", "0", "0", "JUSTID");
        step("XACK", "x1", "g", "5-1");
        step("XGROUP", "SETID", "x1", "g", "0");
        step("XGROUP", "DELCONSUMER", "x1", "g", "c1");
        step("XGROUP", "DELCONSUMER", "x1", "g", "nobody");
        step("XGROUP", "DESTROY", "x1", "g");
        step("XGROUP", "DESTROY", "x1", "g");
        step("XREAD", "STREAMS", "x1", "0");
        step("XADD", "s1", "1-1", "f", "v");
        // whole databases: no keyspace events
        noSignalComparison("SWAPDB", "0", "1");
        noSignalComparison("FLUSHDB");
        step("SELECT", "1");
        noSignalComparison("FLUSHALL");
        step("SELECT", "0");
    }

}
