package dev.cinnabar.scripting.lib;

import java.util.List;

/**
 * A library function callable from Lua: receives its arguments, returns its results (Lua functions return any
 * number of values). Throwing {@link LuaLibraryError} raises a Lua error with that message, as luaL_error does.
 */
@FunctionalInterface
public interface LuaFunction {
    List<LuaValue> call(List<LuaValue> args);

    /**
     * How deep a table met again inside itself (a cycle) is unrolled when the arguments are converted: 0 makes a
     * cycle arrive as {@link LuaValue#TOO_DEEP}.
     */
    default int cycleDepth() {
        return 0;
    }

    /**
     * The function, receiving cycles unrolled down to the given depth, as C code that walks tables without
     * tracking them sees them (cmsgpack.pack).
     */
    static LuaFunction unrollingCycles(int depth, LuaFunction function) {
        return new LuaFunction() {
            @Override
            public List<LuaValue> call(List<LuaValue> args) {
                return function.call(args);
            }

            @Override
            public int cycleDepth() {
                return depth;
            }
        };
    }
}
