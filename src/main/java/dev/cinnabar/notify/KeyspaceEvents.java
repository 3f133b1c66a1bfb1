package dev.cinnabar.notify;

import java.nio.charset.StandardCharsets;

/**
 * Publishes keyspace events as Redis's notifyKeyspaceEvent does: an event whose class is enabled in
 * {@code notify-keyspace-events} goes to {@code __keyspace@<db>__:<key>} (message: the event name) when K is set,
 * then to {@code __keyevent@<db>__:<event>} (message: the key) when E is set, through the ordinary Pub/Sub
 * delivery. With notifications off an event costs one test of an int.
 */
public final class KeyspaceEvents {
    private static final byte[] KEYSPACE_PREFIX = "__keyspace@".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEYEVENT_PREFIX = "__keyevent@".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DB_SUFFIX = "__:".getBytes(StandardCharsets.US_ASCII);

    /** Sends one message as PUBLISH sends it. */
    @FunctionalInterface
    public interface Publisher {
        void publish(byte[] channel, byte[] message);
    }

    private int flags;
    private Publisher publisher = (channel, message) -> {};

    public void setPublisher(Publisher publisher) {
        this.publisher = publisher;
    }

    /** Sets the enabled classes and channels ({@link NotifyClass} bits). */
    public void setFlags(int flags) {
        this.flags = flags;
    }

    public int flags() {
        return flags;
    }

    /** Emits an event about a key of database db, if its class is enabled. */
    public void emit(KeyEvent event, byte[] key, int db) {
        int enabled = flags;
        if ((enabled & event.notifyClass()) == 0) return;
        byte[] dbDigits = null;
        if ((enabled & NotifyClass.KEYSPACE) != 0) {
            dbDigits = Integer.toString(db).getBytes(StandardCharsets.US_ASCII);
            publisher.publish(channel(KEYSPACE_PREFIX, dbDigits, key), event.eventName());
        }
        if ((enabled & NotifyClass.KEYEVENT) != 0) {
            if (dbDigits == null) dbDigits = Integer.toString(db).getBytes(StandardCharsets.US_ASCII);
            publisher.publish(channel(KEYEVENT_PREFIX, dbDigits, event.eventName()), key);
        }
    }

    private static byte[] channel(byte[] prefix, byte[] db, byte[] name) {
        byte[] channel = new byte[prefix.length + db.length + DB_SUFFIX.length + name.length];
        System.arraycopy(prefix, 0, channel, 0, prefix.length);
        System.arraycopy(db, 0, channel, prefix.length, db.length);
        System.arraycopy(DB_SUFFIX, 0, channel, prefix.length + db.length, DB_SUFFIX.length);
        System.arraycopy(name, 0, channel, prefix.length + db.length + DB_SUFFIX.length, name.length);
        return channel;
    }
}
