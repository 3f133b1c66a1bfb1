package dev.cinnabar.scripting;

import dev.cinnabar.scripting.lib.BitLibrary;
import dev.cinnabar.scripting.lib.CjsonLibrary;
import dev.cinnabar.scripting.lib.CmsgpackLibrary;
import dev.cinnabar.scripting.lib.LuaLibrary;
import dev.cinnabar.scripting.lib.StructLibrary;

import java.util.List;

/**
 * The one place listing the Java-written libraries every Lua state gets as globals (Redis gives scripts cjson,
 * cmsgpack, struct and bit). A new instance of each per state, since libraries may keep settings.
 */
final class ScriptLibraries {
    private ScriptLibraries() {}

    static List<LuaLibrary> create() {
        return List.of(new CjsonLibrary(), new CmsgpackLibrary(), new StructLibrary(), new BitLibrary());
    }
}
