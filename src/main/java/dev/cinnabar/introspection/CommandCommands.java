package dev.cinnabar.introspection;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.Help;
import dev.cinnabar.command.CommandFlag;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.KeyExtractor;
import dev.cinnabar.command.KeyFlag;
import dev.cinnabar.command.KeyRefs;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.Glob;
import dev.cinnabar.protocol.Reply;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * COMMAND and its subcommands. They describe only the commands that have handlers; Redis lists its commands in
 * hash-table order, so clients must not depend on the order of COMMAND, COMMAND INFO, DOCS or LIST.
 */
public final class CommandCommands {
    private static final RedisError INVALID_COMMAND = new RedisError("ERR Invalid command specified");
    private static final RedisError NO_KEY_ARGUMENTS = new RedisError("ERR The command has no key arguments");
    private static final RedisError INVALID_ARGUMENT_COUNT =
            new RedisError("ERR Invalid number of arguments specified for command");
    private static final RedisError INVALID_ARGUMENTS = new RedisError("ERR Invalid arguments specified for command");

    private CommandCommands() {}

    public static void register(CommandTable.Builder table) {
        table.handle("command", CommandCommands::all)
                .handle("command|count", ctx -> ctx.reply().integer(ctx.server().commands().size()))
                .handle("command|info", CommandCommands::info)
                .handle("command|docs", CommandCommands::docs)
                .handle("command|list", CommandCommands::list)
                .handle("command|getkeys", ctx -> getKeys(ctx, false))
                .handle("command|getkeysandflags", ctx -> getKeys(ctx, true))
                .handle("command|help", CommandCommands::help);
    }

    private static CommandDescriber describer(CommandContext ctx) {
        return new CommandDescriber(ctx.server().commands().replyTypes());
    }

    static void all(CommandContext ctx) {
        CommandTable table = ctx.server().commands();
        CommandDescriber describer = describer(ctx);
        ctx.reply().arrayHeader(table.size());
        for (CommandSpec cmd : table.all()) describer.info(ctx.reply(), cmd);
    }

    /** COMMAND INFO [name ...]: every command, or one entry per name (null for unknown ones). */
    static void info(CommandContext ctx) {
        if (ctx.argc() == 2) {
            all(ctx);
            return;
        }
        CommandTable table = ctx.server().commands();
        CommandDescriber describer = describer(ctx);
        Reply reply = ctx.reply();
        reply.arrayHeader(ctx.argc() - 2);
        for (int i = 2; i < ctx.argc(); i++) {
            CommandSpec cmd = table.lookupFullName(ctx.argString(i));
            if (cmd == null) reply.nullBulk();
            else describer.info(reply, cmd);
        }
    }

    /** COMMAND DOCS [name ...]: a map from full name to docs; unknown names are left out. */
    static void docs(CommandContext ctx) {
        CommandTable table = ctx.server().commands();
        List<CommandSpec> found = new ArrayList<>();
        if (ctx.argc() == 2) {
            found.addAll(table.all());
        } else {
            for (int i = 2; i < ctx.argc(); i++) {
                CommandSpec cmd = table.lookupFullName(ctx.argString(i));
                if (cmd != null) found.add(cmd);
            }
        }
        CommandDescriber describer = describer(ctx);
        Reply reply = ctx.reply();
        reply.mapHeader(found.size());
        for (CommandSpec cmd : found) {
            reply.bulk(cmd.fullName());
            describer.docs(reply, cmd);
        }
    }

    /** COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN glob]: command and subcommand names. */
    static void list(CommandContext ctx) {
        Predicate<CommandSpec> filter = cmd -> true;
        for (int i = 2; i < ctx.argc(); i++) {
            if (!ctx.argIs(i, "filterby") || ctx.argc() - 1 - i != 2) throw RedisError.SYNTAX;
            byte[] value = ctx.arg(i + 2);
            if (ctx.argIs(i + 1, "module")) {
                // the commands Redis Stack gets from modules (JSON.*) name their module in their docs
                String module = ctx.argString(i + 2);
                filter = cmd -> module.equalsIgnoreCase(cmd.docs().path("module").asText(""));
            } else if (ctx.argIs(i + 1, "aclcat")) {
                String category = ctx.argString(i + 2);
                filter = cmd -> cmd.inAclCategory(category);
            } else if (ctx.argIs(i + 1, "pattern")) {
                filter = cmd -> Glob.matches(value, cmd.fullName().getBytes(StandardCharsets.UTF_8), true);
            } else {
                throw RedisError.SYNTAX;
            }
            i += 2;
        }
        List<String> names = new ArrayList<>();
        for (CommandSpec cmd : ctx.server().commands().all()) {
            if (filter.test(cmd)) names.add(cmd.fullName());
            for (CommandSpec sub : cmd.subcommands().values()) {
                if (filter.test(sub)) names.add(sub.fullName());
            }
        }
        Reply reply = ctx.reply();
        reply.arrayHeader(names.size());
        for (String name : names) reply.bulk(name);
    }

    /** COMMAND GETKEYS / GETKEYSANDFLAGS command [arg ...]: the keys of a full command line. */
    static void getKeys(CommandContext ctx, boolean withFlags) {
        int argc = ctx.argc() - 2;
        CommandSpec cmd = ctx.server().commands().lookup(ctx.argv(), 2, argc);
        if (cmd == null) throw INVALID_COMMAND;
        if (!KeyExtractor.hasKeys(cmd)) throw NO_KEY_ARGUMENTS;
        if (!cmd.arityAccepts(argc)) throw INVALID_ARGUMENT_COUNT;
        KeyRefs keys = new KeyRefs();
        int found = KeyExtractor.keys(cmd, ctx.argv(), 2, argc, keys);
        if (found == 0 && !cmd.has(CommandFlag.NO_MANDATORY_KEYS)) throw INVALID_ARGUMENTS;
        Reply reply = ctx.reply();
        reply.arrayHeader(found);
        for (int i = 0; i < found; i++) {
            byte[] key = ctx.arg(keys.position(i) + 2);
            if (!withFlags) {
                reply.bulk(key);
                continue;
            }
            reply.arrayHeader(2);
            reply.bulk(key);
            KeyFlag[] flags = KeyFlag.inMask(keys.flags(i));
            reply.setHeader(flags.length);
            for (KeyFlag flag : flags) reply.simple(flag.wireName());
        }
    }

    static void help(CommandContext ctx) {
        Help.reply(ctx,
                "(no subcommand)",
                "    Return details about all Redis commands.",
                "COUNT",
                "    Return the total number of commands in this Redis server.",
                "LIST",
                "    Return a list of all commands in this Redis server.",
                "INFO [<command-name> ...]",
                "    Return details about multiple Redis commands.",
                "    If no command names are given, documentation details for all",
                "    commands are returned.",
                "DOCS [<command-name> ...]",
                "    Return documentation details about multiple Redis commands.",
                "    If no command names are given, documentation details for all",
                "    commands are returned.",
                "GETKEYS <full-command>",
                "    Return the keys from a full Redis command.",
                "GETKEYSANDFLAGS <full-command>",
                "    Return the keys and the access flags from a full Redis command.");
    }
}
