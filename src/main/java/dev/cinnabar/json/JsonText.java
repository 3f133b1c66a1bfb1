package dev.cinnabar.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cinnabar.command.RedisError;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * JSON text to tree: Jackson's streaming parser builds the tree (numbers kept as RedisJSON keeps them: 64-bit
 * signed or unsigned integers, otherwise doubles; {@code -0} is the double -0.0), with RedisJSON's limit of 127
 * nested containers for a value given in a command. When Jackson rejects the text, {@link SerdeErrors} names the
 * error as RedisJSON's parser (serde_json) does, e.g. "expected value at line 1 column 1".
 */
public final class JsonText {
    /** serde_json's recursion limit: the 128th nested container is refused. */
    static final int MAX_DEPTH = 127;
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(Integer.MAX_VALUE)
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .maxDocumentLength(-1)
                    .build())
            .build();
    private static final RedisError NOT_UTF8 = new RedisError("Couldn't parse as UTF-8 string");

    private JsonText() {}

    /** A command argument as text: RedisJSON refuses arguments that are not UTF-8. */
    public static String utf8(byte[] arg) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(arg)).toString();
        } catch (CharacterCodingException e) {
            throw NOT_UTF8;
        }
    }

    /** Parses a JSON value given in a command (depth-limited). */
    public static JsonNode parse(byte[] text) {
        return parse(utf8(text), true);
    }

    /** Parses JSON text; {@code limitDepth} is false for documents loaded from a snapshot. */
    public static JsonNode parse(String text, boolean limitDepth) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) throw new RedisError(SerdeErrors.describe(text, limitDepth));
            JsonNode root = read(p, first, limitDepth ? MAX_DEPTH : Integer.MAX_VALUE, 0, text);
            if (p.nextToken() != null) throw new RedisError(SerdeErrors.describe(text, limitDepth));
            return root;
        } catch (IOException | RuntimeException e) {
            if (e instanceof RedisError redisError) throw redisError;
            throw new RedisError(SerdeErrors.describe(text, limitDepth));
        }
    }

    private static JsonNode read(JsonParser p, JsonToken token, int maxDepth, int depth, String text) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                if (depth == maxDepth) throw new RedisError(SerdeErrors.describe(text, true));
                ObjectNode object = NODES.objectNode();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                    String name = p.currentName();
                    object.set(name, read(p, p.nextToken(), maxDepth, depth + 1, text));
                }
                return object;
            }
            case START_ARRAY -> {
                if (depth == maxDepth) throw new RedisError(SerdeErrors.describe(text, true));
                ArrayNode array = NODES.arrayNode();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    array.add(read(p, t, maxDepth, depth + 1, text));
                }
                return array;
            }
            case VALUE_STRING -> {
                return TextNode.valueOf(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return integer(p, text);
            }
            case VALUE_NUMBER_FLOAT -> {
                double d = p.getDoubleValue();
                if (Double.isInfinite(d)) throw new RedisError(SerdeErrors.describe(text, true));
                return DoubleNode.valueOf(d);
            }
            case VALUE_TRUE -> {
                return BooleanNode.TRUE;
            }
            case VALUE_FALSE -> {
                return BooleanNode.FALSE;
            }
            case VALUE_NULL -> {
                return NullNode.instance;
            }
            default -> throw new RedisError(SerdeErrors.describe(text, true));
        }
    }

    /** An integer as serde_json reads it: i64, then u64, then a double; "-0" is the double -0.0. */
    private static JsonNode integer(JsonParser p, String text) throws IOException {
        switch (p.getNumberType()) {
            case INT -> {
                int v = p.getIntValue();
                if (v == 0 && p.getText().startsWith("-")) return DoubleNode.valueOf(-0.0);
                return IntNode.valueOf(v);
            }
            case LONG -> {
                return LongNode.valueOf(p.getLongValue());
            }
            default -> {
                BigInteger big = p.getBigIntegerValue();
                if (big.signum() > 0 && big.compareTo(U64_MAX) <= 0) return BigIntegerNode.valueOf(big);
                double d = Double.parseDouble(p.getText());
                if (Double.isInfinite(d)) throw new RedisError(SerdeErrors.describe(text, true));
                return DoubleNode.valueOf(d);
            }
        }
    }
}
