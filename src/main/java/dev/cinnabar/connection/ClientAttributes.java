package dev.cinnabar.connection;

import dev.cinnabar.command.RedisError;

import java.nio.charset.StandardCharsets;

/**
 * Checks on what a client may call itself (CLIENT SETNAME, HELLO SETNAME, CLIENT SETINFO): the values appear in
 * CLIENT LIST, which must stay splittable on spaces, so only printable ASCII without spaces is allowed.
 */
final class ClientAttributes {
    private static final RedisError BAD_NAME =
            new RedisError("ERR Client names cannot contain spaces, newlines or special characters.");

    private ClientAttributes() {}

    /** Redis's validateClientAttr: it reads the value as a C string, so it looks no further than a NUL byte. */
    static boolean valid(byte[] value) {
        for (byte b : value) {
            if (b == 0) break;
            if (b < '!' || b > '~') return false;
        }
        return true;
    }

    static void checkName(byte[] name) {
        if (!valid(name)) throw BAD_NAME;
    }

    /** The value as stored on the client: one char per byte, so GETNAME gives back exactly the bytes it was given. */
    static String text(byte[] value) {
        return new String(value, StandardCharsets.ISO_8859_1);
    }
}
