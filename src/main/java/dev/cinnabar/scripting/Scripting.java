package dev.cinnabar.scripting;

import dev.cinnabar.command.RedisError;
import dev.cinnabar.protocol.ArgSplitter;
import dev.cinnabar.server.Client;
import dev.cinnabar.server.Log;
import dev.cinnabar.server.Server;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's scripting state: the EVAL script cache (SHA1 → compiled function, kept until SCRIPT FLUSH), the
 * Lua state (created on first use) and the script running, possibly past the busy threshold. Everything here is
 * used under the server's execution lock, on the I/O thread that runs the script.
 */
public final class Scripting {
    static final String BUSY_EVAL = "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
    static final String BUSY_FUNCTION = "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.";
    static final String NOSCRIPT = "NOSCRIPT No matching script. Please use EVAL.";

    /** Script flags (shebang "flags=" and function flags). */
    static final int FLAG_NO_WRITES = 1, FLAG_ALLOW_OOM = 2, FLAG_ALLOW_STALE = 4, FLAG_NO_CLUSTER = 8,
            FLAG_ALLOW_CROSS_SLOT = 16, FLAG_EVAL_COMPAT = 32;

    /** A cached EVAL script. */
    record Script(String sha, byte[] body, int function, int flags) {}

    private final Server server;
    private final Map<String, Script> scripts = new HashMap<>();
    private final FunctionLibraries functions = new FunctionLibraries();
    private long scriptsBodyBytes;
    private LuaEngine engine;
    private Client scriptClient;
    private final ByteBuf commandReplies = Unpooled.buffer(256);
    /** The script running past busy-reply-threshold, or null. */
    private ScriptRun busy;
    /** The script or function running, or null. */
    private ScriptRun running;

    public Scripting(Server server) {
        this.server = server;
    }

    // ---- state seen by the rest of the server ------------------------------------------------------------------

    /** True while a script runs past busy-reply-threshold: commands without allow-busy are answered -BUSY. */
    /** DEBUG SET-DISABLE-DENY-SCRIPTS: when set, scripts may call commands flagged noscript (a testing aid). */
    private boolean denyScriptCommandsDisabled;

    public void setDenyScriptCommandsDisabled(boolean disabled) {
        denyScriptCommandsDisabled = disabled;
    }

    boolean denyScriptCommandsDisabled() {
        return denyScriptCommandsDisabled;
    }

    public boolean busy() {
        return busy != null;
    }

    /** The -BUSY error for the script now running (EVAL and FCALL name different KILL commands). */
    public String busyError() {
        ScriptRun run = busy;
        return run == null || run.eval ? BUSY_EVAL : BUSY_FUNCTION;
    }

    public int cachedScripts() {
        return scripts.size();
    }

    /** Memory of the scripts' bodies and cache entries (used_memory_scripts_eval). */
    public long scriptsMemory() {
        return scriptsBodyBytes;
    }

    /** Bytes used by the EVAL Lua state (used_memory_lua); zero before the first script creates it. */
    public long luaMemory() {
        return engine == null ? 0 : engine.memoryBytes();
    }

    public int functionCount() {
        return functions.functionCount();
    }

    /** The code of every function library, in load order: what RDB files and AOF bases carry. */
    public java.util.List<byte[]> libraryCodes() {
        java.util.List<byte[]> codes = new java.util.ArrayList<>();
        for (FunctionLibraries.Library library : functions.libraries().values()) codes.add(library.code());
        return codes;
    }

    /**
     * A library read from an RDB file or AOF base, loaded as FUNCTION LOAD would (without REPLACE: a name loaded
     * twice is an error, which stops the load, as in Redis).
     */
    public void loadLibrary(byte[] code) {
        loadLibrary(code, false);
    }

    /** As above; with replace a library of the same name is replaced (DEBUG RELOAD MERGE). */
    public void loadLibrary(byte[] code, boolean replace) {
        functions.load(code, replace);
    }

