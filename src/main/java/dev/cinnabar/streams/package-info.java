/**
 * Streams: the stream structure ({@link dev.cinnabar.streams.StreamValue}: nodes of entries in Redis's listpack
 * layout, keyed by their master ID), consumer groups with their pending entries and consumers, the X* commands, and
 * how they reach the AOF and replicas ({@link dev.cinnabar.streams.StreamPropagation}, {@link
 * dev.cinnabar.streams.StreamAofForm}).
 */
package dev.cinnabar.streams;
