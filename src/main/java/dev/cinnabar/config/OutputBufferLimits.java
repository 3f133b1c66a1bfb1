package dev.cinnabar.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * client-output-buffer-limit: a hard limit, a soft limit and the seconds a client may stay above the soft limit,
 * for each client class (normal, replica, pubsub). A value names classes in groups of four words; classes it does
 * not name keep their limits, so several redis.conf lines accumulate.
 */
public final class OutputBufferLimits extends ConfigParam {
    public static final int NORMAL = 0, REPLICA = 1, PUBSUB = 2;
    private static final String[] CLASS_NAMES = {"normal", "slave", "pubsub"};

    /** One class's limits in bytes and seconds; 0 disables a limit. */
    public record Limit(long hardBytes, long softBytes, long softSeconds) {
        public boolean unlimited() {
            return hardBytes == 0 && softBytes == 0;
        }
    }

    private static final Limit[] DEFAULTS = {
            new Limit(0, 0, 0),
            new Limit(256L * 1024 * 1024, 64L * 1024 * 1024, 60),
            new Limit(32L * 1024 * 1024, 8L * 1024 * 1024, 60)};
    private volatile Limit[] limits = DEFAULTS.clone();

    public OutputBufferLimits() {
        super("client-output-buffer-limit", List.of(), true, false,
                "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
    }

    /** The limits of a class ({@link #NORMAL}, {@link #REPLICA}, {@link #PUBSUB}). */
    public Limit limit(int clientClass) {
        return limits[clientClass];
    }

    @Override
    public String get() {
        StringBuilder sb = new StringBuilder();
        Limit[] current = limits;
        for (int c = 0; c < current.length; c++) {
            if (c > 0) sb.append(' ');
            sb.append(CLASS_NAMES[c]).append(' ').append(current[c].hardBytes()).append(' ')
                    .append(current[c].softBytes()).append(' ').append(current[c].softSeconds());
        }
        return sb.toString();
    }

    /** One line per class ("replica" for slave), each forced when that class is not at its default. */
    @Override
    public List<RewriteLine> rewriteLines() {
        List<RewriteLine> lines = new ArrayList<>();
        Limit[] current = limits;
        for (int c = 0; c < current.length; c++) {
            Limit l = current[c];
            String className = c == REPLICA ? "replica" : CLASS_NAMES[c];
            lines.add(new RewriteLine(name() + " " + className + " " + Params.Number.formatMemory(l.hardBytes()) + " "
                    + Params.Number.formatMemory(l.softBytes()) + " " + l.softSeconds(), !l.equals(DEFAULTS[c])));
        }
        return lines;
    }

    @Override
    public boolean acceptsWordCount(int count) {
        return true;
    }

    @Override
    public void set(List<String> words) throws ConfigException {
        List<String> args = splitWords(words);
        if (args.size() % 4 != 0) throw new ConfigException("Wrong number of arguments in buffer limit configuration.");
        Limit[] updated = limits.clone();
        for (int i = 0; i < args.size(); i += 4) {
            int clientClass = classByName(args.get(i));
            if (clientClass < 0) throw new ConfigException("Invalid client class specified in buffer limit configuration.");
            long hard = Params.parseMemory(args.get(i + 1));
            long soft = Params.parseMemory(args.get(i + 2));
            long seconds = parseSeconds(args.get(i + 3));
            if (hard < 0 || soft < 0 || seconds < 0) {
                throw new ConfigException("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
            }
            updated[clientClass] = new Limit(hard, soft, seconds);
        }
        limits = updated;
    }

    /** The classes Redis accepts here: every client type but master, "replica" being the new name of "slave". */
    private static int classByName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "normal" -> NORMAL;
            case "slave", "replica" -> REPLICA;
            case "pubsub" -> PUBSUB;
            default -> -1;
        };
    }

    private static long parseSeconds(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
