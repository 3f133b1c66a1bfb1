package dev.cinnabar.scripting.lib;

import java.util.List;

/**
 * A Lua value as the Java-written script libraries (cjson, cmsgpack, struct, bit) see it: the engine converts the
 * arguments of a library call into these and pushes the results back. Strings are raw bytes (Lua strings are
 * binary), numbers are doubles (Lua 5.1 has no integers).
 */
public sealed interface LuaValue {
    /** How deep the engine converts nested tables; a table nested deeper arrives as {@link #TOO_DEEP}. */
    int MAX_DEPTH = 1024;

    Nil NIL = new Nil();
    Bool TRUE = new Bool(true);
    Bool FALSE = new Bool(false);
    /** The NULL light userdata, which is what cjson.null is. */
    Opaque NULL_POINTER = new Opaque("userdata", 0);
    /** Stands for a table nested more than {@link #MAX_DEPTH} levels deep (or a cycle), which is not converted. */
    Opaque TOO_DEEP = new Opaque("table", -1);

    record Nil() implements LuaValue {}

    record Bool(boolean value) implements LuaValue {}

    record Num(double value) implements LuaValue {}

    record Str(byte[] bytes) implements LuaValue {}

    /**
     * A table's pairs in the order lua_next visits them. Tables the library builds for its results are pushed
     * with their keys in this order.
     */
    record Table(List<LuaValue> keys, List<LuaValue> values) implements LuaValue {}

    /** A value the libraries cannot look into: a function, a thread, a userdata (type name as Lua's type() gives). */
    record Opaque(String type, long identity) implements LuaValue {}
}
