package dev.cinnabar.persistence;

import dev.cinnabar.protocol.Repr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis 7's AOF manifest: which files make up the AOF, one line each, {@code file <name> seq <n> type b|h|i}
 * (base, history, incremental), the base first, then history files, then incremental files in sequence order.
 * Names that need it are quoted as Redis's sdscatrepr quotes them.
 */
final class AofManifest {
    record Entry(String name, long seq, char type) {}

    Entry base;
    final List<Entry> history = new ArrayList<>();
    final List<Entry> incr = new ArrayList<>();
    long baseSeq;
    long incrSeq;

    /** Why a manifest cannot be used; the message is Redis's. */
    static final class FormatException extends Exception {
        FormatException(String message) {
            super(message);
        }
    }

    static AofManifest parse(byte[] content) throws FormatException {
        AofManifest m = new AofManifest();
        String text = new String(content, StandardCharsets.ISO_8859_1);
        if (text.isEmpty()) throw new FormatException("Found an empty AOF manifest");
        long maxSeq = 0;
        for (String raw : text.split("\n", -1)) {
            if (raw.isEmpty()) continue;                     // the end of the last line
            if (raw.charAt(0) == '#') continue;
            String line = raw.strip();
            if (line.isEmpty()) throw new FormatException("Invalid AOF manifest file format");
            List<String> words = splitArgs(line);
            if (words == null || words.size() < 6 || words.size() % 2 != 0) {
                throw new FormatException("Invalid AOF manifest file format");
            }
            String name = null;
            long seq = 0;
            char type = 0;
            for (int i = 0; i < words.size(); i += 2) {
                String key = words.get(i);
                String value = words.get(i + 1);
                if (key.equalsIgnoreCase("file")) {
                    name = value;
                    if (name.contains("/")) throw new FormatException("File can't be a path, just a filename");
                } else if (key.equalsIgnoreCase("seq")) {
                    seq = atoll(value);
                } else if (key.equalsIgnoreCase("type")) {
                    type = value.isEmpty() ? 0 : value.charAt(0);
                }
            }
            if (name == null || seq == 0 || type == 0) throw new FormatException("Invalid AOF manifest file format");
            Entry e = new Entry(name, seq, type);
            switch (type) {
                case 'b' -> {
                    if (m.base != null) throw new FormatException("Found duplicate base file information");
                    m.base = e;
                    m.baseSeq = seq;
                }
                case 'h' -> m.history.add(e);
                case 'i' -> {
                    if (seq <= maxSeq) throw new FormatException("Found a non-monotonic sequence number");
                    m.incr.add(e);
                    m.incrSeq = seq;
                    maxSeq = seq;
                }
                default -> throw new FormatException("Unknown AOF file type");
            }
        }
        return m;
    }

    byte[] format() {
        StringBuilder sb = new StringBuilder();
        if (base != null) line(sb, base);
        for (Entry e : history) line(sb, e);
        for (Entry e : incr) line(sb, e);
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void line(StringBuilder sb, Entry e) {
        sb.append("file ").append(needsRepr(e.name) ? Repr.of(e.name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) : e.name).append(" seq ").append(e.seq)
                .append(" type ").append(e.type).append('\n');
    }

    /** Writes the manifest to a temporary file, syncs it and renames it into place. */
    void persist(Path dir, String appendFilename) throws IOException {
        Path temp = dir.resolve("temp-" + appendFilename + ".manifest");
        try (var ch = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(format()));
            ch.force(true);
        }
        Files.move(temp, dir.resolve(appendFilename + ".manifest"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        AppendOnlyFile.syncDirectory(dir);
    }

    /** Redis's sdsneedsrepr: a name with spaces, quotes, backslashes or unprintable bytes. */
    static boolean needsRepr(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '"' || c == '\n' || c == '\r' || c == '\t' || c == 7 || c == '\b'
                    || c < 0x20 || c >= 0x7f || c == ' ') {
                return true;
            }
        }
        return false;
    }

    private static long atoll(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) neg = s.charAt(i++) == '-';
        long v = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) v = v * 10 + (s.charAt(i++) - '0');
        return neg ? -v : v;
    }

    /** Redis's sdssplitargs (quoted words with escapes); null on unbalanced quotes. */
    static List<String> splitArgs(String line) {
        List<String> out = new ArrayList<>();
        int i = 0, n = line.length();
        while (true) {
            while (i < n && Character.isWhitespace(line.charAt(i))) i++;
            if (i >= n) return out;
            StringBuilder cur = new StringBuilder();
            boolean inDq = false, inSq = false;
            while (true) {
                if (inDq) {
                    if (i >= n) return null;
                    char c = line.charAt(i);
                    if (c == '\\' && i + 3 < n && line.charAt(i + 1) == 'x' && isHex(line.charAt(i + 2))
                            && isHex(line.charAt(i + 3))) {
                        cur.append((char) Integer.parseInt(line.substring(i + 2, i + 4), 16));
                        i += 3;
                    } else if (c == '\\' && i + 1 < n) {
                        i++;
                        char e = line.charAt(i);
                        cur.append(switch (e) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'b' -> '\b';
                            case 'a' -> (char) 7;
                            default -> e;
                        });
                    } else if (c == '"') {
                        if (i + 1 < n && !Character.isWhitespace(line.charAt(i + 1))) return null;
                        inDq = false;
                        i++;
                        break;
                    } else {
                        cur.append(c);
                    }
                } else if (inSq) {
                    if (i >= n) return null;
                    char c = line.charAt(i);
                    if (c == '\\' && i + 1 < n && line.charAt(i + 1) == '\'') {
                        i++;
                        cur.append('\'');
                    } else if (c == '\'') {
                        if (i + 1 < n && !Character.isWhitespace(line.charAt(i + 1))) return null;
                        inSq = false;
                        i++;
                        break;
                    } else {
                        cur.append(c);
                    }
                } else {
                    if (i >= n) break;
                    char c = line.charAt(i);
                    if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0) break;
                    if (c == '"') inDq = true;
                    else if (c == '\'') inSq = true;
                    else cur.append(c);
                }
                i++;
            }
            out.add(cur.toString());
        }
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
