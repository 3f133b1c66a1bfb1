/** Connection commands: PING, ECHO, SELECT, QUIT, RESET, HELLO, AUTH and the CLIENT family. */
package dev.cinnabar.connection;
