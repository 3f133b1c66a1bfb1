/** Server administration commands: INFO, CONFIG, FLUSHDB/FLUSHALL, TIME, DEBUG, SHUTDOWN. */
package dev.cinnabar.admin;
