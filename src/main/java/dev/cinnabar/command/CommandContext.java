package dev.cinnabar.command;

import dev.cinnabar.keyspace.Database;
import dev.cinnabar.protocol.Reply;
import dev.cinnabar.server.Client;
import dev.cinnabar.server.Server;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What a handler sees of the call it serves: the arguments, the client, its current database, the server and
 * the reply writer. One instance per connection is reused for every command, so a call allocates nothing here.
 */
public final class CommandContext {
    private final Server server;
    private final Client client;
    private byte[][] argv;
    private int argc;
    private CommandSpec command;

    public CommandContext(Server server, Client client) {
        this.server = server;
        this.client = client;
    }

    void bind(CommandSpec command, byte[][] argv, int argc) {
        this.command = command;
        this.argv = argv;
        this.argc = argc;
    }

    public Server server() {
        return server;
    }

    public Client client() {
        return client;
    }

    public Reply reply() {
        return client.reply();
    }

    public CommandSpec command() {
        return command;
    }

    public Database db() {
        return server.keyspace().db(client.dbIndex());
    }

    /** The time snapshot of this command, in unix milliseconds. */
    public long now() {
        return server.keyspace().now();
    }

    public int argc() {
        return argc;
    }

    public byte[] arg(int i) {
        return argv[i];
    }

    public byte[][] argv() {
        return argv;
    }

    public String argString(int i) {
        return new String(argv[i], StandardCharsets.UTF_8);
    }

    public String argLower(int i) {
        return argString(i).toLowerCase(Locale.ROOT);
    }

    /** Case-insensitive comparison of an argument with a lower-case ASCII keyword, without allocating. */
    public boolean argIs(int i, String lowerKeyword) {
        return CommandTable.equalsIgnoreCase(lowerKeyword, argv[i]);
    }

    public long argLong(int i) {
        return Numbers.parseLong(argv[i]);
    }

    public long argLong(int i, RedisError ifInvalid) {
        return Numbers.parseLong(argv[i], ifInvalid);
    }

    public double argDouble(int i) {
        return Numbers.parseDouble(argv[i]);
    }

    /** False inside MULTI and scripts, where a blocking command answers at once as if it had timed out. */
    public boolean mayBlock() {
        return !client.denyBlocking();
    }

    /**
     * Blocks the client on keys of the current database until one of them holds a value of the given type
     * ("list", "zset"...) or the deadline (unix ms, 0 for none) passes; the command then runs again from the
     * start. The handler must not reply when it blocks.
     */
    public void block(byte[][] keys, String valueType, long deadline) {
        block(keys, valueType, deadline, false);
    }

    /**
     * As {@link #block(byte[][], String, long)}; with unblockOnNoKey the command also runs again when a key it
     * waits on is deleted or changes type (XREADGROUP, whose group goes with its stream).
     */
    public void block(byte[][] keys, String valueType, long deadline, boolean unblockOnNoKey) {
        server.blockedClients().block(client, client.dbIndex(), keys, valueType, deadline, argv, argc, unblockOnNoKey);
    }

    /** Redis's rewriteClientCommandArgument: the command as it will be re-executed (or propagated) differs here. */
    public void rewriteArg(int i, byte[] value) {
        argv[i] = value;
    }

    /**
     * Blocks on the numKeys keys from argument firstKey (see {@link #block}); where blocking is not allowed,
     * replies what a timeout replies instead, a null array.
     */
    public void blockOnKeys(int firstKey, int numKeys, String valueType, long deadline) {
        if (!mayBlock()) {
            reply().nullArray();
            return;
        }
        byte[][] keys = new byte[numKeys][];
        for (int i = 0; i < numKeys; i++) keys[i] = argv[firstKey + i];
        block(keys, valueType, deadline);
    }

    // ---- propagation (AOF, replication): Redis's rewriteClientCommandVector / alsoPropagate ----------------------

    /** Whether anything receives propagated commands: rewrites need not be built when not. */
    public boolean propagating() {
        return server.propagation().active();
    }

    /** Propagates this command as the given argument vector (its absolute, deterministic form) instead. */
    public void propagateAs(byte[]... argv) {
        server.propagation().rewrite(argv);
    }

    /** Also propagates a command in the current database, before this command's own entry. */
    public void alsoPropagate(byte[]... argv) {
        server.propagation().also(client.dbIndex(), argv);
    }

    /** This command itself is not propagated (what it added with {@link #alsoPropagate} still is). */
    public void preventPropagation() {
        server.propagation().prevent();
    }

    /** This command is propagated even if it changed nothing. */
    public void forcePropagation() {
        server.propagation().force();
    }

    /** A syntax error if fewer than n arguments remain after position i. */
    public void requireFollowing(int i, int n) {
        if (i + n >= argc) throw RedisError.SYNTAX;
    }
}
