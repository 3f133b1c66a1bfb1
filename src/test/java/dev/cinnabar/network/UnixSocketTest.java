package dev.cinnabar.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

class UnixSocketTest {
    @Test
    void servesRequestsOnTheUnixSocketWithItsPermissions(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("cinnabar.sock");
        try (CinnabarServer server = TestServer.start("unixsocket " + socket, "unixsocketperm 700")) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(socket));
                OutputStream out = Channels.newOutputStream(ch);
                InputStream in = Channels.newInputStream(ch);
                out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("+PONG\r\n", new String(in.readNBytes(7), StandardCharsets.US_ASCII));
            }
        }
    }
}
