package dev.cinnabar.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.CinnabarExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Seeded random and mutated requests (garbage, truncated frames, absurd lengths, stray CR/LF, binary) sent on
 * many connections: whatever the server answers, it must keep serving other clients and keep its data.
 */
class ProtocolFuzzTest {
    @RegisterExtension
    static final CinnabarExtension server = new CinnabarExtension();

    @Test
    void randomAndMutatedInputNeverBreaksTheServer() throws Exception {
        try (RespConnection witness = new RespConnection(server.port())) {
            assertEquals("+OK\r\n", witness.call("SET", "witness", "still-here"));
            SplittableRandom rnd = new SplittableRandom(20261123);
            for (int round = 0; round < 300; round++) {
                byte[] input = round % 3 == 0 ? garbage(rnd) : mutated(rnd);
                try (Socket s = new Socket("127.0.0.1", server.port())) {
                    s.setSoTimeout(50);
                    OutputStream out = s.getOutputStream();
                    out.write(input);
                    out.flush();
                    drain(s.getInputStream());
                } catch (IOException closedByServer) {
                    // the server may close the connection on a protocol error: that is fine
                }
            }
            assertEquals("+PONG\r\n", witness.call("PING"));
            assertEquals("$10\r\nstill-here\r\n", witness.call("GET", "witness"));
        }
    }

    private static byte[] garbage(SplittableRandom rnd) {
        byte[] b = new byte[1 + rnd.nextInt(2000)];
        for (int i = 0; i < b.length; i++) b[i] = (byte) rnd.nextInt(256);
        if (rnd.nextBoolean()) b[0] = (byte) "*$+-:\r\n".charAt(rnd.nextInt(7));
        return b;
    }

    /** A valid pipeline with a few bytes changed, removed or duplicated, and often cut short. */
    private static byte[] mutated(SplittableRandom rnd) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        String[][] commands = {{"SET", "k" + rnd.nextInt(10), "v"}, {"GET", "k1"}, {"INCR", "n"}, {"PING"},
                {"MSET", "a", "1", "b", "2"}, {"ECHO", "x".repeat(rnd.nextInt(100))}, {"DEL", "k2"}};
        for (int i = 0, n = 1 + rnd.nextInt(8); i < n; i++) {
            b.writeBytes(RespConnection.encode(commands[rnd.nextInt(commands.length)]));
        }
        byte[] valid = b.toByteArray();
        for (int m = 0, n = 1 + rnd.nextInt(4); m < n && valid.length > 0; m++) {
            int at = rnd.nextInt(valid.length);
            switch (rnd.nextInt(4)) {
                case 0 -> valid[at] = (byte) rnd.nextInt(256);
                case 1 -> valid[at] = (byte) "0123456789-*$\r\n".charAt(rnd.nextInt(15));
                case 2 -> valid = splice(valid, at, "999999999999".getBytes(StandardCharsets.US_ASCII));
                default -> valid = java.util.Arrays.copyOf(valid, at);
            }
        }
        return valid;
    }

    private static byte[] splice(byte[] a, int at, byte[] insert) {
        byte[] out = new byte[a.length + insert.length];
        System.arraycopy(a, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(a, at, out, at + insert.length, a.length - at);
        return out;
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        try {
            while (in.read(buf) >= 0) { /* discard whatever the server answered */ }
        } catch (java.net.SocketTimeoutException quiet) {
            // the server is waiting for the rest of a truncated request
        }
    }
}
