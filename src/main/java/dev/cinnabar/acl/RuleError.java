package dev.cinnabar.acl;

/** Why an ACL rule could not be applied, with Redis's description of each kind (ACLSetUserStringError). */
final class RuleError extends Exception {
    enum Kind {
        UNKNOWN_COMMAND("Unknown command or category name in ACL"),
        SYNTAX("Syntax error"),
        PATTERN_AFTER_ALLKEYS("Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does "
                + "not have any effect. Try 'resetkeys' to start with an empty list of patterns"),
        PATTERN_AFTER_ALLCHANNELS("Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid "
                + "and does not have any effect. Try 'resetchannels' to start with an empty list of channels"),
        NO_SUCH_PASSWORD("The password you are trying to remove from the user does not exist"),
        BAD_HASH("The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters"),
        DUPLICATE_USER("Duplicate user found. A user can only be defined once in config files"),
        FIRST_ARG_OF_SUBCOMMAND("Allowing first-arg of a subcommand is not supported");

        final String message;

        Kind(String message) {
            this.message = message;
        }
    }

    final Kind kind;

    RuleError(Kind kind) {
        super(kind.message, null, false, false);
        this.kind = kind;
    }
}
