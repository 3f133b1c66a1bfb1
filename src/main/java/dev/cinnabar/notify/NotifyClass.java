package dev.cinnabar.notify;

/**
 * The flags of {@code notify-keyspace-events}, with Redis's bit values: which channels are published to (K, E) and
 * which classes of events are (g $ l s h z x e t m d n; A is every class but m and n). Text goes in and out in
 * Redis's form: CONFIG GET prints the canonical order, "A" for all classes, and no "n" beside an "A".
 */
public final class NotifyClass {
    public static final int KEYSPACE = 1;        // K
    public static final int KEYEVENT = 1 << 1;   // E
    public static final int GENERIC = 1 << 2;    // g
    public static final int STRING = 1 << 3;     // $
    public static final int LIST = 1 << 4;       // l
    public static final int SET = 1 << 5;        // s
    public static final int HASH = 1 << 6;       // h
    public static final int ZSET = 1 << 7;       // z
    public static final int EXPIRED = 1 << 8;    // x
    public static final int EVICTED = 1 << 9;    // e
    public static final int STREAM = 1 << 10;    // t
    public static final int KEY_MISS = 1 << 11;  // m
    public static final int MODULE = 1 << 13;    // d
    public static final int NEW = 1 << 14;       // n
    /** "A": every class except key misses and new keys. */
    public static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

    /** The class letters in the order CONFIG GET prints them when not all of {@link #ALL} is set. */
    private static final String CLASS_ORDER = "g$lshzxetdn";
    private static final int[] CLASS_BITS = {GENERIC, STRING, LIST, SET, HASH, ZSET, EXPIRED, EVICTED, STREAM,
            MODULE, NEW};

    private NotifyClass() {}

    /** The flags a value such as "KEA" stands for, or -1 if it holds a character that is no class. */
    public static int parse(String classes) {
        int flags = 0;
        for (int i = 0; i < classes.length(); i++) {
            char c = classes.charAt(i);
            int bit = switch (c) {
                case 'A' -> ALL;
                case 'K' -> KEYSPACE;
                case 'E' -> KEYEVENT;
                case 'm' -> KEY_MISS;
                default -> {
                    int at = CLASS_ORDER.indexOf(c);
                    yield at < 0 ? -1 : CLASS_BITS[at];
                }
            };
            if (bit == -1) return -1;
            flags |= bit;
        }
        return flags;
    }

    /** Redis's canonical text of the flags (keyspaceEventsFlagsToString). */
    public static String format(int flags) {
        StringBuilder text = new StringBuilder();
        if ((flags & ALL) == ALL) {
            text.append('A');
        } else {
            for (int i = 0; i < CLASS_BITS.length; i++) {
                if ((flags & CLASS_BITS[i]) != 0) text.append(CLASS_ORDER.charAt(i));
            }
        }
        if ((flags & KEYSPACE) != 0) text.append('K');
        if ((flags & KEYEVENT) != 0) text.append('E');
        if ((flags & KEY_MISS) != 0) text.append('m');
        return text.toString();
    }
}
