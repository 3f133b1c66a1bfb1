/**
 * The stream of write commands as Redis propagates them to the AOF and (later) to replicas: what each command
 * changed, rewritten into deterministic, absolute forms where Redis does so, grouped per execution unit (a
 * top-level command, a transaction, a script) and wrapped in MULTI/EXEC when a unit produced more than one.
 */
package dev.cinnabar.propagation;
