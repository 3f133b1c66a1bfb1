package dev.cinnabar.generic;

import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;

import java.nio.charset.StandardCharsets;

/** Argument parsing shared by the generic commands, with Redis's exact error texts. */
final class Args {
    private static final RedisError NOT_AN_INT =
            new RedisError("ERR value is out of range, value must between -2147483648 and 2147483647");

    private Args() {}

    /** Redis's getIntFromObjectOrReply with its default messages: an integer that must fit 32 bits. */
    static int parseInt(byte[] arg) {
        long value = Numbers.parseLong(arg);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) throw NOT_AN_INT;
        return (int) value;
    }

    /** Like {@link #parseInt(byte[])}, with one error for both "not a number" and "out of range". */
    static int parseInt(byte[] arg, RedisError error) {
        long value = Numbers.parseLong(arg, error);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) throw error;
        return (int) value;
    }

    /** An argument as Redis prints it with "%s": C strings end at the first NUL byte. */
    static String asCString(byte[] arg) {
        int end = 0;
        while (end < arg.length && arg[end] != 0) end++;
        return new String(arg, 0, end, StandardCharsets.UTF_8);
    }
}
