package dev.cinnabar.diagnostics;

import dev.cinnabar.protocol.Repr;
import dev.cinnabar.server.Client;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The clients in MONITOR mode and the feed they receive: one status line per executed command,
 * {@code +<seconds>.<micros> [<db> <origin>] "arg" "arg"...}, the origin being the client's address,
 * "unix:<socket path>" or "lua" for commands run by scripts. Used under the execution lock.
 */
public final class Monitors {
    private final List<Client> monitors = new ArrayList<>();

    public boolean any() {
        return !monitors.isEmpty();
    }

    /** Adds a client; false if it already monitors. */
    boolean add(Client client) {
        if (monitors.contains(client)) return false;
        monitors.add(client);
        return true;
    }

    public void remove(Client client) {
        monitors.remove(client);
    }

    int count() {
        return monitors.size();
    }

    /** Sends the line describing a command to every monitor (its own line after its reply, for a monitor itself). */
    void feed(String origin, int db, byte[][] argv, int argc) {
        byte[] line = line(origin, db, argv, argc);
        for (Client monitor : List.copyOf(monitors)) {
            if (monitor.closing()) continue;
            boolean own = monitor == monitor.server().currentClient() && !monitor.repliesSuppressed();
            if (own) monitor.beginDeferredPush();
            else monitor.beginOutOfBandReply();
            monitor.reply().buffer().writeBytes(line);
            if (own) monitor.endDeferredPush();
            else monitor.endOutOfBandReply();
        }
    }

    static byte[] line(String origin, int db, byte[][] argv, int argc) {
        Instant now = Instant.now();
        StringBuilder sb = new StringBuilder(64).append('+').append(now.getEpochSecond()).append('.');
        String micros = Long.toString(now.getNano() / 1000);
        sb.append("0".repeat(6 - micros.length())).append(micros);
        sb.append(" [").append(db).append(' ').append(origin).append("] ");
        for (int j = 0; j < argc; j++) {
            if (j > 0) sb.append(' ');
            sb.append(Repr.of(argv[j]));
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Where a command came from, as the monitor line names it. */
    static String origin(Client client, boolean script, String unixSocket) {
        if (script) return "lua";
        if (client.connection().isUnixSocket()) return "unix:" + unixSocket;
        return client.connection().remoteAddress();
    }
}