    /** Drops every function library (the dataset is being replaced). */
    public void flushLibraries() {
        functions.flush();
    }

    public int libraryCount() {
        return functions.libraries().size();
    }

    /** Bytes used by the FUNCTION Lua state (used_memory_vm_functions). */
    public long functionsLuaMemory() {
        return functions.luaMemory();
    }

    /** The libraries' code (used_memory_functions). */
    public long functionsMemory() {
        return functions.codeBytes();
    }

    FunctionLibraries functions() {
        return functions;
    }

    /** The script running now (for FUNCTION STATS), or null. */
    ScriptRun running() {
        return running;
    }

    // ---- engine ------------------------------------------------------------------------------------------------

    LuaEngine engine() {
        if (engine == null) engine = new LuaEngine(ScriptLibraries.create());
        return engine;
    }

    /** True for the client scripts run their commands as (MONITOR shows its commands as coming from "lua"). */
    public boolean isScriptClient(Client client) {
        return client != null && client == scriptClient;
    }

    private Client scriptClient() {
        if (scriptClient == null) {
            scriptClient = new Client(0, server, new ScriptConnection());
            scriptClient.logIn(server.acl().defaultUser());
        }
        return scriptClient;
    }

    // ---- the script cache ----------------------------------------------------------------------------------------

    /**
     * The part of Redis 7.2's evalGetCommandFlags / fcallGetCommandFlags that maxmemory needs: whether the script an
     * EVAL[SHA][_RO] or FCALL[_RO] names declares that it may write and did not declare allow-oom, which makes the
     * command itself one that may grow memory. Scripts without a shebang and unknown scripts or functions: false
     * (they are checked at their first write instead).
     */
    public boolean declaresDenyOom(String command, byte[][] argv, int argc) {
        if (argc < 2) return false;
        int flags;
        switch (command) {
            case "eval", "eval_ro" -> {
                Script cached = scripts.get(Sha1.hex(argv[1]));
                try {
                    flags = cached != null ? cached.flags() : Shebang.parse(argv[1]).flags();
                } catch (RedisError invalidShebang) {
                    return false;
                }
            }
            case "evalsha", "evalsha_ro" -> {
                Script cached = argv[1].length == 40 ? lookup(new String(argv[1], StandardCharsets.ISO_8859_1)
                        .toLowerCase(java.util.Locale.ROOT)) : null;
                if (cached == null) return false;
                flags = cached.flags();
            }
            case "fcall", "fcall_ro" -> {
                FunctionLibraries.Function f = functions.function(new String(argv[1], StandardCharsets.UTF_8));
                if (f == null) return false;
                flags = f.flags();
            }
            default -> {
                return false;
            }
        }
        return (flags & (FLAG_EVAL_COMPAT | FLAG_ALLOW_OOM | FLAG_NO_WRITES)) == 0;
    }

    Script lookup(String sha) {
        return scripts.get(sha);
    }

    /** Redis's luaCreateFunction: the cached script for this body, compiling and caching it if needed. */
    Script load(byte[] body) {
        String sha = Sha1.hex(body);
        Script script = scripts.get(sha);
        if (script != null) return script;
        Shebang shebang = Shebang.parse(body);
        int function;
        try {
            function = engine().compile(body, shebang.length(), body.length - shebang.length());
        } catch (LuaEngine.CompileError e) {
            throw new RedisError("ERR Error compiling script (new function): " + e.getMessage());
        }
        script = new Script(sha, body, function, shebang.flags());
        scripts.put(sha, script);
        scriptsBodyBytes += body.length + 40;
        return script;
    }

