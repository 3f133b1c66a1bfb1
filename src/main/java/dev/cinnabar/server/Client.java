package dev.cinnabar.server;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.protocol.Reply;
import dev.cinnabar.protocol.RequestParser;

/** One connected client and its session state (database, protocol, name, authentication, reply mode). */
public final class Client {
    public enum ReplyMode { ON, OFF, SKIP }

    private final long id;
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
    private String user = "default";
    private long lastInteractionMillis;
    private String lastCommand = "NULL";
    private ReplyMode replyMode = ReplyMode.ON;
    private boolean skipNextReply;
    private boolean noEvict;
    private boolean noTouch;
    private boolean closing;

    public Client(long id, Server server, Connection connection) {
        this.id = id;
        this.connection = connection;
        this.parser = new RequestParser(server.config().protoMaxBulkLen.value());
        this.context = new CommandContext(server, this);
        this.createdAtMillis = System.currentTimeMillis();
        this.lastInteractionMillis = createdAtMillis;
        reply.setErrorObserver(server.stats()::recordError);
        setAuthenticated(server.config().requirepass.value().isEmpty());
    }

    public long id() {
        return id;
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

    public boolean authenticated() {
        return authenticated;
    }

    public void setAuthenticated(boolean authenticated) {
        this.authenticated = authenticated;
        parser.setAuthenticated(authenticated);
    }

    public String user() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public int protocol() {
        return reply.protocol();
    }

    public void setProtocol(int protocol) {
        reply.setProtocol(protocol);
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

    public ReplyMode replyMode() {
        return replyMode;
    }

    public void setReplyMode(ReplyMode mode) {
        this.replyMode = mode;
        this.skipNextReply = mode == ReplyMode.SKIP;
    }

    /** True when the reply of the command now running must be discarded (CLIENT REPLY OFF or SKIP). */
    public boolean repliesSuppressed() {
        return replyMode == ReplyMode.OFF || skipNextReply;
    }

    /** Called after each command: a SKIP covers exactly one command after CLIENT REPLY SKIP itself. */
    public void commandFinished(boolean wasReplySkipCommand) {
        if (!wasReplySkipCommand && skipNextReply) {
            skipNextReply = false;
            if (replyMode == ReplyMode.SKIP) replyMode = ReplyMode.ON;
        }
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

    /** Marks the client to be closed once the replies produced so far are sent (QUIT, protocol errors). */
    public void closeAfterReply() {
        closing = true;
    }

    public boolean closing() {
        return closing;
    }
}
