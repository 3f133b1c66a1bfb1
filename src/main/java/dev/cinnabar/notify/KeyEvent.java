package dev.cinnabar.notify;

import java.nio.charset.StandardCharsets;

/**
 * The keyspace events Cinnabar emits, each with the name and class Redis 7.2 gives it. The name is kept as bytes,
 * ready to publish, so emitting an event builds nothing unless its class is enabled.
 */
public enum KeyEvent {
    // generic
    DEL("del", NotifyClass.GENERIC),
    EXPIRE("expire", NotifyClass.GENERIC),
    PERSIST("persist", NotifyClass.GENERIC),
    RENAME_FROM("rename_from", NotifyClass.GENERIC),
    RENAME_TO("rename_to", NotifyClass.GENERIC),
    MOVE_FROM("move_from", NotifyClass.GENERIC),
    MOVE_TO("move_to", NotifyClass.GENERIC),
    COPY_TO("copy_to", NotifyClass.GENERIC),
    RESTORE("restore", NotifyClass.GENERIC),
    // strings
    SET("set", NotifyClass.STRING),
    SETRANGE("setrange", NotifyClass.STRING),
    INCRBY("incrby", NotifyClass.STRING),
    INCRBYFLOAT("incrbyfloat", NotifyClass.STRING),
    APPEND("append", NotifyClass.STRING),
    SETBIT("setbit", NotifyClass.STRING),
    PFADD("pfadd", NotifyClass.STRING),
    // lists
    LPUSH("lpush", NotifyClass.LIST),
    RPUSH("rpush", NotifyClass.LIST),
    LPOP("lpop", NotifyClass.LIST),
    RPOP("rpop", NotifyClass.LIST),
    LINSERT("linsert", NotifyClass.LIST),
    LSET("lset", NotifyClass.LIST),
    LREM("lrem", NotifyClass.LIST),
    LTRIM("ltrim", NotifyClass.LIST),
    SORTSTORE("sortstore", NotifyClass.LIST),
    // hashes
    HSET("hset", NotifyClass.HASH),
    HDEL("hdel", NotifyClass.HASH),
    HINCRBY("hincrby", NotifyClass.HASH),
    HINCRBYFLOAT("hincrbyfloat", NotifyClass.HASH),
    // sets
    SADD("sadd", NotifyClass.SET),
    SREM("srem", NotifyClass.SET),
    SPOP("spop", NotifyClass.SET),
    SINTERSTORE("sinterstore", NotifyClass.SET),
    SUNIONSTORE("sunionstore", NotifyClass.SET),
    SDIFFSTORE("sdiffstore", NotifyClass.SET),
    // sorted sets
    ZADD("zadd", NotifyClass.ZSET),
    ZINCR("zincr", NotifyClass.ZSET),
    ZREM("zrem", NotifyClass.ZSET),
    ZREMRANGEBYRANK("zremrangebyrank", NotifyClass.ZSET),
    ZREMRANGEBYSCORE("zremrangebyscore", NotifyClass.ZSET),
    ZREMRANGEBYLEX("zremrangebylex", NotifyClass.ZSET),
    ZUNIONSTORE("zunionstore", NotifyClass.ZSET),
    ZINTERSTORE("zinterstore", NotifyClass.ZSET),
    ZDIFFSTORE("zdiffstore", NotifyClass.ZSET),
    ZRANGESTORE("zrangestore", NotifyClass.ZSET),
    ZPOPMIN("zpopmin", NotifyClass.ZSET),
    ZPOPMAX("zpopmax", NotifyClass.ZSET),
    GEOSEARCHSTORE("geosearchstore", NotifyClass.ZSET),
    GEORADIUSSTORE("georadiusstore", NotifyClass.ZSET),
    // streams
    XADD("xadd", NotifyClass.STREAM),
    XTRIM("xtrim", NotifyClass.STREAM),
    XDEL("xdel", NotifyClass.STREAM),
    XSETID("xsetid", NotifyClass.STREAM),
    XGROUP_CREATE("xgroup-create", NotifyClass.STREAM),
    XGROUP_CREATECONSUMER("xgroup-createconsumer", NotifyClass.STREAM),
    XGROUP_DELCONSUMER("xgroup-delconsumer", NotifyClass.STREAM),
    XGROUP_DESTROY("xgroup-destroy", NotifyClass.STREAM),
    XGROUP_SETID("xgroup-setid", NotifyClass.STREAM),
    // JSON (RedisJSON's module events)
    JSON_SET("json.set", NotifyClass.MODULE),
    JSON_MSET("json.mset", NotifyClass.MODULE),
    JSON_MERGE("json.merge", NotifyClass.MODULE),
    JSON_DEL("json.del", NotifyClass.MODULE),
    JSON_NUMINCRBY("json.numincrby", NotifyClass.MODULE),
    JSON_NUMMULTBY("json.nummultby", NotifyClass.MODULE),
    JSON_NUMPOWBY("json.numpowby", NotifyClass.MODULE),
    JSON_TOGGLE("json.toggle", NotifyClass.MODULE),
    JSON_STRAPPEND("json.strappend", NotifyClass.MODULE),
    JSON_ARRAPPEND("json.arrappend", NotifyClass.MODULE),
    JSON_ARRINSERT("json.arrinsert", NotifyClass.MODULE),
    JSON_ARRPOP("json.arrpop", NotifyClass.MODULE),
    JSON_ARRTRIM("json.arrtrim", NotifyClass.MODULE),
    JSON_CLEAR("json.clear", NotifyClass.MODULE),
    // emitted by the keyspace itself
    EXPIRED("expired", NotifyClass.EXPIRED),
    EVICTED("evicted", NotifyClass.EVICTED),
    KEYMISS("keymiss", NotifyClass.KEY_MISS),
    NEW("new", NotifyClass.NEW);

    private final byte[] name;
    private final int notifyClass;

    KeyEvent(String name, int notifyClass) {
        this.name = name.getBytes(StandardCharsets.US_ASCII);
        this.notifyClass = notifyClass;
    }

    /** The event name as published (shared: never modify it). */
    public byte[] eventName() {
        return name;
    }

    /** The {@link NotifyClass} bit that enables this event. */
    public int notifyClass() {
        return notifyClass;
    }
}
