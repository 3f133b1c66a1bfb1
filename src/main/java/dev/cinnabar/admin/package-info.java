/**
 * Server administration commands: INFO (its report is built by {@code InfoReport}), CONFIG GET/SET/RESETSTAT/REWRITE,
 * FLUSHDB/FLUSHALL, TIME, DEBUG, SHUTDOWN and LOLWUT.
 */
package dev.cinnabar.admin;
