package dev.cinnabar.scripting.lib;

/**
 * Raised by a library function: becomes a Lua error whose message is this exception's message.
 * <p>
 * Most library errors are raised the way luaL_error / luaL_argerror raise them, which prefix the message with the
 * position of the calling Lua code ("user_script:1: "); the engine adds that prefix when {@link #withPosition()}.
 * A few errors come from inside the Lua core while a C function runs (lua_settable's "table index is nil"), and
 * those carry no position.
 * <p>
 * Argument errors ({@link #argument}) are worded for the usual call {@code lib.fn(...)}: "bad argument #n to
 * 'fn' (detail)". luaL_argerror words them from the call site instead (the name the function was called by, '?'
 * when it has none, one less for a method call); an engine that knows the call site can rebuild the message from
 * {@link #argumentIndex()} and {@link #argumentDetail()}.
 */
public final class LuaLibraryError extends RuntimeException {
    private final boolean withPosition;
    private final int argumentIndex;
    private final String argumentDetail;

    public LuaLibraryError(String message) {
        this(message, true, 0, null);
    }

    private LuaLibraryError(String message, boolean withPosition, int argumentIndex, String argumentDetail) {
        super(message, null, false, false);
        this.withPosition = withPosition;
        this.argumentIndex = argumentIndex;
        this.argumentDetail = argumentDetail;
    }

    /** An error the Lua core raises on its own (no caller position in the message). */
    public static LuaLibraryError runtime(String message) {
        return new LuaLibraryError(message, false, 0, null);
    }

    /** luaL_argerror for argument {@code index} of the library function {@code function}. */
    public static LuaLibraryError argument(int index, String function, String detail) {
        return new LuaLibraryError("bad argument #" + index + " to '" + function + "' (" + detail + ")", true, index,
                detail);
    }

    /** Whether the engine prefixes the message with the calling code's position, as luaL_error does. */
    public boolean withPosition() {
        return withPosition;
    }

    /** For an argument error, the argument's number as the C function counts it (0 is possible); else -1. */
    public int argumentIndex() {
        return argumentDetail == null ? -1 : argumentIndex;
    }

    /** For an argument error, the text in parentheses ("number expected, got nil"); else null. */
    public String argumentDetail() {
        return argumentDetail;
    }
}
