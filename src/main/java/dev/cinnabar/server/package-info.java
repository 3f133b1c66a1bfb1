/**
 * Server-wide state and the client model: the {@link dev.cinnabar.server.Server} that owns the configuration,
 * keyspace, command table, connected clients, statistics (users and permissions are the acl package's) and the execution
 * lock that makes commands atomic, plus the periodic cron (active expiry, incremental rehash, idle-client
 * timeouts, instantaneous metrics). {@link dev.cinnabar.server.ClientInfo} describes a client the way CLIENT LIST
 * does; {@link dev.cinnabar.server.MemoryUsage} measures memory for INFO.
 */
package dev.cinnabar.server;
