package dev.cinnabar.scripting;

import dev.cinnabar.scripting.lib.LuaFunction;
import dev.cinnabar.scripting.lib.LuaLibrary;
import dev.cinnabar.scripting.lib.LuaLibraryError;
import dev.cinnabar.scripting.lib.LuaValue;

import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.cinnabar.scripting.LuaApi.*;

/**
 * Installs Java-written {@link LuaLibrary}s as global tables of a Lua state. Each library function is a small
 * Lua closure around one upcall: the upcall converts the Lua arguments to {@link LuaValue}s, calls the Java
 * function and pushes its results back; a {@link LuaLibraryError} comes back as a flag and message that the
 * closure itself raises with error(msg, 2), which is where luaL_error would put it (an upcall cannot raise).
 */
final class LibraryBridge {
    private static final String FACTORY = """
            local raw, error, select, unpack = ...
            local function pack(...) return {n = select('#', ...), ...} end
            return function(id)
              return function(...)
                local r = pack(raw(id, ...))
                if r[1] then return unpack(r, 2, r.n) end
                error(r[2], 2)
              end
            end
            """;

    private final LuaEngine engine;
    private final long rawCall;
    private final List<LuaFunction> functions = new ArrayList<>();
    /** The called function's {@link LuaFunction#cycleDepth}, while its arguments are converted. */
    private int cycleDepth;

    LibraryBridge(LuaEngine engine, Arena arena) {
        this.engine = engine;
        this.rawCall = cfunction(cfunctionTarget(this, "call"), arena);
    }

    /** Sets the library's table as a global (before the sandbox makes globals read-only). */
    void install(LuaLibrary library) {
        long l = engine.state;
        pushFactory();
        int factory = getTop(l);
        createTable(l, 0, library.functions().size() + library.constants().size());
        int table = getTop(l);
        for (Map.Entry<String, LuaFunction> e : library.functions().entrySet()) {
            pushString(l, e.getKey());
            pushValue(l, factory);
            pushNumber(l, functions.size());
            functions.add(e.getValue());
            if (pcall(l, 1, 1, 0) != 0) throw new IllegalStateException("library closure: " + engine.stringAt(-1));
            rawSet(l, table);
        }
        for (Map.Entry<String, LuaValue> e : library.constants().entrySet()) {
            pushString(l, e.getKey());
            push(e.getValue());
            rawSet(l, table);
        }
        pushString(l, library.name());
        pushValue(l, table);
        rawSet(l, GLOBALSINDEX);
        setTop(l, factory - 1);
    }

    private void pushFactory() {
        long l = engine.state;
        byte[] code = FACTORY.getBytes(StandardCharsets.UTF_8);
        try (Arena a = Arena.ofConfined()) {
            if (loadBuffer(l, code, 0, code.length, a.allocateFrom("=redis")) != 0) {
                throw new IllegalStateException("library factory: " + engine.stringAt(-1));
            }
        }
        pushCFunction(l, rawCall);
        for (String name : new String[] {"error", "select", "unpack"}) {
            pushString(l, name);
            rawGet(l, GLOBALSINDEX);
        }
        if (pcall(l, 4, 1, 0) != 0) throw new IllegalStateException("library factory: " + engine.stringAt(-1));
    }

    /** The upcall: (id, args...) → true, results... or false, message. Never throws into C. */
    int call(long l) {
        return engine.onThread(l, () -> callHere(l));
    }

    private int callHere(long l) {
        try {
            int id = (int) toNumber(l, 1);
            int argc = getTop(l);
            List<LuaValue> args = new ArrayList<>(argc - 1);
            LuaFunction function = functions.get(id);
            cycleDepth = function.cycleDepth();
            for (int i = 2; i <= argc; i++) args.add(read(i, 0, new HashSet<>()));
            setTop(l, 0);
            List<LuaValue> results;
            try {
                results = function.call(args);
            } catch (LuaLibraryError e) {
                pushBoolean(l, false);
                pushString(l, e.getMessage() == null ? "" : e.getMessage());
                return 2;
            }
            checkStack(l, results.size() + 4);
            pushBoolean(l, true);
            for (LuaValue v : results) push(v);
            return 1 + results.size();
        } catch (Throwable t) {
            setTop(l, 0);
            pushBoolean(l, false);
            pushString(l, "internal error: " + t);
            return 2;
        }
    }

    /** The value at idx (absolute) as a LuaValue; tables deeper than MAX_DEPTH or seen on the way down are TOO_DEEP. */
    LuaValue read(int idx, int depth, Set<Long> path) {
        long l = engine.state;
        return switch (type(l, idx)) {
            case TNIL -> LuaValue.NIL;
            case TBOOLEAN -> toBoolean(l, idx) ? LuaValue.TRUE : LuaValue.FALSE;
            case TNUMBER -> new LuaValue.Num(toNumber(l, idx));
            case TSTRING -> new LuaValue.Str(engine.bytesAt(idx));
            case TLIGHTUSERDATA -> {
                long p = toUserdata(l, idx);
                yield p == 0 ? LuaValue.NULL_POINTER : new LuaValue.Opaque("userdata", p);
            }
            case TTABLE -> readTable(idx, depth, path);
            case TFUNCTION -> new LuaValue.Opaque("function", toPointer(l, idx));
            case TTHREAD -> new LuaValue.Opaque("thread", toPointer(l, idx));
            default -> new LuaValue.Opaque("userdata", toPointer(l, idx));
        };
    }

    private LuaValue readTable(int idx, int depth, Set<Long> path) {
        long l = engine.state;
        long identity = toPointer(l, idx);
        boolean first = path.add(identity);
        if (depth >= LuaValue.MAX_DEPTH || (!first && depth >= cycleDepth) || !checkStack(l, 4)) {
            if (first) path.remove(identity);
            return LuaValue.TOO_DEEP;
        }
        List<LuaValue> keys = new ArrayList<>();
        List<LuaValue> values = new ArrayList<>();
        pushNil(l);
        while (next(l, idx)) {
            int top = getTop(l);
            keys.add(read(top - 1, depth + 1, path));
            values.add(read(top, depth + 1, path));
            pop(l, 1);
        }
        if (first) path.remove(identity);
        return new LuaValue.Table(keys, values);
    }

    /** Pushes a library's value; tables keep their key order; NULL_POINTER is the NULL light userdata. */
    void push(LuaValue value) {
        long l = engine.state;
        checkStack(l, 4);
        switch (value) {
            case LuaValue.Nil n -> pushNil(l);
            case LuaValue.Bool b -> pushBoolean(l, b.value());
            case LuaValue.Num n -> pushNumber(l, n.value());
            case LuaValue.Str s -> pushBytes(l, s.bytes());
            case LuaValue.Table t -> {
                createTable(l, 0, t.keys().size());
                for (int i = 0; i < t.keys().size(); i++) {
                    LuaValue k = t.keys().get(i);
                    if (k instanceof LuaValue.Nil || (k instanceof LuaValue.Num n && Double.isNaN(n.value()))) continue;
                    push(k);
                    push(t.values().get(i));
                    rawSet(l, -3);
                }
            }
            case LuaValue.Opaque o -> {
                if (o.type().equals("userdata") && o.identity() == 0) pushLightUserdata(l, 0);
                else pushNil(l);
            }
        }
    }
}
