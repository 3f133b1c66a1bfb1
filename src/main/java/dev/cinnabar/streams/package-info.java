/**
 * Streams: the stream structure ({@link dev.cinnabar.streams.StreamValue}: nodes of entries in Redis's listpack
 * layout, keyed by their master ID), consumer groups with their pending entries and consumers, and the X* commands.
 */
package dev.cinnabar.streams;
