package dev.cinnabar.acl;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;

/**
 * Redis's ACL log: the recent denials, newest first. A denial like one of the last ten entries (same reason,
 * context, object and user, within a minute) bumps that entry's count instead of adding one.
 */
final class AclLog {
    private static final long GROUPING_MILLIS = 60_000;
    private static final int MATCH_SCAN = 10;

    enum Context { TOPLEVEL("toplevel"), MULTI("multi"), LUA("lua");

        final String wireName;

        Context(String wireName) {
            this.wireName = wireName;
        }
    }

    static final class Entry {
        long count = 1;
        final int reason;
        final Context context;
        final byte[] object;
        final byte[] username;
        long lastMillis;
        String clientInfo;
        final long entryId;
        final long createdMillis;

        Entry(int reason, Context context, byte[] object, byte[] username, long now, String clientInfo, long id) {
            this.reason = reason;
            this.context = context;
            this.object = object;
            this.username = username;
            this.lastMillis = now;
            this.clientInfo = clientInfo;
            this.entryId = id;
            this.createdMillis = now;
        }

        String reasonName() {
            return switch (reason) {
                case Selector.DENIED_CMD -> "command";
                case Selector.DENIED_KEY -> "key";
                case Selector.DENIED_CHANNEL -> "channel";
                case Selector.DENIED_AUTH -> "auth";
                default -> "unknown";
            };
        }

        private boolean sameAs(int reason, Context context, byte[] object, byte[] username, long now) {
            return this.reason == reason && this.context == context && Math.abs(lastMillis - now) <= GROUPING_MILLIS
                    && java.util.Arrays.equals(this.object, object) && java.util.Arrays.equals(this.username, username);
        }
    }

    private final LinkedList<Entry> entries = new LinkedList<>();
    private long created;

    void add(int reason, Context context, byte[] object, byte[] username, long now, String clientInfo, int maxLength) {
        int scanned = 0;
        for (Iterator<Entry> it = entries.iterator(); it.hasNext() && scanned++ < MATCH_SCAN; ) {
            Entry e = it.next();
            if (e.sameAs(reason, context, object, username, now)) {
                it.remove();
                entries.addFirst(e);
                e.clientInfo = clientInfo;
                e.lastMillis = now;
                e.count++;
                return;
            }
        }
        entries.addFirst(new Entry(reason, context, object, username, now, clientInfo, created++));
        while (entries.size() > maxLength) entries.removeLast();
    }

    List<Entry> newest(long count) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (out.size() >= count) break;
            out.add(e);
        }
        return out;
    }

    void reset() {
        entries.clear();
    }
}
