package dev.cinnabar.pubsub;

import java.util.Arrays;

/** A channel name or pattern as a hash key (byte contents compared, not identity). */
record Channel(byte[] name) {
    @Override
    public boolean equals(Object o) {
        return o instanceof Channel other && Arrays.equals(name, other.name);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(name);
    }
}
