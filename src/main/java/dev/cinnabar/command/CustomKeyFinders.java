package dev.cinnabar.command;

import java.util.Map;

/**
 * The commands that Redis gives a dedicated key-finding function besides their key specs, and whose function
 * matters: their specs carry VARIABLE_FLAGS (the flags depend on the arguments) or cannot locate every key
 * (unknown or incomplete specs). The other commands with such a function (EVAL and FCALL families, ZUNION,
 * ZINTER, ZDIFF and their STORE forms, LMPOP, BLMPOP, ZMPOP, BZMPOP, SINTERCARD, XREAD, XREADGROUP, GEORADIUS
 * and GEORADIUSBYMEMBER) have complete specs, and Redis runs their function only when the specs do not fit the
 * arguments (for instance a key count with a leading zero, which their atoi-based functions accept).
 */
final class CustomKeyFinders {
    private static final int RO_ACCESS = KeyFlag.RO.bit | KeyFlag.ACCESS.bit;
    private static final int RW_ACCESS_UPDATE = KeyFlag.RW.bit | KeyFlag.ACCESS.bit | KeyFlag.UPDATE.bit;
    private static final int OW_UPDATE = KeyFlag.OW.bit | KeyFlag.UPDATE.bit;
    private static final int RW_ACCESS_DELETE = KeyFlag.RW.bit | KeyFlag.ACCESS.bit | KeyFlag.DELETE.bit;

    private static final Map<String, KeyFinder> FINDERS = Map.of(
            "set", CustomKeyFinders::set,
            "bitfield", CustomKeyFinders::bitfield,
            "sort", CustomKeyFinders::sort,
            "sort_ro", (argv, offset, argc, out) -> key(out, 1, RO_ACCESS),
            "migrate", CustomKeyFinders::migrate);

    private CustomKeyFinders() {}

    static KeyFinder forCommand(String fullName) {
        return FINDERS.get(fullName);
    }

    private static int key(KeyRefs out, int position, int flags) {
        out.add(position, flags);
        return 1;
    }

    private static boolean is(byte[][] argv, int offset, int i, String lowerKeyword) {
        return KeyExtractor.cStringEqualsIgnoreCase(lowerKeyword, argv[offset + i]);
    }

    /** SET's key is read too when GET is among the options. */
    private static int set(byte[][] argv, int offset, int argc, KeyRefs out) {
        for (int i = 3; i < argc; i++) {
            if (is(argv, offset, i, "get")) return key(out, 1, RW_ACCESS_UPDATE);
        }
        return key(out, 1, OW_UPDATE);
    }

    /** BITFIELD only reads its key when every operation is a complete GET (or OVERFLOW). */
    private static int bitfield(byte[][] argv, int offset, int argc, KeyRefs out) {
        for (int i = 2; i < argc; i++) {
            int remaining = argc - i - 1;
            if (is(argv, offset, i, "get") && remaining >= 2) {
                i += 2;
            } else if (is(argv, offset, i, "overflow") && remaining >= 1) {
                i += 1;
            } else {
                return key(out, 1, RW_ACCESS_UPDATE); // a write, or a syntax error the command will report
            }
        }
        return key(out, 1, RO_ACCESS);
    }

    /** SORT reads its first argument and writes the key after the last STORE, skipping option values. */
    private static int sort(byte[][] argv, int offset, int argc, KeyRefs out) {
        out.add(1, RO_ACCESS);
        int store = 0;
        for (int i = 2; i < argc; i++) {
            if (is(argv, offset, i, "limit")) {
                i += 2;
            } else if (is(argv, offset, i, "store") && i + 1 < argc) {
                store = i + 1;  // the store key itself is scanned as an option name next, as Redis does
            } else if (is(argv, offset, i, "get") || is(argv, offset, i, "by")) {
                i += 1;
            }
        }
        if (store == 0) return 1;
        out.add(store, OW_UPDATE);
        return 2;
    }

    /** MIGRATE moves either its key argument or, when that is empty, the keys after KEYS. */
    private static int migrate(byte[][] argv, int offset, int argc, KeyRefs out) {
        int first = 3, count = 1;
        for (int i = 6; i < argc; i++) {
            if (is(argv, offset, i, "keys")) {
                if (argv[offset + 3].length > 0) {
                    count = 0; // both forms at once: a syntax error the command reports
                } else {
                    first = i + 1;
                    count = argc - first;
                }
                break;
            }
            if (is(argv, offset, i, "auth")) i += 1;
            else if (is(argv, offset, i, "auth2")) i += 2;
        }
        for (int i = 0; i < count; i++) out.add(first + i, RW_ACCESS_DELETE);
        return count;
    }
}
