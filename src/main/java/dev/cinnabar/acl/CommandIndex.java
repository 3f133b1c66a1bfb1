package dev.cinnabar.acl;

import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.command.CommandTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command table as ACL rules see it: every command and subcommand by its dense id, with its category mask
 * and how it names Pub/Sub channels, and Redis's strict "name" / "container|sub" lookup for rules.
 */
final class CommandIndex {
    /** How a command's arguments name channels (Redis's commands_with_channels, subscribe and publish kinds). */
    enum Channels { NONE, SUBSCRIBE, PSUBSCRIBE, PUBLISH }

    private final CommandTable table;
    private final long[] categories;
    private final Channels[] channels;

    CommandIndex(CommandTable table) {
        this.table = table;
        int n = table.commandCount();
        categories = new long[n];
        channels = new Channels[n];
        for (CommandSpec top : table.all()) {
            index(top);
            for (CommandSpec sub : top.subcommands().values()) index(sub);
        }
    }

    private void index(CommandSpec cmd) {
        categories[cmd.id()] = Categories.mask(cmd);
        channels[cmd.id()] = switch (cmd.fullName()) {
            case "subscribe", "ssubscribe" -> Channels.SUBSCRIBE;
            case "psubscribe" -> Channels.PSUBSCRIBE;
            case "publish", "spublish" -> Channels.PUBLISH;
            default -> Channels.NONE;
        };
    }

    int size() {
        return categories.length;
    }

    long categories(CommandSpec cmd) {
        return categories[cmd.id()];
    }

    Channels channels(CommandSpec cmd) {
        return channels[cmd.id()];
    }

    /** Commands and subcommands in table order (containers before their subcommands). */
    List<CommandSpec> all() {
        List<CommandSpec> out = new ArrayList<>(categories.length);
        for (CommandSpec top : table.all()) {
            out.add(top);
            out.addAll(top.subcommands().values());
        }
        return out;
    }

    /**
     * Redis's lookupCommandBySdsLogic: "name" is a top-level command, "container|sub" a subcommand of a container;
     * anything else (a '|' after a command without subcommands, more than one '|') is null.
     */
    CommandSpec lookup(String name) {
        String[] parts = name.toLowerCase(Locale.ROOT).split("\\|", -1);
        if (parts.length > 2) return null;
        CommandSpec base = table.original(parts[0]); // rules name commands by their real names, whatever rename-command did
        if (base == null || parts.length == 1) return base;
        return base.isContainer() ? base.subcommands().get(parts[1]) : null;
    }
}
