package dev.cinnabar.keyspace;

/** Counters reported by INFO stats; reset by CONFIG RESETSTAT. */
public final class KeyspaceStats {
    public long keyspaceHits;
    public long keyspaceMisses;
    public long expiredKeys;
    public long expiredStalePercentTimesHundred;
    public long expireCycleCpuMillis;
    /** Keys deleted to stay within maxmemory (INFO evicted_keys). */
    public long evictedKeys;

    public void reset() {
        keyspaceHits = keyspaceMisses = expiredKeys = evictedKeys = 0;
        expiredStalePercentTimesHundred = 0;
        expireCycleCpuMillis = 0;
    }
}
