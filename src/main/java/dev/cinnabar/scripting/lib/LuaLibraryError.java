package dev.cinnabar.scripting.lib;

/** Raised by a library function: becomes a Lua error whose message is this exception's message. */
public final class LuaLibraryError extends RuntimeException {
    public LuaLibraryError(String message) {
        super(message, null, false, false);
    }
}
