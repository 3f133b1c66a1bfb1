package dev.cinnabar.acl;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Help;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.protocol.Reply;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** The ACL command: users (SETUSER, GETUSER, DELUSER, LIST, USERS, WHOAMI), CAT, GENPASS, DRYRUN, LOG, LOAD, SAVE. */
public final class AclCommands {
    private static final int GENPASS_MAX_BITS = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();

    private AclCommands() {}

    public static void register(CommandTable.Builder table) {
        table.handle("acl|setuser", AclCommands::setUser)
                .handle("acl|getuser", AclCommands::getUser)
                .handle("acl|deluser", AclCommands::delUser)
                .handle("acl|list", ctx -> list(ctx, false))
                .handle("acl|users", ctx -> list(ctx, true))
                .handle("acl|whoami", ctx -> ctx.reply().bulk(ctx.client().user().nameBytes()))
                .handle("acl|cat", AclCommands::cat)
                .handle("acl|genpass", AclCommands::genpass)
                .handle("acl|dryrun", AclCommands::dryRun)
                .handle("acl|log", AclCommands::log)
                .handle("acl|load", AclCommands::load)
                .handle("acl|save", AclCommands::save)
                .handle("acl|help", AclCommands::help);
    }

    private static Acl acl(CommandContext ctx) {
        return ctx.server().acl();
    }

    private static String latin1(CommandContext ctx, int i) {
        return Acl.latin1(ctx.arg(i));
    }

    static void setUser(CommandContext ctx) {
        String name = latin1(ctx, 2);
        if (Selector.hasSpaces(name)) throw new RedisError("ERR Usernames can't contain spaces or null characters");
        List<String> ops = new ArrayList<>(ctx.argc() - 3);
        for (int i = 3; i < ctx.argc(); i++) ops.add(latin1(ctx, i));
        String error = acl(ctx).setUser(name, ops);
        if (error != null) throw new RedisError("ERR " + error.replace('\r', ' ').replace('\n', ' '));
        ctx.reply().ok();
    }

    static void delUser(CommandContext ctx) {
        for (int i = 2; i < ctx.argc(); i++) {
            if (latin1(ctx, i).equals(Acl.DEFAULT)) throw new RedisError("ERR The 'default' user cannot be removed");
        }
        int deleted = 0;
        for (int i = 2; i < ctx.argc(); i++) if (acl(ctx).deleteUser(latin1(ctx, i))) deleted++;
        ctx.reply().integer(deleted);
    }

    static void getUser(CommandContext ctx) {
        User u = acl(ctx).user(ctx.arg(2));
        Reply reply = ctx.reply();
        if (u == null) {
            reply.nullBulk();
            return;
        }
        reply.mapHeader(6);
        reply.bulk("flags");
        List<String> flags = u.flagNames();
        reply.setHeader(flags.size());
        for (String f : flags) reply.bulk(f);
        reply.bulk("passwords");
        reply.arrayHeader(u.passwords().size());
        for (String p : u.passwords()) reply.bulk(p);
        describeSelector(reply, u.root());
        reply.bulk("selectors");
        List<Selector> selectors = u.selectors();
        reply.arrayHeader(selectors.size() - 1);
        for (Selector s : selectors.subList(1, selectors.size())) {
            reply.mapHeader(3);
            describeSelector(reply, s);
        }
    }

    private static void describeSelector(Reply reply, Selector s) {
        reply.bulk("commands");
        reply.bulk(Acl.bytes(s.describeCommands()));
        reply.bulk("keys");
        reply.bulk(Acl.bytes(s.describeKeys()));
        reply.bulk("channels");
        reply.bulk(Acl.bytes(s.describeChannels()));
    }

    private static void list(CommandContext ctx, boolean namesOnly) {
        if (namesOnly) {
            ctx.reply().arrayHeader(acl(ctx).users().size());
            for (User u : acl(ctx).users()) ctx.reply().bulk(u.nameBytes());
        } else {
            List<String> lines = acl(ctx).userLines();
            ctx.reply().arrayHeader(lines.size());
            for (String line : lines) ctx.reply().bulk(Acl.bytes(line));
        }
    }

    static void cat(CommandContext ctx) {
        if (ctx.argc() > 3) throw Help.unknownSubcommand(ctx);
        Reply reply = ctx.reply();
        if (ctx.argc() == 2) {
            reply.arrayHeader(Categories.NAMES.size());
            for (String c : Categories.NAMES) reply.bulk(c);
            return;
        }
        long category = Categories.bit(latin1(ctx, 2));
        if (category == 0) {
            byte[] name = ctx.arg(2);
            throw new RedisError("ERR Unknown category '" + Acl.latin1(Arrays.copyOf(name, Math.min(128, name.length)))
                    + "'");
        }
        CommandIndex commands = acl(ctx).commands;
        List<String> names = new ArrayList<>();
        for (CommandSpec cmd : commands.all()) if ((commands.categories(cmd) & category) != 0) names.add(cmd.fullName());
        reply.arrayHeader(names.size());
        for (String n : names) reply.bulk(n);
    }

