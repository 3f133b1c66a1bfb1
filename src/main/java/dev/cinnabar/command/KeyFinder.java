package dev.cinnabar.command;

/**
 * Command-specific key finding, for the commands whose key specs cannot tell the whole story (keys whose access
 * flags depend on other arguments, or layouts the specs describe only partly). Returns the number of keys added.
 */
@FunctionalInterface
public interface KeyFinder {
    /** argv[offset] is the command name and argc counts the arguments from there. */
    int find(byte[][] argv, int offset, int argc, KeyRefs out);
}
