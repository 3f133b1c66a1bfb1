package dev.cinnabar.command;

/**
 * An error reply raised by a command handler. The message is the full Redis error text including its code
 * ("ERR ...", "WRONGTYPE ..."). It carries no stack trace, so throwing it on the hot path costs little, and the
 * common ones are shared constants.
 */
public final class RedisError extends RuntimeException {
    public static final RedisError WRONG_TYPE =
            new RedisError("WRONGTYPE Operation against a key holding the wrong kind of value");
    public static final RedisError SYNTAX = new RedisError("ERR syntax error");
    public static final RedisError NOT_INTEGER = new RedisError("ERR value is not an integer or out of range");
    public static final RedisError NOT_FLOAT = new RedisError("ERR value is not a valid float");
    public static final RedisError NO_SUCH_KEY = new RedisError("ERR no such key");
    public static final RedisError DB_INDEX_OUT_OF_RANGE = new RedisError("ERR DB index is out of range");
    public static final RedisError INVALID_DB_INDEX = new RedisError("ERR invalid DB index");
    public static final RedisError OVERFLOW = new RedisError("ERR increment or decrement would overflow");
    public static final RedisError INVALID_EXPIRE_TIME = new RedisError("ERR invalid expire time in 'set' command");

    public RedisError(String message) {
        super(message, null, false, false);
    }

    /** "ERR invalid expire time in '<command>' command". */
    public static RedisError invalidExpireTime(String command) {
        return new RedisError("ERR invalid expire time in '" + command + "' command");
    }
}
