/**
 * Server-wide state and the client model: the {@link dev.cinnabar.server.Server} that owns the configuration,
 * keyspace, command table, connected clients, statistics and the execution lock that makes commands atomic, plus
 * the periodic cron (active expiry, incremental rehash, idle-client timeouts).
 */
package dev.cinnabar.server;
