package dev.cinnabar.command;

/** The implementation of one command (or subcommand). Errors are raised as {@link RedisError}. */
@FunctionalInterface
public interface CommandHandler {
    void execute(CommandContext ctx);
}
