package dev.cinnabar.scripting.lib;

import java.util.List;

/**
 * A library function callable from Lua: receives its arguments, returns its results (Lua functions return any
 * number of values). Throwing {@link LuaLibraryError} raises a Lua error with that message, as luaL_error does.
 */
@FunctionalInterface
public interface LuaFunction {
    List<LuaValue> call(List<LuaValue> args);
}
