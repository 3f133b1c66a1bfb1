package dev.cinnabar.diagnostics;

import dev.cinnabar.protocol.Reply;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The slow log: the latest commands that ran at least slowlog-log-slower-than microseconds (negative: none),
 * newest first, at most slowlog-max-len of them (trimmed when an entry is added, as Redis does). An entry keeps
 * at most 32 arguments, the last one then saying how many more there were, and at most 128 bytes of each.
 */
public final class SlowLog {
    static final int MAX_ARGC = 32;
    static final int MAX_STRING = 128;

    /** One logged command. */
    record Entry(long id, long timeSeconds, long durationMicros, byte[][] args, String peer, String clientName) {}

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long nextId;

    /** Logs a slow command, then drops the oldest entries past the maximum length. */
    void push(byte[][] argv, int argc, long durationMicros, String peer, String clientName, long maxLength) {
        entries.addFirst(new Entry(nextId++, System.currentTimeMillis() / 1000, durationMicros, trimmed(argv, argc),
                peer, clientName));
        trim(maxLength);
    }

    /** Redis trims the log only when a command completes: a lowered slowlog-max-len shows then. */
    void trim(long maxLength) {
        while (entries.size() > maxLength) entries.removeLast();
    }

    private static byte[][] trimmed(byte[][] argv, int argc) {
        int kept = Math.min(argc, MAX_ARGC);
        byte[][] args = new byte[kept][];
        for (int j = 0; j < kept; j++) {
            if (kept != argc && j == kept - 1) {
                args[j] = ("... (" + (argc - kept + 1) + " more arguments)").getBytes(StandardCharsets.US_ASCII);
            } else if (argv[j].length > MAX_STRING) {
                String more = "... (" + (argv[j].length - MAX_STRING) + " more bytes)";
                byte[] suffix = more.getBytes(StandardCharsets.US_ASCII);
                byte[] arg = Arrays.copyOf(argv[j], MAX_STRING + suffix.length);
                System.arraycopy(suffix, 0, arg, MAX_STRING, suffix.length);
                args[j] = arg;
            } else {
                args[j] = argv[j].clone();
            }
        }
        return args;
    }

    public int length() {
        return entries.size();
    }

    public void reset() {
        entries.clear();
    }

    /** SLOWLOG GET: the newest {@code count} entries (all when count is -1). */
    void reply(Reply reply, long count) {
        long n = count < 0 ? entries.size() : Math.min(count, entries.size());
        reply.arrayHeader(n);
        Iterator<Entry> it = entries.iterator();
        for (long i = 0; i < n; i++) {
            Entry e = it.next();
            reply.arrayHeader(6);
            reply.integer(e.id());
            reply.integer(e.timeSeconds());
            reply.integer(e.durationMicros());
            reply.arrayHeader(e.args().length);
            for (byte[] arg : e.args()) reply.bulk(arg);
            reply.bulk(e.peer().getBytes(StandardCharsets.UTF_8));
            reply.bulk(e.clientName().getBytes(StandardCharsets.ISO_8859_1));
        }
    }
}
