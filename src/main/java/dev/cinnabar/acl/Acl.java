package dev.cinnabar.acl;

import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.command.KeyFlag;
import dev.cinnabar.config.ServerConfig;
import dev.cinnabar.pubsub.Kind;
import dev.cinnabar.server.Client;
import dev.cinnabar.server.ClientInfo;
import dev.cinnabar.server.Server;
import dev.cinnabar.server.ServerStats;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * The server's ACL users and the permission checks the command path makes. Users are kept by name in byte order
 * (ACL LIST order); the default user always exists and is changed in place, so clients logged in as it follow. A
 * client logged in as an {@link User#unrestricted() unrestricted} user is never checked; the others are checked
 * before a command runs (top level, queued in MULTI, again at EXEC, and in scripts).
 */
public final class Acl {
    static final String DEFAULT = "default";

    private final Server server;
    private final ServerConfig config;
    final CommandIndex commands;
    private TreeMap<String, User> users = new TreeMap<>();
    private final User defaultUser;
    final AclLog log = new AclLog();
    private final PermissionCheck check = new PermissionCheck();

    public Acl(Server server) {
        this.server = server;
        this.config = server.config();
        this.commands = new CommandIndex(server.commands());
        this.defaultUser = newDefaultUser();
        users.put(DEFAULT, defaultUser);
    }

    User newUser(String name) {
        return new User(name, commands, config.aclPubsubDefault.value().equals("allchannels"));
    }

    /** Redis's ACLCreateDefaultUser: every permission, no password. */
    private User newDefaultUser() {
        User u = newUser(DEFAULT);
        try {
            for (String op : List.of("+@all", "~*", "&*", "on", "nopass")) u.apply(op);
        } catch (RuleError e) {
            throw new IllegalStateException(e);
        }
        return u;
    }

    public User defaultUser() {
        return defaultUser;
    }

    /** The user with this name, or null. */
    public User user(byte[] name) {
        return users.get(latin1(name));
    }

    /** Adds a user read from the configuration at start-up. */
    void putLoaded(User u) {
        users.put(u.name(), u);
    }

    /**
     * Every user as a "user <name> <rules>" line (Latin-1), in name order: ACL LIST's entries, the ACL file's lines, and
     * what CONFIG REWRITE writes to redis.conf when there is no ACL file.
     */
    public List<String> userLines() {
        List<String> lines = new ArrayList<>(users.size());
        for (User u : users.values()) lines.add("user " + u.name() + " " + u.describe());
        return lines;
    }

    Collection<User> users() {
        return users.values();
    }

    // ---- start-up and requirepass -----------------------------------------------------------------------------------

    /**
     * Redis's ACLLoadUsersAtStartup: the requirepass password, then the users of the config file's {@code user}
     * lines, or of the ACL file. Throws IllegalStateException (with Redis's log text) when start-up must stop.
     */
    public void loadAtStartup() {
        setDefaultPassword(config.requirepass.value());
        List<ServerConfig.UserDirective> directives = config.userDirectives();
        String aclfile = config.aclfile.value();
        if (!aclfile.isEmpty() && !directives.isEmpty()) {
            throw new IllegalStateException("Configuring Redis with users defined in redis.conf and at the same "
                    + "setting an ACL file path is invalid. This setup is very likely to lead to configuration errors "
                    + "and security holes, please define either an ACL file or declare users directly in your "
                    + "redis.conf, but not both.");
        }
        AclFile.loadDirectives(this, directives);
        if (!aclfile.isEmpty()) {
            String errors = AclFile.load(this, config);
            if (errors != null) throw new IllegalStateException("Aborting Redis startup because of ACL errors: " + errors);
        }
    }

    /** Redis's ACLUpdateDefaultUserPassword: requirepass is the default user's only password ("" = nopass). */
    public void setDefaultPassword(String requirepass) {
        try {
            defaultUser.apply("resetpass");
            if (requirepass.isEmpty()) defaultUser.apply("nopass");
            else defaultUser.apply(">" + latin1(requirepass.getBytes(StandardCharsets.UTF_8)));
        } catch (RuleError e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- authentication -----------------------------------------------------------------------------------------

    /**
     * Redis's ACLCheckUserCredentials for AUTH and HELLO: the user when it exists, is enabled and the password is
     * one of its own; otherwise null, after logging the failure.
     */
    public User authenticate(Client client, byte[] username, byte[] password) {
        User u = user(username);
        if (u != null && u.enabled() && u.passwordMatches(password)) return u;
        server.stats().authFailures++;
        log(client, Selector.DENIED_AUTH, context(client), client.context().arg(0), username);
        return null;
    }

    // ---- permission checks --------------------------------------------------------------------------------------

    /**
     * The NOPERM error for a command the client's user may not run (logged in the ACL log), or null when it may.
     * Called for users that are not unrestricted.
     */
    public String commandDenial(Client client, CommandSpec cmd, byte[][] argv, int argc) {
        int result = client.user().check(cmd, argv, argc, check);
        if (result == Selector.OK) return null;
        return "NOPERM " + denied(client, result, context(client), cmd, argv);
    }

    /** EXEC's second check of a queued command: the rules may have changed since it was queued. */
    public String execDenial(Client client, CommandSpec cmd, byte[][] argv, int argc) {
        int result = client.user().check(cmd, argv, argc, check);
        if (result == Selector.OK) return null;
        logDenial(client, result, AclLog.Context.MULTI, cmd, argv);
        String reason = switch (result) {
            case Selector.DENIED_CMD -> "no permission to execute the command or subcommand";
            case Selector.DENIED_KEY -> "no permission to touch the specified keys";
            case Selector.DENIED_CHANNEL -> "no permission to access one of the channels used as arguments";
            default -> "no permission";
        };
        return "NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. "
                + "This command is no longer allowed for the following reason: " + reason;
    }

    /** A command a script calls (redis.call): the refusal text, or null when the script's user may run it. */
    public String scriptDenial(Client scriptClient, CommandSpec cmd, byte[][] argv, int argc) {
        int result = scriptClient.user().check(cmd, argv, argc, check);
        if (result == Selector.OK) return null;
        return "ACL failure in script: " + denied(scriptClient, result, AclLog.Context.LUA, cmd, argv);
    }

    /** Whether the user may run the command line (redis.acl_check_cmd), without logging anything. */
    public boolean allows(User user, CommandSpec cmd, byte[][] argv, int argc) {
        return user.unrestricted() || user.check(cmd, argv, argc, check) == Selector.OK;
    }

    /**
     * Redis's ACLUserCheckCmdWithUnrestrictedKeyAccess for reading: whether a selector that allows the command also
     * lets the user read every key (SORT's BY and GET patterns name keys no key spec covers).
     */
    public boolean readsAnyKey(User user, CommandSpec cmd, byte[][] argv, int argc) {
        if (user.unrestricted()) return true;
        check.reset();
        for (Selector s : user.selectors()) {
            if (s.check(cmd, argv, argc, check) == Selector.OK && s.allKeysAllowed(KeyFlag.ACCESS.bit)) return true;
        }
        return false;
    }

    /** Logs a denial and returns its short message (Redis's getAclErrorMessage, not verbose). */
    private String denied(Client client, int result, AclLog.Context context, CommandSpec cmd, byte[][] argv) {
        logDenial(client, result, context, cmd, argv);
        return message(result, client.user(), cmd, argv[check.position], false);
    }

    private void logDenial(Client client, int result, AclLog.Context context, CommandSpec cmd, byte[][] argv) {
        ServerStats stats = server.stats();
        switch (result) {
            case Selector.DENIED_CMD -> stats.aclDeniedCommands++;
            case Selector.DENIED_KEY -> stats.aclDeniedKeys++;
            default -> stats.aclDeniedChannels++;
        }
        byte[] object = result == Selector.DENIED_CMD
                ? cmd.fullName().getBytes(StandardCharsets.US_ASCII) : argv[check.position];
        log(client, result, context, object, client.user().nameBytes());
    }

    /** Redis's getAclErrorMessage. */
    static String message(int result, User user, CommandSpec cmd, byte[] arg, boolean verbose) {
        return switch (result) {
            case Selector.DENIED_CMD -> "User " + user.name() + " has no permissions to run the '" + cmd.fullName()
                    + "' command";
            case Selector.DENIED_KEY -> verbose ? "User " + user.name() + " has no permissions to access the '"
                    + latin1(arg) + "' key" : "No permissions to access a key";
            default -> verbose ? "User " + user.name() + " has no permissions to access the '" + latin1(arg)
                    + "' channel" : "No permissions to access a channel";
        };
    }

    /** The result of checking a command line for ACL DRYRUN: null when allowed, else the verbose message. */
    String dryRun(User user, CommandSpec cmd, byte[][] argv, int argc) {
        int result = user.check(cmd, argv, argc, check);
        return result == Selector.OK ? null : message(result, user, cmd, argv[check.position], true);
    }

    private void log(Client client, int reason, AclLog.Context context, byte[] object, byte[] username) {
        Client real = server.currentClient() != null ? server.currentClient() : client;
        log.add(reason, context, object.clone(), username.clone(), server.keyspace().now(),
                ClientInfo.describe(real, null), config.acllogMaxLen.intValue());
    }

    private static AclLog.Context context(Client client) {
        return client.inMulti() ? AclLog.Context.MULTI : AclLog.Context.TOPLEVEL;
    }

    // ---- changing users -----------------------------------------------------------------------------------------

    /**
     * Redis's ACLStringSetUser: applies the rules to a copy of the user (a new one if there is none), and only when
     * all are valid makes the copy the user. Returns null, or the error text.
     */
    String setUser(String name, List<String> ops) {
        int[] invalid = new int[1];
        List<String> merged = mergeSelectors(ops, invalid);
        if (merged == null) {
            return "Unmatched parenthesis in acl selector starting at '" + ops.get(invalid[0]) + "'.";
        }
        User existing = users.get(name);
        User staged = existing == null ? newUser(name) : existing.copy(name);
        for (String op : merged) {
            try {
                staged.apply(op);
            } catch (RuleError e) {
                return "Error in ACL SETUSER modifier '" + op + "': " + e.getMessage();
            }
        }
        if (existing == null) {
            users.put(name, staged);
        } else {
            killPubSubClientsIfNeeded(staged, existing);
            existing.copyFrom(staged);
        }
        return null;
    }

    /**
     * Redis's ACLMergeSelectorArguments: a selector may be spread over several arguments, "(~key" "+get)", which are
     * joined with spaces. Null when a parenthesis is left open, its argument's index in {@code invalid[0]}.
     */
    static List<String> mergeSelectors(List<String> ops, int[] invalid) {
        List<String> merged = new ArrayList<>(ops.size());
        StringBuilder selector = null;
        int openedAt = -1;
        for (int j = 0; j < ops.size(); j++) {
            String op = ops.get(j);
            if (openedAt == -1 && op.startsWith("(") && !op.endsWith(")")) {
                selector = new StringBuilder(op);
                openedAt = j;
            } else if (openedAt != -1) {
                selector.append(' ').append(op);
                if (op.endsWith(")")) {
                    openedAt = -1;
                    merged.add(selector.toString());
                }
            } else {
                merged.add(op);
            }
        }
        if (openedAt != -1) {
            invalid[0] = openedAt;
            return null;
        }
        return merged;
    }

    /** ACL DELUSER of one user (never the default one): its clients are disconnected. */
    boolean deleteUser(String name) {
        User u = users.remove(name);
        if (u == null) return false;
        disconnectClientsOf(u);
        return true;
    }

    /** Redis's ACLFreeUserAndKillClients: the user's clients go back to the default user, unauthenticated, and close. */
    private void disconnectClientsOf(User u) {
        for (Client c : List.copyOf(server.clients().values())) {
            if (c.user() != u) continue;
            c.logOut(defaultUser);
            close(c);
        }
    }

    private void close(Client c) {
        if (c == server.currentClient()) c.closeAfterReply();
        else server.kill(c);
    }

    /**
     * Redis's ACLKillPubsubClientsIfNeeded: when a user loses channel permissions, its clients subscribed to a channel
     * or pattern it may no longer use are disconnected.
     */
    private void killPubSubClientsIfNeeded(User updated, User original) {
        if (server.pubSub().count(Kind.CHANNEL) == 0 && server.pubSub().count(Kind.PATTERN) == 0
                && server.pubSub().count(Kind.SHARD) == 0) return;
        if (updated.allChannels()) return;
        List<String> upcoming = new ArrayList<>();
        List<byte[]> upcomingBytes = new ArrayList<>();
        for (Selector s : updated.selectors()) {
            upcoming.addAll(s.channelPatterns());
            upcomingBytes.addAll(s.channelPatternBytes());
        }
        boolean superset = true;
        for (Selector s : original.selectors()) {
            if (s.has(Selector.ALLCHANNELS) || !upcoming.containsAll(s.channelPatterns())) superset = false;
        }
        if (superset) return;
        for (Client c : List.copyOf(server.clients().values())) {
            if (c.user() != original || c.type() != Client.Type.PUBSUB) continue;
            boolean kill = false;
            for (byte[] p : c.subscriptions().names(Kind.PATTERN)) {
                kill |= !Selector.channelListAllows(upcoming, upcomingBytes, p, true);
            }
            for (Kind kind : new Kind[] {Kind.CHANNEL, Kind.SHARD}) {
                for (byte[] ch : c.subscriptions().names(kind)) {
                    kill |= !Selector.channelListAllows(upcoming, upcomingBytes, ch, false);
                }
            }
            if (kill) close(c);
        }
    }

    /**
     * ACL LOAD's switch to a new set of users: the default user takes the new default's rules in place (a file
     * without one gets a fresh default user); every other old user's clients are disconnected.
     */
    void replaceUsers(TreeMap<String, User> loaded) {
        User newDefault = loaded.get(DEFAULT);
        defaultUser.copyFrom(newDefault != null ? newDefault : newDefaultUser());
        loaded.put(DEFAULT, defaultUser);
        TreeMap<String, User> old = users;
        users = loaded;
        for (User u : old.values()) if (u != defaultUser) disconnectClientsOf(u);
    }

    static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }
}
