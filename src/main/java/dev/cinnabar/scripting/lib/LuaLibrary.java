package dev.cinnabar.scripting.lib;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A library installed as a global table in every script's Lua state (cjson, cmsgpack, struct, bit). One instance
 * per Lua state, since some libraries keep settings (cjson.encode_max_depth...). A subclass fills
 * {@link #functions} and {@link #constants} in its constructor.
 */
public abstract class LuaLibrary {
    private final String name;
    /** The library's functions by field name, in the order they are installed. */
    protected final Map<String, LuaFunction> functions = new LinkedHashMap<>();
    /** Non-function fields (cjson.null, _NAME, _VERSION...). */
    protected final Map<String, LuaValue> constants = new LinkedHashMap<>();

    /** @param name the global name: "cjson", "cmsgpack", "struct", "bit" */
    protected LuaLibrary(String name) {
        this.name = name;
    }

    public final String name() {
        return name;
    }

    public final Map<String, LuaFunction> functions() {
        return functions;
    }

    public final Map<String, LuaValue> constants() {
        return constants;
    }
}
