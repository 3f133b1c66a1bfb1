package dev.cinnabar.persistence.rdb;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Loaded collections must not repeat a member or field: Redis reports such input as corrupt. */
final class Duplicates {
    private Duplicates() {}

    /** Checks the elements at indexes 0, step, 2*step... of the list for repeats. */
    static void check(List<byte[]> elements, int step, String what) {
        Set<ByteBuffer> seen = new HashSet<>(Math.max(16, elements.size() / step * 2));
        for (int i = 0; i < elements.size(); i += step) {
            if (!seen.add(ByteBuffer.wrap(elements.get(i)))) {
                throw new RdbFormatException("duplicate " + what + " members");
            }
        }
    }
}
