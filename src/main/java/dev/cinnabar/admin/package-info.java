/**
 * Server administration commands: INFO (its report is built by {@code InfoReport}), CONFIG GET/SET/RESETSTAT,
 * FLUSHDB/FLUSHALL, TIME, DEBUG (digests in {@code DatasetDigest}, OBJECT in {@code DebugObject}, PROTOCOL in
 * {@code DebugProtocol}) and SHUTDOWN.
 */
package dev.cinnabar.admin;
