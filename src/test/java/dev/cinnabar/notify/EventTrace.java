package dev.cinnabar.notify;

import dev.cinnabar.testing.Differential;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.RespTree;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A writer connection and a subscriber to every keyspace notification channel of one server. {@link #run} sends
 * one command and returns its reply followed by the notifications it produced, in the order they arrived: after
 * the command, the writer publishes to a marker channel the subscriber also listens to, and the subscriber reads
 * until the marker (a server delivers to one subscriber in publishing order).
 */
final class EventTrace implements AutoCloseable {
    static final String PATTERN = "__key*@*__:*";
    private static final String MARKER = "trace-marker";

    /** An argument standing for {@link #payload} (DUMP output, which differs between servers and versions). */
    static final String PAYLOAD = "$PAYLOAD";

    private final RespConnection writer;
    private final RespConnection subscriber;
    private byte[] payload = new byte[0];

    /** Opens both connections; the subscriber speaks RESP2 or RESP3 (protocol 2 or 3). */
    EventTrace(int port, int protocol) throws IOException {
        writer = new RespConnection(port);
        subscriber = new RespConnection(port);
        if (protocol == 3) subscriber.call("HELLO", "3");
        subscriber.call("PSUBSCRIBE", PATTERN);
        subscriber.call("SUBSCRIBE", MARKER);
    }

    RespConnection writer() {
        return writer;
    }

    /** Sets what {@link #PAYLOAD} arguments are replaced with. */
    void setPayload(byte[] payload) {
        this.payload = payload;
    }

    /** Sends a command, then returns "> command", "< reply" and one line per notification. */
    List<String> run(String... command) throws IOException {
        return run(true, command);
    }

    /** As {@link #run}, without recording the reply (for commands whose reply is random, like SPOP). */
    List<String> runIgnoringReply(String... command) throws IOException {
        return run(false, command);
    }

    private List<String> run(boolean recordReply, String... command) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("> " + String.join(" ", command));
        byte[][] args = new byte[command.length][];
        for (int i = 0; i < command.length; i++) {
            args[i] = command[i].equals(PAYLOAD) ? payload : command[i].getBytes(StandardCharsets.UTF_8);
        }
        String reply = writer.call(args);
        if (recordReply) lines.add("< " + Differential.printable(reply).replace("\n", ""));
        lines.addAll(notificationsUntilMarker());
        return lines;
    }

    /** The notifications received so far, up to the marker published now. */
    List<String> notificationsUntilMarker() throws IOException {
        writer.call("PUBLISH", MARKER, "end");
        List<String> events = new ArrayList<>();
        while (true) {
            String raw = subscriber.readReply();
            List<String> message = RespTree.parse(raw).strings();
            if (message.get(0).equals("message") && message.get(1).equals(MARKER)) return events;
            events.add("  " + Differential.printable(raw).replace("\n", ""));
        }
    }

    @Override
    public void close() throws IOException {
        writer.close();
        subscriber.close();
    }
}
