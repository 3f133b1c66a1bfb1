package dev.cinnabar.diagnostics;

import dev.cinnabar.command.CommandFlag;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.server.Client;
import dev.cinnabar.server.Server;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the dispatcher tells the diagnostics about each executed command (Redis's call()): the latency monitor's
 * "command" / "fast-command" event, the slow log (a blocked command is logged when it completes or gives up) and
 * the MONITOR feed (after the command, so the commands run by EXEC appear before EXEC; scripts show themselves
 * before the commands they run; a command re-executed after blocking is not shown twice; admin commands and
 * those flagged skip_monitor are not shown).
 */
public final class Diagnostics {
    /** The script commands that feed the monitors before running (Redis's evalCommand / fcallCommand do so). */
    private static final Set<String> SHOWN_BEFORE_RUNNING = Set.of("eval", "eval_ro", "evalsha", "evalsha_ro",
            "fcall", "fcall_ro");

    private final Server server;
    private final SlowLog slowLog = new SlowLog();
    private final LatencyMonitor latency;
    private final Monitors monitors = new Monitors();
    /** Blocked clients' commands waiting to be logged when they complete, with the time of their first run. */
    private final Map<Client, Pending> blocked = new IdentityHashMap<>();

    private record Pending(byte[][] argv, int argc, long micros) {}

    /** The client whose command held by CLIENT PAUSE runs again now, or null. */
    private Client resumed;

    public Diagnostics(Server server) {
        this.server = server;
        this.latency = new LatencyMonitor(server.config().latencyMonitorThreshold::value);
    }

    public SlowLog slowLog() {
        return slowLog;
    }

    /** Where latency events are recorded (LATENCY LATEST / HISTORY / DOCTOR / GRAPH read them). */
    public LatencyMonitor latency() {
        return latency;
    }

    public Monitors monitors() {
        return monitors;
    }

    /** Before a command's handler runs. */
    public void beforeCall(Client client, CommandSpec cmd, byte[][] argv, int argc) {
        if (monitors.any() && SHOWN_BEFORE_RUNNING.contains(cmd.fullName())) feed(client, cmd, argv, argc);
    }

    /**
     * After a command's handler returned (the client may now be blocked in it); {@code outermost} unless the
     * command was run by another (EXEC, a script).
     */
    public void afterCall(Client client, CommandSpec cmd, byte[][] argv, int argc, long micros, boolean outermost) {
        latency.record(cmd.has(CommandFlag.FAST) ? "fast-command" : "command", micros / 1000);
        Pending earlier = blocked.isEmpty() ? null : blocked.remove(client);
        long total = micros + (earlier == null ? 0 : earlier.micros());
        if (client.blocked()) {
            blocked.put(client, new Pending(copy(argv, argc), argc, total));
        } else if (!cmd.has(CommandFlag.SKIP_SLOWLOG)) {
            logIfSlow(client, cmd, argv, argc, total);
        }
        // Redis's CMD_CALL_REPROCESSING: the client's own command run again after waiting (the commands EXEC runs
        // for it are not): a woken blocked command was shown when it blocked; Redis 7.2 never shows a command that
        // waited for the end of a CLIENT PAUSE
        boolean reprocessing = outermost && (client.reprocessedBlock() != null || client == resumed);
        if (monitors.any() && !reprocessing && !cmd.has(CommandFlag.SKIP_MONITOR) && !cmd.has(CommandFlag.ADMIN)) {
            feed(client, cmd, argv, argc);
        }
    }

    /** Runs the command a CLIENT PAUSE held, once the pause is over. */
    public void resume(Client client, Runnable execution) {
        Client previous = resumed;
        resumed = client;
        try {
            execution.run();
        } finally {
            resumed = previous;
        }
    }

    /** A blocked command that gave up (timeout, CLIENT UNBLOCK) or whose client left. */
    public void unblocked(Client client, CommandSpec cmd) {
        Pending p = blocked.remove(client);
        if (p != null && cmd != null && !cmd.has(CommandFlag.SKIP_SLOWLOG)) {
            logIfSlow(client, cmd, p.argv(), p.argc(), p.micros());
        }
    }

    /** An EXEC refused before running (EXECABORT): monitors see it, closing the MULTI they saw. */
    public void execAborted(Client client, CommandSpec exec, byte[][] argv, int argc) {
        if (monitors.any()) feed(client, exec, argv, argc);
    }

    /** After loading the AOF at start-up: replaying it is not command traffic (Redis records none of it). */
    public void forgetLoading() {
        slowLog.reset();
        latency.reset(null);
    }

    public void disconnected(Client client) {
        monitors.remove(client);
        blocked.remove(client);
    }

    private void logIfSlow(Client client, CommandSpec cmd, byte[][] argv, int argc, long micros) {
        long slowerThan = server.config().slowlogLogSlowerThan.value();
        if (slowerThan < 0) return; // disabled: not even trimmed
        if (micros < slowerThan) {
            slowLog.trim(server.config().slowlogMaxLen.value());
            return;
        }
        slowLog.push(Redaction.shown(cmd, argv, argc), argc, micros, client.connection().remoteAddress(), client.name(),
                server.config().slowlogMaxLen.value());
    }

    private void feed(Client client, CommandSpec cmd, byte[][] argv, int argc) {
        String origin = Monitors.origin(client, server.scripting().isScriptClient(client),
                server.config().unixsocket.value());
        monitors.feed(origin, client.dbIndex(), Redaction.shown(cmd, argv, argc), argc);
    }

    private static byte[][] copy(byte[][] argv, int argc) {
        byte[][] c = new byte[argc][];
        for (int i = 0; i < argc; i++) c[i] = argv[i].clone();
        return c;
    }
}
