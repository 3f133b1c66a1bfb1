package dev.cinnabar.scripting;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Help;
import dev.cinnabar.command.RedisError;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** EVAL, EVALSHA, their _RO forms, and SCRIPT LOAD / EXISTS / FLUSH / KILL / HELP. */
public final class ScriptingCommands {
    private ScriptingCommands() {}

    public static void register(CommandTable.Builder b) {
        b.handle("eval", ctx -> eval(ctx, false, false));
        b.handle("eval_ro", ctx -> eval(ctx, false, true));
        b.handle("evalsha", ctx -> eval(ctx, true, false));
        b.handle("evalsha_ro", ctx -> eval(ctx, true, true));
        b.handle("script|load", ScriptingCommands::load);
        b.handle("script|exists", ScriptingCommands::exists);
        b.handle("script|flush", ScriptingCommands::flush);
        b.handle("script|kill", ctx -> {
            ctx.server().scripting().kill(true);
            ctx.reply().ok();
        });
        b.handle("script|help", ctx -> Help.reply(ctx,
                "DEBUG (YES|SYNC|NO)",
                "    Set the debug mode for subsequent scripts executed.",
                "EXISTS <sha1> [<sha1> ...]",
                "    Return information about the existence of the scripts in the script cache.",
                "FLUSH [ASYNC|SYNC]",
                "    Flush the Lua scripts cache. Very dangerous on replicas.",
                "    When called without the optional mode argument, the behavior is determined by the",
                "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
                "    * ASYNC: Asynchronously flush the scripts cache.",
                "    * SYNC: Synchronously flush the scripts cache.",
                "KILL",
                "    Kill the currently executing Lua script.",
                "LOAD <script>",
                "    Load a script into the scripts cache without executing it."));
    }

    /** Redis's evalGenericCommand (and evalShaCommand's early length check). */
    private static void eval(CommandContext ctx, boolean bySha, boolean ro) {
        ctx.preventPropagation(); // what the script wrote is propagated, command by command, as one unit
        Scripting scripting = ctx.server().scripting();
        if (bySha && ctx.arg(1).length != 40) throw new RedisError(Scripting.NOSCRIPT);
        int numKeys = numKeys(ctx, 2, 3);
        Scripting.Script script;
        if (bySha) {
            script = scripting.lookup(new String(ctx.arg(1), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
            if (script == null) throw new RedisError(Scripting.NOSCRIPT);
        } else {
            script = scripting.load(ctx.arg(1));
        }
        int first = 3;
        scripting.run(script, ctx.client(), ctx.argv(), first, numKeys, ctx.argc() - first - numKeys, ro);
    }

    /** The numkeys argument at index, checked against the arguments that follow from firstKey. */
    static int numKeys(CommandContext ctx, int index, int firstKey) {
        long numKeys = ctx.argLong(index);
        if (numKeys > ctx.argc() - firstKey) throw new RedisError("ERR Number of keys can't be greater than number of args");
        if (numKeys < 0) throw new RedisError("ERR Number of keys can't be negative");
        return (int) numKeys;
    }

    private static void load(CommandContext ctx) {
        ctx.reply().bulk(ctx.server().scripting().load(ctx.arg(2)).sha());
    }

    private static void exists(CommandContext ctx) {
        Scripting scripting = ctx.server().scripting();
        ctx.reply().arrayHeader(ctx.argc() - 2);
        for (int i = 2; i < ctx.argc(); i++) {
            String sha = new String(ctx.arg(i), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            ctx.reply().integer(sha.length() == 40 && scripting.lookup(sha) != null ? 1 : 0);
        }
    }

    private static void flush(CommandContext ctx) {
        if (ctx.argc() > 3 || (ctx.argc() == 3 && !ctx.argIs(2, "sync") && !ctx.argIs(2, "async"))) {
            throw new RedisError("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
        }
        ctx.server().scripting().flush();
        ctx.reply().ok();
    }
}
