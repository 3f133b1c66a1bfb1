package dev.cinnabar.command;

import dev.cinnabar.protocol.Reply;
import dev.cinnabar.server.Client;
import dev.cinnabar.server.Log;
import dev.cinnabar.server.Server;
import dev.cinnabar.transactions.TransactionCommands;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Runs one parsed request: finds the command, applies Redis's checks in Redis's order (unknown command or
 * subcommand, arity, authentication), runs the handler and keeps INFO commandstats / errorstats. The caller holds
 * the server's execution lock.
 */
public final class Dispatcher {
    private final Server server;
    /** Why writes are refused after a failed background save (stop-writes-on-bgsave-error). */
    private static final String MISCONF = "MISCONF Redis is configured to save RDB snapshots, but it's currently "
            + "unable to persist to disk. Commands that may modify the data set are disabled, because this instance "
            + "is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error "
            + "option). Please check the Redis logs for details about the RDB error.";
    /** Errors replied by commands run through {@link #call}: they make those commands failed, not EXEC. */
    private long nestedErrors;

    /** EXEC is never propagated itself: the commands it ran were (see Propagation). */
    private final CommandHandler execHandler;

    public Dispatcher(Server server) {
        this.server = server;
        CommandSpec exec = server.commands().original("exec");
        this.execHandler = exec == null ? null : exec.handler();
    }

    public void execute(Client client, byte[][] argv, int argc) {
        Reply reply = client.reply();
        server.keyspace().updateTime();
        long now = server.keyspace().now();
        client.touch(now);
        Client previousClient = server.enterClient(client);
        int mark = reply.buffer().writerIndex();
        boolean suppressed = client.repliesSuppressed();
        CommandSpec cmd = resolve(client, argv, argc);
        CommandSpec executed = null;
        if (cmd != null) {
            client.setLastCommand(cmd.fullName());
            // like Redis's processCommand: keep the client-side caching table within its limit first
            if (server.tracking().overLimit()) server.tracking().limitUsedSlots();
            String denial = server.protectedCommandDenial(cmd, client);
            String oom;
            if (denial != null) {
                reject(client, cmd, denial, argv, argc);
            } else if (client.authRequired() && !cmd.has(CommandFlag.NO_AUTH)) {
                reject(client, cmd, "NOAUTH Authentication required.", argv, argc);
            } else if (client.inMulti() && cmd.has(CommandFlag.NO_MULTI)) {
                reject(client, cmd, "ERR Command not allowed inside a transaction", argv, argc);
            } else if (!client.user().unrestricted()
                    && (denial = server.acl().commandDenial(client, cmd, argv, argc)) != null) {
                reject(client, cmd, denial, argv, argc); // ACL: a flag test for a user that may run everything
            } else if ((oom = server.memory().checkBeforeCommand(client, cmd, argv, argc)) != null) {
                reject(client, cmd, oom, argv, argc); // maxmemory: evicted what it could, and this may grow memory
            } else if ((cmd.has(CommandFlag.WRITE) || cmd.fullName().equals("ping"))
                    && (server.rdb().writesDenied() || server.aof().writesDenied())) {
                reject(client, cmd, server.rdb().writesDenied() ? MISCONF : server.aof().writeErrorReply(), argv, argc);
            } else if (client.inSubscribedMode() && !allowedWhenSubscribed(cmd)) {
                reject(client, cmd, "ERR Can't execute '" + cmd.fullName() + "': only (P|S)SUBSCRIBE / "
                        + "(P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context", argv, argc);
            } else if (server.scripting().busy() && !cmd.has(CommandFlag.ALLOW_BUSY)) {
                reject(client, cmd, server.scripting().busyError(), argv, argc);
            } else if (server.clientPause().postpones(client, cmd)) {
                server.clientPause().postpone(client, argv, argc); // CLIENT PAUSE: runs when the pause ends
            } else if (client.inMulti() && !runsInsideMulti(cmd)) {
                client.transaction().queue(cmd, argv, argc);
                reply.simple("QUEUED");
            } else {
                run(cmd, client, argv, argc);
                executed = cmd;
                server.propagation().endUnit();
            }
        }
        // CLIENT REPLY OFF / SKIP: the reply is dropped unless the command itself turned replies back on
        if (suppressed && client.repliesSuppressed()) reply.buffer().writerIndex(mark);
        // client-side caching: remember what a tracking client read, then the invalidations it caused for itself
        if (client.tracking() != null) server.tracking().afterCommand(client, executed, argv, argc);
        client.appendDeferredPushes();
        if (!client.postponed()) client.commandProcessed(); // a held command has not been processed yet
        // while a script runs on past the busy threshold, the data set is its alone
        if (server.blockedClients().hasReadyKeys() && !server.scripting().busy()) server.blockedClients().serveReadyKeys();
        server.enterClient(previousClient);
    }

