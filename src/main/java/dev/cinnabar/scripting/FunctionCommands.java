package dev.cinnabar.scripting;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Help;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.Glob;
import dev.cinnabar.protocol.Reply;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** FCALL, FCALL_RO and FUNCTION LOAD / DELETE / FLUSH / LIST / STATS / KILL / HELP. */
public final class FunctionCommands {
    private FunctionCommands() {}

    /**
     * Libraries are data: a change reaches replicas and the AOF as the command itself and counts as a change for
     * save points, as in Redis (server.dirty++).
     */
    private static void librariesChanged(CommandContext ctx) {
        ctx.forcePropagation();
        ctx.server().stats().dirty++;
    }

    public static void register(CommandTable.Builder b) {
        b.handle("fcall", ctx -> fcall(ctx, false));
        b.handle("fcall_ro", ctx -> fcall(ctx, true));
        b.handle("function|load", FunctionCommands::load);
        b.handle("function|delete", ctx -> {
            ctx.server().scripting().functions().delete(ctx.argString(2));
            librariesChanged(ctx);
            ctx.reply().ok();
        });
        b.handle("function|flush", ctx -> {
            if (ctx.argc() > 3) throw Help.unknownSubcommand(ctx);
            if (ctx.argc() == 3 && !ctx.argIs(2, "sync") && !ctx.argIs(2, "async")) {
                throw new RedisError("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
            }
            ctx.server().scripting().functions().flush();
            librariesChanged(ctx);
            ctx.reply().ok();
        });
        b.handle("function|list", FunctionCommands::list);
        b.handle("function|dump", ctx -> ctx.reply().bulk(ctx.server().scripting().functions().dump()));
        b.handle("function|restore", ctx -> {
            if (ctx.argc() > 4) throw Help.unknownSubcommand(ctx);
            String policy = "append";
            if (ctx.argc() == 4) {
                policy = ctx.argLower(3);
                if (!policy.equals("append") && !policy.equals("replace") && !policy.equals("flush")) {
                    throw new RedisError("ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.");
                }
            }
            ctx.server().scripting().functions().restore(ctx.arg(2), policy);
            librariesChanged(ctx);
            ctx.reply().ok();
        });
        b.handle("function|stats", FunctionCommands::stats);
        b.handle("function|kill", ctx -> {
            ctx.server().scripting().kill(false);
            ctx.reply().ok();
        });
        b.handle("function|help", ctx -> Help.reply(ctx,
                "LOAD [REPLACE] <FUNCTION CODE>",
                "    Create a new library with the given library name and code.",
                "DELETE <LIBRARY NAME>",
                "    Delete the given library.",
                "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
                "    Return general information on all the libraries:",
                "    * Library name",
                "    * The engine used to run the Library",
                "    * Library description",
                "    * Functions list",
                "    * Library code (if WITHCODE is given)",
                "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
                "STATS",
                "    Return information about the current function running:",
                "    * Function name",
                "    * Command used to run the function",
                "    * Duration in MS that the function is running",
                "    If no function is running, return nil",
                "    In addition, returns a list of available engines.",
                "KILL",
                "    Kill the current running function.",
                "FLUSH [ASYNC|SYNC]",
                "    Delete all the libraries.",
                "    When called without the optional mode argument, the behavior is determined by the",
                "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
                "    * ASYNC: Asynchronously flush the libraries.",
                "    * SYNC: Synchronously flush the libraries.",
                "DUMP",
                "    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command",
                "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
                "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
                "    control how to handle existing libraries (default APPEND):",
                "    * FLUSH: delete all existing libraries.",
                "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
                "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
                "      libraries with the new libraries (notice that even on this option there is a chance of failure",
                "      in case of functions name collision with another library)."));
    }

    /** Redis's fcallCommandGeneric. */
    private static void fcall(CommandContext ctx, boolean ro) {
        ctx.preventPropagation(); // what the function wrote is propagated, command by command, as one unit
        Scripting scripting = ctx.server().scripting();
        FunctionLibraries.Function function = scripting.functions().function(ctx.argString(1));
        if (function == null) throw new RedisError("ERR Function not found");
        long numKeys = ctx.argLong(2, new RedisError("ERR Bad number of keys provided"));
        if (numKeys > ctx.argc() - 3) throw new RedisError("ERR Number of keys can't be greater than number of args");
        if (numKeys < 0) throw new RedisError("ERR Number of keys can't be negative");
        scripting.call(function, ctx.client(), ctx.argv(), 3, (int) numKeys, ctx.argc() - 3 - (int) numKeys, ro, ctx.argc());
    }

    private static void load(CommandContext ctx) {
        boolean replace = false;
        int i = 2;
        for (; i < ctx.argc() - 1; i++) {
            if (ctx.argIs(i, "replace")) replace = true;
            else throw new RedisError("ERR Unknown option given: " + ctx.argString(i));
        }
        if (i != ctx.argc() - 1) throw new RedisError("ERR Function code is missing");
        String name = ctx.server().scripting().functions().load(ctx.arg(i), replace);
        librariesChanged(ctx);
        ctx.reply().bulk(name);
    }

    private static void list(CommandContext ctx) {
        boolean withCode = false;
        byte[] pattern = null;
        for (int i = 2; i < ctx.argc(); i++) {
            if (!withCode && ctx.argIs(i, "withcode")) {
                withCode = true;
            } else if (pattern == null && ctx.argIs(i, "libraryname")) {
                if (i >= ctx.argc() - 1) throw new RedisError("ERR library name argument was not given");
                pattern = ctx.arg(++i);
            } else {
                throw new RedisError("ERR Unknown argument " + ctx.argString(i));
            }
        }
        Reply reply = ctx.reply();
        List<FunctionLibraries.Library> libraries = new java.util.ArrayList<>();
        for (FunctionLibraries.Library library : ctx.server().scripting().functions().libraries().values()) {
            if (pattern == null || Glob.matches(pattern, library.name().getBytes(StandardCharsets.UTF_8), true)) {
                libraries.add(library);
            }
        }
        reply.arrayHeader(libraries.size());
        for (FunctionLibraries.Library library : libraries) {
            reply.mapHeader(withCode ? 4 : 3);
            reply.bulk("library_name");
            reply.bulk(library.name());
            reply.bulk("engine");
            reply.bulk("LUA");
            reply.bulk("functions");
            reply.arrayHeader(library.functions().size());
            for (FunctionLibraries.Function f : library.functions()) {
                reply.mapHeader(3);
                reply.bulk("name");
                reply.bulk(f.name());
                reply.bulk("description");
                if (f.description() == null) reply.nullBulk();
                else reply.bulk(f.description());
                reply.bulk("flags");
                List<String> flags = Scripting.flagNames(f.flags());
                reply.setHeader(flags.size());
                for (String flag : flags) reply.simple(flag);
            }
            if (withCode) {
                reply.bulk("library_code");
                reply.bulk(library.code());
            }
        }
    }

    private static void stats(CommandContext ctx) {
        Scripting scripting = ctx.server().scripting();
        Reply reply = ctx.reply();
        reply.mapHeader(2);
        reply.bulk("running_script");
        ScriptRun run = scripting.running();
        if (run == null) {
            reply.nullBulk();
        } else {
            reply.mapHeader(3);
            reply.bulk("name");
            reply.bulk(run.name());
            reply.bulk("command");
            reply.arrayHeader(run.command().length);
            for (byte[] arg : run.command()) reply.bulk(arg);
            reply.bulk("duration_ms");
            reply.integer((System.nanoTime() - run.startNanos()) / 1_000_000);
        }
        reply.bulk("engines");
        reply.mapHeader(1);
        reply.bulk("LUA");
        reply.mapHeader(2);
        reply.bulk("libraries_count");
        reply.integer(scripting.libraryCount());
        reply.bulk("functions_count");
        reply.integer(scripting.functionCount());
    }
}
