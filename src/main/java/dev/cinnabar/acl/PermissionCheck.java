package dev.cinnabar.acl;

import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.command.KeyExtractor;
import dev.cinnabar.command.KeyRefs;

/**
 * The state of one permission check across a user's selectors: the command's keys, found once and shared by the
 * selectors (Redis's aclKeyResultCache), and the position of the argument a denial is about. Reused: checks run one
 * at a time under the execution lock.
 */
final class PermissionCheck {
    private final KeyRefs keys = new KeyRefs();
    private boolean keysFound;
    private int keyCount;
    int position;

    void reset() {
        keysFound = false;
        position = 0;
    }

    boolean hasKeys(CommandSpec cmd) {
        return KeyExtractor.hasKeys(cmd);
    }

    int keys(CommandSpec cmd, byte[][] argv, int argc) {
        if (!keysFound) {
            keyCount = KeyExtractor.keys(cmd, argv, 0, argc, keys);
            keysFound = true;
        }
        return keyCount;
    }

    int keyPosition(int i) {
        return keys.position(i);
    }

    int keyFlags(int i) {
        return keys.flags(i);
    }
}
