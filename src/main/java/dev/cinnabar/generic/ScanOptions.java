package dev.cinnabar.generic;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.Glob;


/**
 * The arguments of SCAN, HSCAN, SSCAN and ZSCAN: {@code cursor [MATCH pattern] [COUNT count] [TYPE type]}, parsed
 * as Redis parses them (TYPE only for SCAN). COUNT is a hint of how much work one call does: about COUNT elements
 * are visited (or ten times COUNT steps taken over empty buckets) before the visited ones are filtered by MATCH.
 */
public final class ScanOptions {
    /** TYPE's names, compared case-insensitively; "ReJSON-RL" is the JSON module type's (as Redis Stack's SCAN knows it). */
    private static final java.util.List<String> TYPE_NAMES =
            java.util.List.of("string", "list", "set", "zset", "hash", "stream", "ReJSON-RL");

    public final long cursor;
    public final long count;
    /** The MATCH pattern, or null when everything matches (no MATCH, or MATCH "*"). */
    public final byte[] pattern;
    /** True when TYPE was given; {@link #type} is then the type to keep, null for an unknown one (keeps nothing). */
    public final boolean typeFilter;
    public final String type;

    private ScanOptions(long cursor, long count, byte[] pattern, boolean typeFilter, String type) {
        this.cursor = cursor;
        this.count = count;
        this.pattern = pattern;
        this.typeFilter = typeFilter;
        this.type = type;
    }

    /** Parses the cursor at {@code cursorIndex} and the options after it. */
    public static ScanOptions parse(CommandContext ctx, int cursorIndex, boolean typeAllowed) {
        long cursor = ScanCursor.parse(ctx.arg(cursorIndex));
        long count = 10;
        byte[] pattern = null;
        String type = null;
        boolean typeFilter = false;
        for (int i = cursorIndex + 1; i < ctx.argc(); i++) {
            boolean hasValue = i + 1 < ctx.argc();
            if (ctx.argIs(i, "count") && hasValue) {
                count = Numbers.parseLong(ctx.arg(++i));
                if (count < 1) throw RedisError.SYNTAX;
            } else if (ctx.argIs(i, "match") && hasValue) {
                byte[] p = ctx.arg(++i);
                pattern = p.length == 1 && p[0] == '*' ? null : p;    // "*" matches everything
            } else if (typeAllowed && ctx.argIs(i, "type") && hasValue) {
                typeFilter = true;
                type = knownType(ctx.argString(++i));                 // an unknown type matches nothing
            } else {
                throw RedisError.SYNTAX;
            }
        }
        return new ScanOptions(cursor, count, pattern, typeFilter, type);
    }

    /** True when the element passes the MATCH filter. */
    public boolean matches(byte[] element) {
        return pattern == null || Glob.matches(pattern, element, false);
    }

    /** How many more dict steps a call may take once it started: ten times COUNT, as Redis allows. */
    public long maxIterations() {
        return count * 10;
    }

    private static String knownType(String name) {
        for (String known : TYPE_NAMES) if (known.equalsIgnoreCase(name)) return known;
        return null;
    }
}
