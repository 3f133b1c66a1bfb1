/**
 * Server-wide state and the client model: the {@link dev.cinnabar.server.Server} that owns the configuration,
 * keyspace, command table, connected clients, statistics (users and permissions are the acl package's) and the execution
 * lock that makes commands atomic, plus the periodic cron (active expiry, incremental rehash, idle-client
 * timeouts, instantaneous metrics). {@link dev.cinnabar.server.ClientInfo} describes a client the way CLIENT LIST
 * does; {@link dev.cinnabar.server.MemoryUsage} reads the JVM's and the
 * process's memory figures (what the server counts as used_memory is {@code dev.cinnabar.memory}'s).
 */
package dev.cinnabar.server;
