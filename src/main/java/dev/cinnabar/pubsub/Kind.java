package dev.cinnabar.pubsub;

/** The three subscription spaces, with the words Redis uses in their replies. */
public enum Kind {
    CHANNEL("subscribe", "unsubscribe"),
    PATTERN("psubscribe", "punsubscribe"),
    SHARD("ssubscribe", "sunsubscribe");

    final byte[] subscribeWord;
    final byte[] unsubscribeWord;

    Kind(String subscribe, String unsubscribe) {
        this.subscribeWord = subscribe.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        this.unsubscribeWord = unsubscribe.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
