/**
 * Connection commands: PING, ECHO, SELECT, QUIT, RESET, HELLO, AUTH (against the acl package's users) and the CLIENT family (ID, INFO, LIST, KILL,
 * SETNAME/GETNAME, SETINFO, REPLY, NO-EVICT, NO-TOUCH, HELP).
 */
package dev.cinnabar.connection;
