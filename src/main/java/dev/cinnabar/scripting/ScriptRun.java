package dev.cinnabar.scripting;

import dev.cinnabar.command.CommandFlag;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.server.Client;
import dev.cinnabar.server.Server;
import io.netty.buffer.ByteBuf;

/**
 * One execution of a script or function (Redis's scriptRunCtx): who called it, the client its commands run as,
 * the read-only and write-dirty state, the RESP version chosen with redis.setresp, and the kill request.
 */
final class ScriptRun {
    private final Server server;
    private final Scripting scripting;
    private final String name;
    final Client caller;
    private final Client scriptClient;
    private final boolean readOnly;
    final boolean eval;
    private final ByteBuf replyBuffer;
    private final long startNanos = System.nanoTime();
    private boolean killRequested;
    private boolean wrote;
    /** The script declared allow-oom: it may write even when memory is over maxmemory. */
    boolean allowOom;
    private int resp = 2;
    private byte[] code = new byte[0];
    private byte[][] command = new byte[0][];

    ScriptRun(Server server, Scripting scripting, String name, Client caller, Client scriptClient, ByteBuf replyBuffer,
              boolean readOnly, boolean eval) {
        this.server = server;
        this.scripting = scripting;
        this.name = name;
        this.caller = caller;
        this.scriptClient = scriptClient;
        this.replyBuffer = replyBuffer;
        this.readOnly = readOnly;
        this.eval = eval;
        scriptClient.setDbIndex(caller.dbIndex());
        scriptClient.setProtocol(2);
        scriptClient.runAs(caller.user());
        scriptClient.setDenyBlocking(true);
    }

    /** The command that started the run (FUNCTION STATS reports it). */
    byte[][] command() {
        return command;
    }

    void setCommand(byte[][] argv, int argc) {
        this.command = java.util.Arrays.copyOf(argv, argc);
    }

    /** The script's source, for error locations. */
    void setCode(byte[] code) {
        this.code = code;
    }

    /** The 1-based line of the last "return" in the script's source (1 if it has none). */
    int lastReturnLine() {
        int at = -1;
        for (int i = code.length - 6; i >= 0 && at < 0; i--) {
            if (code[i] == 'r' && code[i + 1] == 'e' && code[i + 2] == 't' && code[i + 3] == 'u' && code[i + 4] == 'r'
                    && code[i + 5] == 'n') at = i;
        }
        int line = 1;
        for (int i = 0; i < at; i++) if (code[i] == '\n') line++;
        return line;
    }

    /** The name errors report: the script's SHA1, or the function's name. */
    String name() {
        return name;
    }

    int resp() {
        return resp;
    }

    void setResp(int resp) {
        this.resp = resp;
        scriptClient.setProtocol(resp);
    }

    long startNanos() {
        return startNanos;
    }

    /** The hook's check: lets other clients in past the busy threshold; true when the script must stop. */
    boolean checkpoint() {
        return scripting.checkpoint(this);
    }

    boolean killRequested() {
        return killRequested;
    }

    void kill() {
        killRequested = true;
    }

    /** True once the script ran a write command: it can no longer be killed (Redis's SCRIPT_WRITE_DIRTY). */
    boolean wrote() {
        return wrote;
    }

    ByteBuf replyBuffer() {
        return replyBuffer;
    }

    boolean commandExists(byte[][] argv) {
        CommandSpec cmd = server.commands().lookup(argv, 0, argv.length);
        return cmd != null && cmd.handler() != null;
    }

    /** redis.acl_check_cmd: whether the caller's user may run the (existing) command line. */
    boolean callerMayRun(byte[][] argv) {
        CommandSpec cmd = server.commands().lookup(argv, 0, argv.length);
        return server.acl().allows(caller.user(), cmd, argv, argv.length);
    }

    /**
     * Runs a command of redis.call/pcall with Redis's checks (scriptCall): returns the refusal text, or null
     * after the command wrote its reply into {@link #replyBuffer()}.
     */
    String execute(byte[][] argv) {
        CommandSpec cmd = server.commands().lookup(argv, 0, argv.length);
        if (cmd == null) return "Unknown Redis command called from script";
        if (!cmd.arityAccepts(argv.length)) return "Wrong number of args calling Redis command from script";
        if (cmd.handler() == null) return "Unknown Redis command called from script";
        if (cmd.has(CommandFlag.NOSCRIPT) && !scripting.denyScriptCommandsDisabled()) return "This Redis command is not allowed from script";
        if (!scriptClient.user().unrestricted()) {
            String denial = server.acl().scriptDenial(scriptClient, cmd, argv, argv.length);
            if (denial != null) return denial;
        }
        if (readOnly && (cmd.has(CommandFlag.WRITE) || cmd.has(CommandFlag.MAY_REPLICATE))) {
            return "Write commands are not allowed from read-only scripts.";
        }
        // maxmemory: a script that has not written yet may not start growing memory (Redis's scriptVerifyOOM)
        if (!allowOom && !wrote && cmd.has(CommandFlag.DENYOOM) && server.memory().preCommandOom()) {
            return "-" + dev.cinnabar.memory.MemoryManager.OOM_ERROR;
        }
        if (cmd.has(CommandFlag.WRITE)) wrote = true;
        replyBuffer.clear();
        scriptClient.reply().target(replyBuffer);
        server.dispatcher().executeForScript(cmd, scriptClient, argv, argv.length);
        return null;
    }
}
