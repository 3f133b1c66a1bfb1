package dev.cinnabar.memory;

import java.util.Locale;

/** The maxmemory-policy values: which keys may go (all, or only those with a TTL) and how the victim is chosen. */
enum EvictionPolicy {
    VOLATILE_LRU, VOLATILE_LFU, VOLATILE_RANDOM, VOLATILE_TTL, ALLKEYS_LRU, ALLKEYS_LFU, ALLKEYS_RANDOM, NOEVICTION;

    static EvictionPolicy of(String configValue) {
        return valueOf(configValue.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    boolean allKeys() {
        return this == ALLKEYS_LRU || this == ALLKEYS_LFU || this == ALLKEYS_RANDOM;
    }

    boolean random() {
        return this == ALLKEYS_RANDOM || this == VOLATILE_RANDOM;
    }

    boolean lru() {
        return this == ALLKEYS_LRU || this == VOLATILE_LRU;
    }

    boolean lfu() {
        return this == ALLKEYS_LFU || this == VOLATILE_LFU;
    }
}
