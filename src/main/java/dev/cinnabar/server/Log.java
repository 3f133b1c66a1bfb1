package dev.cinnabar.server;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Redis-style log lines ("pid:M 23 Nov 2026 10:00:00.000 * message") to stdout or the configured logfile. */
public final class Log {
    public enum Level { DEBUG('.'), VERBOSE('-'), NOTICE('*'), WARNING('#');
        final char mark;
        Level(char mark) { this.mark = mark; }
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS", Locale.ROOT);
    private static final long PID = ProcessHandle.current().pid();
    private static volatile PrintStream out = System.out;
    private static volatile Level threshold = Level.NOTICE;

    private Log() {}

    public static void configure(String level, String file) throws IOException {
        setLevel(level);
        if (file != null && !file.isEmpty()) out = new PrintStream(new FileOutputStream(file, true), true);
    }

    /** Applies a loglevel value ("debug", "verbose", "notice", "warning" or "nothing"). */
    public static void setLevel(String level) {
        threshold = switch (level) {
            case "debug" -> Level.DEBUG;
            case "verbose" -> Level.VERBOSE;
            case "warning" -> Level.WARNING;
            case "nothing" -> null;
            default -> Level.NOTICE;
        };
    }

    /** True when messages of this level are written with the current loglevel. */
    public static boolean isEnabled(Level level) {
        Level t = threshold;
        return t != null && level.ordinal() >= t.ordinal();
    }

    public static void notice(String message) {
        log(Level.NOTICE, message);
    }

    public static void warning(String message) {
        log(Level.WARNING, message);
    }

    public static void verbose(String message) {
        log(Level.VERBOSE, message);
    }

    public static void log(Level level, String message) {
        Level t = threshold;
        if (t == null || level.ordinal() < t.ordinal()) return;
        out.println(PID + ":M " + LocalDateTime.now().format(TIME) + " " + level.mark + " " + message);
    }
}
