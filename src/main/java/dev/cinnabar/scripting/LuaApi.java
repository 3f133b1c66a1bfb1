package dev.cinnabar.scripting;

import party.iroiro.luajava.lua51.Lua51Natives;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A thin binding of the Lua 5.1 C API over FFM, on the PUC Lua library that LuaJava ships (LuaJava only loads it;
 * none of its JNI API is used, so no state ever gets its {@code java} global). The lua_State and C pointers are
 * passed as longs. Calls that cannot re-enter Java are "critical" (no thread-state transition, heap arrays passed
 * without copying); those that can run Lua code (pcall, call) are not.
 */
final class LuaApi {
    static final int REGISTRYINDEX = -10000;
    static final int GLOBALSINDEX = -10002;

    static final int TNIL = 0, TBOOLEAN = 1, TLIGHTUSERDATA = 2, TNUMBER = 3, TSTRING = 4, TTABLE = 5, TFUNCTION = 6,
            TUSERDATA = 7, TTHREAD = 8;

    /** Every address, for reading what a C pointer points at. */
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup SYMBOLS;

    static {
        new Lua51Natives() {}; // loads LuaJava's PUC Lua 5.1 library into this class loader
        SYMBOLS = SymbolLookup.loaderLookup();
    }

    private static final MethodHandle NEWSTATE = fn("luaL_newstate", false, JAVA_LONG);
    private static final MethodHandle CLOSE = fn("lua_close", false, null, JAVA_LONG);
    private static final MethodHandle GETTOP = fn("lua_gettop", true, JAVA_INT, JAVA_LONG);
    private static final MethodHandle SETTOP = fn("lua_settop", true, null, JAVA_LONG, JAVA_INT);
    private static final MethodHandle PUSHVALUE = fn("lua_pushvalue", true, null, JAVA_LONG, JAVA_INT);
    private static final MethodHandle REMOVE = fn("lua_remove", true, null, JAVA_LONG, JAVA_INT);
    private static final MethodHandle INSERT = fn("lua_insert", true, null, JAVA_LONG, JAVA_INT);
    private static final MethodHandle REPLACE = fn("lua_replace", true, null, JAVA_LONG, JAVA_INT);
    private static final MethodHandle CHECKSTACK = fn("lua_checkstack", true, JAVA_INT, JAVA_LONG, JAVA_INT);
    private static final MethodHandle TYPE = fn("lua_type", true, JAVA_INT, JAVA_LONG, JAVA_INT);
    private static final MethodHandle TONUMBER = fn("lua_tonumber", true, JAVA_DOUBLE, JAVA_LONG, JAVA_INT);
    private static final MethodHandle TOBOOLEAN = fn("lua_toboolean", true, JAVA_INT, JAVA_LONG, JAVA_INT);
    private static final MethodHandle TOLSTRING = fn("lua_tolstring", true, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG);
    private static final MethodHandle TOPOINTER = fn("lua_topointer", true, JAVA_LONG, JAVA_LONG, JAVA_INT);
    private static final MethodHandle TOUSERDATA = fn("lua_touserdata", true, JAVA_LONG, JAVA_LONG, JAVA_INT);
    private static final MethodHandle OBJLEN = fn("lua_objlen", true, JAVA_LONG, JAVA_LONG, JAVA_INT);
    private static final MethodHandle PUSHNIL = fn("lua_pushnil", true, null, JAVA_LONG);
    private static final MethodHandle PUSHNUMBER = fn("lua_pushnumber", true, null, JAVA_LONG, JAVA_DOUBLE);
    private static final MethodHandle PUSHLSTRING = fn("lua_pushlstring", true, null, JAVA_LONG, ADDRESS, JAVA_LONG);
    private static final MethodHandle PUSHBOOLEAN = fn("lua_pushboolean", true, null, JAVA_LONG, JAVA_INT);
    private static final MethodHandle PUSHLIGHTUSERDATA = fn("lua_pushlightuserdata", true, null, JAVA_LONG, JAVA_LONG);
    private static final MethodHandle PUSHCCLOSURE = fn("lua_pushcclosure", true, null, JAVA_LONG, JAVA_LONG, JAVA_INT);
    private static final MethodHandle RAWGET = fn("lua_rawget", true, null, JAVA_LONG, JAVA_INT);
    private static final MethodHandle RAWGETI = fn("lua_rawgeti", true, null, JAVA_LONG, JAVA_INT, JAVA_INT);
    private static final MethodHandle RAWSET = fn("lua_rawset", true, null, JAVA_LONG, JAVA_INT);
    private static final MethodHandle RAWSETI = fn("lua_rawseti", true, null, JAVA_LONG, JAVA_INT, JAVA_INT);
    private static final MethodHandle CREATETABLE = fn("lua_createtable", true, null, JAVA_LONG, JAVA_INT, JAVA_INT);
    private static final MethodHandle NEXT = fn("lua_next", true, JAVA_INT, JAVA_LONG, JAVA_INT);
    private static final MethodHandle GC = fn("lua_gc", false, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT);
    private static final MethodHandle LOADBUFFER = fn("luaL_loadbuffer", true, JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS);
    private static final MethodHandle GETSTACK = fn("lua_getstack", true, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG);
    private static final MethodHandle GETINFO = fn("lua_getinfo", true, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG);
    private static final MethodHandle GETHOOK = fn("lua_gethook", true, JAVA_LONG, JAVA_LONG);
    private static final MethodHandle GETHOOKMASK = fn("lua_gethookmask", true, JAVA_INT, JAVA_LONG);
    private static final MethodHandle SETHOOK = fn("lua_sethook", true, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT);
    private static final MethodHandle PCALL = fn("lua_pcall", false, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT);

