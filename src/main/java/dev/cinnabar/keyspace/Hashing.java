package dev.cinnabar.keyspace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Seeded 64-bit hash of byte strings; the seed is random per process so clients cannot aim collisions. */
public final class Hashing {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long M1 = 0x9E3779B97F4A7C15L;
    private static final long M2 = 0xBF58476D1CE4E5B9L;

    private Hashing() {}

    public static long hash(byte[] data, long seed) {
        return hash(data, 0, data.length, seed);
    }

    public static long hash(byte[] data, int offset, int length, long seed) {
        long h = seed ^ (length * M1);
        int i = offset, end = offset + length;
        for (; i + 8 <= end; i += 8) {
            long v = (long) LONGS.get(data, i);
            h = Long.rotateLeft((h ^ v) * M2, 29) * M1;
        }
        long tail = 0;
        for (int shift = 0; i < end; i++, shift += 8) tail |= (data[i] & 0xFFL) << shift;
        h = Long.rotateLeft((h ^ tail) * M2, 29) * M1;
        return finish(h);
    }

    /** The MurmurHash3 64-bit finalizer: every input bit affects every output bit. */
    static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
