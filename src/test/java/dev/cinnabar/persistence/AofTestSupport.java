package dev.cinnabar.persistence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Helpers for AOF tests: temporary directories, the manifest's files. */
final class AofTestSupport {
    private AofTestSupport() {}

    static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    static String manifest(Path dir) throws IOException {
        return Files.readString(dir.resolve("appendonlydir").resolve("appendonly.aof.manifest"),
                StandardCharsets.ISO_8859_1);
    }

    /** The files the manifest names, base first. */
    static List<String> manifestFiles(Path dir) throws Exception {
        AofManifest m = AofManifest.parse(manifest(dir).getBytes(StandardCharsets.ISO_8859_1));
        java.util.ArrayList<String> names = new java.util.ArrayList<>();
        if (m.base != null) names.add(m.base.name());
        for (AofManifest.Entry e : m.incr) names.add(e.name());
        return names;
    }

    /** The last incremental file's content. */
    static String lastIncr(Path dir) throws Exception {
        AofManifest m = AofManifest.parse(manifest(dir).getBytes(StandardCharsets.ISO_8859_1));
        return Files.readString(dir.resolve("appendonlydir").resolve(m.incr.get(m.incr.size() - 1).name()),
                StandardCharsets.ISO_8859_1);
    }

    /** An AOF's commands one per line, arguments separated by spaces (for readable comparisons). */
    static String commands(String aof) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < aof.length()) {
            int eol = aof.indexOf("\r\n", i);
            int argc = Integer.parseInt(aof.substring(i + 1, eol));
            i = eol + 2;
            for (int a = 0; a < argc; a++) {
                eol = aof.indexOf("\r\n", i);
                int len = Integer.parseInt(aof.substring(i + 1, eol));
                i = eol + 2;
                if (a > 0) sb.append(' ');
                sb.append(aof, i, i + len);
                i += len + 2;
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
