package dev.cinnabar.command;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One command or subcommand as declared in the command table: Redis's metadata (arity, flags, legacy key range,
 * ACL categories, key specs, docs), its handler, and its INFO commandstats counters.
 */
public final class CommandSpec {
    private final String name;          // "get", or "kill" for CLIENT KILL
    private final String fullName;      // "get", or "client|kill"
    private final int arity;
    private final int flags;
    private final List<String> flagNames;
    private final int firstKey, lastKey, keyStep;
    private final List<String> aclCategories;
    private final JsonNode metadata;    // the whole declaration, for COMMAND INFO / DOCS
    private final Map<String, CommandSpec> subcommands = new LinkedHashMap<>();
    private CommandSpec parent;
    private CommandHandler handler;

    // INFO commandstats
    public long calls, microseconds, rejectedCalls, failedCalls;

    public CommandSpec(String name, String fullName, int arity, List<String> flagNames, int firstKey, int lastKey,
                       int keyStep, List<String> aclCategories, JsonNode metadata) {
        this.name = name;
        this.fullName = fullName;
        this.arity = arity;
        this.flagNames = List.copyOf(flagNames);
        int bits = 0;
        for (String f : flagNames) bits |= CommandFlag.fromWireName(f).bit;
        this.flags = bits;
        this.firstKey = firstKey;
        this.lastKey = lastKey;
        this.keyStep = keyStep;
        this.aclCategories = List.copyOf(aclCategories);
        this.metadata = metadata;
    }

    public String name() {
        return name;
    }

    /** "get" or "client|kill": the name used in error messages, commandstats and ACL rules. */
    public String fullName() {
        return fullName;
    }

    public int arity() {
        return arity;
    }

    public boolean has(CommandFlag flag) {
        return (flags & flag.bit) != 0;
    }

    public List<String> flagNames() {
        return flagNames;
    }

    public int firstKey() {
        return firstKey;
    }

    public int lastKey() {
        return lastKey;
    }

    public int keyStep() {
        return keyStep;
    }

    public List<String> aclCategories() {
        return aclCategories;
    }

    public JsonNode metadata() {
        return metadata;
    }

    public CommandHandler handler() {
        return handler;
    }

    void setHandler(CommandHandler handler) {
        this.handler = handler;
    }

    public CommandSpec parent() {
        return parent;
    }

    public boolean isContainer() {
        return !subcommands.isEmpty();
    }

    public Map<String, CommandSpec> subcommands() {
        return Collections.unmodifiableMap(subcommands);
    }

    void addSubcommand(CommandSpec sub) {
        sub.parent = this;
        subcommands.put(sub.name(), sub);
    }

    /** True when the argument count fits the arity (positive: exact, negative: at least). */
    public boolean arityAccepts(int argc) {
        return arity > 0 ? argc == arity : argc >= -arity;
    }

    public void resetStats() {
        calls = microseconds = rejectedCalls = failedCalls = 0;
    }
}
