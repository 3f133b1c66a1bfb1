package dev.cinnabar.admin;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Help;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.config.ConfigParam;
import dev.cinnabar.config.ConfigRewrite;
import dev.cinnabar.server.Log;
import dev.cinnabar.config.ServerConfig;
import dev.cinnabar.keyspace.Glob;
import dev.cinnabar.server.Server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** CONFIG GET, SET, RESETSTAT and HELP. */
final class ConfigCommands {
    private ConfigCommands() {}

    static void register(CommandTable.Builder table) {
        table.handle("config|get", ConfigCommands::get)
                .handle("config|set", ConfigCommands::set)
                .handle("config|resetstat", ConfigCommands::resetStat)
                .handle("config|rewrite", ConfigCommands::rewrite)
                .handle("config|help", ConfigCommands::help);
    }

    static void help(CommandContext ctx) {
        Help.reply(ctx,
                "GET <pattern>",
                "    Return parameters matching the glob-like <pattern> and their values.",
                "SET <directive> <value>",
                "    Set the configuration <directive> to <value>.",
                "RESETSTAT",
                "    Reset statistics reported by the INFO command.",
                "REWRITE",
                "    Rewrite the configuration file.");
    }

    /**
     * CONFIG GET pattern [pattern ...]: a map of every parameter matched, each once. A plain name is looked up
     * case-insensitively and answered under the name as given; a glob (with *, ? or [) matches parameter names
     * and aliases without regard to case.
     */
    static void get(CommandContext ctx) {
        ServerConfig config = ctx.server().config();
        Map<String, Map.Entry<String, ConfigParam>> matches = new LinkedHashMap<>(); // lower-case key -> (name, param)
        for (int i = 2; i < ctx.argc(); i++) {
            String pattern = ctx.argString(i);
            if (!isGlob(pattern)) {
                ConfigParam p = config.find(pattern);
                if (p != null) matches.putIfAbsent(pattern.toLowerCase(Locale.ROOT), Map.entry(pattern, p));
                continue;
            }
            for (ConfigParam p : config.all()) {
                for (String name : namesOf(p)) {
                    if (!matches.containsKey(p.name()) && Glob.matches(pattern, name, true)) {
                        matches.put(name, Map.entry(name, p));
                    }
                }
            }
        }
        ctx.reply().mapHeader(matches.size());
        for (Map.Entry<String, ConfigParam> m : matches.values()) {
            ctx.reply().bulk(m.getKey());
            ctx.reply().bulk(m.getValue().get());
        }
    }

    private static boolean isGlob(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0 || pattern.indexOf('[') >= 0;
    }

    private static List<String> namesOf(ConfigParam p) {
        List<String> names = new ArrayList<>();
        names.add(p.name());
        names.addAll(p.aliases());
        return names;
    }

    /**
     * CONFIG SET name value [name value ...]: all or nothing. Every name is checked first (unknown, immutable,
     * protected, given twice), then the values are set and applied together, and restored if one fails.
     */
    static void set(CommandContext ctx) {
        if ((ctx.argc() & 1) != 0) throw RedisError.SYNTAX;
        Server server = ctx.server();
        List<ConfigParam> params = new ArrayList<>();
        List<String> values = new ArrayList<>();
        List<String> givenNames = new ArrayList<>(); // errors name a parameter the way the client spelled it
        String unknown = null, failedArg = null, reason = null;
        for (int i = 2; i < ctx.argc(); i += 2) {
            String name = ctx.argString(i);
            ConfigParam p = server.config().find(name);
            if (p == null) {
                if (unknown == null && failedArg == null) unknown = name;
                continue;
            }
            if (unknown != null || failedArg != null) continue;
            if (!p.mutable() || (p.isProtected()
                    && !Server.allowsProtectedAction(server.config().enableProtectedConfigs.value(), ctx.client()))) {
                reason = !p.mutable() ? "can't set immutable config" : "can't set protected config";
                failedArg = name;
                continue;
            }
            if (params.contains(p)) {
                reason = "duplicate parameter";
                failedArg = name;
            }
            params.add(p);
            givenNames.add(name);
            values.add(ctx.argString(i + 1));
        }
        if (unknown != null) {
            throw new RedisError("ERR Unknown option or number of arguments for CONFIG SET - '" + unknown + "'");
        }
        if (failedArg != null) throw setFailed(failedArg, reason);
        try {
            server.config().setAll(params, values);
        } catch (ServerConfig.SetFailure e) {
            int failed = 0;
            while (!params.get(failed).name().equals(e.parameter())) failed++;
            throw setFailed(givenNames.get(failed), e.getMessage());
        }
        ctx.reply().ok();
    }

    private static RedisError setFailed(String argument, String reason) {
        return new RedisError("ERR CONFIG SET failed (possibly related to argument '" + argument + "') - " + reason);
    }

    /** CONFIG REWRITE: writes the current configuration into the file the server was started with. */
    static void rewrite(CommandContext ctx) {
        String file = ctx.server().config().configFile();
        if (file.isEmpty()) throw new RedisError("ERR The server is running without a config file");
        try {
            ConfigRewrite.rewrite(ctx.server().config(), ctx.server().config().aclfile.value().isEmpty()
                    ? ctx.server().acl().userLines() : null, java.nio.file.Path.of(file));
        } catch (java.io.IOException e) {
            String reason = reason(e);
            Log.warning("CONFIG REWRITE failed: " + reason);
            throw new RedisError("ERR Rewriting config file: " + reason);
        }
        Log.notice("CONFIG REWRITE executed with success.");
        ctx.reply().ok();
    }

    /** The C library's wording of a file error, as Redis reports it. */
    private static String reason(java.io.IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "Permission denied";
        if (e instanceof java.nio.file.NoSuchFileException) return "No such file or directory";
        return String.valueOf(e.getMessage());
    }

    /** CONFIG RESETSTAT: zeroes INFO's stats, commandstats and errorstats. */
    static void resetStat(CommandContext ctx) {
        ctx.server().stats().reset();
        ctx.server().keyspace().stats.reset();
        resetCommandStats(ctx.server().commands().all());
        ctx.reply().ok();
    }

    private static void resetCommandStats(Collection<CommandSpec> commands) {
        for (CommandSpec c : commands) {
            c.resetStats();
            resetCommandStats(c.subcommands().values());
        }
    }
}
