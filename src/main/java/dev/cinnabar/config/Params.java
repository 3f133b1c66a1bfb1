package dev.cinnabar.config;

import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** The kinds of parameters Redis has: yes/no flags, bounded numbers (optionally with memory units), strings. */
public final class Params {
    private Params() {}

    public static final class Flag extends ConfigParam {
        private volatile boolean value;

        public Flag(String name, boolean defaultValue, boolean mutable) {
            super(name, List.of(), mutable, false, defaultValue ? "yes" : "no");
            this.value = defaultValue;
        }

        public boolean value() {
            return value;
        }

        @Override
        public String get() {
            return value ? "yes" : "no";
        }

        @Override
        public void set(List<String> words) throws ConfigException {
            String w = words.get(0).toLowerCase(Locale.ROOT);
            if (w.equals("yes")) value = true;
            else if (w.equals("no")) value = false;
            else throw new ConfigException("argument must be 'yes' or 'no'");
        }
    }

    /** A whole number between bounds; memory parameters also accept units (1k, 5mb, 1gb...). */
    public static final class Number extends ConfigParam {
        private final long min, max;
        private final boolean memory;
        private final boolean octal;
        private volatile long value;

        private Number(String name, List<String> aliases, long min, long max, long defaultValue, boolean mutable,
                       boolean memory, boolean octal, boolean isProtected) {
            super(name, aliases, mutable, isProtected, octal ? Long.toOctalString(defaultValue) : Long.toString(defaultValue));
            this.min = min;
            this.max = max;
            this.memory = memory;
            this.octal = octal;
            this.value = defaultValue;
        }

        public static Number of(String name, long min, long max, long defaultValue, boolean mutable) {
            return new Number(name, List.of(), min, max, defaultValue, mutable, false, false, false);
        }

        public static Number memory(String name, long min, long max, long defaultValue, boolean mutable) {
            return new Number(name, List.of(), min, max, defaultValue, mutable, true, false, false);
        }

        public static Number octal(String name, long defaultValue) {
            return new Number(name, List.of(), 0, 0777, defaultValue, false, false, true, false);
        }

        /** A mutable number that also answers to its pre-7.0 name (the "ziplist" spellings of the encoding limits). */
        public static Number aliased(String name, String alias, long min, long max, long defaultValue, boolean memory) {
            return new Number(name, List.of(alias), min, max, defaultValue, true, memory, false, false);
        }

        public long value() {
            return value;
        }

        public int intValue() {
            return (int) value;
        }

        /** Replaces the value without parsing, for apply hooks that clamp what was given. */
        void setValue(long v) {
            value = v;
        }

        @Override
        public String get() {
            return octal ? Long.toOctalString(value) : Long.toString(value);
        }

        @Override
        protected String rewriteValue() {
            return memory ? formatMemory(value) : get();
        }

        /** Redis's rewriteConfigFormatMemory: the largest of gb, mb, kb that divides the value exactly. */
        static String formatMemory(long bytes) {
            if (bytes != 0 && bytes % (1L << 30) == 0) return bytes / (1L << 30) + "gb";
            if (bytes != 0 && bytes % (1L << 20) == 0) return bytes / (1L << 20) + "mb";
            if (bytes != 0 && bytes % 1024 == 0) return bytes / 1024 + "kb";
            return Long.toString(bytes);
        }

        @Override
        public void set(List<String> words) throws ConfigException {
            String w = words.get(0);
            long v;
            if (memory) {
                v = parseMemory(w);
                if (v < 0) throw new ConfigException("argument must be a memory value");
            } else {
                // Redis's string2ll: no sign other than '-', no leading zeros, no spaces
                byte[] text = w.getBytes(StandardCharsets.UTF_8);
                if (!octal && !Numbers.isCanonicalLong(text)) {
                    throw new ConfigException("argument couldn't be parsed into an integer");
                }
                try {
                    v = octal ? Long.parseLong(w, 8) : Long.parseLong(w);
                } catch (NumberFormatException e) {
                    throw new ConfigException("argument couldn't be parsed into an integer");
                }
            }
            if (v < min || v > max) {
                throw new ConfigException("argument must be between " + min + " and " + max + " inclusive");
            }
            value = v;
        }
    }

    /** Parses "100", "1k" (1000), "1kb" (1024), "5mb", "2gb"...; -1 when it is not a memory value. */
    public static long parseMemory(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        long multiplier = 1;
        String[][] units = {{"kb", "1024"}, {"mb", "1048576"}, {"gb", "1073741824"},
                {"k", "1000"}, {"m", "1000000"}, {"g", "1000000000"}, {"b", "1"}};
        for (String[] unit : units) {
            if (t.endsWith(unit[0])) {
                multiplier = Long.parseLong(unit[1]);
                t = t.substring(0, t.length() - unit[0].length());
                break;
            }
        }
        if (t.isEmpty() || t.length() > 19) return -1;
        for (int i = 0; i < t.length(); i++) if (!Character.isDigit(t.charAt(i))) return -1;
        try {
            return Math.multiplyExact(Long.parseLong(t), multiplier);
        } catch (ArithmeticException | NumberFormatException e) {
            return -1;
        }
    }

    public interface TextCheck {
        void check(String value) throws ConfigException;
    }

    public static final class Text extends ConfigParam {
        private final TextCheck check;
        private volatile String value;

