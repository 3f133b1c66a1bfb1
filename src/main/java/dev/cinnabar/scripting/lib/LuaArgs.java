package dev.cinnabar.scripting.lib;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Argument checks with the messages of Lua 5.1's auxiliary library (luaL_check*, luaL_argerror). Argument
 * numbers are 1-based; the function name is the field the script calls the function by.
 */
final class LuaArgs {
    /** LUAI_MAXCSTACK: the most Lua stack slots a C function may use; some library errors depend on it. */
    static final int LUA_STACK_LIMIT = 8000;

    private LuaArgs() {
    }

    /** luaL_argerror: "bad argument #n to 'f' (message)". */
    static LuaLibraryError argError(int arg, String function, String message) {
        return LuaLibraryError.argument(arg, function, message);
    }

    static LuaLibraryError typeError(List<LuaValue> args, int arg, String function, String expected) {
        return argError(arg, function, expected + " expected, got " + typeName(args, arg));
    }

    /** The argument, or null when the call passed fewer arguments (Lua's "none"). */
    static LuaValue get(List<LuaValue> args, int arg) {
        return arg <= args.size() ? args.get(arg - 1) : null;
    }

    static boolean isNoneOrNil(List<LuaValue> args, int arg) {
        LuaValue v = get(args, arg);
        return v == null || v instanceof LuaValue.Nil;
    }

    /** lua_type's name for an argument, "no value" when absent. */
    static String typeName(List<LuaValue> args, int arg) {
        LuaValue v = get(args, arg);
        return v == null ? "no value" : typeName(v);
    }

    static String typeName(LuaValue v) {
        return switch (v) {
            case LuaValue.Nil n -> "nil";
            case LuaValue.Bool b -> "boolean";
            case LuaValue.Num n -> "number";
            case LuaValue.Str s -> "string";
            case LuaValue.Table t -> "table";
            case LuaValue.Opaque o -> o.type();
        };
    }

    /** lua_tonumber: numbers and numeric strings, otherwise null. */
    static Double toNumber(LuaValue v) {
        if (v instanceof LuaValue.Num n) return n.value();
        if (v instanceof LuaValue.Str s) return LuaNumbers.parseLuaNumber(s.bytes());
        return null;
    }

    static double checkNumber(List<LuaValue> args, int arg, String function) {
        Double d = toNumber(get(args, arg));
        if (d == null) throw typeError(args, arg, function, "number");
        return d;
    }

    /** luaL_checkinteger: the number truncated to a 64-bit integer as the C cast does. */
    static long checkInteger(List<LuaValue> args, int arg, String function) {
        return LuaNumbers.toInt64(checkNumber(args, arg, function));
    }

    static long optInteger(List<LuaValue> args, int arg, String function, long defaultValue) {
        return isNoneOrNil(args, arg) ? defaultValue : checkInteger(args, arg, function);
    }

    /** lua_tolstring: strings, and numbers converted as Lua prints them; otherwise null. */
    static byte[] toBytes(LuaValue v) {
        if (v instanceof LuaValue.Str s) return s.bytes();
        if (v instanceof LuaValue.Num n) return LuaNumbers.toLuaString(n.value()).getBytes(StandardCharsets.US_ASCII);
        return null;
    }

    static byte[] checkString(List<LuaValue> args, int arg, String function) {
        byte[] s = toBytes(get(args, arg));
        if (s == null) throw typeError(args, arg, function, "string");
        return s;
    }

    /** luaL_checkoption without a default: the index of the argument in {@code options}. */
    static int checkOption(List<LuaValue> args, int arg, String function, String... options) {
        String name = new String(checkString(args, arg, function), StandardCharsets.ISO_8859_1);
        for (int i = 0; i < options.length; i++) {
            if (options[i].equals(name)) return i;
        }
        throw argError(arg, function, "invalid option '" + name + "'");
    }

    static LuaValue.Num num(double d) {
        return new LuaValue.Num(d);
    }

    static LuaValue.Str str(byte[] bytes) {
        return new LuaValue.Str(bytes);
    }

    static LuaValue.Str str(String ascii) {
        return new LuaValue.Str(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }
}
