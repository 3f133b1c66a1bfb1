/**
 * Keyspace notifications (Redis's notify.c): the event classes of {@code notify-keyspace-events}
 * ({@link dev.cinnabar.notify.NotifyClass}), the events write commands and the keyspace emit
 * ({@link dev.cinnabar.notify.KeyEvent}), and their publication on the {@code __keyspace@<db>__:<key>} and
 * {@code __keyevent@<db>__:<event>} channels ({@link dev.cinnabar.notify.KeyspaceEvents}).
 */
package dev.cinnabar.notify;
