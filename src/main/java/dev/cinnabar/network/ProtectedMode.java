package dev.cinnabar.network;

import dev.cinnabar.server.Connection;
import dev.cinnabar.server.Server;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Redis's protected mode: while it is on and the default user has no password, only local clients (loopback
 * addresses and unix sockets) are served; anyone else gets {@link #DENIED} and is disconnected.
 */
final class ProtectedMode {
    /** The error Redis 7.2 sends, byte for byte (without the CRLF). */
    static final String DENIED = "-DENIED Redis is running in protected mode because protected "
            + "mode is enabled and no password is set for the default user. "
            + "In this mode connections are only accepted from the loopback interface. "
            + "If you want to connect from external computers to Redis you "
            + "may adopt one of the following solutions: "
            + "1) Just disable protected mode sending the command "
            + "'CONFIG SET protected-mode no' from the loopback interface "
            + "by connecting to Redis from the same host the server is "
            + "running, however MAKE SURE Redis is not publicly accessible "
            + "from internet if you do so. Use CONFIG REWRITE to make this "
            + "change permanent. "
            + "2) Alternatively you can just disable the protected mode by "
            + "editing the Redis configuration file, and setting the protected "
            + "mode option to 'no', and then restarting the server. "
            + "3) If you started the server manually just for testing, restart "
            + "it with the '--protected-mode no' option. "
            + "4) Set up an authentication password for the default user. "
            + "NOTE: You only need to do one of the above things in order for "
            + "the server to start accepting connections from the outside.";

    private ProtectedMode() {}

    /** True when this new connection must be turned away. */
    static boolean refuses(Server server, Connection connection) {
        return server.config().protectedMode.value() && server.defaultUserIsPasswordless() && !connection.isLocal();
    }

    /**
     * Redis's idea of a local peer: an address in 127.0.0.0/8, ::1, or a unix socket (any other kind of address).
     * An IPv4-mapped IPv6 address counts as its IPv4 address.
     */
    static boolean isLocal(SocketAddress peer) {
        if (!(peer instanceof InetSocketAddress inet)) return true;
        InetAddress address = inet.getAddress();
        if (address instanceof Inet4Address v4) return (v4.getAddress()[0] & 0xff) == 127;
        if (address instanceof Inet6Address v6) return v6.isLoopbackAddress();
        return false;
    }
}
