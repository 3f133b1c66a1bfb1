package dev.cinnabar.command;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One command or subcommand as declared in the command table: Redis's metadata (arity, flags, legacy key range,
 * ACL categories, tips, key specs, docs), its handler, and its INFO commandstats counters.
 */
public final class CommandSpec {
    private final String name;          // "get", or "kill" for CLIENT KILL
    private final String fullName;      // "get", or "client|kill"
    private final int arity;
    private final int flags;
    private final List<String> flagNames;
    private final int firstKey, lastKey, keyStep;
    private final List<String> aclCategories;
    private final KeySpec[] keySpecs;
    private final boolean hasRealKeySpec;       // a key spec that is not NOT_KEY
    private final boolean hasVariableFlagSpec;  // a key spec whose flags depend on the arguments
    private final KeyFinder customKeys;
    private final JsonNode metadata;    // the whole declaration, for COMMAND INFO / DOCS
    private final Map<String, CommandSpec> subcommands = new LinkedHashMap<>();
    private CommandSpec parent;
    private CommandHandler handler;
    private int id = -1;                // dense number over commands and subcommands, for ACL command bitmaps

    // INFO commandstats
    public long calls, microseconds, rejectedCalls, failedCalls;
    // INFO latencystats: made on the first call recorded while latency-tracking is on
    private LatencyHistogram latency;

    /**
     * Redis 7.2's commands flagged may-replicate (they write through a script, or like PFCOUNT and PUBLISH may
     * propagate something): COMMAND INFO does not show this flag, so commands.json cannot carry it.
     */
    private static final java.util.Set<String> MAY_REPLICATE = java.util.Set.of("eval", "evalsha", "fcall",
            "pfcount", "publish", "spublish");

    /** The spec declared by one entry of commands.json; name is the subcommand's own name, or the command's. */
    CommandSpec(String name, JsonNode metadata) {
        this.name = name;
        this.fullName = metadata.get("name").asText();
        this.arity = metadata.get("arity").asInt();
        this.flagNames = strings(metadata.path("flags"));
        int bits = 0;
        for (String f : flagNames) bits |= CommandFlag.fromWireName(f).bit;
        if (MAY_REPLICATE.contains(fullName)) bits |= CommandFlag.MAY_REPLICATE.bit;
        this.flags = bits;
        this.firstKey = metadata.path("first_key").asInt();
        this.lastKey = metadata.path("last_key").asInt();
        this.keyStep = metadata.path("step").asInt();
        this.aclCategories = strings(metadata.path("acl_categories"));
        JsonNode specs = metadata.path("key_specs");
        this.keySpecs = new KeySpec[specs.size()];
        boolean real = false, variable = false;
        for (int i = 0; i < keySpecs.length; i++) {
            keySpecs[i] = KeySpec.parse(specs.get(i));
            real |= !keySpecs[i].has(KeyFlag.NOT_KEY);
            variable |= keySpecs[i].has(KeyFlag.VARIABLE_FLAGS);
        }
        this.hasRealKeySpec = real;
        this.hasVariableFlagSpec = variable;
        this.customKeys = CustomKeyFinders.forCommand(fullName);
        this.metadata = metadata;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>(array.size());
        array.forEach(e -> out.add(e.asText()));
        return List.copyOf(out);
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

    /** Whether the command is in the ACL category, given without its '@' (e.g. "read"), case-insensitively. */
    public boolean inAclCategory(String category) {
        for (String c : aclCategories) {
            if (c.regionMatches(true, 1, category, 0, category.length()) && c.length() == category.length() + 1) {
                return true;
            }
        }
        return false;
    }

    /** The key specs, in declaration order (COMMAND GETKEYS reports keys in this order). */
    KeySpec[] keySpecs() {
        return keySpecs;
    }

    boolean hasRealKeySpec() {
        return hasRealKeySpec;
    }

    boolean hasVariableFlagSpec() {
        return hasVariableFlagSpec;
    }

    /** The command-specific key finder, or null when the key specs are enough. */
    KeyFinder customKeys() {
        return customKeys;
    }

    /** The whole declaration from commands.json: COMMAND INFO fields, "docs", and "subcommands". */
    public JsonNode metadata() {
        return metadata;
    }

    /** The COMMAND DOCS fields (summary, since, group, complexity, ..., arguments). */
    public JsonNode docs() {
        return metadata.path("docs");
    }

    public CommandHandler handler() {
        return handler;
    }

    void setHandler(CommandHandler handler) {
        this.handler = handler;
    }

    /** A dense number (0 .. {@link CommandTable#commandCount()}-1) unique to this command or subcommand. */
    public int id() {
        return id;
    }

    void setId(int id) {
        this.id = id;
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
        latency = null;
    }

    /** Adds one call's duration to the latency distribution. */
    public void recordLatency(long nanos) {
        if (latency == null) latency = new LatencyHistogram();
        latency.record(nanos);
    }

    /** The latency distribution of the calls recorded since the last reset, or null when there were none. */
    public LatencyHistogram latency() {
        return latency;
    }
}
