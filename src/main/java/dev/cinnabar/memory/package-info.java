/**
 * Memory: what the server counts as {@code used_memory} ({@link dev.cinnabar.memory.MemoryManager}), eviction under
 * {@code maxmemory} with Redis's eight policies ({@link dev.cinnabar.memory.Eviction}, its sampled
 * {@link dev.cinnabar.memory.EvictionPool}), the refusal of commands that may grow memory (-OOM) and the heap guard
 * that keeps the JVM from running out of heap, the figures of INFO memory and MEMORY STATS
 * ({@link dev.cinnabar.memory.MemoryOverhead}) and the MEMORY command. The per-key sizes themselves are kept by the
 * keyspace ({@code Dict.memoryBytes}, {@code RedisValue.memoryUsage}).
 */
package dev.cinnabar.memory;
