package dev.cinnabar.command;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads commands.json: the reply types, and the declarations of the wanted top-level commands (with all their
 * subcommands). It streams the file and builds trees only for the wanted commands, so that server start does not
 * pay for the metadata of the commands it does not implement (nor for a full ObjectMapper).
 */
final class CommandMetadata {
    private static final String RESOURCE = "/commands.json";
    /** Commands Redis gets from modules (RedisJSON's JSON.*), declared as Redis registers them; same format. */
    private static final String MODULE_RESOURCE = "/module-commands.json";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final JsonNode replyTypes;
    final Map<String, JsonNode> commands = new HashMap<>();  // wanted top-level name -> declaration
    final Set<String> withoutOwnTexts = new HashSet<>();     // full names lacking some of our summaries/notes

    private CommandMetadata(JsonNode replyTypes) {
        this.replyTypes = replyTypes;
    }

    /** Loads the resource; {@code wanted} holds lower-case top-level names, or is null for every command. */
    static CommandMetadata load(Set<String> wanted) {
        CommandMetadata metadata = load(RESOURCE, wanted);
        if (metadata.replyTypes == null) throw new IllegalStateException(RESOURCE + " has no reply_types");
        metadata.commands.putAll(load(MODULE_RESOURCE, wanted).commands);
        return metadata;
    }

    private static CommandMetadata load(String resource, Set<String> wanted) {
        try (InputStream in = CommandMetadata.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " is missing from the classpath");
            return read(in, wanted);
        } catch (IOException e) {
            throw new UncheckedIOException(resource + " cannot be read", e);
        }
    }

    private static CommandMetadata read(InputStream in, Set<String> wanted) throws IOException {
        JsonNode replyTypes = null;
        JsonNode withoutOwnTexts = null;
        Map<String, JsonNode> commands = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(in)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("reply_types")) {
                    replyTypes = tree(p);
                } else if (field.equals("without_own_texts")) {
                    withoutOwnTexts = tree(p);
                } else if (field.equals("commands")) {
                    expect(value, JsonToken.START_ARRAY);
                    while (p.nextToken() == JsonToken.START_OBJECT) readCommand(p, wanted, commands);
                } else {
                    p.skipChildren();
                }
            }
        }
        CommandMetadata metadata = new CommandMetadata(replyTypes);
        metadata.commands.putAll(commands);
        if (withoutOwnTexts != null) withoutOwnTexts.forEach(name -> metadata.withoutOwnTexts.add(name.asText()));
        return metadata;
    }

    /** One top-level declaration; its first field is its name, which decides whether it is kept or skipped. */
    private static void readCommand(JsonParser p, Set<String> wanted, Map<String, JsonNode> into) throws IOException {
        expect(p.nextToken(), JsonToken.FIELD_NAME);
        if (!p.currentName().equals("name")) throw new IllegalStateException("a command declaration must start with its name");
        p.nextToken();
        String name = p.getText();
        if (wanted != null && !wanted.contains(name)) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                p.nextToken();
                p.skipChildren();
            }
            return;
        }
        ObjectNode command = NODES.objectNode();
        command.put("name", name);
        readFields(p, command);
        into.put(name, command);
    }

    private static JsonNode tree(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case START_OBJECT -> readFields(p, NODES.objectNode());
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) array.add(tree(p));
                yield array;
            }
            case VALUE_STRING -> TextNode.valueOf(p.getText());
            case VALUE_NUMBER_INT -> IntNode.valueOf(p.getIntValue());
            default -> throw new IllegalStateException("unexpected " + p.currentToken() + " in " + RESOURCE);
        };
    }

    private static ObjectNode readFields(JsonParser p, ObjectNode into) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            into.set(key, tree(p));
        }
        return into;
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) throw new IllegalStateException(RESOURCE + ": expected " + expected + ", found " + actual);
    }
}
