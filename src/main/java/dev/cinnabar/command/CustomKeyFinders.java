package dev.cinnabar.command;

import java.util.Map;

/**
 * The commands that Redis gives a dedicated key-finding function besides their key specs, and that Cinnabar
 * implements. For most of them the specs already find every key; the function matters when a spec carries
 * VARIABLE_FLAGS (the flags depend on the arguments) or when the specs cannot be applied to the arguments given.
 */
final class CustomKeyFinders {
    private static final Map<String, KeyFinder> FINDERS = Map.of(
            "set", CustomKeyFinders::set);

    private CustomKeyFinders() {}

    static KeyFinder forCommand(String fullName) {
        return FINDERS.get(fullName);
    }

    /** SET's key is only read when GET is among the options. */
    private static int set(byte[][] argv, int offset, int argc, KeyRefs out) {
        for (int i = 3; i < argc; i++) {
            if (KeyExtractor.cStringEqualsIgnoreCase("get", argv[offset + i])) {
                out.add(1, KeyFlag.RW.bit | KeyFlag.ACCESS.bit | KeyFlag.UPDATE.bit);
                return 1;
            }
        }
        out.add(1, KeyFlag.OW.bit | KeyFlag.UPDATE.bit);
        return 1;
    }
}
