package dev.cinnabar.protocol;

/**
 * Redis's sdscatrepr: bytes as a double-quoted string with C escapes for quotes, backslashes and control
 * characters and \xNN for any other non-printable byte. Used wherever Redis shows raw bytes as text (log lines,
 * config rewrites, the AOF manifest), and readable back by Redis's argument splitter.
 */
public final class Repr {
    private Repr() {}

    public static String of(byte[] bytes) {
        return of(bytes, 0, bytes.length);
    }

    public static String of(byte[] bytes, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from + 2).append('"');
        for (int i = from; i < to; i++) {
            int b = bytes[i] & 0xff;
            switch (b) {
                case '\\', '"' -> sb.append('\\').append((char) b);
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                default -> {
                    if (b >= 0x20 && b < 0x7f) sb.append((char) b);
                    else sb.append(String.format("\\x%02x", b));
                }
            }
        }
        return sb.append('"').toString();
    }
}
