package dev.cinnabar.connection;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.acl.User;
import dev.cinnabar.server.Client;
import dev.cinnabar.server.Server;

/** PING, ECHO, SELECT, QUIT, RESET, HELLO and AUTH. */
public final class ConnectionCommands {
    private static final byte[] DEFAULT_USER = {'d', 'e', 'f', 'a', 'u', 'l', 't'};
    private static final RedisError NOT_A_PROTOCOL_VERSION =
            new RedisError("ERR Protocol version is not an integer or out of range");
    private static final RedisError NOPROTO = new RedisError("NOPROTO unsupported protocol version");
    private static final RedisError WRONGPASS =
            new RedisError("WRONGPASS invalid username-password pair or user is disabled.");
    private static final RedisError AUTH_WITHOUT_PASSWORD = new RedisError("ERR AUTH <password> called without any "
            + "password configured for the default user. Are you sure your configuration is correct?");
    private static final RedisError HELLO_NOAUTH = new RedisError("NOAUTH HELLO must be called with the client "
            + "already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to "
            + "authenticate the client and select the RESP protocol version at the same time");

    private ConnectionCommands() {}

    public static void register(CommandTable.Builder table) {
        table.handle("ping", ConnectionCommands::ping)
                .handle("echo", ctx -> ctx.reply().bulk(ctx.arg(1)))
                .handle("select", ConnectionCommands::select)
                .handle("quit", ConnectionCommands::quit)
                .handle("reset", ConnectionCommands::reset)
                .handle("hello", ConnectionCommands::hello)
                .handle("auth", ConnectionCommands::auth);
    }

    static void ping(CommandContext ctx) {
        if (ctx.argc() > 2) throw new RedisError("ERR wrong number of arguments for 'ping' command");
        if (ctx.client().inSubscribedMode()) {
            // RESP2 subscribed mode: a reply shaped like a message, so subscribers can read it as one
            ctx.reply().arrayHeader(2);
            ctx.reply().bulk("pong");
            ctx.reply().bulk(ctx.argc() == 2 ? ctx.arg(1) : new byte[0]);
        } else if (ctx.argc() == 1) ctx.reply().simple("PONG");
        else ctx.reply().bulk(ctx.arg(1));
    }

    static void select(CommandContext ctx) {
        long index = Numbers.parseLong(ctx.arg(1), RedisError.NOT_INTEGER);
        if (index < 0 || index >= ctx.server().keyspace().databaseCount()) throw RedisError.DB_INDEX_OUT_OF_RANGE;
        ctx.client().setDbIndex((int) index);
        ctx.reply().ok();
    }

    static void quit(CommandContext ctx) {
        ctx.reply().ok();
        ctx.client().closeAfterReply();
    }

    /** RESET: the connection goes back to its initial state; the reply is sent in RESP2, which it now speaks. */
    static void reset(CommandContext ctx) {
        ctx.client().resetConnectionState();
        ctx.reply().simple("RESET");
    }

    /** HELLO [protover [AUTH username password] [SETNAME clientname]]. */
    static void hello(CommandContext ctx) {
        Client client = ctx.client();
        long version = 0;
        int next = 1;
        if (ctx.argc() >= 2) {
            version = Numbers.parseLong(ctx.arg(next++), NOT_A_PROTOCOL_VERSION);
            if (version < 2 || version > 3) throw NOPROTO;
        }
        byte[] username = null, password = null, clientName = null;
        for (int j = next; j < ctx.argc(); j++) {
            int more = ctx.argc() - 1 - j;
            if (ctx.argIs(j, "auth") && more >= 2) {
                username = ctx.arg(j + 1);
                password = ctx.arg(j + 2);
                j += 2;
            } else if (ctx.argIs(j, "setname") && more >= 1) {
                clientName = ctx.arg(j + 1);
                ClientAttributes.checkName(clientName);
                j++;
            } else {
                throw new RedisError("ERR Syntax error in HELLO option '" + ctx.argString(j) + "'");
            }
        }
        if (username != null && !authenticate(ctx, username, password)) throw WRONGPASS;
        // Redis checks the flag, not whether a password is needed now: a client that connected while a password
        // was required has to log in even if requirepass was cleared since.
        if (!client.authenticated()) throw HELLO_NOAUTH;
        if (clientName != null) client.setName(ClientAttributes.text(clientName));
        if (version != 0) client.setProtocol((int) version);

        ctx.reply().mapHeader(7);
        ctx.reply().bulk("server");
        ctx.reply().bulk("redis");
        ctx.reply().bulk("version");
        ctx.reply().bulk(Server.REDIS_VERSION);
        ctx.reply().bulk("proto");
        ctx.reply().integer(client.protocol());
        ctx.reply().bulk("id");
        ctx.reply().integer(client.id());
        ctx.reply().bulk("mode");
        ctx.reply().bulk("standalone");
        ctx.reply().bulk("role");
        ctx.reply().bulk("master");
        ctx.reply().bulk("modules");
        ctx.reply().arrayHeader(0);
    }

    /** AUTH [username] password. */
    static void auth(CommandContext ctx) {
        if (ctx.argc() > 3) throw RedisError.SYNTAX;
        byte[] username, password;
        if (ctx.argc() == 2) {
            if (ctx.server().acl().defaultUser().nopass()) throw AUTH_WITHOUT_PASSWORD;
            username = DEFAULT_USER;
            password = ctx.arg(1);
        } else {
            username = ctx.arg(1);
            password = ctx.arg(2);
        }
        if (!authenticate(ctx, username, password)) throw WRONGPASS;
        ctx.reply().ok();
    }

    /**
     * Logs the client in as the user if the credentials are valid. A failed attempt leaves the client as it was
     * (still logged in, if it was) and is counted and logged by the ACL.
     */
    private static boolean authenticate(CommandContext ctx, byte[] username, byte[] password) {
        User user = ctx.server().acl().authenticate(ctx.client(), username, password);
        if (user == null) return false;
        ctx.client().logIn(user);
        return true;
    }
}
