package dev.cinnabar.compression;

import java.util.Arrays;

/**
 * The LZF compression format as Redis uses it for RDB strings and for compressed quicklist nodes. A compressed stream is a sequence of
 * <ul>
 *   <li>literal runs: a control byte {@code 000LLLLL} then L+1 bytes copied as they are (1 to 32 bytes);</li>
 *   <li>back references: {@code LLLooooo [extra length] oooooooo}, copying L+2 bytes (L = 7 means "7 plus the
 *       extra length byte") from 1 + the 13-bit offset bytes behind the output position; copies may overlap.</li>
 * </ul>
 * The compressor finds matches the way liblzf does in Redis's build (a 64K-entry table indexed by a hash of the
 * next three bytes, "very fast" mode), so for the same input it produces the same bytes as Redis, which keeps
 * DUMP payloads identical. One instance keeps its hash table between calls and is not thread-safe.
 */
public final class Lzf {
    private static final int HASH_LOG = 16;
    private static final int HASH_SIZE = 1 << HASH_LOG;
    private static final int MAX_LITERAL = 1 << 5;
    private static final int MAX_OFFSET = 1 << 13;
    private static final int MAX_REFERENCE = (1 << 8) + (1 << 3);

    private static final ThreadLocal<Lzf> PER_THREAD = ThreadLocal.withInitial(Lzf::new);

    /**
     * Positions seen per hash slot, stored as {@code base + position + 1}: each call starts above every value an
     * earlier call stored, so old slots read as empty without clearing the table (it is cleared only when the
     * base would overflow).
     */
    private final int[] table = new int[HASH_SIZE];
    private int nextBase;

    public Lzf() {
        this(0);
    }

    /** A compressor whose slot numbering starts at {@code firstBase} (tests use it to reach the wrap-around). */
    Lzf(int firstBase) {
        this.nextBase = firstBase;
    }

    /** This thread's compressor. */
    public static Lzf get() {
        return PER_THREAD.get();
    }

    /**
     * Compresses {@code in[0, inLength)} into {@code out}, using at most {@code outLimit} bytes of it (out must have
     * room for outLimit + 1). Returns the compressed length, or 0 when the result would not fit in outLimit.
     */
    public int compress(byte[] in, int inLength, byte[] out, int outLimit) {
        if (inLength == 0 || outLimit == 0) return 0;
        if (nextBase > Integer.MAX_VALUE - inLength - 1) {
            Arrays.fill(table, 0);
            nextBase = 0;
        }
        int base = nextBase;
        nextBase += inLength + 1;
        int ip = 0;
        int op = 1;                                      // out[0] is reserved for the first literal run's length
        int literals = 0;
        int hval = inLength > 1 ? first(in, 0) : 0;
        while (ip < inLength - 2) {
            hval = next(hval, in, ip);
            int slot = index(hval);
            int seen = table[slot];
            int ref = seen > base ? seen - base - 1 : -1;
            table[slot] = base + ip + 1;
            int off = ip - ref - 1;
            if (ref > 0 && off < MAX_OFFSET
                    && in[ref + 2] == in[ip + 2] && in[ref] == in[ip] && in[ref + 1] == in[ip + 1]) {
                int len = 2;
                int maxLen = Math.min(inLength - ip - len, MAX_REFERENCE);
                if (op + 3 + 1 >= outLimit && op - (literals == 0 ? 1 : 0) + 3 + 1 >= outLimit) return 0;
                out[op - literals - 1] = (byte) (literals - 1);   // close the literal run...
                if (literals == 0) op--;                           // ...or drop it if it is empty
                len = matchLength(in, ref, ip, maxLen);
                len -= 2;                                          // stored as length - 2
                ip++;
                if (len < 7) {
                    out[op++] = (byte) ((off >>> 8) + (len << 5));
                } else {
                    out[op++] = (byte) ((off >>> 8) + (7 << 5));
                    out[op++] = (byte) (len - 7);
                }
                out[op++] = (byte) off;
                literals = 0;
                op++;                                              // reserve the next run's length byte
                ip += len + 1;
                if (ip >= inLength - 2) break;
                // Hash the last two positions covered by the match, as liblzf's "very fast" mode does.
                ip -= 2;
                hval = first(in, ip);
                hval = next(hval, in, ip);
                table[index(hval)] = base + ip + 1;
                ip++;
                hval = next(hval, in, ip);
                table[index(hval)] = base + ip + 1;
                ip++;
            } else {
                if (op >= outLimit) return 0;
                literals++;
                out[op++] = in[ip++];
                if (literals == MAX_LITERAL) {
                    out[op - literals - 1] = (byte) (literals - 1);
                    literals = 0;
                    op++;
                }
            }
        }
        if (op + 3 > outLimit) return 0;
        while (ip < inLength) {
            literals++;
            out[op++] = in[ip++];
            if (literals == MAX_LITERAL) {
                out[op - literals - 1] = (byte) (literals - 1);
                literals = 0;
                op++;
            }
        }
        out[op - literals - 1] = (byte) (literals - 1);
        if (literals == 0) op--;
        return op;
    }

    /**
     * How many bytes at ref and ip are equal, knowing the first three are. Mirrors liblzf's loop exactly,
     * including its unrolled first step for long inputs, because the match length decides the output bytes.
     */
    private static int matchLength(byte[] in, int ref, int ip, int maxLen) {
        int len = 2;
        if (maxLen > 16) {
            for (int i = 0; i < 16; i++) {
                len++;
                if (in[ref + len] != in[ip + len]) return len;
            }
        }
        do {
            len++;
        } while (len < maxLen && in[ref + len] == in[ip + len]);
        return len;
    }

    private static int first(byte[] in, int p) {
        return ((in[p] & 0xFF) << 8) | (in[p + 1] & 0xFF);
    }

    private static int next(int hval, byte[] in, int p) {
        return (hval << 8) | (in[p + 2] & 0xFF);
    }

    private static int index(int hval) {
        return ((hval >>> (3 * 8 - HASH_LOG)) - hval * 5) & (HASH_SIZE - 1);
    }

    /**
     * Decompresses {@code in[0, inLength)} into {@code out[0, outLength)}; returns the number of bytes produced, or
     * 0 when the input is malformed or does not fit (like liblzf, which callers check against the expected size).
     */
    public static int decompress(byte[] in, int inLength, byte[] out, int outLength) {
        int ip = 0, op = 0;
        while (ip < inLength) {
            int ctrl = in[ip++] & 0xFF;
            if (ctrl < MAX_LITERAL) {
                int run = ctrl + 1;
                if (op + run > outLength || ip + run > inLength) return 0;
                System.arraycopy(in, ip, out, op, run);
                ip += run;
                op += run;
            } else {
                int len = ctrl >>> 5;
                int ref = op - ((ctrl & 0x1F) << 8) - 1;
                if (ip >= inLength) return 0;
                if (len == 7) {
                    len += in[ip++] & 0xFF;
                    if (ip >= inLength) return 0;
                }
                ref -= in[ip++] & 0xFF;
                len += 2;
                if (op + len > outLength || ref < 0) return 0;
                for (int i = 0; i < len; i++) out[op++] = out[ref++];   // byte by byte: the copy may overlap
            }
        }
        return op;
    }
}
