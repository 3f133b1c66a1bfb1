package dev.cinnabar.keyspace;

/** Counters reported by INFO stats; reset by CONFIG RESETSTAT. */
public final class KeyspaceStats {
    public long keyspaceHits;
    public long keyspaceMisses;
    public long expiredKeys;
    public long expiredStalePercentTimesHundred;
    public long expireCycleCpuMillis;

    public void reset() {
        keyspaceHits = keyspaceMisses = expiredKeys = 0;
        expiredStalePercentTimesHundred = 0;
        expireCycleCpuMillis = 0;
    }
}