    /**
     * Runs a command for a script (redis.call) on the script's client, after the script engine's own checks: a
     * nested call like a command inside EXEC (see {@link #call}).
     */
    public void executeForScript(CommandSpec cmd, Client scriptClient, byte[][] argv, int argc) {
        scriptClient.setLastCommand(cmd.fullName());
        call(scriptClient, cmd, argv, argc);
    }

    /** The command to run, or null after replying with the error that explains why there is none. */
    private CommandSpec resolve(Client client, byte[][] argv, int argc) {
        Reply reply = client.reply();
        CommandSpec cmd = server.commands().lookup(argv[0]);
        if (cmd == null) {
            flagTransaction(client);
            reply.error("ERR unknown command '" + clip(argv[0], 128) + "', with args beginning with: " + argsPreview(argv, argc));
            return null;
        }
        if (cmd.isContainer() && argc >= 2) {
            String subName = new String(argv[1], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
            CommandSpec sub = cmd.subcommands().get(subName);
            if (sub == null) {
                flagTransaction(client);
                reply.error("ERR unknown subcommand '" + clip(argv[1], 128) + "'. Try "
                        + new String(argv[0], StandardCharsets.UTF_8).toUpperCase(Locale.ROOT) + " HELP.");
                return null;
            }
            cmd = sub;
        }
        if (!cmd.arityAccepts(argc) || cmd.handler() == null) {
            reject(client, cmd, "ERR wrong number of arguments for '" + cmd.fullName() + "' command", argv, argc);
            return null;
        }
        return cmd;
    }

    /**
     * Runs a command inside EXEC (and, later, a script): no checks, no time update, no ready-key serving; the
     * command is counted in commandstats like a top-level one.
     */
    public void call(Client client, CommandSpec cmd, byte[][] argv, int argc) {
        int errorsBefore = client.reply().errorCount();
        run(cmd, client, argv, argc);
        nestedErrors += client.reply().errorCount() - errorsBefore;
        Client origin = server.currentClient();
        if (origin != null && origin.tracking() != null) server.tracking().rememberRead(origin, cmd, argv, argc);
    }

    private void run(CommandSpec cmd, Client client, byte[][] argv, int argc) {
        Reply reply = client.reply();
        CommandContext ctx = client.context();
        ctx.bind(cmd, argv, argc);
        server.keyspace().setTouchKeys(!client.noTouch());
        int errorsBefore = reply.errorCount();
        long nestedBefore = nestedErrors;
        int replyStart = reply.buffer().writerIndex();
        long start = System.nanoTime();
        Client outer = server.setExecutingClient(client);
        server.diagnostics().beforeCall(client, cmd, argv, argc);
        server.propagation().enterCall();
        try {
            cmd.handler().execute(ctx);
        } catch (RedisError e) {
            reply.error(e.getMessage());
        } catch (OutOfMemoryError e) {
            // the heap guard keeps data well below the heap's limit, so this is one oversized command: refuse it
            // and keep serving (what it changed before failing stays changed, as after a failed write in Redis)
            reply.buffer().writerIndex(replyStart);
            Log.warning("Out of memory running '" + cmd.fullName() + "'");
            reply.error(dev.cinnabar.memory.MemoryManager.OOM_ERROR);
        } catch (RuntimeException e) {
            // a bug, not the client's fault: drop any half-written reply and answer with an error, so the client
            // neither hangs nor reads a broken stream
            Log.warning("Internal error in '" + cmd.fullName() + "': " + stackTrace(e));
            reply.buffer().writerIndex(replyStart);
            String what = String.valueOf(e).replace('\r', ' ').replace('\n', ' ');
            reply.error("ERR internal error in '" + cmd.fullName() + "': " + what);
        } finally {
            server.keyspace().setTouchKeys(true);
            server.setExecutingClient(outer);
            server.propagation().exitCall(client.dbIndex(), argv, argc, cmd.handler() == execHandler, client.blocked());
        }
        long micros = (System.nanoTime() - start) / 1000;
        server.diagnostics().afterCall(client, cmd, argv, argc, micros, outer == null); // latency, slow log, MONITOR
        if (client.blocked()) {
            client.setBlockedCommand(cmd); // counted once, when it is served or gives up
            return;
        }
        record(cmd, micros, reply.errorCount() - errorsBefore > nestedErrors - nestedBefore);
    }

    /** The commands that run at once inside MULTI instead of being queued. */
    private static boolean runsInsideMulti(CommandSpec cmd) {
        return switch (cmd.fullName()) {
            case "exec", "discard", "multi", "watch", "quit", "reset" -> true;
            default -> false;
        };
    }

    /** The commands a RESP2 client may run while subscribed. */
    private static boolean allowedWhenSubscribed(CommandSpec cmd) {
        return switch (cmd.fullName()) {
            case "subscribe", "unsubscribe", "psubscribe", "punsubscribe", "ssubscribe", "sunsubscribe",
                 "ping", "quit", "reset" -> true;
            default -> false;
        };
    }

    /** A blocked command that timed out or was unblocked counts as one call, as in Redis. */
    public void recordUnblockedCall(Client client, boolean failed) {
        CommandSpec cmd = client.blockedCommand();
        if (cmd != null) record(cmd, 0, failed);
        server.diagnostics().unblocked(client, cmd);
    }

    private void record(CommandSpec cmd, long micros, boolean failed) {
        cmd.microseconds += micros;
        cmd.calls++;
        // Redis measures in microseconds and records nanoseconds: the histogram sees whole microseconds too
        if (server.config().latencyTracking.value()) cmd.recordLatency(micros * 1000);
        server.stats().totalCommandsProcessed++; // executed ones only: rejected commands do not count
        server.stats().eventLoopCommandDurationSum += micros;
        if (failed) cmd.failedCalls++; // the dirty counter follows the changes themselves (server.DirtyCounter)
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    /**
     * Redis's rejectCommand: counts the rejection and answers the error; inside MULTI the transaction is doomed,
     * and a rejected EXEC discards it with EXECABORT.
     */
    private void reject(Client client, CommandSpec cmd, String error, byte[][] argv, int argc) {
        cmd.rejectedCalls++;
        flagTransaction(client);
        if (client.inMulti() && cmd.fullName().equals("exec")) {
            TransactionCommands.abort(client, error);
            server.diagnostics().execAborted(client, cmd, argv, argc);
        } else {
            client.reply().error(error);
        }
    }

    private static void flagTransaction(Client client) {
        if (client.inMulti()) client.transaction().flagError();
    }

    /** Redis's "'a' 'b' " preview of the arguments after the command name, cut at about 128 bytes. */
    private static String argsPreview(byte[][] argv, int argc) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < argc && sb.length() < 128; i++) {
            sb.append('\'').append(clip(argv[i], 128 - sb.length())).append("' ");
        }
        return sb.toString();
    }

    private static String clip(byte[] arg, int max) {
        return new String(arg, 0, Math.min(arg.length, Math.max(0, max)), StandardCharsets.UTF_8);
    }
}
