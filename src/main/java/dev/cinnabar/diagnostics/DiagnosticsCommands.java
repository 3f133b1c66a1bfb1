package dev.cinnabar.diagnostics;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Help;
import dev.cinnabar.command.LatencyHistogram;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.protocol.Reply;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** MONITOR, SLOWLOG and LATENCY. */
public final class DiagnosticsCommands {
    private static final RedisError BAD_COUNT = new RedisError("ERR count should be greater than or equal to -1");

    private DiagnosticsCommands() {}

    public static void register(CommandTable.Builder table) {
        table.handle("monitor", DiagnosticsCommands::monitor)
                .handle("slowlog|get", DiagnosticsCommands::slowlogGet)
                .handle("slowlog|len", ctx -> ctx.reply().integer(diagnostics(ctx).slowLog().length()))
                .handle("slowlog|reset", ctx -> {
                    diagnostics(ctx).slowLog().reset();
                    ctx.reply().ok();
                })
                .handle("slowlog|help", DiagnosticsCommands::slowlogHelp)
                .handle("latency|latest", DiagnosticsCommands::latencyLatest)
                .handle("latency|history", DiagnosticsCommands::latencyHistory)
                .handle("latency|reset", DiagnosticsCommands::latencyReset)
                .handle("latency|doctor", DiagnosticsCommands::latencyDoctor)
                .handle("latency|graph", DiagnosticsCommands::latencyGraph)
                .handle("latency|histogram", DiagnosticsCommands::latencyHistogram)
                .handle("latency|help", DiagnosticsCommands::latencyHelp);
    }

    private static Diagnostics diagnostics(CommandContext ctx) {
        return ctx.server().diagnostics();
    }

    /**
     * MONITOR: from now on the client receives a line for every command executed. Refused inside MULTI (and
     * scripts), where a client expects one reply per command; a second MONITOR changes nothing.
     */
    static void monitor(CommandContext ctx) {
        if (ctx.client().denyBlocking()) throw new RedisError("ERR MONITOR isn't allowed for DENY BLOCKING client");
        if (ctx.client().monitoring()) return;
        ctx.client().setMonitoring();
        diagnostics(ctx).monitors().add(ctx.client());
        ctx.reply().ok();
    }

    static void slowlogGet(CommandContext ctx) {
        if (ctx.argc() > 3) throw Help.unknownSubcommand(ctx);
        long count = 10;
        if (ctx.argc() == 3) {
            count = Numbers.parseLong(ctx.arg(2), BAD_COUNT);
            if (count < -1) throw BAD_COUNT;
        }
        diagnostics(ctx).slowLog().reply(ctx.reply(), count);
    }

    static void slowlogHelp(CommandContext ctx) {
        Help.reply(ctx,
                "GET [<count>]",
                "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
                "    Entries are made of:",
                "    id, timestamp, time in microseconds, arguments array, client IP and port,",
                "    client name",
                "LEN",
                "    Return the length of the slowlog.",
                "RESET",
                "    Reset the slowlog.");
    }

    static void latencyLatest(CommandContext ctx) {
        Map<String, LatencyMonitor.Series> events = diagnostics(ctx).latency().events();
        Reply reply = ctx.reply();
        reply.arrayHeader(events.size());
        for (Map.Entry<String, LatencyMonitor.Series> e : events.entrySet()) {
            LatencyMonitor.Series ts = e.getValue();
            int last = ts.last();
            reply.arrayHeader(4);
            reply.bulk(e.getKey());
            reply.integer(ts.times[last]);
            reply.integer(ts.latencies[last]);
            reply.integer(ts.max);
        }
    }

    static void latencyHistory(CommandContext ctx) {
        LatencyMonitor.Series ts = diagnostics(ctx).latency().series(ctx.argString(2));
        Reply reply = ctx.reply();
        if (ts == null) {
            reply.arrayHeader(0);
            return;
        }
        List<Integer> filled = new ArrayList<>();
        for (int j = 0; j < LatencyMonitor.HISTORY; j++) {
            int i = (ts.next + j) % LatencyMonitor.HISTORY;
            if (ts.times[i] != 0) filled.add(i);
        }
        reply.arrayHeader(filled.size());
        for (int i : filled) {
            reply.arrayHeader(2);
            reply.integer(ts.times[i]);
            reply.integer(ts.latencies[i]);
        }
    }

