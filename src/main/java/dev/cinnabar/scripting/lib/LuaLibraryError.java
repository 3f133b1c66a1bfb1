package dev.cinnabar.scripting.lib;

/**
 * Raised by a library function: becomes a Lua error whose message is this exception's message.
 * <p>
 * Most library errors are raised the way luaL_error / luaL_argerror raise them, which prefix the message with the
 * position of the calling Lua code ("user_script:1: "); the engine adds that prefix when {@link #withPosition()}.
 * A few errors come from inside the Lua core while a C function runs (lua_settable's "table index is nil"), and
 * those carry no position.
 */
public final class LuaLibraryError extends RuntimeException {
    private final boolean withPosition;

    public LuaLibraryError(String message) {
        this(message, true);
    }

    private LuaLibraryError(String message, boolean withPosition) {
        super(message, null, false, false);
        this.withPosition = withPosition;
    }

    /** An error the Lua core raises on its own (no caller position in the message). */
    public static LuaLibraryError runtime(String message) {
        return new LuaLibraryError(message, false);
    }

    /** Whether the engine prefixes the message with the calling code's position, as luaL_error does. */
    public boolean withPosition() {
        return withPosition;
    }
}
