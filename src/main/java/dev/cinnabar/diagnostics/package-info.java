/**
 * What Redis offers to look inside a running server: MONITOR (the feed of executed commands), SLOWLOG (the
 * commands that ran longer than slowlog-log-slower-than) and the latency monitor (LATENCY: per-event spikes over
 * latency-monitor-threshold, and per-command histograms). {@link dev.cinnabar.diagnostics.Diagnostics} is the one
 * object the dispatcher calls around each command; other parts record latency events through
 * {@link dev.cinnabar.diagnostics.LatencyMonitor#record}.
 */
package dev.cinnabar.diagnostics;
