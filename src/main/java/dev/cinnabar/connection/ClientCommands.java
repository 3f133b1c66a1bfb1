package dev.cinnabar.connection;

import dev.cinnabar.acl.User;
import dev.cinnabar.blocking.BlockingTimeout;
import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Help;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.server.Client;
import dev.cinnabar.server.ClientInfo;

import java.nio.charset.StandardCharsets;

/** The CLIENT subcommands about connections: ID, INFO, LIST, KILL, names and library info, REPLY, NO-EVICT, NO-TOUCH, UNBLOCK. */
public final class ClientCommands {
    private static final RedisError INVALID_CLIENT_ID = new RedisError("ERR Invalid client ID");
    private static final RedisError CLIENT_ID_NOT_POSITIVE = new RedisError("ERR client-id should be greater than 0");

    private ClientCommands() {}

    public static void register(CommandTable.Builder table) {
        table.handle("client|help", ClientCommands::help)
                .handle("client|id", ctx -> ctx.reply().integer(ctx.client().id()))
                .handle("client|info", ClientCommands::info)
                .handle("client|list", ClientCommands::list)
                .handle("client|kill", ClientCommands::kill)
                .handle("client|setname", ClientCommands::setName)
                .handle("client|getname", ClientCommands::getName)
                .handle("client|setinfo", ClientCommands::setInfo)
                .handle("client|reply", ClientCommands::reply)
                .handle("client|no-evict", ctx -> ctx.client().setNoEvict(onOff(ctx)))
                .handle("client|no-touch", ctx -> ctx.client().setNoTouch(onOff(ctx)))
                .handle("client|unblock", ClientCommands::unblock)
                .handle("client|pause", ClientCommands::pause)
                .handle("client|unpause", ctx -> {
                    ctx.server().clientPause().unpause();
                    ctx.reply().ok();
                });
    }

    /** Redis's help text, limited to the subcommands that exist here. */
    static void help(CommandContext ctx) {
        Help.reply(ctx,
                "CACHING (YES|NO)",
                "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
                "GETREDIR",
                "    Return the client ID we are redirecting to when tracking is enabled.",
                "GETNAME",
                "    Return the name of the current connection.",
                "ID",
                "    Return the ID of the current connection.",
                "INFO",
                "    Return information about the current client connection.",
                "KILL <ip:port>",
                "    Kill connection made from <ip:port>.",
                "KILL <option> <value> [<option> <value> [...]]",
                "    Kill connections. Options are:",
                "    * ADDR (<ip:port>|<unixsocket>:0)",
                "      Kill connections made from the specified address",
                "    * LADDR (<ip:port>|<unixsocket>:0)",
                "      Kill connections made to specified local address",
                "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
                "      Kill connections by type.",
                "    * USER <username>",
                "      Kill connections authenticated by <username>.",
                "    * SKIPME (YES|NO)",
                "      Skip killing current connection (default: yes).",
                "LIST [options ...]",
                "    Return information about client connections. Options:",
                "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
                "      Return clients of specified type.",
                "UNPAUSE",
                "    Stop the current client pause, resuming traffic.",
                "PAUSE <timeout> [WRITE|ALL]",
                "    Suspend all, or just write, clients for <timeout> milliseconds.",
                "REPLY (ON|OFF|SKIP)",
                "    Control the replies sent to the current connection.",
                "SETNAME <name>",
                "    Assign the name <name> to the current connection.",
                "SETINFO <option> <value>",
                "    Set client meta attr. Options are:",
                "    * LIB-NAME: the client lib name.",
                "    * LIB-VER: the client lib version.",
                "UNBLOCK <clientid> [TIMEOUT|ERROR]",
                "    Unblock the specified blocked client.",
                "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
                "         [OPTIN] [OPTOUT] [NOLOOP]",
                "    Control server assisted client side caching.",
                "TRACKINGINFO",
                "    Report tracking status for the current connection.",
                "NO-EVICT (ON|OFF)",
                "    Protect current client connection from eviction.",
                "NO-TOUCH (ON|OFF)",
                "    Will not touch LRU/LFU stats when this mode is on.");
    }

