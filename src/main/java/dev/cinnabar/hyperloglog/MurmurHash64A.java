package dev.cinnabar.hyperloglog;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** MurmurHash2, 64-bit version, reading 8-byte blocks little-endian as Redis's endian-neutral variant does. */
final class MurmurHash64A {
    private static final long M = 0xc6a4a7935bd1e995L;
    private static final int R = 47;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private MurmurHash64A() {}

    static long hash(byte[] data, int offset, int length, long seed) {
        long h = seed ^ (length * M);
        int end = offset + (length & ~7);
        int i = offset;
        for (; i < end; i += 8) {
            long k = (long) LONGS.get(data, i);
            k *= M;
            k ^= k >>> R;
            k *= M;
            h ^= k;
            h *= M;
        }
        int tail = length & 7;
        if (tail > 0) {
            for (int j = tail - 1; j >= 0; j--) h ^= (data[i + j] & 0xffL) << (8 * j);
            h *= M;
        }
        h ^= h >>> R;
        h *= M;
        h ^= h >>> R;
        return h;
    }
}
