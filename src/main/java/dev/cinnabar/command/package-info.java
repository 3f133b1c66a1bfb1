/**
 * Command dispatch: the command table (declared once, with Redis's metadata loaded from the resources under
 * {@code commands/}), the per-call context handed to handlers, argument helpers, and the errors handlers raise.
 * COMMAND, arity checks, ACL categories and key extraction all read the same table.
 */
package dev.cinnabar.command;
