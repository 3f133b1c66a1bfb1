package dev.cinnabar.command;

/** How a command uses one of its keys, as key specs declare it and COMMAND GETKEYSANDFLAGS reports it. */
public enum KeyFlag {
    RO("RO"), RW("RW"), OW("OW"), RM("RM"), ACCESS("access"), UPDATE("update"), INSERT("insert"), DELETE("delete"),
    NOT_KEY("not_key"), INCOMPLETE("incomplete"), VARIABLE_FLAGS("variable_flags");

    private static final KeyFlag[] ALL = values();

    public final int bit = 1 << ordinal();
    private final String wireName;

    KeyFlag(String wireName) {
        this.wireName = wireName;
    }

    /** The name as Redis writes it, e.g. "RW" or "access". */
    public String wireName() {
        return wireName;
    }

    public static KeyFlag fromWireName(String name) {
        for (KeyFlag f : ALL) if (f.wireName.equals(name)) return f;
        throw new IllegalArgumentException("unknown key spec flag: " + name);
    }

    /** The flags set in a bit mask, in Redis's order. */
    public static KeyFlag[] inMask(int mask) {
        KeyFlag[] out = new KeyFlag[Integer.bitCount(mask)];
        int n = 0;
        for (KeyFlag f : ALL) if ((mask & f.bit) != 0) out[n++] = f;
        return out;
    }
}