    static void latencyReset(CommandContext ctx) {
        LatencyMonitor latency = diagnostics(ctx).latency();
        if (ctx.argc() == 2) {
            ctx.reply().integer(latency.reset(null));
            return;
        }
        int resets = 0;
        for (int j = 2; j < ctx.argc(); j++) resets += latency.reset(ctx.argString(j));
        ctx.reply().integer(resets);
    }

    static void latencyDoctor(CommandContext ctx) {
        var config = ctx.server().config();
        LatencyReport.Settings settings = new LatencyReport.Settings(config.slowlogLogSlowerThan.value(),
                config.latencyMonitorThreshold.value(), config.effectiveHz(),
                config.appendfsync.value().equals("always"));
        ctx.reply().verbatim(LatencyReport.doctor(diagnostics(ctx).latency(), settings));
    }

    static void latencyGraph(CommandContext ctx) {
        String event = ctx.argString(2);
        LatencyMonitor.Series ts = diagnostics(ctx).latency().series(event);
        if (ts == null) throw new RedisError("ERR No samples available for event '" + event + "'");
        ctx.reply().verbatim(LatencyReport.graph(event, ts));
    }

    /** LATENCY HISTOGRAM [command ...]: each command's calls and cumulative latency distribution. */
    static void latencyHistogram(CommandContext ctx) {
        List<CommandSpec> withData = new ArrayList<>();
        if (ctx.argc() == 2) {
            collect(ctx.server().commands().all(), withData);
        } else {
            for (int j = 2; j < ctx.argc(); j++) {
                CommandSpec cmd = ctx.server().commands().lookupFullName(ctx.argString(j));
                if (cmd == null) continue;
                if (cmd.latency() != null) withData.add(cmd);
                for (CommandSpec sub : cmd.subcommands().values()) if (sub.latency() != null) withData.add(sub);
            }
        }
        Reply reply = ctx.reply();
        reply.mapHeader(withData.size());
        for (CommandSpec cmd : withData) {
            reply.bulk(cmd.fullName());
            distribution(reply, cmd.latency());
        }
    }

    private static void collect(Collection<CommandSpec> commands, List<CommandSpec> withData) {
        for (CommandSpec c : commands) {
            if (c.latency() != null) withData.add(c);
            if (c.isContainer()) collect(c.subcommands().values(), withData);
        }
    }

    private static void distribution(Reply reply, LatencyHistogram histogram) {
        reply.mapHeader(2);
        reply.bulk("calls");
        reply.integer(histogram.totalCount());
        reply.bulk("histogram_usec");
        List<long[]> steps = new ArrayList<>();
        long[] previous = {0};
        histogram.forEachLogStep(1024, 2, (highest, cumulative) -> {
            if (cumulative > previous[0]) steps.add(new long[] {highest / 1000, cumulative});
            previous[0] = cumulative;
        });
        reply.mapHeader(steps.size());
        for (long[] s : steps) {
            reply.integer(s[0]);
            reply.integer(s[1]);
        }
    }

    static void latencyHelp(CommandContext ctx) {
        Help.reply(ctx,
                "DOCTOR",
                "    Return a human readable latency analysis report.",
                "GRAPH <event>",
                "    Return an ASCII latency graph for the <event> class.",
                "HISTORY <event>",
                "    Return time-latency samples for the <event> class.",
                "LATEST",
                "    Return the latest latency samples for all events.",
                "RESET [<event> ...]",
                "    Reset latency data of one or more <event> classes.",
                "    (default: reset all data for all event classes)",
                "HISTOGRAM [COMMAND ...]",
                "    Return a cumulative distribution of latencies in the format of a histogram for the specified "
                        + "command names.",
                "    If no commands are specified then all histograms are replied.");
    }
}
