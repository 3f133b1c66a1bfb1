package dev.cinnabar.generic;

import dev.cinnabar.command.RedisError;

/**
 * SCAN-family cursors: unsigned 64-bit numbers parsed as Redis parses them with strtoul, so that any input Redis
 * accepts is accepted here too (an optional sign, leading zeros, even an empty string meaning 0) and anything it
 * rejects is "ERR invalid cursor". Public for HSCAN, SSCAN and ZSCAN.
 */
public final class ScanCursor {
    public static final RedisError INVALID = new RedisError("ERR invalid cursor");

    private ScanCursor() {}

    /** The cursor's 64 bits (compare and use it as unsigned). */
    public static long parse(byte[] arg) {
        int end = 0;
        while (end < arg.length && arg[end] != 0) end++;           // the C string ends at a NUL byte
        if (end == 0) return 0;
        if (isSpace(arg[0])) throw INVALID;
        int i = 0;
        boolean negative = false;
        if (arg[0] == '+' || arg[0] == '-') {
            negative = arg[0] == '-';
            i++;
        }
        if (i == end || !isDigit(arg[i])) throw INVALID;            // nothing parsed: strtoul stops at the start
        long value = 0;
        for (; i < end; i++) {
            if (!isDigit(arg[i])) throw INVALID;
            long digit = arg[i] - '0';
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - digit, 10)) > 0) throw INVALID; // ERANGE
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
    }
}
