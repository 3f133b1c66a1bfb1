/**
 * MULTI / EXEC / DISCARD and optimistic locking with WATCH / UNWATCH: the per-client transaction state and the
 * server-wide registry of watched keys, which listens to the keyspace's change signal.
 */
package dev.cinnabar.transactions;
