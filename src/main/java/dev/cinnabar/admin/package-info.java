/**
 * Server administration commands: INFO (its report is built by {@code InfoReport}), CONFIG GET/SET/RESETSTAT/REWRITE,
 * FLUSHDB/FLUSHALL, TIME, DEBUG (digests in {@code DatasetDigest}, OBJECT in {@code DebugObject}, PROTOCOL in
 * {@code DebugProtocol}), SHUTDOWN and LOLWUT.
 */
package dev.cinnabar.admin;
