package dev.cinnabar.acl;

import dev.cinnabar.command.CommandSpec;

import java.util.List;

/** Redis's ACL command categories, in Redis's order (ACL CAT lists them so), each one bit of a mask. */
final class Categories {
    static final List<String> NAMES = List.of("keyspace", "read", "write", "set", "sortedset", "list", "hash",
            "string", "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking",
            "dangerous", "connection", "transaction", "scripting");

    private Categories() {}

    /** The bit of the category named without its '@' (case-insensitively), or 0 when there is none. */
    static long bit(String name) {
        for (int i = 0; i < NAMES.size(); i++) if (NAMES.get(i).equalsIgnoreCase(name)) return 1L << i;
        return 0;
    }

    /** The categories the command table declares for a command ("@read"...), as a mask. */
    static long mask(CommandSpec cmd) {
        long mask = 0;
        for (String c : cmd.aclCategories()) mask |= bit(c.substring(1));
        return mask;
    }
}
