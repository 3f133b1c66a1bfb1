package dev.cinnabar.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

class LzfTest {

    private static byte[] compress(byte[] in, int limit) {
        byte[] out = new byte[limit + 1];
        int n = Lzf.get().compress(in, in.length, out, limit);
        return n == 0 ? null : Arrays.copyOf(out, n);
    }

    private static byte[] roundTrip(byte[] in) {
        byte[] c = compress(in, in.length + in.length / 16 + 64);
        byte[] back = new byte[in.length];
        assertEquals(in.length, Lzf.decompress(c, c.length, back, back.length));
        return back;
    }

    @Test
    void producesTheSameBytesAsRedis() {
        // What Redis 7 stores for fifty-one 'a's (after the 0xC3 marker and the two lengths): see DUMP.
        byte[] in = "a".repeat(51).getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(HexFormat.of().parseHex("016161e026000161 61".replace(" ", "")), compress(in, 47));
    }

    @Test
    void roundTripsVariedInputs() {
        Random rnd = new Random(7);
        for (int n = 0; n < 2000; n++) {
            int len = rnd.nextInt(n < 1000 ? 100 : 20_000) + 1;
            byte[] in = new byte[len];
            int alphabet = 1 + rnd.nextInt(n % 3 == 0 ? 256 : 4);
            for (int i = 0; i < len; i++) in[i] = (byte) rnd.nextInt(alphabet);
            if (n % 5 == 0) {   // long repeats exercise maximum-length back references and the 8K window
                for (int i = 300; i < len; i++) in[i] = in[i - 300 + rnd.nextInt(2)];
            }
            assertArrayEquals(in, roundTrip(in), "input #" + n);
        }
    }

    @Test
    void repeatedBytesCompressWell() {
        byte[] in = new byte[100_000];
        byte[] c = compress(in, in.length);
        assertTrue(c.length < 1300, "100000 zero bytes compressed to " + c.length);
        byte[] back = new byte[in.length];
        assertEquals(in.length, Lzf.decompress(c, c.length, back, back.length));
        assertArrayEquals(in, back);
    }

    @Test
    void incompressibleInputReportsThatItDoesNotFit() {
        byte[] in = new byte[1000];
        new Random(1).nextBytes(in);
        assertEquals(null, compress(in, in.length - 4));
        byte[] tiny = {1, 2, 3};
        assertEquals(null, compress(tiny, 0));
        assertEquals(null, compress(new byte[0], 10));
    }

    @Test
    void resultsDoNotDependOnEarlierCalls() {
        byte[] a = "abcabcabcabcabcabcabcabcabcabcabcabc".getBytes(StandardCharsets.US_ASCII);
        byte[] b = "xyzabcxyzabcxyzabcxyzabcxyzabcxyzabc".getBytes(StandardCharsets.US_ASCII);
        byte[] first = compress(b, 100);
        compress(a, 100);
        assertArrayEquals(first, compress(b, 100));
        byte[] out = new byte[101];
        int n = new Lzf().compress(b, b.length, out, 100);
        assertArrayEquals(first, Arrays.copyOf(out, n), "a fresh compressor gives the same bytes");
    }

    @Test
    void slotNumberingWrapsAroundSafely() {
        byte[] in = "abcabcabcabcabcabcabcabcabcabcabcabc".getBytes(StandardCharsets.US_ASCII);
        byte[] expected = compress(in, 100);
        Lzf nearLimit = new Lzf(Integer.MAX_VALUE - 50);
        for (int i = 0; i < 3; i++) {   // the second call no longer fits below the limit and starts over
            byte[] out = new byte[101];
            int n = nearLimit.compress(in, in.length, out, 100);
            assertArrayEquals(expected, Arrays.copyOf(out, n), "call " + i);
        }
    }

    @Test
    void decompressRejectsMalformedInput() {
        byte[] out = new byte[100];
        assertEquals(0, Lzf.decompress(new byte[] {5, 'a'}, 2, out, 100), "literal run longer than the input");
        assertEquals(0, Lzf.decompress(new byte[] {0, 'a', (byte) 0x20, 5}, 4, out, 100), "reference before start");
        assertEquals(0, Lzf.decompress(new byte[] {0, 'a', (byte) 0x20}, 3, out, 100), "truncated reference");
        assertEquals(0, Lzf.decompress(new byte[] {0, 'a', (byte) 0xE0}, 3, out, 100), "truncated long reference");
        assertEquals(0, Lzf.decompress(new byte[] {3, 'a', 'b', 'c', 'd'}, 5, out, 3), "output too small");
        assertEquals(0, Lzf.decompress(new byte[] {0, 'a', (byte) 0x20, 0}, 4, out, 3), "copy past output end");
        assertEquals(4, Lzf.decompress(new byte[] {0, 'a', (byte) 0x20, 0}, 4, out, 4));
        assertArrayEquals("aaaa".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(out, 4));
    }
}
