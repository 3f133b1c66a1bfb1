package dev.cinnabar.command;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The command table. Metadata for every Redis 7.2 command is declared once, in {@code commands.json}; a command
 * becomes available when a handler is registered for it under its full name ("get", "client|kill"). Commands
 * without a handler do not exist as far as clients can tell: they get "unknown command", and COMMAND does not
 * list them.
 */
public final class CommandTable {
    private final Map<String, CommandSpec> commands;      // top-level commands, lower-case name
    private final CommandSpec[] buckets;                  // allocation-free lookup by raw name bytes
    private final int mask;
    private final ReplyTypes replyTypes;
    private final int commandCount;

    private CommandTable(Map<String, CommandSpec> commands, ReplyTypes replyTypes) {
        this.commands = commands;
        this.replyTypes = replyTypes;
        int nextId = 0;
        for (CommandSpec spec : commands.values()) {
            spec.setId(nextId++);
            for (CommandSpec sub : spec.subcommands().values()) sub.setId(nextId++);
        }
        this.commandCount = nextId;
        int size = Integer.highestOneBit(Math.max(16, commands.size() * 4) - 1) << 1;
        buckets = new CommandSpec[size];
        mask = size - 1;
        for (CommandSpec spec : commands.values()) {
            int i = hashLower(spec.name().getBytes(StandardCharsets.US_ASCII)) & mask;
            while (buckets[i] != null) i = (i + 1) & mask;
            buckets[i] = spec;
        }
    }

    /** The top-level command with this name, case-insensitively, or null. Allocates nothing. */
    public CommandSpec lookup(byte[] name) {
        int i = hashLower(name) & mask;
        for (CommandSpec spec; (spec = buckets[i]) != null; i = (i + 1) & mask) {
            if (equalsIgnoreCase(spec.name(), name)) return spec;
        }
        return null;
    }

    public CommandSpec lookup(String name) {
        return commands.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * The command a command line runs (Redis's lookupCommand): argv[offset] names the command and, when it is a
     * container and more arguments follow, argv[offset+1] the subcommand. Null when either is unknown.
     */
    public CommandSpec lookup(byte[][] argv, int offset, int argc) {
        CommandSpec cmd = lookup(argv[offset]);
        if (cmd == null || argc == 1 || !cmd.isContainer()) return cmd;
        return cmd.subcommands().get(new String(argv[offset + 1], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
    }

    /** A command or "container|sub" subcommand by full name, case-insensitively, or null. */
    public CommandSpec lookupFullName(String fullName) {
        String lower = fullName.toLowerCase(Locale.ROOT);
        int bar = lower.indexOf('|');
        if (bar < 0) return commands.get(lower);
        CommandSpec parent = commands.get(lower.substring(0, bar));
        return parent == null ? null : parent.subcommands().get(lower.substring(bar + 1));
    }

    public Collection<CommandSpec> all() {
        return commands.values();
    }

    public int size() {
        return commands.size();
    }

    /** How many commands and subcommands there are: the bound of {@link CommandSpec#id()}. */
    public int commandCount() {
        return commandCount;
    }

    /** The RESP type Redis uses for each metadata field in COMMAND INFO and COMMAND DOCS replies. */
    public ReplyTypes replyTypes() {
        return replyTypes;
    }

    static int hashLower(byte[] name) {
        int h = 0;
        for (byte b : name) h = h * 31 + (b >= 'A' && b <= 'Z' ? b + 32 : b);
        return h ^ (h >>> 16);
    }

    /** Case-insensitive comparison of ASCII bytes with a lower-case keyword, without allocating. */
    public static boolean equalsIgnoreCase(String lower, byte[] name) {
        if (lower.length() != name.length) return false;
        for (int i = 0; i < name.length; i++) {
            int b = name[i];
            if (b >= 'A' && b <= 'Z') b += 32;
            if (b != lower.charAt(i)) return false;
        }
        return true;
    }

    /** Collects handlers, then binds them to the declared metadata. */
    public static final class Builder {
        private final Map<String, CommandHandler> handlers = new LinkedHashMap<>();

        /** Registers the handler of a command ("set") or subcommand ("client|kill"). */
        public Builder handle(String fullName, CommandHandler handler) {
            if (handlers.put(fullName.toLowerCase(Locale.ROOT), handler) != null) {
                throw new IllegalStateException("handler registered twice: " + fullName);
            }
            return this;
        }

        public CommandTable build() {
            Set<String> topNames = new HashSet<>();
            for (String fullName : handlers.keySet()) topNames.add(fullName.split("\\|", 2)[0]);
            CommandMetadata declared = CommandMetadata.load(topNames);
            Map<String, JsonNode> byName = declared.commands;
            List<String> undeclared = new ArrayList<>();
            Map<String, CommandSpec> commands = new LinkedHashMap<>();
            for (Map.Entry<String, CommandHandler> registered : handlers.entrySet()) {
                String fullName = registered.getKey();
                int bar = fullName.indexOf('|');
                String top = bar < 0 ? fullName : fullName.substring(0, bar);
                JsonNode topMeta = byName.get(top);
                JsonNode meta = bar < 0 ? topMeta : subcommandMetadata(topMeta, fullName);
                if (meta == null) {
                    undeclared.add(fullName);
                    continue;
                }
                CommandSpec topSpec = commands.computeIfAbsent(top, t -> new CommandSpec(t, topMeta));
                if (bar < 0) {
                    topSpec.setHandler(registered.getValue());
                } else {
                    CommandSpec sub = new CommandSpec(fullName.substring(bar + 1), meta);
                    sub.setHandler(registered.getValue());
                    topSpec.addSubcommand(sub);
                }
            }
            if (!undeclared.isEmpty()) {
                throw new IllegalStateException("handlers without metadata in commands.json: " + undeclared);
            }
            return new CommandTable(commands, new ReplyTypes(declared.replyTypes));
        }

        private static JsonNode subcommandMetadata(JsonNode container, String fullName) {
            if (container == null) return null;
            for (JsonNode s : container.path("subcommands")) {
                if (s.get("name").asText().equals(fullName)) return s;
            }
            return null;
        }
    }
}
