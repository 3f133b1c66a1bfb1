/**
 * Connection commands: PING, ECHO, SELECT, QUIT, RESET, HELLO, AUTH (against the acl package's users) and the CLIENT family (ID, INFO, LIST, KILL,
 * SETNAME/GETNAME, SETINFO, REPLY, NO-EVICT, NO-TOUCH, UNBLOCK, PAUSE/UNPAUSE, HELP); {@code ClientPause} holds the
 * commands a CLIENT PAUSE covers until it ends.
 */
package dev.cinnabar.connection;