        public Text(String name, String defaultValue, boolean mutable, boolean isProtected, TextCheck check) {
            super(name, List.of(), mutable, isProtected, defaultValue);
            this.value = defaultValue;
            this.check = check;
        }

        public String value() {
            return value;
        }

        @Override
        public String get() {
            return value;
        }

        /** Redis's strings that are unset when empty: their lines are dropped rather than written as "". */
        private static final java.util.Set<String> EMPTY_IS_UNSET = java.util.Set.of("requirepass", "masterauth",
                "masteruser", "unixsocket");

        @Override
        public List<RewriteLine> rewriteLines() {
            if (value.isEmpty() && EMPTY_IS_UNSET.contains(name())) return List.of();
            return super.rewriteLines();
        }

        @Override
        protected String rewriteValue() {
            return dev.cinnabar.protocol.Repr.of(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void set(List<String> words) throws ConfigException {
            check.check(words.get(0));
            value = words.get(0);
        }
    }

    public static final class Choice extends ConfigParam {
        private final List<String> choices;
        private volatile String value;

        public Choice(String name, String defaultValue, boolean mutable, String... choices) {
            super(name, List.of(), mutable, false, defaultValue);
            this.choices = Arrays.asList(choices);
            this.value = defaultValue;
        }

        public String value() {
            return value;
        }

        @Override
        public String get() {
            return value;
        }

        @Override
        public void set(List<String> words) throws ConfigException {
            String w = words.get(0).toLowerCase(Locale.ROOT);
            if (!choices.contains(w)) throw new ConfigException("argument(s) must be one of the following: " + String.join(", ", choices));
            value = w;
        }
    }

    /**
     * A list of words (bind addresses); CONFIG SET takes them space separated in one argument. A config line may
     * give none: an empty list.
     */
    public static final class WordList extends ConfigParam {
        private final Consumer<List<String>> validator; // throws IllegalArgumentException with the reason
        private volatile List<String> value;

        public WordList(String name, List<String> defaultValue, boolean mutable, Consumer<List<String>> validator) {
            super(name, List.of(), mutable, false, String.join(" ", defaultValue));
            this.value = List.copyOf(defaultValue);
            this.validator = validator;
        }

        public List<String> value() {
            return value;
        }

        @Override
        public String get() {
            return String.join(" ", value);
        }

        /** Redis's bind rewrite: nothing at the default, else the words (or "" for none), always written. */
        @Override
        public List<RewriteLine> rewriteLines() {
            if (get().equals(defaultText())) return List.of();
            return List.of(new RewriteLine(name() + " " + (value.isEmpty() ? "\"\"" : get()), true));
        }

        @Override
        public boolean acceptsWordCount(int count) {
            return true;
        }

        @Override
        public void set(List<String> words) throws ConfigException {
            List<String> list = new ArrayList<>();
            for (String w : words) {
                for (String part : w.trim().split("\\s+")) if (!part.isEmpty()) list.add(part);
            }
            try {
                validator.accept(list);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
            value = List.copyOf(list);
        }
    }

    /**
     * A list of percentiles between 0 and 100 (latency-tracking-info-percentiles). CONFIG SET gives them in one
     * argument split on single spaces; CONFIG GET shows them with Redis's "%f" without trailing zeros.
     */
    public static final class PercentileList extends ConfigParam {
        private volatile double[] value;

        public PercentileList(String name, boolean mutable, double... defaultValue) {
            super(name, List.of(), mutable, false, format(defaultValue));
            this.value = defaultValue.clone();
        }

        public double[] value() {
            return value;
        }

        @Override
        public String get() {
            return format(value);
        }

        /** Always written, "" for none, so that the defaults do not come back at the next start. */
        @Override
        public List<RewriteLine> rewriteLines() {
            return List.of(new RewriteLine(name() + " " + (value.length == 0 ? "\"\"" : get()), true));
        }

        @Override
        public boolean acceptsWordCount(int count) {
            return true;
        }

        @Override
        public void set(List<String> words) throws ConfigException {
            List<String> items = words;
            if (words.size() == 1) {
                // one argument holds them all; an empty one means none
                items = words.get(0).isEmpty() ? List.of() : Arrays.asList(words.get(0).split(" ", -1));
            }
            double[] parsed = new double[items.size()];
            for (int i = 0; i < parsed.length; i++) {
                double p;
                try {
                    p = Numbers.parseDouble(items.get(i).getBytes(StandardCharsets.UTF_8));
                } catch (RedisError e) {
                    throw new ConfigException("Invalid " + name() + " parameters");
                }
                if (p > 100.0 || p < 0.0) throw new ConfigException(name() + " parameters should sit between [0.0,100.0]");
                parsed[i] = p;
            }
            value = parsed;
        }

        /** One percentile as Redis prints it: "%f" with the trailing zeros (and a bare point) removed. */
        public static String format(double percentile) {
            String text = String.format(Locale.ROOT, "%f", percentile);
            if (text.indexOf('.') < 0) return text;
            int end = text.length();
            while (text.charAt(end - 1) == '0') end--;
            if (text.charAt(end - 1) == '.') end--;
            return text.substring(0, end);
        }

        private static String format(double[] percentiles) {
            StringBuilder sb = new StringBuilder();
            for (double p : percentiles) {
                if (!sb.isEmpty()) sb.append(' ');
                sb.append(format(p));
            }
            return sb.toString();
        }
    }
}