    static final long LUAOPEN_BASE = symbol("luaopen_base");
    static final long LUAOPEN_TABLE = symbol("luaopen_table");
    static final long LUAOPEN_STRING = symbol("luaopen_string");
    static final long LUAOPEN_MATH = symbol("luaopen_math");
    static final long LUAOPEN_DEBUG = symbol("luaopen_debug");

    static final int GCCOUNT = 3, GCCOUNTB = 4, GCCOLLECT = 2;

    private LuaApi() {}

    private static long symbol(String name) {
        return SYMBOLS.find(name).orElseThrow(() -> new IllegalStateException("Lua symbol missing: " + name)).address();
    }

    private static MethodHandle fn(String name, boolean critical, MemoryLayout result, MemoryLayout... args) {
        FunctionDescriptor d = result == null ? FunctionDescriptor.ofVoid(args) : FunctionDescriptor.of(result, args);
        MemorySegment address = MemorySegment.ofAddress(symbol(name));
        return critical ? LINKER.downcallHandle(address, d, Linker.Option.critical(true)) : LINKER.downcallHandle(address, d);
    }

    /** A C function pointer (lua_CFunction) that calls target, an {@code int f(long L)} method. */
    static long cfunction(MethodHandle target, Arena arena) {
        return LINKER.upcallStub(target, FunctionDescriptor.of(JAVA_INT, JAVA_LONG), arena).address();
    }

