package dev.cinnabar.introspection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.command.ReplyTypes;
import dev.cinnabar.protocol.Reply;

import java.util.Map;

/**
 * Writes the COMMAND INFO and COMMAND DOCS descriptions of a command from its commands.json declaration, with the
 * RESP types the table records for each field. Containers list only the subcommands that have handlers.
 */
final class CommandDescriber {
    private final ReplyTypes types;

    CommandDescriber(ReplyTypes types) {
        this.types = types;
    }

    /** The 10-element COMMAND INFO entry. */
    void info(Reply reply, CommandSpec cmd) {
        JsonNode m = cmd.metadata();
        reply.arrayHeader(10);
        reply.bulk(cmd.fullName());
        reply.integer(cmd.arity());
        field(reply, "flags", m.path("flags"));
        reply.integer(cmd.firstKey());
        reply.integer(cmd.lastKey());
        reply.integer(cmd.keyStep());
        field(reply, "acl_categories", m.path("acl_categories"));
        field(reply, "tips", m.path("tips"));
        field(reply, "key_specs", m.path("key_specs"));
        if (!cmd.isContainer()) {
            reply.setHeader(0);
            return;
        }
        reply.arrayHeader(cmd.subcommands().size());
        for (CommandSpec sub : cmd.subcommands().values()) info(reply, sub);
    }

    /** The COMMAND DOCS map of one command (without its name). */
    void docs(Reply reply, CommandSpec cmd) {
        JsonNode docs = cmd.docs();
        reply.mapHeader(docs.size() + (cmd.isContainer() ? 1 : 0));
        for (Map.Entry<String, JsonNode> e : docs.properties()) {
            reply.bulk(e.getKey());
            field(reply, e.getKey(), e.getValue());
        }
        if (cmd.isContainer()) {
            reply.bulk("subcommands");
            reply.mapHeader(cmd.subcommands().size());
            for (CommandSpec sub : cmd.subcommands().values()) {
                reply.bulk(sub.fullName());
                docs(reply, sub);
            }
        }
    }

    private void field(Reply reply, String name, JsonNode value) {
        ReplyTypes.Type type = types.of(name);
        if (type == null) throw new IllegalStateException("commands.json declares no reply type for " + name);
        write(reply, type, value);
    }

    private void write(Reply reply, ReplyTypes.Type type, JsonNode value) {
        switch (type.kind()) {
            case BULK -> reply.bulk(value.asText());
            case SIMPLE -> reply.simple(value.asText());
            case INTEGER -> reply.integer(value.asLong());
            case MAP -> {
                reply.mapHeader(value.size());
                for (Map.Entry<String, JsonNode> e : value.properties()) {
                    reply.bulk(e.getKey());
                    field(reply, e.getKey(), e.getValue());
                }
            }
            case ARRAY, SET -> {
                if (type.kind() == ReplyTypes.Kind.SET) reply.setHeader(value.size());
                else reply.arrayHeader(value.size());
                for (JsonNode element : value) write(reply, type.element(), element);
            }
        }
    }
}
