package dev.cinnabar.config;

/**
 * A redis.conf "rename-command from to" line (to is "" to take the command away). It is not a parameter: the
 * server applies the renames to its command table at start-up, and a rename that fails stops start-up with the
 * line that asked for it.
 */
public record CommandRename(String from, String to, int lineNumber, String line) {
    /** The FATAL CONFIG FILE ERROR text for this line failing for {@code reason}. */
    public String fatalError(String reason) {
        return ConfigLoader.fatalText(lineNumber, line, reason);
    }
}
