package dev.cinnabar.scripting;

import dev.cinnabar.protocol.DoubleFormat;
import dev.cinnabar.protocol.Reply;
import dev.cinnabar.server.Log;
import dev.cinnabar.server.Server;
import dev.cinnabar.scripting.lib.LuaLibrary;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.cinnabar.scripting.LuaApi.*;

/**
 * One Lua 5.1 state set up as Redis 7.2's script environment (see sandbox.lua): compiles scripts into functions
 * kept in the registry, runs them with KEYS/ARGV, converts between Lua values and RESP as Redis does, and serves
 * redis.call/pcall through upcalls into the {@link ScriptRun} being executed. Used by one thread at a time.
 */
final class LuaEngine implements AutoCloseable {
    private static final int HANDLER = 1, GLOBALS = 2, ARM_HOOK = 3, REAL_GLOBALS = 4, LIBRARY_LOADER = 6,
            LIBRARY_RESTORE = 7, PENDING_ERROR = 8, FIRST_FUNCTION = 16;
    /**
     * Runs a FUNCTION LOAD body in Redis 7.2's load-time environment, where the only global is a "redis" table
     * with register_function, log and the LOG_ and version constants; returns the registrations, in order.
     */
    private static final String LIBRARY_LOADER_CODE = """
            local FLAGS = {['no-writes'] = true, ['allow-oom'] = true, ['allow-stale'] = true,
                           ['no-cluster'] = true, ['allow-cross-slot-keys'] = true}
            local function missing(_, k)
              error("Script attempted to access nonexistent global variable '" .. tostring(k) .. "'", 2)
            end
            local function fail(message) error({err = 'ERR ' .. message}) end
            local function is_string(v) return type(v) == 'string' or type(v) == 'number' end
            -- like Redis, every library shares one empty globals table whose __index is the load-time API while
            -- a library loads and the ordinary globals when its functions run
            local function readonly() error('Attempt to modify a readonly table', 2) end
            local env_mt = {__newindex = readonly}
            local env = setmetatable({}, env_mt)
            local runtime = _G
            -- true while a library body runs: register_function works only then
            local loading = false
            local function restore() env_mt.__index = runtime; loading = false end
            restore()
            local function load(chunk)
              local pending, seen = {}, {}
              local function register(...)
                -- a function that kept a reference to the API cannot register once the load is over
                if not loading then fail('redis.register_function can only be called on FUNCTION LOAD command') end
                local argc = select('#', ...)
                local name, callback, flags, description
                if argc == 1 then
                  local t = ...
                  if type(t) ~= 'table' then
                    fail('calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).')
                  end
                  for k, v in pairs(t) do
                    if k == 'function_name' then
                      if not is_string(v) then fail('function_name argument given to redis.register_function must be a string') end
                      name = v
                    elseif k == 'callback' then
                      if type(v) ~= 'function' then fail('callback argument given to redis.register_function must be a function') end
                      callback = v
                    elseif k == 'flags' then
                      if type(v) ~= 'table' then fail('flags argument to redis.register_function must be a table representing function flags') end
                      flags = v
                    elseif k == 'description' then
                      if not is_string(v) then fail('description argument given to redis.register_function must be a string') end
                      description = v
                    else
                      fail('unknown argument given to redis.register_function')
                    end
                  end
                  if name == nil then fail('redis.register_function must get a function name argument') end
                  if callback == nil then fail('redis.register_function must get a callback argument') end
                elseif argc == 2 then
                  name, callback = ...
                  if not is_string(name) then fail('first argument to redis.register_function must be a string') end
                  if type(callback) ~= 'function' then fail('second argument to redis.register_function must be a function') end
                else
                  fail('wrong number of arguments to redis.register_function')
                end
                local flag_list = {}
                if flags then
                  for _, f in pairs(flags) do
                    if type(f) ~= 'string' or not FLAGS[f] then fail('unknown flag given') end
                    flag_list[#flag_list + 1] = f
                  end
                end
                name = tostring(name)
                if name == '' or name:find('[^%w_]') then
                  fail('Library names can only contain letters, numbers, or underscores(_) and must be at least one character long')
                end
                if seen[name] then fail('Function already exists in the library') end
                seen[name] = true
                pending[#pending + 1] = {name = name, callback = callback, flags = table.concat(flag_list, ','),
                                         description = description and tostring(description)}
              end
              local api = setmetatable({register_function = register, log = redis.log, LOG_DEBUG = 0, LOG_VERBOSE = 1,
                  LOG_NOTICE = 2, LOG_WARNING = 3, REDIS_VERSION = redis.REDIS_VERSION,
                  REDIS_VERSION_NUM = redis.REDIS_VERSION_NUM}, {__index = missing, __newindex = readonly})
              env_mt.__index = setmetatable({redis = api}, {__index = missing})
              setfenv(chunk, env)
              loading = true
              chunk()
              return pending
            end
            return load, restore
            """;
    private static final byte[] KEYS = "KEYS".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ARGV = "ARGV".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERR = "err".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DOUBLE = "double".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BIG_NUMBER = "big_number".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VERBATIM = "verbatim_string".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FORMAT = "format".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STRING = "string".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MAP = "map".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SET = "set".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SOURCE = "source".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LINE = "line".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] IGNORE_STATS = "ignore_err_stats_update".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};
    private static final long LOAD_TIMEOUT_NANOS = 500_000_000L;
    private static final String TAIL_CALL = "=(tail call)";
    private static final String SANDBOX = readSandbox();

    /** The main thread of the state, which owns everything. */
    private final long mainState;
    /**
     * The Lua thread being worked on: the main one, or during an upcall the coroutine that called it (an upcall
     * must use its caller's stack).
     */
    long state;
    private final String chunkName;
    private final Arena arena = Arena.ofShared();
    private final long lengthOut;
    private final MemorySegment userScriptName;
    private final byte[] numberDigits = new byte[DoubleFormat.MAX_LENGTH];
    private int nextFunction = FIRST_FUNCTION;
    private boolean hookNeedsRearming;
    /** The Lua thread whose hook is armed to raise redis.call's pending error, or 0. */
    private long pendingErrorThread;
    /** While a library loads: the System.nanoTime() at which it times out; 0 otherwise. */
    private long loadDeadline;
    private final long debugInfo;
    private final long infoSourceLine;
    private int lastStatus;
    /**
     * Redis's rand48 state: one sequence for all scripts (7.x no longer reseeds before each), starting from
     * rand48's unseeded state.
     */
    private long rand48 = 0x1234ABCD330EL;
    final LibraryBridge libraries;
    /** The script being executed, whose client runs redis.call's commands; null between runs. */
    private ScriptRun run;

    LuaEngine(List<LuaLibrary> libs) {
        this(libs, "@user_script");
    }

    /** A state whose code is named chunkName in errors: "@user_script" (EVAL) or "@user_function" (FUNCTION). */
    LuaEngine(List<LuaLibrary> libs, String chunkName) {
        mainState = newState();
        state = mainState;
        this.chunkName = chunkName;
        lengthOut = arena.allocate(ValueLayout.JAVA_LONG).address();
        debugInfo = arena.allocate(DEBUG_SIZE).address();
        infoSourceLine = arena.allocateFrom("Sl").address();
        userScriptName = arena.allocateFrom(chunkName);
        libraries = new LibraryBridge(this, arena);
        openLibrary(LUAOPEN_BASE, "");
        openLibrary(LUAOPEN_TABLE, "table");
        openLibrary(LUAOPEN_STRING, "string");
        openLibrary(LUAOPEN_MATH, "math");
        openLibrary(LUAOPEN_DEBUG, "debug");
        for (LuaLibrary lib : libs) libraries.install(lib);
        runSandbox();
        byte[] loader = LIBRARY_LOADER_CODE.getBytes(StandardCharsets.UTF_8);
        if (loadBuffer(state, loader, 0, loader.length, arena.allocateFrom("=redis")) != 0
                || pcall(state, 0, 2, 0) != 0) {
            throw new IllegalStateException("library loader: " + stringAt(-1));
        }
        rawSetI(state, REGISTRYINDEX, LIBRARY_RESTORE);
        rawSetI(state, REGISTRYINDEX, LIBRARY_LOADER);
    }

    /** After a kill or a load timeout left the hook in line mode, or a pending error was never raised. */
    private void rearmHookIfNeeded() {
        if (hookNeedsRearming || pendingErrorThread != 0) {
            rawGetI(state, REGISTRYINDEX, ARM_HOOK);
            pcall(state, 0, 0, 0);
            hookNeedsRearming = false;
            pendingErrorThread = 0;
        }
    }

    /** A function a library registered: its registry slot, name, flags ("no-writes,...") and description. */
    record Registration(String name, int function, String flags, String description) {}

    static final class LoadError extends RuntimeException {
        LoadError(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Compiles and runs a library body (FUNCTION LOAD) in the load-time environment: the functions it registers,
     * or CompileError / LoadError (the error's text as Redis reports it after "Error registering functions: ").
     */
    List<Registration> loadLibrary(byte[] code, int offset, int length) {
        long l = state;
        setTop(l, 0);
        rearmHookIfNeeded();
        rawGetI(l, REGISTRYINDEX, HANDLER);
        rawGetI(l, REGISTRYINDEX, LIBRARY_LOADER);
        if (loadBuffer(l, code, offset, length, userScriptName) != 0) {
            String message = stringAt(-1);
            setTop(l, 0);
            throw new CompileError(message);
        }
        loadDeadline = System.nanoTime() + LOAD_TIMEOUT_NANOS;
        try {
            if (pcall(l, 1, 1, 1) != 0) {
                String message = type(l, -1) == TTABLE ? stringField(-1, ERR) : stringAt(-1);
                throw new LoadError(message == null ? "execution failure" : message);
            }
            int pending = getTop(l);
            List<Registration> registered = new java.util.ArrayList<>();
            for (int i = 1; ; i++) {
                rawGetI(l, pending, i);
                if (type(l, -1) != TTABLE) break;
                int entry = getTop(l);
                String name = stringField(entry, "name".getBytes(StandardCharsets.US_ASCII));
                String flags = stringField(entry, "flags".getBytes(StandardCharsets.US_ASCII));
                String description = stringField(entry, "description".getBytes(StandardCharsets.US_ASCII));
                getRaw(l, entry, "callback".getBytes(StandardCharsets.US_ASCII));
                int slot = nextFunction++;
                rawSetI(l, REGISTRYINDEX, slot);
                registered.add(new Registration(name, slot, flags, description));
                pop(l, 1);
            }
            return registered;
        } finally {
            loadDeadline = 0;
            setTop(l, 0);
            rawGetI(l, REGISTRYINDEX, LIBRARY_RESTORE);
            pcall(l, 0, 0, 0);
            setTop(l, 0);
        }
    }

    /** Drops a registered function or compiled script, so that the state can collect it. */
    void release(int function) {
        pushNil(state);
        rawSetI(state, REGISTRYINDEX, function);
    }

    /** Calls a registered function as FCALL does: keys and arguments are its two parameters. */
    void invokeFunction(ScriptRun run, int function, byte[][] argv, int firstKey, int numKeys, int numArgs) {
        this.run = run;
        lastStatus = -1;
        long l = state;
        setTop(l, 0);
        rearmHookIfNeeded();
        rawGetI(l, REGISTRYINDEX, HANDLER);
        rawGetI(l, REGISTRYINDEX, function);
        pushArray(l, argv, firstKey, numKeys);
        pushArray(l, argv, firstKey + numKeys, numArgs);
        lastStatus = pcall(l, 2, 1, 1);
        if (run.killRequested()) hookNeedsRearming = true;
    }

    private static void pushArray(long l, byte[][] argv, int from, int count) {
        createTable(l, count, 0);
        for (int i = 0; i < count; i++) {
            pushBytes(l, argv[from + i]);
            rawSetI(l, -2, i + 1);
        }
    }

    private void openLibrary(long opener, String name) {
        pushCFunction(state, opener);
        pushString(state, name);
        if (pcall(state, 1, 0, 0) != 0) throw new IllegalStateException("cannot open Lua library " + name);
    }

    private void runSandbox() {
        byte[] code = SANDBOX.getBytes(StandardCharsets.UTF_8);
        if (loadBuffer(state, code, 0, code.length, arena.allocateFrom("=redis")) != 0) {
            throw new IllegalStateException("sandbox does not compile: " + stringAt(-1));
        }
        pushCFunction(state, upcall("redisCall"));
        pushCFunction(state, upcall("redisPcall"));
        pushCFunction(state, upcall("aclCheck"));
        pushCFunction(state, upcall("killCheck"));
        pushCFunction(state, upcall("randNext"));
        pushCFunction(state, upcall("randSeed"));
        pushCFunction(state, upcall("log"));
        pushCFunction(state, upcall("sha1"));
        pushCFunction(state, upcall("setResp"));
        pushString(state, Server.REDIS_VERSION);
        pushNumber(state, versionNumber(Server.REDIS_VERSION));
        if (pcall(state, 11, 4, 0) != 0) throw new IllegalStateException("sandbox failed: " + stringAt(-1));
        rawSetI(state, REGISTRYINDEX, REAL_GLOBALS);
        rawSetI(state, REGISTRYINDEX, ARM_HOOK);
        rawSetI(state, REGISTRYINDEX, HANDLER);
        pushValue(state, -1);
        rawSetI(state, REGISTRYINDEX, GLOBALS);
        replace(state, GLOBALSINDEX); // code loaded from now on (scripts, loadstring) sees only the read-only proxy
        setTop(state, 0);
    }

    private long upcall(String method) {
        return cfunction(cfunctionTarget(this, method), arena);
    }

    private static int versionNumber(String version) {
        String[] parts = version.split("\\.");
        return (Integer.parseInt(parts[0]) << 16) | (Integer.parseInt(parts[1]) << 8) | Integer.parseInt(parts[2]);
    }

    private static String readSandbox() {
        try (InputStream in = LuaEngine.class.getResourceAsStream("sandbox.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("sandbox.lua missing", e);
        }
    }

    // ---- compiling and running -----------------------------------------------------------------------------------

    /** Compiles a script body; returns its function's registry slot, or throws with Lua's message. */
    int compile(byte[] code, int offset, int length) {
        if (loadBuffer(state, code, offset, length, userScriptName) != 0) {
            String message = stringAt(-1);
            setTop(state, 0);
            throw new CompileError(message);
        }
        int slot = nextFunction++;
        rawSetI(state, REGISTRYINDEX, slot);
        return slot;
    }

    static final class CompileError extends RuntimeException {
        CompileError(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Calls the compiled function with KEYS and ARGV taken from argv; its result (or error) stays on the stack
     * for {@link #writeResult}. Runs on the script thread.
     */
    void invoke(ScriptRun run, int function, byte[][] argv, int firstKey, int numKeys, int numArgs) {
        this.run = run;
        lastStatus = -1;
        long l = state;
        setTop(l, 0);
        rearmHookIfNeeded();
        rawGetI(l, REGISTRYINDEX, HANDLER);
        rawGetI(l, REGISTRYINDEX, function);
        rawGetI(l, REGISTRYINDEX, REAL_GLOBALS);
        setArray(l, KEYS, argv, firstKey, numKeys);
        setArray(l, ARGV, argv, firstKey + numKeys, numArgs);
        setTop(l, 2);
        lastStatus = pcall(l, 0, 1, 1);
        if (run.killRequested()) hookNeedsRearming = true;
    }

    /** Writes the result of the last {@link #invoke} as Redis's luaReplyToRedisReply / luaCallFunction do. */
    void writeResult(ScriptRun run, Reply out) {
        try {
            if (lastStatus < 0) out.error("ERR Error running script " + run.name() + ", internal failure");
            else if (lastStatus != 0) writeError(run, out);
            else writeReply(run, out, 2);
        } finally {
            setTop(state, 0);
            this.run = null;
        }
    }

    private void setArray(long l, byte[] name, byte[][] argv, int from, int count) {
        pushBytes(l, name);
        createTable(l, count, 0);
        for (int i = 0; i < count; i++) {
            pushBytes(l, argv[from + i]);
            rawSetI(l, -2, i + 1);
        }
        rawSet(l, -3);
    }

    /** The error at the top of the stack, as luaCallFunction reports it. */
    private void writeError(ScriptRun run, Reply out) {
        long l = state;
        if (type(l, -1) != TTABLE) {
            String message = type(l, -1) == TSTRING || type(l, -1) == TNUMBER ? stringAt(-1) : "execution failure";
            if (message.length() > 100) message = message.substring(0, 100);
            out.error("ERR Error running script " + run.name() + ", " + message);
            return;
        }
        String message = stringField(-1, ERR);
        String source = stringField(-1, SOURCE);
        String line = stringField(-1, LINE);
        if (TAIL_CALL.equals(source)) {
            // "return f(...)" where f is one of the sandbox's Lua wrappers (math.random, redis.sha1hex, a library
            // function...) is a Lua tail call, which erases the script's frame (Redis's C functions keep it): the
            // failing call is taken to be the script's last return statement
            source = chunkName;
            line = Integer.toString(run.lastReturnLine());
        }
        StringBuilder sb = new StringBuilder(message == null ? "" : message);
        if (line != null && source != null) {
            sb.append(" script: ").append(run.name()).append(", on ").append(source).append(':').append(line).append('.');
        }
        writeErrorReply(out, sb.toString(), ignoresStats(-1));
    }

    private boolean ignoresStats(int idx) {
        getRaw(state, idx, IGNORE_STATS);
        boolean ignore = toBoolean(state, -1);
        pop(state, 1);
        return ignore;
    }

    /** An error already counted when the command inside the script failed is not counted again. */
    private static void writeErrorReply(Reply out, String message, boolean ignoreStats) {
        if (!ignoreStats) {
            out.error(message);
            return;
        }
        ByteBuf buf = out.buffer();
        buf.writeByte('-');
        for (byte b : message.getBytes(StandardCharsets.UTF_8)) buf.writeByte(b == '\r' || b == '\n' ? ' ' : b);
        buf.writeBytes(CRLF);
    }

    private String stringField(int table, byte[] key) {
        getRaw(state, table, key);
        String value = type(state, -1) == TSTRING || type(state, -1) == TNUMBER ? stringAt(-1) : null;
        pop(state, 1);
        return value;
    }

    /** The number of key/value pairs of the table at the absolute index (lua_next over it; the stack is left as it was). */
    private static int pairCount(long l, int table) {
        int count = 0;
        pushNil(l);
        while (next(l, table)) {
            count++;
            pop(l, 1);
        }
        return count;
    }

    /** Redis's luaReplyToRedisReply for the value at idx (absolute index). */
    private void writeReply(ScriptRun run, Reply out, int idx) {
        long l = state;
        switch (type(l, idx)) {
            case TSTRING -> {
                long p = toLString(l, idx, lengthOut);
                long len = readLong(lengthOut);
                ByteBuf buf = out.buffer();
                buf.writeByte('$');
                writeDecimal(buf, len);
                buf.writeBytes(CRLF);
                writeNative(buf, p, len);
                buf.writeBytes(CRLF);
            }
            case TBOOLEAN -> {
                boolean b = toBoolean(l, idx);
                if (run.resp() == 2) {
                    if (b) out.integer(1);
                    else out.nullBulk();
                } else {
                    out.bool(b);
                }
            }
            case TNUMBER -> out.integer(truncate(toNumber(l, idx)));
            case TTABLE -> writeTable(run, out, idx);
            default -> out.nullBulk();
        }
    }

    /** C's (long long) cast of a double on x86-64: out of range and NaN give LLONG_MIN. */
    static long truncate(double d) {
        return d >= -9.223372036854775808E18 && d < 9.223372036854775808E18 ? (long) d : Long.MIN_VALUE;
    }

    private void writeTable(ScriptRun run, Reply out, int idx) {
        long l = state;
        if (!checkStack(l, 4)) {
            out.error("ERR reached lua stack limit");
            return;
        }
        getRaw(l, idx, ERR);
        if (type(l, -1) == TSTRING) {
            pop(l, 1);
            String message = stringField(idx, ERR);
            writeErrorReply(out, message, ignoresStats(idx));
            return;
        }
        pop(l, 1);
        getRaw(l, idx, OK);
        if (type(l, -1) == TSTRING) {
            byte[] status = bytesAt(-1);
            pop(l, 1);
            ByteBuf buf = out.buffer();
            buf.writeByte('+');
            for (byte b : status) buf.writeByte(b == '\r' || b == '\n' ? ' ' : b);
            buf.writeBytes(CRLF);
            return;
        }
        pop(l, 1);
        getRaw(l, idx, DOUBLE);
        if (type(l, -1) == TNUMBER) {
            double d = toNumber(l, -1);
            pop(l, 1);
            out.doubleValue(d);
            return;
        }
        pop(l, 1);
        getRaw(l, idx, BIG_NUMBER);
        if (type(l, -1) == TSTRING) {
            byte[] big = bytesAt(-1);
            pop(l, 1);
            for (int i = 0; i < big.length; i++) if (big[i] == '\r' || big[i] == '\n') big[i] = ' ';
            if (out.resp3()) {
                ByteBuf buf = out.buffer();
                buf.writeByte('(');
                buf.writeBytes(big);
                buf.writeBytes(CRLF);
            } else {
                out.bulk(big);
            }
            return;
        }
        pop(l, 1);
        getRaw(l, idx, VERBATIM);
        if (type(l, -1) == TTABLE) {
            int v = getTop(l);
            getRaw(l, v, FORMAT);
            if (type(l, -1) == TSTRING) {
                byte[] format = bytesAt(-1);
                getRaw(l, v, STRING);
                if (type(l, -1) == TSTRING) {
                    byte[] text = bytesAt(-1);
                    pop(l, 3);
                    writeVerbatim(out, format, text);
                    return;
                }
                pop(l, 1);
            }
            pop(l, 1);
        }
        pop(l, 1);
        getRaw(l, idx, MAP);
        if (type(l, -1) == TTABLE) {
            int map = getTop(l);
            out.mapHeader(pairCount(l, map));
            pushNil(l);
            while (next(l, map)) {
                int top = getTop(l);
                writeReply(run, out, top - 1);
                writeReply(run, out, top);
                pop(l, 1);
            }
            pop(l, 1);
            return;
        }
        pop(l, 1);
        getRaw(l, idx, SET);
        if (type(l, -1) == TTABLE) {
            int set = getTop(l);
            out.setHeader(pairCount(l, set));
            pushNil(l);
            while (next(l, set)) {
                writeReply(run, out, getTop(l) - 1);
                pop(l, 1);
            }
            pop(l, 1);
            return;
        }
        pop(l, 1);
        int length = 0;
        while (true) {
            rawGetI(l, idx, length + 1);
            boolean nil = type(l, -1) == TNIL;
            pop(l, 1);
            if (nil) break;
            length++;
        }
        out.arrayHeader(length);
        for (int i = 1; i <= length; i++) {
            rawGetI(l, idx, i);
            writeReply(run, out, getTop(l));
            pop(l, 1);
        }
    }

    /** Redis's addReplyVerbatim: the format is exactly three characters, else replies carry "txt"-less bulk. */
    private static void writeVerbatim(Reply out, byte[] format, byte[] text) {
        ByteBuf buf = out.buffer();
        if (!out.resp3()) {
            out.bulk(text);
            return;
        }
        buf.writeByte('=');
        writeDecimal(buf, text.length + 4);
        buf.writeBytes(CRLF);
        for (int i = 0; i < 3; i++) buf.writeByte(i < format.length ? format[i] : 0);
        buf.writeByte(':');
        buf.writeBytes(text);
        buf.writeBytes(CRLF);
    }

    private static void writeDecimal(ByteBuf buf, long v) {
        buf.writeCharSequence(Long.toString(v), StandardCharsets.US_ASCII);
    }

    private static void writeNative(ByteBuf buf, long address, long length) {
        if (length == 0) return;
        MemorySegment src = MemorySegment.ofAddress(address).reinterpret(length);
        if (buf.hasMemoryAddress()) {
            buf.ensureWritable((int) length);
            MemorySegment dst = MemorySegment.ofAddress(buf.memoryAddress() + buf.writerIndex()).reinterpret(length);
            dst.copyFrom(src);
            buf.writerIndex(buf.writerIndex() + (int) length);
        } else {
            buf.writeBytes(src.asByteBuffer());
        }
    }

    // ---- values on the stack ---------------------------------------------------------------------------------------

    byte[] bytesAt(int idx) {
        long p = toLString(state, idx, lengthOut);
        if (p == 0) return null;
        return readBytes(p, readLong(lengthOut));
    }

    String stringAt(int idx) {
        byte[] b = bytesAt(idx);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /**
     * The arguments of a redis.call-like function (stack 1..n) as Redis 7.2's luaArgsToRedisArgv reads them:
     * numbers in fpconv's shortest round-trip form; null when one is neither string nor number.
     */
    byte[][] argsAsArgv(int argc) {
        long l = state;
        byte[][] argv = new byte[argc][];
        for (int i = 1; i <= argc; i++) {
            int t = type(l, i);
            if (t == TNUMBER) {
                int n = DoubleFormat.formatShortest(toNumber(l, i), numberDigits, 0);
                argv[i - 1] = java.util.Arrays.copyOf(numberDigits, n);
            } else if (t == TSTRING) {
                argv[i - 1] = bytesAt(i);
            } else {
                return null;
            }
        }
        return argv;
    }

    /** Pushes Redis's error table for a message in luaPushErrorBuff's form ("-CODE msg" or a bare message). */
    void pushErrorTable(String errorText, boolean ignoreStats) {
        String code, msg;
        if (errorText.startsWith("-")) {
            int sp = errorText.indexOf(' ');
            if (sp < 0) {
                code = "ERR";
                msg = errorText.substring(1);
            } else {
                code = errorText.substring(1, sp);
                msg = errorText.substring(sp + 1);
            }
        } else {
            code = "ERR";
            msg = errorText;
        }
        msg = trimNewlines(msg);
        long l = state;
        createTable(l, 0, 2);
        pushBytes(l, ERR);
        pushString(l, code + " " + msg);
        rawSet(l, -3);
        if (ignoreStats) {
            pushBytes(l, IGNORE_STATS);
            pushBoolean(l, true);
            rawSet(l, -3);
        }
    }

    private static String trimNewlines(String s) {
        int start = 0, end = s.length();
        while (start < end && (s.charAt(start) == '\r' || s.charAt(start) == '\n')) start++;
        while (end > start && (s.charAt(end - 1) == '\r' || s.charAt(end - 1) == '\n')) end--;
        return s.substring(start, end);
    }

    // ---- upcalls from the sandbox (never throw: an exception cannot cross into C) -------------------------------

    /** Runs an upcall's body on the stack of the Lua thread that made it. */
    int onThread(long l, java.util.function.IntSupplier body) {
        long outer = state;
        state = l;
        try {
            return body.getAsInt();
        } finally {
            state = outer;
        }
    }

    int redisCall(long l) {
        return onThread(l, () -> genericCall(true));
    }

    int redisPcall(long l) {
        return onThread(l, () -> genericCall(false));
    }

    private int genericCall(boolean raise) {
        long l = state;
        try {
            int argc = getTop(l);
            ScriptRun current = run;
            if (current == null) {
                setTop(l, 0);
                pushErrorTable("redis.call/pcall can only be called inside a script invocation", false);
                return raised(raise);
            }
            byte[][] argv = commandArgs(l, argc);
            if (argv == null) return raised(raise);
            String refusal = current.execute(argv);
            if (refusal != null) {
                pushErrorTable(refusal, true);
                return raised(raise);
            }
            boolean error = RespToLua.push(this, current.replyBuffer());
            return error ? raised(raise) : 1;
        } catch (Throwable t) {
            setTop(l, 0);
            pushErrorTable("ERR internal error: " + t, false);
            return raised(raise);
        }
    }

    /**
     * redis.call raises the error table on the top, pcall returns it. An upcall cannot raise (a longjmp across
     * Java frames would corrupt the JVM), so redis.call notes the caller's location in the table, keeps it as the
     * pending error and arms the thread's hook to fire at the caller's next instruction, where the sandbox's hook
     * raises it. A C caller (other than pcall, which the sandbox handles) gets the table as a value.
     */
    private int raised(boolean raise) {
        if (!raise) return 1;
        long l = state;
        if (!getStack(l, 1, debugInfo) || !getInfoWhat(l).equals("C")) {
            if (getStack(l, 1, debugInfo)) {
                getInfo(l, infoSourceLine, debugInfo);
                pushBytes(l, SOURCE);
                pushString(l, readCString(readLong(debugInfo + DEBUG_SOURCE)));
                rawSet(l, -3);
                pushBytes(l, LINE);
                pushNumber(l, readInt(debugInfo + DEBUG_CURRENTLINE));
                rawSet(l, -3);
            }
            pushValue(l, -1);
            rawSetI(l, REGISTRYINDEX, PENDING_ERROR);
            pendingErrorThread = l;
            setHook(l, getHook(l), getHookMask(l) | MASKCOUNT, 1);
        }
        return 1;
    }

    private String getInfoWhat(long l) {
        getInfo(l, infoSourceLine, debugInfo);
        String what = readCString(readLong(debugInfo + DEBUG_WHAT));
        return what == null ? "" : what;
    }

    int aclCheck(long l) {
        return onThread(l, () -> aclCheckHere(l));
    }

    /**
     * The arguments of redis.call / pcall / acl_check_cmd as a command line, taken off the stack; null after
     * pushing Redis's error table when there are none or one is neither a string nor a number.
     */
    private byte[][] commandArgs(long l, int argc) {
        if (argc == 0) {
            pushErrorTable("Please specify at least one argument for this redis lib call", false);
            return null;
        }
        byte[][] argv = argsAsArgv(argc);
        setTop(l, 0);
        if (argv == null) pushErrorTable("Lua redis lib command arguments must be strings or integers", false);
        return argv;
    }

    private int aclCheckHere(long l) {
        try {
            int argc = getTop(l);
            byte[][] argv = commandArgs(l, argc);
            if (argv == null) return raised(true);
            if (run == null || !run.commandExists(argv)) {
                pushErrorTable("Invalid command passed to redis.acl_check_cmd()", false);
                return raised(true);
            }
            pushBoolean(l, run.callerMayRun(argv));
            return 1;
        } catch (Throwable t) {
            setTop(l, 0);
            pushErrorTable("ERR internal error: " + t, false);
            return raised(true);
        }
    }

    int killCheck(long l) {
        ScriptRun current = run;
        if (loadDeadline != 0 && System.nanoTime() - loadDeadline > 0) {
            // Redis gives a library's load 500 ms; from then on every line fails
            hookNeedsRearming = true;
            pushBoolean(l, true);
            pushErrorTable("FUNCTION LOAD timeout", false);
            return 2;
        }
        if (pendingErrorThread == l) {
            pendingErrorThread = 0;
            pushBoolean(l, current != null && current.killRequested());
            rawGetI(l, REGISTRYINDEX, PENDING_ERROR);
            pushNil(l);
            rawSetI(l, REGISTRYINDEX, PENDING_ERROR);
            return 2;
        }
        boolean stop;
        try {
            stop = current != null && current.checkpoint();
        } catch (Throwable t) {
            Log.warning("Script hook failed: " + t);
            stop = current != null && current.killRequested();
        }
        pushBoolean(l, stop);
        return 1;
    }

    /** Redis's rand48: the next value divided by INT32_MAX, in [0, 1). */
    int randNext(long l) {
        rand48 = (rand48 * 0x5DEECE66DL + 0xB) & 0xFFFFFFFFFFFFL;
        long value = rand48 >>> 17;
        pushNumber(l, (double) (value % Integer.MAX_VALUE) / Integer.MAX_VALUE);
        return 1;
    }

    int randSeed(long l) {
        long seed = (long) toNumber(l, 1);
        rand48 = (((seed & 0xFFFFFFFFL) << 16) | 0x330EL) & 0xFFFFFFFFFFFFL;
        return 0;
    }

    int log(long l) {
        return onThread(l, () -> logHere());
    }

    private int logHere() {
        long l = state;
        try {
            int level = (int) toNumber(l, 1);
            String message = stringAt(2);
            Log.log(Log.Level.values()[Math.max(0, Math.min(3, level))], message);
        } catch (Throwable ignored) {
            // logging must never fail a script
        }
        return 0;
    }

    int sha1(long l) {
        return onThread(l, () -> sha1Here(l));
    }

    private int sha1Here(long l) {
        byte[] data = bytesAt(1);
        pushString(l, Sha1.hex(data == null ? new byte[0] : data));
        return 1;
    }

    int setResp(long l) {
        ScriptRun current = run;
        if (current != null) current.setResp((int) toNumber(l, 1));
        return 0;
    }

    // ---- state-wide --------------------------------------------------------------------------------------------

    /** Bytes the Lua state uses (used_memory_lua). */
    long memoryBytes() {
        return (long) gc(mainState, GCCOUNT, 0) * 1024 + gc(mainState, GCCOUNTB, 0);
    }

    @Override
    public void close() {
        closeState(mainState);
        arena.close();
    }

    private static void closeState(long l) {
        LuaApi.close(l);
    }
}
