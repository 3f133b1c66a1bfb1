package dev.cinnabar.server;

import dev.cinnabar.acl.User;
import dev.cinnabar.blocking.BlockState;
import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.config.OutputBufferLimits;
import dev.cinnabar.protocol.Reply;
import dev.cinnabar.protocol.RequestParser;
import dev.cinnabar.pubsub.Subscriptions;
import dev.cinnabar.transactions.Transaction;
import dev.cinnabar.tracking.ClientTracking;
import io.netty.buffer.ByteBuf;

/** One connected client and its session state (database, protocol, name, authentication, reply mode). */
public final class Client {
    /** Redis's client types, as CLIENT LIST TYPE and CLIENT KILL TYPE name them. */
    public enum Type {
        NORMAL, REPLICA, PUBSUB, MASTER;

        /** The type named by a CLIENT LIST / KILL argument ("slave" is the old name of "replica"), or null. */
        public static Type byName(String name) {
            return switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "normal" -> NORMAL;
                case "slave", "replica" -> REPLICA;
                case "pubsub" -> PUBSUB;
                case "master" -> MASTER;
                default -> null;
            };
        }
    }

    private final long id;
    private final Server server;
    private final Connection connection;
    private final Reply reply = new Reply();
    private final RequestParser parser;
    private final CommandContext context;
    private final long createdAtMillis;

    private int dbIndex;
    private String name = "";
    private String libName = "";
    private String libVersion = "";
    private boolean authenticated;
    private User user;
    private long lastInteractionMillis;
    private String lastCommand = "NULL";
    // CLIENT REPLY state, as Redis's REPLY_OFF / REPLY_SKIP / REPLY_SKIP_NEXT flags
    private boolean replyOff;
    private boolean replySkip;
    private boolean replySkipNext;
    private boolean noEvict;
    private boolean noTouch;
    private boolean closing;
    /** In MONITOR mode (Redis's CLIENT_SLAVE|CLIENT_MONITOR): never paused nor timed out; shown as a normal client. */
    private boolean monitoring;
    /** The command held by CLIENT PAUSE, null when none: the client then runs nothing until it is resumed. */
    private byte[][] postponedCommand;
    // blocking commands
    private BlockState blockState;
    private CommandSpec blockedCommand;
    private BlockState reprocessedBlock;
    private boolean denyBlocking;
    private ByteBuf outOfBandReplies;
    private ByteBuf replyTargetBeforeOutOfBand;
    /** Pushes this client's own command produced for it (a PUBLISH it is subscribed to), sent after its reply. */
    private ByteBuf deferredPushes;
    private ByteBuf replyTargetBeforeDeferred;
    private final Subscriptions subscriptions = new Subscriptions();
    /** MULTI queue and WATCHed keys; created the first time the client uses either. */
    private Transaction transaction;
    /** Client-side caching state, null until the client first enables tracking. */
    private ClientTracking tracking;
    private static final long REPLY_CHUNK_BYTES = 16 * 1024;
    // when the output first stayed above the soft limit (Redis's obuf_soft_limit_reached_time); 0 while below
    private long softLimitReachedMillis;

    public Client(long id, Server server, Connection connection) {
        this.id = id;
        this.server = server;
        this.connection = connection;
        this.parser = new RequestParser(server.config().protoMaxBulkLen.value());
        this.context = new CommandContext(server, this);
        this.createdAtMillis = System.currentTimeMillis();
        this.lastInteractionMillis = createdAtMillis;
        reply.setErrorObserver(server.stats()::recordError);
        user = server.acl().defaultUser();
        authenticated = server.defaultUserIsPasswordless();
        updateParserLimits();
    }

    public long id() {
        return id;
    }

    public Server server() {
        return server;
    }

    public Connection connection() {
        return connection;
    }

    public Reply reply() {
        return reply;
    }

    public RequestParser parser() {
        return parser;
    }

    public CommandContext context() {
        return context;
    }

    public long createdAtMillis() {
        return createdAtMillis;
    }

    public int dbIndex() {
        return dbIndex;
    }

    public void setDbIndex(int dbIndex) {
        this.dbIndex = dbIndex;
    }

    /** The connection name, "" when it has none. */
    public String name() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String libName() {
        return libName;
    }

    public void setLibName(String libName) {
        this.libName = libName;
    }

    public String libVersion() {
        return libVersion;
    }

    public void setLibVersion(String libVersion) {
        this.libVersion = libVersion;
    }

    /** Whether the client logged in (or was let in because the default user needs no password when it connected). */
    public boolean authenticated() {
        return authenticated;
    }

    public void setAuthenticated(boolean authenticated) {
        this.authenticated = authenticated;
        updateParserLimits();
    }

    /** True while the client must authenticate before running commands (Redis's authRequired). */
    public boolean authRequired() {
        return !authenticated && !server.defaultUserIsPasswordless();
    }

    /** Until it authenticates, a client may only send small requests, so it cannot make the server buffer much. */
    void updateParserLimits() {
        parser.setAuthenticated(!authRequired());
    }

    /** The ACL user the client runs commands as (the default user until it logs in as another). */
    public User user() {
        return user;
    }

    /** AUTH / HELLO AUTH succeeded: the client now runs as this user. */
    public void logIn(User user) {
        this.user = user;
        setAuthenticated(true);
    }

    /** The user was deleted: back to the default user, not authenticated (the client is being closed). */
    public void logOut(User defaultUser) {
        this.user = defaultUser;
        setAuthenticated(false);
    }

    /** The script client runs as the user of the client that called the script. */
    public void runAs(User user) {
        this.user = user;
    }

    public int protocol() {
        return reply.protocol();
    }

    public void setProtocol(int protocol) {
        reply.setProtocol(protocol);
    }

    /** PUBSUB while the client has any subscription (replicas and masters do not exist yet). */
    public Type type() {
        return subscriptions.any() ? Type.PUBSUB : Type.NORMAL;
    }

    /** The client's Pub/Sub subscriptions (changed through the server's registry). */
    public Subscriptions subscriptions() {
        return subscriptions;
    }

    /** True in RESP2 subscribed mode, where only subscription commands, PING, QUIT and RESET may run. */
    public boolean inSubscribedMode() {
        return reply.protocol() == 2 && subscriptions.any();
    }

    /** The client's tracking state (CLIENT TRACKING), or null if it never enabled tracking. */
    public ClientTracking tracking() {
        return tracking;
    }

    public void setTracking(ClientTracking tracking) {
        this.tracking = tracking;
    }

    public long lastInteractionMillis() {
        return lastInteractionMillis;
    }

    public void touch(long nowMillis) {
        lastInteractionMillis = nowMillis;
    }

    public String lastCommand() {
        return lastCommand;
    }

    public void setLastCommand(String lastCommand) {
        this.lastCommand = lastCommand;
    }

    // ---- CLIENT REPLY ---------------------------------------------------------------------------------------------

    /** CLIENT REPLY ON: replies are sent again, starting with this command's own. */
    public void replyOn() {
        replyOff = replySkip = replySkipNext = false;
    }

    public void replyOff() {
        replyOff = true;
    }

    /** CLIENT REPLY SKIP: the next command's reply is dropped (no effect while replies are off). */
    public void skipNextReply() {
        if (!replyOff) replySkipNext = true;
    }

    public boolean replyIsOff() {
        return replyOff;
    }

    /** True when the reply of the command now running must be discarded. */
    public boolean repliesSuppressed() {
        return replyOff || replySkip;
    }

    /** Called after every command, rejected ones included: a SKIP covers exactly the command after it. */
    public void commandProcessed() {
        replySkip = replySkipNext;
        replySkipNext = false;
    }

    // ---- blocking -------------------------------------------------------------------------------------------------

    /** Why the client is blocked, or null when it is not. */
    public BlockState blockState() {
        return blockState;
    }

    public boolean blocked() {
        return blockState != null;
    }

    public void setBlockState(BlockState state) {
        this.blockState = state;
    }

    /** The blocking command the client waits in, for its statistics when it times out. */
    public CommandSpec blockedCommand() {
        return blockedCommand;
    }

    public void setBlockedCommand(CommandSpec command) {
        this.blockedCommand = command;
    }

    /** While a woken client re-executes its command: the block it came from (its deadline carries over). */
    public BlockState reprocessedBlock() {
        return reprocessedBlock;
    }

    public void setReprocessedBlock(BlockState state) {
        this.reprocessedBlock = state;
    }

    /** True inside MULTI and scripts: blocking commands then answer at once, as if they timed out. */
    public boolean denyBlocking() {
        return denyBlocking;
    }

    public void setDenyBlocking(boolean deny) {
        this.denyBlocking = deny;
    }

    /** Directs this client's replies to a fresh buffer, for replies produced outside its own reads. */
    public void beginOutOfBandReply() {
        replyTargetBeforeOutOfBand = reply.buffer();
        outOfBandReplies = connection.allocateOutput();
        reply.target(outOfBandReplies);
    }

    /**
     * Sends what was written since {@link #beginOutOfBandReply}, and points replies back where they went before
     * (the client may be the one executing, e.g. a publisher receiving its own message with its replies off).
     */
    public void endOutOfBandReply() {
        ByteBuf replies = outOfBandReplies;
        outOfBandReplies = null;
        reply.target(replyTargetBeforeOutOfBand);
        replyTargetBeforeOutOfBand = null;
        server.stats().netOutputBytes += replies.readableBytes();
        connection.sendOutOfBand(replies);
        enforceOutputBufferLimit();
    }

    // ---- client-output-buffer-limit -------------------------------------------------------------------------------

    /**
     * Redis's checkClientOutputBufferLimits, run whenever replies were added: closes the client (without sending
     * what is pending) when its output reaches the hard limit of its class, or has stayed at or above the soft
     * limit for longer than the soft seconds. Returns true when it closed the client. A class without limits (the
     * normal class by default) costs one read.
     */
    public boolean enforceOutputBufferLimit() {
        OutputBufferLimits.Limit limit = outputBufferLimit();
        if (limit.unlimited() || closing) return false;
        long used = connection.replyBufferLength() + connection.pendingOutputBytes();
        // Redis counts only the reply list, not a client's fixed 16 KB buffer: small outputs are never limited
        if (used <= REPLY_CHUNK_BYTES) return false;
        boolean overHard = limit.hardBytes() > 0 && used >= limit.hardBytes();
        boolean overSoftTooLong = false;
        if (limit.softBytes() > 0 && used >= limit.softBytes()) {
            long now = System.currentTimeMillis();
            if (softLimitReachedMillis == 0) softLimitReachedMillis = now;
            else overSoftTooLong = now - softLimitReachedMillis > limit.softSeconds() * 1000;
        } else {
            softLimitReachedMillis = 0;
        }
        if (!overHard && !overSoftTooLong) return false;
        Log.warning("Client " + ClientInfo.describe(this, null)
                + " scheduled to be closed ASAP for overcoming of output buffer limits.");
        server.kill(this);
        return true;
    }

    /** The client-output-buffer-limit of the client's class (masters and monitors count as normal clients). */
    public OutputBufferLimits.Limit outputBufferLimit() {
        int clientClass = switch (type()) {
            case PUBSUB -> OutputBufferLimits.PUBSUB;
            case REPLICA -> OutputBufferLimits.REPLICA;
            default -> OutputBufferLimits.NORMAL;
        };
        return server.config().clientOutputBufferLimit.limit(clientClass);
    }

    /**
     * Directs replies to the deferred pushes: a message the running command publishes to its own client goes after
     * the command's reply, as Redis 7.2 sends it.
     */
    public void beginDeferredPush() {
        if (deferredPushes == null) deferredPushes = connection.allocateOutput();
        replyTargetBeforeDeferred = reply.buffer();
        reply.target(deferredPushes);
    }

    public void endDeferredPush() {
        reply.target(replyTargetBeforeDeferred);
        replyTargetBeforeDeferred = null;
    }

    /** After a command: its reply is complete, the pushes it produced for this client follow. */
    public void appendDeferredPushes() {
        if (deferredPushes == null) return;
        reply.buffer().writeBytes(deferredPushes);
        deferredPushes.release();
        deferredPushes = null;
    }

    // ---- flags ----------------------------------------------------------------------------------------------------

    /** Held by CLIENT PAUSE (Redis's BLOCKED_POSTPONE): nothing it sent runs until the pause ends. */
    public boolean postponed() {
        return postponedCommand != null;
    }

    public void postpone(byte[][] command) {
        this.postponedCommand = command;
    }

    /** Ends the postponement; returns the held command (null if there was none). */
    public byte[][] resumePostponed() {
        byte[][] command = postponedCommand;
        postponedCommand = null;
        return command;
    }

    public boolean monitoring() {
        return monitoring;
    }

    public void setMonitoring() {
        this.monitoring = true;
    }

    public boolean noEvict() {
        return noEvict;
    }

    public void setNoEvict(boolean noEvict) {
        this.noEvict = noEvict;
    }

    public boolean noTouch() {
        return noTouch;
    }

    public void setNoTouch(boolean noTouch) {
        this.noTouch = noTouch;
    }

    /** The client's transaction state, created on first use. */
    public Transaction transaction() {
        if (transaction == null) transaction = new Transaction();
        return transaction;
    }

    public Transaction transactionOrNull() {
        return transaction;
    }

    /** Between MULTI and EXEC / DISCARD. */
    public boolean inMulti() {
        return transaction != null && transaction.active();
    }

    /** Marks the client to be closed once the replies produced so far are sent (QUIT, protocol errors). */
    public void closeAfterReply() {
        closing = true;
    }

    public boolean closing() {
        return closing;
    }

    /**
     * RESET: back to the state of a new connection (database 0, RESP2, default user, no name, replies on, no
     * NO-EVICT / NO-TOUCH, no transaction or watched keys, no subscriptions, no tracking, no MONITOR). The library
     * name and version stay: they still describe the client behind it.
     */
    public void resetConnectionState() {
        dev.cinnabar.transactions.TransactionCommands.discardTransaction(this);
        server.pubSub().unsubscribeAll(this);
        server.tracking().disable(this);
        server.diagnostics().monitors().remove(this); // RESET ends MONITOR mode
        monitoring = false;
        dbIndex = 0;
        setProtocol(2);
        user = server.acl().defaultUser();
        authenticated = server.defaultUserIsPasswordless();
        updateParserLimits();
        name = "";
        replyOff = replySkipNext = false;
        noTouch = noEvict = false;
    }
}
