package dev.cinnabar.config;

import java.util.List;

/**
 * One configuration parameter. Values are text on the way in and out (as in redis.conf and CONFIG GET/SET);
 * each parameter parses and validates its own text and keeps the typed value where the server reads it.
 */
public abstract class ConfigParam {
    private final String name;
    private final List<String> aliases;
    private final boolean mutable;
    private final boolean isProtected;
    private final String defaultText;
    private Apply apply = () -> {};

    /** What makes a new value take effect (rebinding, resizing...); it may fail, and CONFIG SET then rolls back. */
    @FunctionalInterface
    public interface Apply {
        void apply() throws ConfigException;
    }

    protected ConfigParam(String name, List<String> aliases, boolean mutable, boolean isProtected, String defaultText) {
        this.name = name;
        this.aliases = aliases;
        this.mutable = mutable;
        this.isProtected = isProtected;
        this.defaultText = defaultText;
    }

    public String name() {
        return name;
    }

    public List<String> aliases() {
        return aliases;
    }

    public boolean mutable() {
        return mutable;
    }

    /** Protected parameters can only be changed at run time when enable-protected-configs allows it. */
    public boolean isProtected() {
        return isProtected;
    }

    public String defaultText() {
        return defaultText;
    }

    /** The value as CONFIG GET shows it. */
    public abstract String get();

    /** Parses and applies a value given as one or more words (most parameters take exactly one). */
    public abstract void set(List<String> words) throws ConfigException;

    /** A redis.conf line for this parameter: like {@link #set}, except where several lines add up (save). */
    public void setFromConfigFile(List<String> words) throws ConfigException {
        set(words);
    }

    /**
     * The words of a multi-word value: CONFIG SET gives them in one argument separated by spaces, a redis.conf line
     * as separate words; either way, split on single spaces, empty pieces dropped.
     */
    protected static List<String> splitWords(List<String> words) {
        List<String> parts = new java.util.ArrayList<>();
        for (String w : words) {
            for (String part : w.split(" ")) if (!part.isEmpty()) parts.add(part);
        }
        return parts;
    }

    /** How many words a redis.conf line for this parameter may carry: 1 for most, more for lists like bind. */
    public boolean acceptsWordCount(int count) {
        return count == 1;
    }

    /** One line CONFIG REWRITE writes; {@code force}: written even where the file has no line for the parameter. */
    public record RewriteLine(String text, boolean force) {}

    /**
     * The lines CONFIG REWRITE writes for this parameter, as Redis formats them: by default one line, forced when
     * the value is not the default. No lines means the parameter's lines are removed from the file.
     */
    public List<RewriteLine> rewriteLines() {
        return List.of(new RewriteLine(name + " " + rewriteValue(), !get().equals(defaultText)));
    }

    /** The value as a rewritten config line shows it. */
    protected String rewriteValue() {
        return get();
    }

    /**
     * Adds what runs after the value changed (at load time and on CONFIG SET), after the actions added before:
     * several parts of the server may follow one parameter.
     */
    public void onApply(Apply action) {
        Apply before = this.apply;
        this.apply = () -> {
            before.apply();
            action.apply();
        };
    }

    void applyChange() throws ConfigException {
        apply.apply();
    }
}
