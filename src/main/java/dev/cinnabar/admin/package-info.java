/**
 * Server administration commands: INFO (its report is built by {@code InfoReport}), CONFIG GET/SET/RESETSTAT,
 * FLUSHDB/FLUSHALL, TIME, DEBUG and SHUTDOWN.
 */
package dev.cinnabar.admin;
