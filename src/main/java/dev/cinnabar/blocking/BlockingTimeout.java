package dev.cinnabar.blocking;

import dev.cinnabar.command.RedisError;
import dev.cinnabar.command.Numbers;

/**
 * The timeout argument of the blocking commands: seconds as a double, sub-millisecond values rounded up,
 * 0 meaning forever. Errors and limits as Redis's getTimeoutFromObjectOrReply.
 */
public final class BlockingTimeout {
    private static final RedisError NOT_A_FLOAT = new RedisError("ERR timeout is not a float or out of range");
    private static final RedisError NEGATIVE = new RedisError("ERR timeout is negative");
    private static final RedisError OUT_OF_RANGE = new RedisError("ERR timeout is out of range");

    private BlockingTimeout() {}

    private static final RedisError NOT_AN_INTEGER = new RedisError("ERR timeout is not an integer or out of range");

    /** The absolute deadline in unix milliseconds for a timeout given in whole milliseconds (XREAD BLOCK); 0 for none. */
    public static long deadlineMillis(byte[] millis, long now) {
        long timeout = Numbers.parseLong(millis, NOT_AN_INTEGER);
        if (timeout < 0) throw NEGATIVE;
        if (timeout == 0) return 0;
        if (timeout > Long.MAX_VALUE - now) throw OUT_OF_RANGE;
        return timeout + now;
    }

    /** The absolute deadline in unix milliseconds for a timeout in seconds given at {@code now}; 0 for none. */
    public static long deadline(byte[] seconds, long now) {
        double millis = Numbers.parseDouble(seconds, NOT_A_FLOAT) * 1000.0;
        if (millis > Long.MAX_VALUE) throw OUT_OF_RANGE;
        long timeout = (long) Math.ceil(millis);
        if (timeout < 0) throw NEGATIVE;
        if (timeout == 0) return 0;
        if (timeout > Long.MAX_VALUE - now) throw OUT_OF_RANGE;
        return timeout + now;
    }
}
