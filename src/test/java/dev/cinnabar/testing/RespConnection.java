package dev.cinnabar.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A raw RESP connection for tests: sends commands or arbitrary bytes and reads back whole replies as the exact
 * bytes the server sent, so tests can compare them byte for byte.
 */
public final class RespConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RespConnection(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    /** Speaks RESP over a socket connected elsewhere (a TLS socket, or one from another local address). */
    public RespConnection(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new java.io.BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** This end's port: the server sees the connection as coming from it. */
    public int localPort() {
        return socket.getLocalPort();
    }

    public static byte[] encode(byte[]... args) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : args) {
            b.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(a);
            b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return b.toByteArray();
    }

    public static byte[] encode(String... args) {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
        return encode(bytes);
    }

    public void send(String... args) throws IOException {
        sendRaw(encode(args));
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void sendRaw(String text) throws IOException {
        sendRaw(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends a command and returns its reply, as text (ISO-8859-1, so every byte maps to one char). */
    public String call(String... args) throws IOException {
        send(args);
        return readReply();
    }

    public String call(byte[]... args) throws IOException {
        sendRaw(encode(args));
        return readReply();
    }

    /** Reads one complete reply (nested aggregates included) and returns its exact bytes as text. */
    public String readReply() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        readValue(b);
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** True when no byte of a reply arrived within the given time (the reply, if any, stays to be read). */
    public boolean nothingReceivedWithin(int millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return in.available() == 0;
    }

    /** True when the server closed the connection (reads EOF within the timeout). */
    public boolean isClosedByServer(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        } finally {
            socket.setSoTimeout(10_000);
        }
    }

    private void readValue(ByteArrayOutputStream b) throws IOException {
        String line = readLine(b);
        char type = line.charAt(0);
        switch (type) {
            case '+', '-', ':', '_', '#', ',', '(' -> { }
            case '$', '=', '!' -> {
                int n = Integer.parseInt(line.substring(1));
                if (n >= 0) {
                    byte[] data = in.readNBytes(n + 2);
                    if (data.length < n + 2) throw new IOException("connection closed inside a bulk reply");
                    b.writeBytes(data);
                }
            }
            case '*', '~', '>' -> {
                int n = Integer.parseInt(line.substring(1));
                for (int i = 0; i < n; i++) readValue(b);
            }
            case '%', '|' -> {
                int n = Integer.parseInt(line.substring(1));
                for (int i = 0; i < 2 * n; i++) readValue(b);
                if (type == '|') readValue(b);
            }
            default -> throw new IOException("not a RESP reply: " + line);
        }
    }

    private String readLine(ByteArrayOutputStream b) throws IOException {
        StringBuilder sb = new StringBuilder();
        int prev = -1;
        while (true) {
            int c = in.read();
            if (c < 0) throw new IOException("connection closed by server");
            b.write(c);
            if (prev == '\r' && c == '\n') break;
            if (prev >= 0) sb.append((char) prev);
            prev = c;
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
