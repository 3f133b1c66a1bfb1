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
 * <p>
 * rename-command gives a command another name, or none: clients (and scripts, the AOF, COMMAND INFO) then reach
 * it by its new name only, while replies that name it (errors, COMMAND LIST, INFO commandstats) keep its real
 * name, as in Redis. The server's own references to a command use {@link #original}.
 */
public final class CommandTable {
    private final Map<String, CommandSpec> commands;      // every top-level command, by its real lower-case name
    private final Map<String, CommandSpec> named;         // the commands clients reach, by the name they use
    private final List<CommandSpec> reachable;            // those, in table order
    private final String[] bucketNames;                   // allocation-free lookup by raw name bytes
    private final CommandSpec[] buckets;
    private final int mask;
    private final ReplyTypes replyTypes;
    private final int commandCount;

    private CommandTable(Map<String, CommandSpec> commands, Map<String, CommandSpec> named, ReplyTypes replyTypes) {
        this.commands = commands;
        this.named = named;
        this.replyTypes = replyTypes;
        List<CommandSpec> inOrder = new ArrayList<>();
        for (CommandSpec spec : commands.values()) if (named.containsValue(spec)) inOrder.add(spec);
        this.reachable = List.copyOf(inOrder);
        int nextId = 0;
        for (CommandSpec spec : commands.values()) {
            spec.setId(nextId++);
            for (CommandSpec sub : spec.subcommands().values()) sub.setId(nextId++);
        }
        this.commandCount = nextId;
        int size = Integer.highestOneBit(Math.max(16, named.size() * 4) - 1) << 1;
        buckets = new CommandSpec[size];
        bucketNames = new String[size];
        mask = size - 1;
        for (Map.Entry<String, CommandSpec> e : named.entrySet()) {
            int i = hashLower(e.getKey().getBytes(StandardCharsets.UTF_8)) & mask;
            while (buckets[i] != null) i = (i + 1) & mask;
            buckets[i] = e.getValue();
            bucketNames[i] = e.getKey();
        }
    }

    /** Why a rename-command could not be applied, and which one (its index in the list given). */
    public static final class RenameFailure extends Exception {
        private final int index;

        RenameFailure(int index, String reason) {
            super(reason, null, false, false);
            this.index = index;
        }

        public int index() {
            return index;
        }
    }

    /**
     * This table with Redis's rename-command applied in order: each pair renames the command now called
     * {@code from} to {@code to}, or takes it away when {@code to} is empty.
     */
    public CommandTable renamed(List<Map.Entry<String, String>> renames) throws RenameFailure {
        if (renames.isEmpty()) return this;
        Map<String, CommandSpec> names = new LinkedHashMap<>(named);
        for (int i = 0; i < renames.size(); i++) {
            CommandSpec cmd = names.remove(renames.get(i).getKey().toLowerCase(Locale.ROOT));
            if (cmd == null) throw new RenameFailure(i, "No such command in rename-command");
            String to = renames.get(i).getValue().toLowerCase(Locale.ROOT);
            if (to.isEmpty()) continue;
            if (names.putIfAbsent(to, cmd) != null) throw new RenameFailure(i, "Target command name already exists");
        }
        return new CommandTable(commands, names, replyTypes);
    }

    /** The command clients call by this name, case-insensitively, or null. Allocates nothing. */
    public CommandSpec lookup(byte[] name) {
        int i = hashLower(name) & mask;
        for (CommandSpec spec; (spec = buckets[i]) != null; i = (i + 1) & mask) {
            if (equalsIgnoreCase(bucketNames[i], name)) return spec;
        }
        return null;
    }

    /** The command clients call by this name, case-insensitively, or null. */
    public CommandSpec lookup(String name) {
        return named.get(name.toLowerCase(Locale.ROOT));
    }

    /** A command by its real name, whatever rename-command did (for the server's own use: EXEC, DEBUG...). */
    public CommandSpec original(String name) {
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
        if (bar < 0) return named.get(lower);
        CommandSpec parent = named.get(lower.substring(0, bar));
        return parent == null ? null : parent.subcommands().get(lower.substring(bar + 1));
    }

    /** The commands clients can reach (under whatever name), in table order. */
    public Collection<CommandSpec> all() {
        return reachable;
    }

    public int size() {
        return reachable.size();
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
            return new CommandTable(commands, commands, new ReplyTypes(declared.replyTypes));
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
