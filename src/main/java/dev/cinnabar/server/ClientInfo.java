package dev.cinnabar.server;

import dev.cinnabar.pubsub.Kind;
import dev.cinnabar.tracking.ClientTracking;

/**
 * The one-line description of a client used by CLIENT LIST, CLIENT INFO and log lines, with Redis 7.2's fields
 * in Redis's order. Memory fields describe Cinnabar's own buffers: the query buffer, the buffer the current
 * batch of replies goes to, and what the socket has not sent yet.
 */
public final class ClientInfo {
    private ClientInfo() {}

    /**
     * Describes {@code client}; {@code caller} is the client running the command that asks (its own request is
     * the only one being executed, so only it has argument memory).
     */
    public static String describe(Client client, Client caller) {
        Connection conn = client.connection();
        long nowSeconds = System.currentTimeMillis() / 1000;
        long argvMemory = 0;
        if (client == caller) {
            byte[][] argv = client.context().argv();
            for (int i = 0; i < client.context().argc(); i++) argvMemory += argv[i].length;
        }
        long qbuf = conn.queryBufferLength();
        long qbufFree = conn.queryBufferFree();
        long omem = conn.pendingOutputBytes();
        long rbs = conn.replyBufferSize();
        return "id=" + client.id()
                + " addr=" + conn.remoteAddress()
                + " laddr=" + conn.localAddress()
                + " fd=" + conn.fd()
                + " name=" + client.name()
                + " age=" + (nowSeconds - client.createdAtMillis() / 1000)
                + " idle=" + (nowSeconds - client.lastInteractionMillis() / 1000)
                + " flags=" + flags(client)
                + " db=" + client.dbIndex()
                + " sub=" + client.subscriptions().count(Kind.CHANNEL)
                + " psub=" + client.subscriptions().count(Kind.PATTERN)
                + " ssub=" + client.subscriptions().count(Kind.SHARD)
                + " multi=" + (client.inMulti() ? client.transaction().queuedCount() : -1)
                + " qbuf=" + qbuf
                + " qbuf-free=" + qbufFree
                + " argv-mem=" + argvMemory
                + " multi-mem=" + (client.transactionOrNull() == null ? 0 : client.transactionOrNull().queuedBytes())
                + " rbs=" + rbs
                + " rbp=" + conn.replyBufferPeak()
                + " obl=" + conn.replyBufferLength()
                + " oll=0"
                + " omem=" + omem
                + " tot-mem=" + (qbuf + qbufFree + argvMemory + rbs + omem)
                + " events=" + (omem > 0 ? "rw" : "r")
                + " cmd=" + client.lastCommand()
                + " user=" + client.user().name()
                + " redir=" + (client.tracking() == null ? -1 : client.tracking().redirectField())
                + " resp=" + client.protocol()
                + " lib-name=" + client.libName()
                + " lib-ver=" + client.libVersion();
    }

    /** Redis's flag letters, in Redis's order; "N" when none applies. */
    private static String flags(Client client) {
        StringBuilder f = new StringBuilder();
        if (client.monitoring()) f.append('O');
        if (client.subscriptions().any()) f.append('P');
        if (client.inMulti()) f.append('x');
        if (client.blocked() || client.postponed()) f.append('b');
        ClientTracking tracking = client.tracking();
        if (tracking != null && tracking.enabled()) f.append('t');
        if (tracking != null && tracking.redirectBroken()) f.append('R');
        if (tracking != null && tracking.broadcasting()) f.append('B');
        if (client.transactionOrNull() != null && client.transactionOrNull().watchInvalidated()) f.append('d');
        if (client.closing()) f.append('c');
        if (client.connection().isUnixSocket()) f.append('U');
        if (client.noEvict()) f.append('e');
        if (client.noTouch()) f.append('T');
        return f.isEmpty() ? "N" : f.toString();
    }
}