    /** SCRIPT FLUSH: forgets every script; Redis starts a fresh Lua state too. */
    void flush() {
        scripts.clear();
        scriptsBodyBytes = 0;
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    // ---- running -----------------------------------------------------------------------------------------------

    /**
     * Runs a script for the caller (EVAL/EVALSHA[_RO]): keys and arguments are taken from argv; the reply is
     * written to the caller.
     */
    void run(Script script, Client caller, byte[][] argv, int firstKey, int numKeys, int numArgs, boolean ro) {
        if ((script.flags() & FLAG_EVAL_COMPAT) == 0 && (script.flags() & FLAG_NO_WRITES) == 0 && ro) {
            throw new RedisError("ERR Can not execute a script with write flag using *_ro command.");
        }
        boolean readOnly = ro || ((script.flags() & FLAG_EVAL_COMPAT) == 0 && (script.flags() & FLAG_NO_WRITES) != 0);
        checkOom(script.flags());
        ScriptRun run = new ScriptRun(server, this, script.sha(), caller, scriptClient(), commandReplies, readOnly, true);
        run.allowOom = (script.flags() & FLAG_EVAL_COMPAT) == 0 && (script.flags() & FLAG_ALLOW_OOM) != 0;
        run.setCode(script.body());
        run.setCommand(argv, firstKey + numKeys + numArgs);
        LuaEngine lua = engine();
        execute(run, () -> lua.invoke(run, script.function(), argv, firstKey, numKeys, numArgs), lua);
    }

    /**
     * Runs the script on this I/O thread, then writes its reply. A script that passes busy-reply-threshold lets
     * the other clients in from its kill hook ({@link #checkpoint}), as Redis does.
     */
    private void execute(ScriptRun run, Runnable body, LuaEngine lua) {
        // a script inside EXEC keeps the transaction's clock: one execution unit
        if (!server.propagation().nestedCall()) server.keyspace().refreshCachedClock();
        running = run;
        try {
            body.run();
            lua.writeResult(run, run.caller.reply());
        } finally {
            busy = null;
            running = null;
        }
    }

    /**
     * Called from the script's hook every 100000 Lua instructions: past busy-reply-threshold, the script is
     * declared busy and the other clients' input is read and run (they get -BUSY, or SCRIPT KILL...). Returns
     * whether the script must stop.
     */
    boolean checkpoint(ScriptRun run) {
        long threshold = server.config().busyReplyThreshold.value();
        if (busy == null) {
            if (threshold <= 0 || System.nanoTime() - run.startNanos() < threshold * 1_000_000) return run.killRequested();
            Log.warning("Slow script detected: still in execution after " + threshold + " milliseconds. "
                    + "You can try killing the script using the " + (run.eval ? "SCRIPT KILL" : "FUNCTION KILL")
                    + " command. Script name is: " + run.name() + ".");
            busy = run;
        }
        // as Redis: the cached clock (the script's TIME) moves on, the script's own command time does not
        long commandTime = server.keyspace().now();
        run.caller.connection().runQueuedTasks();
        for (Client client : server.clients().values().toArray(new Client[0])) {
            if (client != run.caller) client.connection().readWhileBusy();
        }
        server.keyspace().setTime(commandTime);
        server.keyspace().refreshCachedClock();
        return run.killRequested();
    }

    /**
     * Redis 7.2 refuses to start a script that declares it may write (a shebang or a function without no-writes
     * or allow-oom) while memory is over maxmemory.
     */
    private void checkOom(int flags) {
        if ((flags & FLAG_EVAL_COMPAT) != 0 || (flags & (FLAG_ALLOW_OOM | FLAG_NO_WRITES)) != 0) return;
        if (server.memory().preCommandOom()) {
            throw new RedisError("OOM allow-oom flag is not set on the script, can not run it when used memory > "
                    + "'maxmemory'");
        }
    }

    /** FCALL / FCALL_RO. */
    void call(FunctionLibraries.Function function, Client caller, byte[][] argv, int firstKey, int numKeys, int numArgs,
              boolean ro, int argc) {
        int flags = function.flags();
        if ((flags & FLAG_NO_WRITES) == 0 && ro) {
            throw new RedisError("ERR Can not execute a script with write flag using *_ro command.");
        }
        checkOom(flags);
        ScriptRun run = new ScriptRun(server, this, function.name(), caller, scriptClient(), commandReplies,
                ro || (flags & FLAG_NO_WRITES) != 0, false);
        run.allowOom = (flags & FLAG_ALLOW_OOM) != 0;
        run.setCode(function.library().code());
        run.setCommand(argv, argc);
        LuaEngine lua = functions.engine();
        execute(run, () -> lua.invokeFunction(run, function.slot(), argv, firstKey, numKeys, numArgs), lua);
    }

    /** SCRIPT KILL (eval true) / FUNCTION KILL: Redis's scriptKill. */
    void kill(boolean eval) {
        ScriptRun run = busy;
        if (run == null) throw new RedisError("NOTBUSY No scripts in execution right now.");
        if (run.wrote()) {
            throw new RedisError("UNKILLABLE Sorry the script already executed write commands against the dataset. "
                    + "You can either wait the script termination or kill the server in a hard way using the "
                    + "SHUTDOWN NOSAVE command.");
        }
        if (eval && !run.eval) throw new RedisError(BUSY_FUNCTION);
        if (!eval && run.eval) throw new RedisError(BUSY_EVAL);
        run.kill();
    }

    // ---- shebang -----------------------------------------------------------------------------------------------

    /** A script's "#!lua flags=..." first line: its flags and length (the newline stays part of the code). */
    record Shebang(int flags, int length) {
        static Shebang parse(byte[] body) {
            if (body.length < 2 || body[0] != '#' || body[1] != '!') return new Shebang(FLAG_EVAL_COMPAT, 0);
            int end = -1;
            for (int i = 0; i < body.length; i++) {
                if (body[i] == '\n') {
                    end = i;
                    break;
                }
            }
            if (end < 0) throw new RedisError("ERR Invalid script shebang");
            List<byte[]> parts = ArgSplitter.split(body, 0, end);
            if (parts == null || parts.isEmpty()) throw new RedisError("ERR Invalid engine in script shebang");
            String engine = new String(parts.get(0), StandardCharsets.UTF_8);
            if (!engine.equals("#!lua")) throw new RedisError("ERR Unexpected engine in script shebang: " + engine);
            int flags = 0;
            for (int i = 1; i < parts.size(); i++) {
                String part = new String(parts.get(i), StandardCharsets.UTF_8);
                if (!part.startsWith("flags=")) throw new RedisError("ERR Unknown lua shebang option: " + part);
                flags |= parseFlags(part.substring(6), "ERR Unexpected flag in script shebang: ");
            }
            return new Shebang(flags, end);
        }
    }

    /** Comma-separated script flags; an unknown one is an error with the given prefix. */
    static int parseFlags(String list, String errorPrefix) {
        int flags = 0;
        if (list.isEmpty()) return 0;
        for (String flag : list.split(",", -1)) {
            flags |= switch (flag) {
                case "no-writes" -> FLAG_NO_WRITES;
                case "allow-oom" -> FLAG_ALLOW_OOM;
                case "allow-stale" -> FLAG_ALLOW_STALE;
                case "no-cluster" -> FLAG_NO_CLUSTER;
                case "allow-cross-slot-keys" -> FLAG_ALLOW_CROSS_SLOT;
                default -> throw new RedisError(errorPrefix + flag);
            };
        }
        return flags;
    }

    static List<String> flagNames(int flags) {
        List<String> names = new ArrayList<>();
        if ((flags & FLAG_NO_WRITES) != 0) names.add("no-writes");
        if ((flags & FLAG_ALLOW_OOM) != 0) names.add("allow-oom");
        if ((flags & FLAG_ALLOW_STALE) != 0) names.add("allow-stale");
        if ((flags & FLAG_NO_CLUSTER) != 0) names.add("no-cluster");
        if ((flags & FLAG_ALLOW_CROSS_SLOT) != 0) names.add("allow-cross-slot-keys");
        return names;
    }
}
