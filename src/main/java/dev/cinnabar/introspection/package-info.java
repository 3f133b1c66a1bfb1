/**
 * Introspection of the command table: the COMMAND command and its subcommands (INFO, DOCS, COUNT, LIST, GETKEYS,
 * GETKEYSANDFLAGS, HELP), which describe the commands this server implements with Redis's metadata and replies.
 */
package dev.cinnabar.introspection;