    static void genpass(CommandContext ctx) {
        if (ctx.argc() > 3) throw Help.unknownSubcommand(ctx);
        long bits = ctx.argc() == 3 ? ctx.argLong(2, RedisError.NOT_INTEGER) : 256;
        if (bits <= 0 || bits > GENPASS_MAX_BITS) {
            throw new RedisError("ERR ACL GENPASS argument must be the number of bits for the output password, a "
                    + "positive number up to " + GENPASS_MAX_BITS);
        }
        int chars = (int) ((bits + 3) / 4);
        byte[] random = new byte[(chars + 1) / 2];
        RANDOM.nextBytes(random);
        ctx.reply().bulk(HexFormat.of().formatHex(random).substring(0, chars));
    }

    static void dryRun(CommandContext ctx) {
        User u = acl(ctx).user(ctx.arg(2));
        if (u == null) throw new RedisError("ERR User '" + latin1(ctx, 2) + "' not found");
        byte[][] line = Arrays.copyOfRange(ctx.argv(), 3, ctx.argc());
        CommandSpec cmd = ctx.server().commands().lookup(line, 0, line.length);
        if (cmd == null) throw new RedisError("ERR Command '" + latin1(ctx, 3) + "' not found");
        if (!cmd.arityAccepts(line.length)) {
            throw new RedisError("ERR wrong number of arguments for '" + cmd.fullName() + "' command");
        }
        String denial = acl(ctx).dryRun(u, cmd, line, line.length);
        if (denial == null) ctx.reply().ok();
        else ctx.reply().bulk(Acl.bytes(denial));
    }

    static void log(CommandContext ctx) {
        if (ctx.argc() > 3) throw Help.unknownSubcommand(ctx);
        AclLog log = acl(ctx).log;
        long count = 10;
        if (ctx.argc() == 3) {
            if (ctx.argIs(2, "reset")) {
                log.reset();
                ctx.reply().ok();
                return;
            }
            count = Math.max(0, ctx.argLong(2, RedisError.NOT_INTEGER));
        }
        List<AclLog.Entry> entries = log.newest(count);
        Reply reply = ctx.reply();
        long now = ctx.now();
        reply.arrayHeader(entries.size());
        for (AclLog.Entry e : entries) {
            reply.mapHeader(10);
            reply.bulk("count");
            reply.integer(e.count);
            reply.bulk("reason");
            reply.bulk(e.reasonName());
            reply.bulk("context");
            reply.bulk(e.context.wireName);
            reply.bulk("object");
            reply.bulk(e.object);
            reply.bulk("username");
            reply.bulk(e.username);
            reply.bulk("age-seconds");
            reply.doubleValue((double) (now - e.lastMillis) / 1000);
            reply.bulk("client-info");
            reply.bulk(e.clientInfo);
            reply.bulk("entry-id");
            reply.integer(e.entryId);
            reply.bulk("timestamp-created");
            reply.integer(e.createdMillis);
            reply.bulk("timestamp-last-updated");
            reply.integer(e.lastMillis);
        }
    }

    private static final RedisError NO_ACL_FILE = new RedisError("ERR This Redis instance is not configured to use an "
            + "ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE "
            + "(assuming you have a Redis configuration file set) in order to store users in the Redis configuration.");

    static void load(CommandContext ctx) {
        if (ctx.server().config().aclfile.value().isEmpty()) throw NO_ACL_FILE;
        String errors = AclFile.load(acl(ctx), ctx.server().config());
        if (errors != null) throw new RedisError("ERR " + errors);
        ctx.reply().ok();
    }

    static void save(CommandContext ctx) {
        if (ctx.server().config().aclfile.value().isEmpty()) throw NO_ACL_FILE;
        if (!AclFile.save(acl(ctx), ctx.server().config())) {
            throw new RedisError("ERR There was an error trying to save the ACLs. Please check the server logs for "
                    + "more information");
        }
        ctx.reply().ok();
    }

    static void help(CommandContext ctx) {
        Help.reply(ctx,
                "CAT [<category>]",
                "    List all commands that belong to <category>, or all command categories",
                "    when no category is specified.",
                "DELUSER <username> [<username> ...]",
                "    Delete a list of users.",
                "DRYRUN <username> <command> [<arg> ...]",
                "    Returns whether the user can execute the given command without executing the command.",
                "GETUSER <username>",
                "    Get the user's details.",
                "GENPASS [<bits>]",
                "    Generate a secure 256-bit user password. The optional `bits` argument can",
                "    be used to specify a different size.",
                "LIST",
                "    Show users details in config file format.",
                "LOAD",
                "    Reload users from the ACL file.",
                "LOG [<count> | RESET]",
                "    Show the ACL log entries.",
                "SAVE",
                "    Save the current config to the ACL file.",
                "SETUSER <username> <attribute> [<attribute> ...]",
                "    Create or modify a user with the specified attributes.",
                "USERS",
                "    List all the registered usernames.",
                "WHOAMI",
                "    Return the current connection username.");
    }
}
