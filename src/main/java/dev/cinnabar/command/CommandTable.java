package dev.cinnabar.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command table. Metadata for every Redis 7.2 command is declared once, in {@code commands.json}; a command
 * becomes available when a handler is registered for it under its full name ("get", "client|kill"). Commands
 * without a handler do not exist as far as clients can tell: they get "unknown command", and COMMAND does not
 * list them.
 */
public final class CommandTable {
    private static final String RESOURCE = "/commands.json";

    private final Map<String, CommandSpec> commands;      // top-level commands, lower-case name
    private final CommandSpec[] buckets;                  // allocation-free lookup by raw name bytes
    private final int mask;

    private CommandTable(Map<String, CommandSpec> commands) {
        this.commands = commands;
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

    /** A command or "container|sub" subcommand by full name, or null. */
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

    static int hashLower(byte[] name) {
        int h = 0;
        for (byte b : name) h = h * 31 + (b >= 'A' && b <= 'Z' ? b + 32 : b);
        return h ^ (h >>> 16);
    }

    static boolean equalsIgnoreCase(String lower, byte[] name) {
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
            JsonNode declared = loadMetadata();
            Map<String, JsonNode> byName = new HashMap<>();
            for (JsonNode c : declared) byName.put(c.get("name").asText(), c);
            List<String> undeclared = new ArrayList<>();
            Map<String, CommandSpec> commands = new LinkedHashMap<>();
            for (String fullName : handlers.keySet()) {
                int bar = fullName.indexOf('|');
                String top = bar < 0 ? fullName : fullName.substring(0, bar);
                JsonNode topMeta = byName.get(top);
                if (topMeta == null) {
                    undeclared.add(fullName);
                    continue;
                }
                CommandSpec topSpec = commands.computeIfAbsent(top, t -> spec(topMeta, null));
                if (bar < 0) {
                    topSpec.setHandler(handlers.get(fullName));
                    continue;
                }
                String subName = fullName.substring(bar + 1);
                JsonNode subMeta = null;
                for (JsonNode s : topMeta.path("subcommands")) {
                    if (s.get("name").asText().equals(fullName)) subMeta = s;
                }
                if (subMeta == null) {
                    undeclared.add(fullName);
                    continue;
                }
                CommandSpec sub = spec(subMeta, subName);
                sub.setHandler(handlers.get(fullName));
                topSpec.addSubcommand(sub);
            }
            if (!undeclared.isEmpty()) {
                throw new IllegalStateException("handlers without metadata in commands.json: " + undeclared);
            }
            return new CommandTable(commands);
        }

        private static CommandSpec spec(JsonNode m, String subName) {
            List<String> flags = new ArrayList<>();
            m.path("flags").forEach(f -> flags.add(f.asText()));
            List<String> acl = new ArrayList<>();
            m.path("acl_categories").forEach(a -> acl.add(a.asText()));
            String fullName = m.get("name").asText();
            return new CommandSpec(subName != null ? subName : fullName, fullName, m.get("arity").asInt(), flags,
                    m.path("first_key").asInt(), m.path("last_key").asInt(), m.path("step").asInt(), acl, m);
        }

        private static JsonNode loadMetadata() {
            try (InputStream in = CommandTable.class.getResourceAsStream(RESOURCE)) {
                if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the classpath");
                return new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
