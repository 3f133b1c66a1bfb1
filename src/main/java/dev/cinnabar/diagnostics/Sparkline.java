package dev.cinnabar.diagnostics;

import java.util.ArrayList;
import java.util.List;

/**
 * Redis's ASCII sparklines (LATENCY GRAPH): samples drawn as filled columns over a number of rows, each row
 * holding three levels ("_o#", '|' below the top), with each sample's label written vertically under it.
 */
final class Sparkline {
    private static final String FILL = "_o#";
    private static final int LEVELS = FILL.length();

    private record Sample(double value, String label) {}

    private final List<Sample> samples = new ArrayList<>();
    private double min, max;
    private int labels;

    void add(double value, String label) {
        if (samples.isEmpty()) {
            min = max = value;
        } else if (value < min) {
            min = value;
        } else if (value > max) {
            max = value;
        }
        if (label != null && !label.isEmpty()) labels++;
        samples.add(new Sample(value, label == null || label.isEmpty() ? null : label));
    }

    /** Renders the samples in blocks of {@code columns}, each {@code rows} high plus its labels. */
    void render(StringBuilder out, int columns, int rows) {
        for (int j = 0; j < samples.size(); j += columns) {
            if (j != 0) out.append('\n');
            renderRange(out, rows, j, Math.min(columns, samples.size() - j));
        }
    }

    private void renderRange(StringBuilder out, int rows, int offset, int len) {
        double relmax = max - min;
        if (relmax == 0) relmax = 1;
        int steps = LEVELS * rows;
        char[] chars = new char[len];
        for (int row = 0; ; row++) {
            boolean loop = false;
            java.util.Arrays.fill(chars, ' ');
            for (int j = 0; j < len; j++) {
                Sample s = samples.get(j + offset);
                int step = (int) (((s.value() - min) * steps) / relmax);
                if (step < 0) step = 0;
                if (step >= steps) step = steps - 1;
                if (row < rows) {
                    int charIndex = step - ((rows - row - 1) * LEVELS);
                    loop = true;
                    if (charIndex >= 0 && charIndex < LEVELS) chars[j] = FILL.charAt(charIndex);
                    else if (charIndex >= LEVELS) chars[j] = '|';
                } else {
                    if (labels > 0 && row - rows < 1) { // one blank line between the graph and its labels
                        loop = true;
                        break;
                    }
                    int labelChar = row - rows - 1;
                    if (s.label() != null && s.label().length() > labelChar) {
                        loop = true;
                        chars[j] = s.label().charAt(labelChar);
                    }
                }
            }
            if (!loop) return;
            out.append(chars).append('\n');
        }
    }
}