    static MethodHandle cfunctionTarget(Object receiver, String method) {
        try {
            return MethodHandles.lookup().findVirtual(receiver.getClass(), method, MethodType.methodType(int.class, long.class)).bindTo(receiver);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    // Every wrapper rethrows what invokeExact declares: a failure here is a binding bug, never a script's fault.

    static long newState() {
        try { return (long) NEWSTATE.invokeExact(); } catch (Throwable t) { throw fail(t); }
    }

    static void close(long l) {
        try { CLOSE.invokeExact(l); } catch (Throwable t) { throw fail(t); }
    }

    static int getTop(long l) {
        try { return (int) GETTOP.invokeExact(l); } catch (Throwable t) { throw fail(t); }
    }

    static void setTop(long l, int idx) {
        try { SETTOP.invokeExact(l, idx); } catch (Throwable t) { throw fail(t); }
    }

    static void pop(long l, int n) {
        setTop(l, -n - 1);
    }

    static void pushValue(long l, int idx) {
        try { PUSHVALUE.invokeExact(l, idx); } catch (Throwable t) { throw fail(t); }
    }

    static void remove(long l, int idx) {
        try { REMOVE.invokeExact(l, idx); } catch (Throwable t) { throw fail(t); }
    }

    static void insert(long l, int idx) {
        try { INSERT.invokeExact(l, idx); } catch (Throwable t) { throw fail(t); }
    }

    static void replace(long l, int idx) {
        try { REPLACE.invokeExact(l, idx); } catch (Throwable t) { throw fail(t); }
    }

    static boolean checkStack(long l, int extra) {
        try { return (int) CHECKSTACK.invokeExact(l, extra) != 0; } catch (Throwable t) { throw fail(t); }
    }

    static int type(long l, int idx) {
        try { return (int) TYPE.invokeExact(l, idx); } catch (Throwable t) { throw fail(t); }
    }

    static double toNumber(long l, int idx) {
        try { return (double) TONUMBER.invokeExact(l, idx); } catch (Throwable t) { throw fail(t); }
    }

    static boolean toBoolean(long l, int idx) {
        try { return (int) TOBOOLEAN.invokeExact(l, idx) != 0; } catch (Throwable t) { throw fail(t); }
    }

    /** lua_tolstring: the string's address (0 if the value is neither string nor number); its length goes to lenOut. */
    static long toLString(long l, int idx, long lenOut) {
        try { return (long) TOLSTRING.invokeExact(l, idx, lenOut); } catch (Throwable t) { throw fail(t); }
    }

    static long toPointer(long l, int idx) {
        try { return (long) TOPOINTER.invokeExact(l, idx); } catch (Throwable t) { throw fail(t); }
    }

    static long toUserdata(long l, int idx) {
        try { return (long) TOUSERDATA.invokeExact(l, idx); } catch (Throwable t) { throw fail(t); }
    }

    static long objLen(long l, int idx) {
        try { return (long) OBJLEN.invokeExact(l, idx); } catch (Throwable t) { throw fail(t); }
    }

    static void pushNil(long l) {
        try { PUSHNIL.invokeExact(l); } catch (Throwable t) { throw fail(t); }
    }

    static void pushNumber(long l, double v) {
        try { PUSHNUMBER.invokeExact(l, v); } catch (Throwable t) { throw fail(t); }
    }

    static void pushBytes(long l, byte[] bytes) {
        pushBytes(l, bytes, 0, bytes.length);
    }

    /** Small strings go to Lua through a native buffer of the calling thread: no segment object per string. */
    private static final int SCRATCH_BYTES = 4096;
    private static final ThreadLocal<MemorySegment> SCRATCH =
            ThreadLocal.withInitial(() -> Arena.global().allocate(SCRATCH_BYTES));

    /**
     * Binary-safe lua_pushlstring (Lua copies the bytes). A small string is copied into the thread's native
     * buffer first, which costs less than wrapping the array in a heap segment; a large one is passed in place.
     */
    static void pushBytes(long l, byte[] bytes, int offset, int length) {
        try {
            if (length <= SCRATCH_BYTES) {
                MemorySegment buffer = SCRATCH.get();
                MemorySegment.copy(bytes, offset, buffer, ValueLayout.JAVA_BYTE, 0, length);
                PUSHLSTRING.invokeExact(l, buffer, (long) length);
            } else {
                PUSHLSTRING.invokeExact(l, MemorySegment.ofArray(bytes).asSlice(offset), (long) length);
            }
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static void pushString(long l, String s) {
        pushBytes(l, s.getBytes(StandardCharsets.UTF_8));
    }

    static void pushBoolean(long l, boolean b) {
        try { PUSHBOOLEAN.invokeExact(l, b ? 1 : 0); } catch (Throwable t) { throw fail(t); }
    }

    static void pushLightUserdata(long l, long p) {
        try { PUSHLIGHTUSERDATA.invokeExact(l, p); } catch (Throwable t) { throw fail(t); }
    }

    static void pushCFunction(long l, long fn) {
        try { PUSHCCLOSURE.invokeExact(l, fn, 0); } catch (Throwable t) { throw fail(t); }
    }

    static void rawGet(long l, int idx) {
        try { RAWGET.invokeExact(l, idx); } catch (Throwable t) { throw fail(t); }
    }

    static void rawGetI(long l, int idx, int n) {
        try { RAWGETI.invokeExact(l, idx, n); } catch (Throwable t) { throw fail(t); }
    }

    static void rawSet(long l, int idx) {
        try { RAWSET.invokeExact(l, idx); } catch (Throwable t) { throw fail(t); }
    }

    static void rawSetI(long l, int idx, int n) {
        try { RAWSETI.invokeExact(l, idx, n); } catch (Throwable t) { throw fail(t); }
    }

    static void createTable(long l, int narr, int nrec) {
        try { CREATETABLE.invokeExact(l, narr, nrec); } catch (Throwable t) { throw fail(t); }
    }

    static boolean next(long l, int idx) {
        try { return (int) NEXT.invokeExact(l, idx) != 0; } catch (Throwable t) { throw fail(t); }
    }

    static int gc(long l, int what, int data) {
        try { return (int) GC.invokeExact(l, what, data); } catch (Throwable t) { throw fail(t); }
    }

    /** luaL_loadbuffer; chunkName must be a NUL-terminated native string. */
    static int loadBuffer(long l, byte[] code, int offset, int length, MemorySegment chunkName) {
        try {
            return (int) LOADBUFFER.invokeExact(l, MemorySegment.ofArray(code).asSlice(offset), (long) length, chunkName);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static int pcall(long l, int nargs, int nresults, int errfunc) {
        try { return (int) PCALL.invokeExact(l, nargs, nresults, errfunc); } catch (Throwable t) { throw fail(t); }
    }

    /** lua_Debug (Lua 5.1, LP64): where lua_getinfo writes "what", "source" and "currentline". */
    static final int DEBUG_SIZE = 128, DEBUG_WHAT = 24, DEBUG_SOURCE = 32, DEBUG_CURRENTLINE = 40;
    static final int MASKCOUNT = 8;

    static boolean getStack(long l, int level, long debug) {
        try { return (int) GETSTACK.invokeExact(l, level, debug) != 0; } catch (Throwable t) { throw fail(t); }
    }

    static void getInfo(long l, long what, long debug) {
        try { int ignored = (int) GETINFO.invokeExact(l, what, debug); } catch (Throwable t) { throw fail(t); }
    }

    static long getHook(long l) {
        try { return (long) GETHOOK.invokeExact(l); } catch (Throwable t) { throw fail(t); }
    }

    static int getHookMask(long l) {
        try { return (int) GETHOOKMASK.invokeExact(l); } catch (Throwable t) { throw fail(t); }
    }

    static void setHook(long l, long hook, int mask, int count) {
        try { int ignored = (int) SETHOOK.invokeExact(l, hook, mask, count); } catch (Throwable t) { throw fail(t); }
    }

    static int readInt(long address) {
        return ALL.get(ValueLayout.JAVA_INT_UNALIGNED, address);
    }

    /** A NUL-terminated C string. */
    static String readCString(long address) {
        return address == 0 ? null : MemorySegment.ofAddress(address).reinterpret(Long.MAX_VALUE).getString(0);
    }

    static void getRaw(long l, int tableIdx, byte[] key) {
        pushBytes(l, key);
        rawGet(l, tableIdx < 0 && tableIdx > REGISTRYINDEX ? tableIdx - 1 : tableIdx);
    }

    static long readLong(long address) {
        return ALL.get(ValueLayout.JAVA_LONG_UNALIGNED, address);
    }

    static byte[] readBytes(long address, long length) {
        byte[] out = new byte[(int) length];
        MemorySegment.copy(ALL, ValueLayout.JAVA_BYTE, address, out, 0, out.length);
        return out;
    }

    private static IllegalStateException fail(Throwable t) {
        return t instanceof IllegalStateException e ? e : new IllegalStateException("Lua binding failure", t);
    }
}
