package dev.cinnabar.scripting.lib;

import java.util.Map;

/**
 * A library installed as a global table in every script's Lua state (cjson, cmsgpack, struct, bit). One instance
 * per Lua state, since some libraries keep settings (cjson.encode_max_depth...).
 */
public interface LuaLibrary {
    /** The global name: "cjson", "cmsgpack", "struct", "bit". */
    String name();

    /** The library's functions by field name, in the order they are installed. */
    Map<String, LuaFunction> functions();

    /** Non-function fields (cjson.null, _NAME, _VERSION...). */
    Map<String, LuaValue> constants();
}
