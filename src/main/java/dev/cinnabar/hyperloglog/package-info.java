/**
 * HyperLogLog (Redis's hyperloglog.c): PFADD, PFCOUNT, PFMERGE, PFDEBUG and PFSELFTEST over string values in
 * Redis's own format, so that values copied between Redis and Cinnabar keep working and counts agree exactly.
 * {@link dev.cinnabar.hyperloglog.Hll} holds the representation and the estimator.
 */
package dev.cinnabar.hyperloglog;
