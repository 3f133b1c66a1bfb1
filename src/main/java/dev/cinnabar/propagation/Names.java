package dev.cinnabar.propagation;

import java.nio.charset.StandardCharsets;

/** The command names and keywords commands are propagated as, spelled as Redis writes them. */
public final class Names {
    public static final byte[] SET = ascii("SET");
    public static final byte[] PXAT = ascii("PXAT");
    public static final byte[] KEEPTTL = ascii("KEEPTTL");
    public static final byte[] PEXPIREAT = ascii("PEXPIREAT");
    public static final byte[] PERSIST = ascii("PERSIST");
    public static final byte[] DEL = ascii("DEL");
    public static final byte[] UNLINK = ascii("UNLINK");
    public static final byte[] HSET = ascii("HSET");
    public static final byte[] SREM = ascii("SREM");
    public static final byte[] LPOP = ascii("LPOP");
    public static final byte[] RPOP = ascii("RPOP");
    public static final byte[] LMOVE = ascii("LMOVE");
    public static final byte[] RPOPLPUSH = ascii("RPOPLPUSH");
    public static final byte[] ZPOPMIN = ascii("ZPOPMIN");
    public static final byte[] ZPOPMAX = ascii("ZPOPMAX");
    public static final byte[] ABSTTL = ascii("ABSTTL");
    public static final byte[] MULTI = ascii("MULTI");
    public static final byte[] EXEC = ascii("EXEC");
    public static final byte[] SELECT = ascii("SELECT");

    private Names() {}

    /** DEL, or UNLINK when the matching lazyfree option is on. */
    public static byte[] delete(boolean lazy) {
        return lazy ? UNLINK : DEL;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
