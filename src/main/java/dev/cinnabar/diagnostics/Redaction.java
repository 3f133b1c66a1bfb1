package dev.cinnabar.diagnostics;

import dev.cinnabar.command.CommandSpec;

import java.nio.charset.StandardCharsets;

/**
 * Redis's redactClientCommandArgument: the arguments that carry secrets (passwords of AUTH, HELLO AUTH,
 * MIGRATE AUTH/AUTH2, ACL SETUSER rules, CONFIG SET of sensitive parameters) are shown as "(redacted)" by
 * MONITOR and SLOWLOG. Only consulted when something is about to be shown.
 */
final class Redaction {
    static final byte[] REDACTED = "(redacted)".getBytes(StandardCharsets.US_ASCII);

    private Redaction() {}

    /** The arguments as MONITOR and SLOWLOG show them: argv itself, or a copy with the secrets replaced. */
    static byte[][] shown(CommandSpec cmd, byte[][] argv, int argc) {
        return switch (cmd.fullName()) {
            case "auth" -> argc > 3 ? argv : redact(argv, argc, 1, argc - 1);
            case "hello" -> hello(argv, argc);
            case "migrate" -> migrate(argv, argc);
            case "acl|setuser" -> redact(argv, argc, 2, argc - 1);
            case "config|set" -> configSet(argv, argc);
            default -> argv;
        };
    }

    private static byte[][] redact(byte[][] argv, int argc, int from, int to) {
        byte[][] copy = java.util.Arrays.copyOf(argv, argc);
        for (int i = from; i <= to && i < argc; i++) copy[i] = REDACTED;
        return copy;
    }

    private static boolean is(byte[] arg, String word) {
        return new String(arg, StandardCharsets.ISO_8859_1).equalsIgnoreCase(word);
    }

    /** HELLO [protover [AUTH user pass] [SETNAME name]]: the options are read until one is not understood. */
    private static byte[][] hello(byte[][] argv, int argc) {
        byte[][] shown = argv;
        for (int j = 2; j < argc; j++) {
            int more = argc - 1 - j;
            if (is(argv[j], "auth") && more >= 2) {
                shown = redact(shown, argc, j + 1, j + 2);
                j += 2;
            } else if (is(argv[j], "setname") && more >= 1) {
                j++;
            } else {
                break;
            }
        }
        return shown;
    }

    private static byte[][] migrate(byte[][] argv, int argc) {
        byte[][] shown = argv;
        for (int j = 6; j < argc; j++) {
            int more = argc - 1 - j;
            if (is(argv[j], "auth") && more >= 1) {
                shown = redact(shown, argc, j + 1, j + 1);
                j++;
            } else if (is(argv[j], "auth2") && more >= 2) {
                shown = redact(shown, argc, j + 1, j + 2);
                j += 2;
            } else if (is(argv[j], "keys")) {
                break;
            }
        }
        return shown;
    }

    private static byte[][] configSet(byte[][] argv, int argc) {
        byte[][] shown = argv;
        for (int j = 2; j + 1 < argc; j += 2) {
            if (is(argv[j], "requirepass") || is(argv[j], "masterauth") || is(argv[j], "masteruser")) {
                shown = redact(shown, argc, j + 1, j + 1);
            }
        }
        return shown;
    }
}
