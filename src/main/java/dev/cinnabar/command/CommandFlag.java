package dev.cinnabar.command;

import java.util.Locale;

/** Redis's command flags, as listed by COMMAND INFO; the dispatcher checks some of them on every call. */
public enum CommandFlag {
    WRITE, READONLY, DENYOOM, MODULE, ADMIN, PUBSUB, NOSCRIPT, BLOCKING, LOADING, STALE, SKIP_MONITOR,
    SKIP_SLOWLOG, ASKING, FAST, NO_AUTH, MAY_REPLICATE, SENTINEL, ONLY_SENTINEL, NO_MANDATORY_KEYS, PROTECTED,
    NO_ASYNC_LOADING, NO_MULTI, MOVABLE_KEYS("movablekeys"), ALLOW_BUSY, ALLOWED_IN_SCRIPT;

    public final int bit = 1 << ordinal();
    private final String wireName;

    CommandFlag() {
        this.wireName = name().toLowerCase(Locale.ROOT);
    }

    CommandFlag(String wireName) {
        this.wireName = wireName;
    }

    /** The flag's name as COMMAND INFO shows it, e.g. "no_auth". */
    public String wireName() {
        return wireName;
    }

    public static CommandFlag fromWireName(String name) {
        for (CommandFlag f : values()) if (f.wireName.equals(name)) return f;
        throw new IllegalArgumentException("unknown command flag: " + name);
    }
}
