package dev.cinnabar.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cinnabar.Commands;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** commands.json as a whole, and the metadata of every command the server registers. */
class CommandMetadataTest {
    static CommandMetadata everything;

    @BeforeAll
    static void loadAll() {
        everything = CommandMetadata.load(null);
    }

    @Test
    void theTableParsesAndDeclaresEveryRedisCommand() {
        assertTrue(everything.commands.size() >= 240, "commands declared: " + everything.commands.size());
        for (String name : List.of("get", "set", "client", "command", "config", "object", "waitaof")) {
            assertNotNull(everything.commands.get(name), name);
        }
    }

    @Test
    void everyDeclarationMakesAValidSpec() {
        for (JsonNode top : everything.commands.values()) {
            new CommandSpec(top.get("name").asText(), top);
            for (JsonNode sub : top.path("subcommands")) new CommandSpec(sub.get("name").asText(), sub);
        }
    }

    @Test
    void everyFieldHasAReplyType() {
        ReplyTypes types = new ReplyTypes(everything.replyTypes);
        List<String> untyped = new ArrayList<>();
        for (JsonNode top : everything.commands.values()) {
            checkTyped(top, types, untyped);
        }
        assertEquals(List.of(), untyped);
    }

    private static void checkTyped(JsonNode command, ReplyTypes types, List<String> untyped) {
        for (Map.Entry<String, JsonNode> field : command.properties()) {
            switch (field.getKey()) {
                case "docs" -> checkFields(field.getValue(), types, untyped);
                case "subcommands" -> field.getValue().forEach(sub -> checkTyped(sub, types, untyped));
                default -> {
                    if (types.of(field.getKey()) == null) untyped.add(field.getKey());
                    checkFields(field.getValue(), types, untyped);
                }
            }
        }
    }

    private static void checkFields(JsonNode value, ReplyTypes types, List<String> untyped) {
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                if (types.of(e.getKey()) == null) untyped.add(e.getKey());
                checkFields(e.getValue(), types, untyped);
            }
        } else if (value.isArray()) {
            value.forEach(element -> checkFields(element, types, untyped));
        }
    }

    @Test
    void everyRegisteredCommandHasMetadataAndOurOwnTexts() {
        CommandTable table = Commands.table();  // throws if a handler has no declaration
        assertTrue(table.size() > 0);
        List<String> lacking = new ArrayList<>();
        for (CommandSpec cmd : table.all()) {
            checkTexts(cmd, lacking);
            for (CommandSpec sub : cmd.subcommands().values()) {
                assertNotNull(sub.handler(), sub.fullName());
                checkTexts(sub, lacking);
            }
            assertTrue(cmd.handler() != null || cmd.isContainer(), cmd.fullName());
        }
        assertEquals(List.of(), lacking, "commands with handlers but without summaries, history or notes of ours "
                + "(add them to tools/command-texts.json and regenerate)");
    }

    private static void checkTexts(CommandSpec cmd, List<String> lacking) {
        // module commands (JSON.*) have no texts in Redis: their docs are only their group and module
        if (cmd.docs().path("group").asText().equals("module")) return;
        if (!cmd.docs().has("summary") || everything.withoutOwnTexts.contains(cmd.fullName())) {
            lacking.add(cmd.fullName());
        }
    }

    @Test
    void onlyTheWantedCommandsAreBuilt() {
        CommandMetadata some = CommandMetadata.load(Set.of("get", "client"));
        assertEquals(Set.of("get", "client"), some.commands.keySet());
        assertEquals(everything.commands.get("client"), some.commands.get("client"));
        assertEquals(everything.replyTypes, some.replyTypes);
    }

    @Test
    void aHandlerWithoutDeclarationIsRejected() {
        CommandTable.Builder b = new CommandTable.Builder().handle("get", ctx -> { }).handle("nosuchcommand", ctx -> { })
                .handle("client|nosuchsub", ctx -> { });
        IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
        assertTrue(e.getMessage().contains("[nosuchcommand, client|nosuchsub]"), e.getMessage());
    }

    @Test
    void specsCarryRedisFlagsAndLegacyKeyRange() {
        CommandTable table = new CommandTable.Builder().handle("mset", ctx -> { }).handle("object|encoding", ctx -> { })
                .build();
        CommandSpec mset = table.lookupFullName("MSET");
        assertEquals(-3, mset.arity());
        assertTrue(mset.has(CommandFlag.WRITE) && mset.has(CommandFlag.DENYOOM));
        assertFalse(mset.has(CommandFlag.MOVABLE_KEYS));
        assertEquals(List.of(1, -1, 2), List.of(mset.firstKey(), mset.lastKey(), mset.keyStep()));
        assertTrue(mset.inAclCategory("string") && mset.inAclCategory("WRITE") && !mset.inAclCategory("@write"));
        CommandSpec encoding = table.lookupFullName("object|ENCODING");
        assertEquals("encoding", encoding.name());
        assertEquals("object|encoding", encoding.fullName());
        assertEquals(table.lookupFullName("object"), encoding.parent());
        assertEquals(null, table.lookupFullName("object|encoding|x"));
        assertEquals(null, table.lookupFullName("mset|x"));
    }
}
