package dev.cinnabar.command;

/**
 * The shared tail of LMPOP, BLMPOP, ZMPOP and BZMPOP: {@code numkeys key [key ...] END [COUNT count]}, where END
 * is one of two words (LEFT|RIGHT, MIN|MAX). Parsed with Redis's errors, in its order.
 *
 * @param firstKey  the argument index of the first key
 * @param numKeys   how many keys follow
 * @param firstEnd  true when END is the first of the two words (LEFT, MIN)
 * @param count     how many elements at most (1 without COUNT)
 */
public record MultiPopArguments(int firstKey, int numKeys, boolean firstEnd, long count) {
    private static final RedisError NUMKEYS = new RedisError("ERR numkeys should be greater than 0");
    private static final RedisError COUNT = new RedisError("ERR count should be greater than 0");

    /** Parses from argument numKeysIndex (1 for LMPOP / ZMPOP, 2 after the timeout of the blocking forms). */
    public static MultiPopArguments parse(CommandContext ctx, int numKeysIndex, String firstWord, String secondWord) {
        long numKeys = Numbers.parseLong(ctx.arg(numKeysIndex), NUMKEYS);
        if (numKeys < 1) throw NUMKEYS;
        if (numKeys >= ctx.argc() - numKeysIndex - 1) throw RedisError.SYNTAX; // END would lie past the last argument
        int endIndex = numKeysIndex + (int) numKeys + 1;
        boolean firstEnd;
        if (ctx.argIs(endIndex, firstWord)) firstEnd = true;
        else if (ctx.argIs(endIndex, secondWord)) firstEnd = false;
        else throw RedisError.SYNTAX;
        long count = -1;
        for (int j = endIndex + 1; j < ctx.argc(); j++) {
            if (count == -1 && ctx.argIs(j, "count") && j + 1 < ctx.argc()) {
                count = Numbers.parseLong(ctx.arg(++j), COUNT);
                if (count < 1) throw COUNT;
            } else {
                throw RedisError.SYNTAX;
            }
        }
        return new MultiPopArguments(numKeysIndex + 1, (int) numKeys, firstEnd, count == -1 ? 1 : count);
    }
}
