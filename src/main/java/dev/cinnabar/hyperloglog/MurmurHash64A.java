package dev.cinnabar.hyperloglog;

/** MurmurHash2, 64-bit version, reading 8-byte blocks little-endian as Redis's endian-neutral variant does. */
final class MurmurHash64A {
    private static final long M = 0xc6a4a7935bd1e995L;
    private static final int R = 47;

    private MurmurHash64A() {}

    static long hash(byte[] data, int offset, int length, long seed) {
        long h = seed ^ (length * M);
        int end = offset + (length & ~7);
        int i = offset;
        for (; i < end; i += 8) {
            long k = (data[i] & 0xffL) | (data[i + 1] & 0xffL) << 8 | (data[i + 2] & 0xffL) << 16
                    | (data[i + 3] & 0xffL) << 24 | (data[i + 4] & 0xffL) << 32 | (data[i + 5] & 0xffL) << 40
                    | (data[i + 6] & 0xffL) << 48 | (data[i + 7] & 0xffL) << 56;
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
