package dev.cinnabar.config;

import java.util.ArrayList;
import java.util.List;

/**
 * save: the points at which the server snapshots by itself, "after S seconds if at least C changes" pairs
 * (default 3600 1 300 100 60 10000). An empty value disables them. In a config file several save lines add up
 * (the first one replaces the defaults); CONFIG SET replaces the whole list.
 */
public final class SavePoints extends ConfigParam {
    /** After this many seconds since the last save, if at least this many changes happened. */
    public record Point(long seconds, long changes) {}

    private volatile List<Point> points = List.of(new Point(3600, 1), new Point(300, 100), new Point(60, 10000));
    private boolean fileLineSeen;

    public SavePoints() {
        super("save", List.of(), true, false, "3600 1 300 100 60 10000");
    }

    public List<Point> points() {
        return points;
    }

    @Override
    public String get() {
        StringBuilder sb = new StringBuilder();
        for (Point p : points) {
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(p.seconds()).append(' ').append(p.changes());
        }
        return sb.toString();
    }

    /** Always written: one line per save point, or save "" for none. */
    @Override
    public List<RewriteLine> rewriteLines() {
        List<Point> current = points;
        if (current.isEmpty()) return List.of(new RewriteLine("save \"\"", true));
        List<RewriteLine> lines = new java.util.ArrayList<>();
        for (Point p : current) lines.add(new RewriteLine("save " + p.seconds() + " " + p.changes(), true));
        return lines;
    }

    @Override
    public boolean acceptsWordCount(int count) {
        return true;
    }

    @Override
    public void set(List<String> words) throws ConfigException {
        points = parse(words);
    }

    @Override
    public void setFromConfigFile(List<String> words) throws ConfigException {
        List<Point> parsed = parse(words);
        if (!fileLineSeen || parsed.isEmpty()) {
            fileLineSeen = true;
            points = parsed;
            return;
        }
        List<Point> all = new ArrayList<>(points);
        all.addAll(parsed);
        points = List.copyOf(all);
    }

    private static List<Point> parse(List<String> words) throws ConfigException {
        List<String> args = splitWords(words);
        if (args.size() % 2 != 0) throw new ConfigException("Invalid save parameters");
        List<Point> parsed = new ArrayList<>();
        for (int i = 0; i < args.size(); i += 2) {
            long seconds = number(args.get(i));
            long changes = number(args.get(i + 1));
            if (seconds < 1 || changes < 0) throw new ConfigException("Invalid save parameters");
            parsed.add(new Point(seconds, changes));
        }
        return List.copyOf(parsed);
    }

    private static long number(String text) throws ConfigException {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ConfigException("Invalid save parameters");
        }
    }
}
