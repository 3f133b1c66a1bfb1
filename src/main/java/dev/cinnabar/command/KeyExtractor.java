package dev.cinnabar.command;

/**
 * Finds the keys in a command line the way Redis 7.2 does (getKeysFromCommandWithSpecs): by interpreting the
 * command's key specs, falling back to a command-specific {@link KeyFinder} when the specs do not apply or their
 * flags depend on the arguments. Used by COMMAND GETKEYS, and meant for ACL key checks and cluster routing.
 * Allocates nothing beyond growing the caller's {@link KeyRefs}.
 */
public final class KeyExtractor {
    private KeyExtractor() {}

    /** True when the command can take keys at all (Redis's doesCommandHaveKeys). */
    public static boolean hasKeys(CommandSpec cmd) {
        return cmd.customKeys() != null || cmd.hasRealKeySpec();
    }

    /**
     * Finds the keys of the command line argv[offset .. offset+argc), whose first element is the command name.
     * Returns the number of keys put in {@code out}; 0 when there are none or the arguments do not fit the specs.
     */
    public static int keys(CommandSpec cmd, byte[][] argv, int offset, int argc, KeyRefs out) {
        out.clear();
        if (cmd.hasRealKeySpec() && !cmd.hasVariableFlagSpec()) {
            int found = fromSpecs(cmd, argv, offset, argc, out);
            if (found >= 0) return found;
            out.clear();
        }
        KeyFinder custom = cmd.customKeys();
        return custom == null ? 0 : custom.find(argv, offset, argc, out);
    }

    /** Applies every key spec (except NOT_KEY ones); -1 when a spec cannot be applied or is incomplete. */
    static int fromSpecs(CommandSpec cmd, byte[][] argv, int offset, int argc, KeyRefs out) {
        for (KeySpec spec : cmd.keySpecs()) {
            if (spec.has(KeyFlag.NOT_KEY)) continue;
            int first;
            switch (spec.begin) {
                case INDEX -> first = spec.index;
                case KEYWORD -> {
                    first = afterKeyword(spec, argv, offset, argc);
                    if (first == 0) continue; // keyword absent: this spec finds no keys
                }
                default -> { return -1; }
            }
            int last, step;
            switch (spec.find) {
                case RANGE -> {
                    step = spec.keyStep;
                    if (spec.lastKey >= 0) {
                        last = first + spec.lastKey;
                    } else if (spec.limit == 0) {
                        last = argc + spec.lastKey;
                    } else {
                        last = first + ((argc - first) / spec.limit + spec.lastKey);
                    }
                }
                case KEYNUM -> {
                    step = spec.keyStep;
                    int countAt = first + spec.keyNumIndex;
                    if (countAt >= argc) return -1;
                    long numKeys = parseCount(argv[offset + countAt]);
                    if (numKeys < 0) return -1;
                    first += spec.firstKey;
                    last = (int) (first + numKeys - 1);
                }
                default -> { return -1; }
            }
            if (last >= argc || last < first || first >= argc) return -1;
            for (int i = first; i <= last; i += step) out.add(i, spec.flags);
            if (spec.has(KeyFlag.INCOMPLETE)) return -1;
        }
        return out.count();
    }

    /**
     * The position after the spec's keyword, or 0 when it is absent. A positive start searches forwards up to (not
     * including) the last argument; a negative one searches backwards from argc+start down to (not including) 1.
     */
    private static int afterKeyword(KeySpec spec, byte[][] argv, int offset, int argc) {
        boolean forwards = spec.startFrom > 0;
        int start = forwards ? spec.startFrom : argc + spec.startFrom;
        int end = forwards ? argc - 1 : 1;
        for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
            if (i >= argc || i < 1) break;
            if (cStringEqualsIgnoreCase(spec.keyword, argv[offset + i])) return i + 1;
        }
        return 0;
    }

    /** A non-negative key count as Redis's string2ll reads it, or -1 when it is not one. */
    private static long parseCount(byte[] arg) {
        try {
            return Math.max(-1, Numbers.parseLong(arg, RedisError.NOT_INTEGER));
        } catch (RedisError notANumber) {
            return -1;
        }
    }

    /** Redis compares keywords with strcasecmp, so an argument ends at its first NUL byte. */
    static boolean cStringEqualsIgnoreCase(String lower, byte[] arg) {
        int n = lower.length();
        for (int i = 0; i < n; i++) {
            if (i >= arg.length) return false;
            int b = arg[i];
            if (b >= 'A' && b <= 'Z') b += 32;
            if (b != lower.charAt(i)) return false;
        }
        return arg.length == n || arg[n] == 0;
    }
}
