package dev.cinnabar.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.CinnabarExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;

class PipelineIntegrationTest {
    @RegisterExtension
    static final CinnabarExtension server = new CinnabarExtension();

    @Test
    void tenThousandPipelinedCommandsAnswerInOrder() throws Exception {
        try (RespConnection c = new RespConnection(server.port())) {
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            for (int i = 0; i < 10_000; i++) batch.writeBytes(RespConnection.encode("SET", "k" + i, "v" + i));
            for (int i = 0; i < 10_000; i++) batch.writeBytes(RespConnection.encode("GET", "k" + i));
            c.sendRaw(batch.toByteArray());
            for (int i = 0; i < 10_000; i++) assertEquals("+OK\r\n", c.readReply());
            for (int i = 0; i < 10_000; i++) {
                String v = "v" + i;
                assertEquals("$" + v.length() + "\r\n" + v + "\r\n", c.readReply());
            }
        }
    }

    @Test
    void requestSplitAcrossManyWritesIsReassembled() throws Exception {
        try (RespConnection c = new RespConnection(server.port())) {
            byte[] cmd = RespConnection.encode("ECHO", "x".repeat(100_000));
            for (int i = 0; i < cmd.length; i += 777) {
                c.sendRaw(java.util.Arrays.copyOfRange(cmd, i, Math.min(cmd.length, i + 777)));
            }
            String reply = c.readReply();
            assertTrue(reply.startsWith("$100000\r\nxxx"));
        }
    }

    @Test
    void inlineCommandsWithQuotes() throws Exception {
        try (RespConnection c = new RespConnection(server.port())) {
            c.sendRaw("ECHO \"hello\\x41 world\"\r\nPING\n");
            assertEquals("$12\r\nhelloA world\r\n", c.readReply());
            assertEquals("+PONG\r\n", c.readReply());
        }
    }

    @Test
    void protocolErrorIsReportedAndConnectionClosed() throws Exception {
        try (RespConnection c = new RespConnection(server.port())) {
            c.sendRaw("*1\r\nx\r\n");
            assertEquals("-ERR Protocol error: expected '$', got 'x'\r\n", c.readReply());
            assertTrue(c.isClosedByServer(2000));
        }
    }
}