    /** CLIENT PAUSE timeout-ms [WRITE|ALL]: holds the clients' commands (all, or the writing ones) until then. */
    static void pause(CommandContext ctx) {
        if (ctx.argc() > 4) throw Help.unknownSubcommand(ctx);
        boolean all = true;
        if (ctx.argc() == 4) {
            if (ctx.argIs(3, "write")) all = false;
            else if (!ctx.argIs(3, "all")) throw new RedisError("ERR CLIENT PAUSE mode must be WRITE or ALL");
        }
        long now = System.currentTimeMillis();
        long end = BlockingTimeout.deadlineMillis(ctx.arg(2), now);
        ctx.server().clientPause().pause(end, all);
        ctx.reply().ok();
    }

    /** CLIENT UNBLOCK id [TIMEOUT|ERROR]: wakes a client blocked on keys; 1 if it was blocked, else 0. */
    static void unblock(CommandContext ctx) {
        if (ctx.argc() > 4) throw Help.unknownSubcommand(ctx);
        boolean withError = false;
        if (ctx.argc() == 4) {
            if (ctx.argIs(3, "error")) withError = true;
            else if (!ctx.argIs(3, "timeout")) throw new RedisError("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
        }
        Client target = ctx.server().client(ctx.argLong(2));
        if (target == null || !target.blocked()) {
            ctx.reply().integer(0);
            return;
        }
        if (withError) ctx.server().blockedClients().unblockWithError(target);
        else ctx.server().blockedClients().unblockWithTimeout(target);
        ctx.reply().integer(1);
    }

    static void info(CommandContext ctx) {
        ctx.reply().verbatim(ClientInfo.describe(ctx.client(), ctx.client()) + "\n");
    }

    /** CLIENT LIST [TYPE type] | [ID id [id ...]]. */
    static void list(CommandContext ctx) {
        StringBuilder out = new StringBuilder();
        if (ctx.argc() == 4 && ctx.argIs(2, "type")) {
            Client.Type type = clientType(ctx, 3);
            for (Client c : ctx.server().clients().values()) {
                if (c.type() == type) out.append(ClientInfo.describe(c, ctx.client())).append('\n');
            }
        } else if (ctx.argc() > 3 && ctx.argIs(2, "id")) {
            for (int j = 3; j < ctx.argc(); j++) {
                Client c = ctx.server().client(Numbers.parseLong(ctx.arg(j), INVALID_CLIENT_ID));
                if (c != null) out.append(ClientInfo.describe(c, ctx.client())).append('\n');
            }
        } else if (ctx.argc() != 2) {
            throw RedisError.SYNTAX;
        } else {
            for (Client c : ctx.server().clients().values()) {
                out.append(ClientInfo.describe(c, ctx.client())).append('\n');
            }
        }
        ctx.reply().verbatim(out.toString());
    }

    private static Client.Type clientType(CommandContext ctx, int i) {
        Client.Type type = Client.Type.byName(ctx.argString(i));
        if (type == null) throw new RedisError("ERR Unknown client type '" + ctx.argString(i) + "'");
        return type;
    }

    /**
     * CLIENT KILL addr (old form: replies OK or "No such client", may kill the caller) or CLIENT KILL with
     * filters ID, TYPE, ADDR, LADDR, USER, SKIPME, MAXAGE (replies with the number killed; skips the caller unless
     * SKIPME no).
     */
    static void kill(CommandContext ctx) {
        KillFilter filter = new KillFilter();
        boolean oldForm = ctx.argc() == 3;
        if (oldForm) {
            filter.addr = ctx.argString(2);
            filter.skipMe = false;
        } else {
            for (int i = 2; i < ctx.argc(); i += 2) {
                if (i + 1 >= ctx.argc()) throw RedisError.SYNTAX;
                if (ctx.argIs(i, "id")) {
                    filter.id = Numbers.parseLong(ctx.arg(i + 1), CLIENT_ID_NOT_POSITIVE);
                    if (filter.id < 1) throw CLIENT_ID_NOT_POSITIVE;
                } else if (ctx.argIs(i, "type")) {
                    filter.type = clientType(ctx, i + 1);
                } else if (ctx.argIs(i, "addr")) {
                    filter.addr = ctx.argString(i + 1);
                } else if (ctx.argIs(i, "laddr")) {
                    filter.laddr = ctx.argString(i + 1);
                } else if (ctx.argIs(i, "user")) {
                    filter.user = ctx.server().acl().user(ctx.arg(i + 1));
                    if (filter.user == null) throw new RedisError("ERR No such user '" + ctx.argString(i + 1) + "'");
                } else if (ctx.argIs(i, "maxage")) {
                    filter.maxAgeSeconds = Numbers.parseLong(ctx.arg(i + 1),
                            new RedisError("ERR maxage is not an integer or out of range"));
                    if (filter.maxAgeSeconds <= 0) throw new RedisError("ERR maxage should be greater than 0");
                } else if (ctx.argIs(i, "skipme")) {
                    if (ctx.argIs(i + 1, "yes")) filter.skipMe = true;
                    else if (ctx.argIs(i + 1, "no")) filter.skipMe = false;
                    else throw RedisError.SYNTAX;
                } else {
                    throw RedisError.SYNTAX;
                }
            }
        }
        int killed = 0;
        boolean killSelf = false;
        for (Client c : ctx.server().clients().values()) {
            if (!filter.matches(c, ctx.client())) continue;
            if (c == ctx.client()) killSelf = true;
            else ctx.server().kill(c);
            killed++;
        }
        if (!oldForm) ctx.reply().integer(killed);
        else if (killed == 0) throw new RedisError("ERR No such client");
        else ctx.reply().ok();
        // the caller goes only after its reply has been queued
        if (killSelf) ctx.client().closeAfterReply();
    }

    private static final class KillFilter {
        String addr, laddr;
        User user;
        Client.Type type;
        long id;
        /** Only clients connected at least this many seconds ago (0: any age). */
        long maxAgeSeconds;
        boolean skipMe = true;

        boolean matches(Client c, Client caller) {
            if (addr != null && !addr.equals(c.connection().remoteAddress())) return false;
            if (laddr != null && !laddr.equals(c.connection().localAddress())) return false;
            if (type != null && c.type() != type) return false;
            if (id != 0 && c.id() != id) return false;
            if (user != null && user != c.user()) return false;
            if (maxAgeSeconds != 0 && System.currentTimeMillis() / 1000 - c.createdAtMillis() / 1000 < maxAgeSeconds) {
                return false;
            }
            return !(skipMe && c == caller);
        }
    }

    static void setName(CommandContext ctx) {
        ClientAttributes.checkName(ctx.arg(2));
        ctx.client().setName(ClientAttributes.text(ctx.arg(2)));
        ctx.reply().ok();
    }

    static void getName(CommandContext ctx) {
        String name = ctx.client().name();
        if (name.isEmpty()) ctx.reply().nullBulk();
        else ctx.reply().bulk(name.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** CLIENT SETINFO LIB-NAME|LIB-VER value: what client library, and which version, is talking. */
    static void setInfo(CommandContext ctx) {
        String attr = ctx.argString(2);
        boolean libName = ctx.argIs(2, "lib-name");
        if (!libName && !ctx.argIs(2, "lib-ver")) throw new RedisError("ERR Unrecognized option '" + attr + "'");
        if (!ClientAttributes.valid(ctx.arg(3))) {
            throw new RedisError("ERR " + attr + " cannot contain spaces, newlines or special characters.");
        }
        String value = ClientAttributes.text(ctx.arg(3));
        if (libName) ctx.client().setLibName(value);
        else ctx.client().setLibVersion(value);
        ctx.reply().ok();
    }

    /** CLIENT REPLY ON|OFF|SKIP: only ON has a reply, which is sent (it turns replies back on first). */
    static void reply(CommandContext ctx) {
        if (ctx.argIs(2, "on")) {
            ctx.client().replyOn();
            ctx.reply().ok();
        } else if (ctx.argIs(2, "off")) {
            ctx.client().replyOff();
        } else if (ctx.argIs(2, "skip")) {
            ctx.client().skipNextReply();
        } else {
            throw RedisError.SYNTAX;
        }
    }

    /** The ON|OFF argument of NO-EVICT and NO-TOUCH; replies OK for either. */
    private static boolean onOff(CommandContext ctx) {
        boolean on;
        if (ctx.argIs(2, "on")) on = true;
        else if (ctx.argIs(2, "off")) on = false;
        else throw RedisError.SYNTAX;
        ctx.reply().ok();
        return on;
    }
}
