/**
 * Pub/Sub: who is subscribed to which channel, pattern and shard channel ({@link dev.cinnabar.pubsub.PubSub} for
 * the server, {@link dev.cinnabar.pubsub.Subscriptions} for one client), message delivery, and the SUBSCRIBE /
 * PUBLISH / PUBSUB family of commands.
 */
package dev.cinnabar.pubsub;
