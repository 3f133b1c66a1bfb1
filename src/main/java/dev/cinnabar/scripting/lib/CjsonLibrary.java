package dev.cinnabar.scripting.lib;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The "cjson" library (lua-cjson 2.1.0 as Redis 7.2 bundles it): JSON encoding and decoding with per-state
 * settings. The settings functions take an optional new value and return the value in force.
 */
public final class CjsonLibrary extends LuaLibrary {
    private static final String[] ON_OFF = {"off", "on"};
    private static final String[] INVALID_NUMBER_MODES = {"off", "on", "null"};
    private static final byte[][] ESCAPES = new byte[256][];

    static {
        for (int c = 0; c < 0x20; c++) ESCAPES[c] = String.format("\\u%04x", c).getBytes(StandardCharsets.US_ASCII);
        ESCAPES['\b'] = "\\b".getBytes(StandardCharsets.US_ASCII);
        ESCAPES['\t'] = "\\t".getBytes(StandardCharsets.US_ASCII);
        ESCAPES['\n'] = "\\n".getBytes(StandardCharsets.US_ASCII);
        ESCAPES['\f'] = "\\f".getBytes(StandardCharsets.US_ASCII);
        ESCAPES['\r'] = "\\r".getBytes(StandardCharsets.US_ASCII);
        ESCAPES['"'] = "\\\"".getBytes(StandardCharsets.US_ASCII);
        ESCAPES['/'] = "\\/".getBytes(StandardCharsets.US_ASCII);
        ESCAPES['\\'] = "\\\\".getBytes(StandardCharsets.US_ASCII);
        ESCAPES[0x7F] = "\\u007f".getBytes(StandardCharsets.US_ASCII);
    }

    // settings, with lua-cjson's defaults
    private boolean sparseConvert = false;
    private int sparseRatio = 2;
    private int sparseSafe = 10;
    private int encodeMaxDepth = 1000;
    private int decodeMaxDepth = 1000;
    /** 0: NaN and infinities are errors; 1: written as nan/inf; 2: written as null. */
    private int encodeInvalidNumbers = 0;
    private int encodeNumberPrecision = 14;
    private boolean encodeKeepBuffer = true;
    private boolean decodeInvalidNumbers = true;


    public CjsonLibrary() {
        super("cjson");
        functions.put("encode", this::encode);
        functions.put("decode", args -> new Decoder(args).run());
        functions.put("encode_sparse_array", this::encodeSparseArray);
        functions.put("encode_max_depth", args -> {
            settingArguments(args, 1, "encode_max_depth");
            encodeMaxDepth = integerOption(args, 1, "encode_max_depth", encodeMaxDepth, 1, Integer.MAX_VALUE);
            return List.of(LuaArgs.num(encodeMaxDepth));
        });
        functions.put("decode_max_depth", args -> {
            settingArguments(args, 1, "decode_max_depth");
            decodeMaxDepth = integerOption(args, 1, "decode_max_depth", decodeMaxDepth, 1, Integer.MAX_VALUE);
            return List.of(LuaArgs.num(decodeMaxDepth));
        });
        functions.put("encode_number_precision", args -> {
            settingArguments(args, 1, "encode_number_precision");
            encodeNumberPrecision = integerOption(args, 1, "encode_number_precision", encodeNumberPrecision, 1, 14);
            return List.of(LuaArgs.num(encodeNumberPrecision));
        });
        functions.put("encode_keep_buffer", args -> {
            settingArguments(args, 1, "encode_keep_buffer");
            encodeKeepBuffer = booleanOption(args, 1, "encode_keep_buffer", encodeKeepBuffer);
            return List.of(bool(encodeKeepBuffer));
        });
        functions.put("encode_invalid_numbers", args -> {
            settingArguments(args, 1, "encode_invalid_numbers");
            LuaValue v = LuaArgs.get(args, 1);
            if (v instanceof LuaValue.Bool b) encodeInvalidNumbers = b.value() ? 1 : 0;
            else if (!LuaArgs.isNoneOrNil(args, 1)) {
                encodeInvalidNumbers = LuaArgs.checkOption(args, 1, "encode_invalid_numbers", INVALID_NUMBER_MODES);
            }
            return List.of(encodeInvalidNumbers == 2 ? LuaArgs.str("null") : bool(encodeInvalidNumbers == 1));
        });
        functions.put("decode_invalid_numbers", args -> {
            settingArguments(args, 1, "decode_invalid_numbers");
            decodeInvalidNumbers = booleanOption(args, 1, "decode_invalid_numbers", decodeInvalidNumbers);
            return List.of(bool(decodeInvalidNumbers));
        });
        constants.put("null", LuaValue.NULL_POINTER);
        constants.put("_NAME", LuaArgs.str("cjson"));
        constants.put("_VERSION", LuaArgs.str("2.1.0"));
    }




    // ----- settings -----

    private static LuaValue.Bool bool(boolean b) {
        return b ? LuaValue.TRUE : LuaValue.FALSE;
    }

    /** Settings functions accept at most {@code max} arguments. */
    private static void settingArguments(List<LuaValue> args, int max, String function) {
        if (args.size() > max) throw LuaArgs.argError(max + 1, function, "found too many arguments");
    }

    /** A new integer value when the argument is not nil; range errors always name argument 1, as lua-cjson does. */
    private static int integerOption(List<LuaValue> args, int arg, String function, int current, int min, int max) {
        if (LuaArgs.isNoneOrNil(args, arg)) return current;
        int value = (int) LuaArgs.checkInteger(args, arg, function);
        if (value < min || value > max) {
            throw LuaArgs.argError(1, function, "expected integer between " + min + " and " + max);
        }
        return value;
    }

    /** true/false or "on"/"off"; nil keeps the current value. */
    private static boolean booleanOption(List<LuaValue> args, int arg, String function, boolean current) {
        LuaValue v = LuaArgs.get(args, arg);
        if (v == null || v instanceof LuaValue.Nil) return current;
        if (v instanceof LuaValue.Bool b) return b.value();
        return LuaArgs.checkOption(args, arg, function, ON_OFF) == 1;
    }

    private List<LuaValue> encodeSparseArray(List<LuaValue> args) {
        settingArguments(args, 3, "encode_sparse_array");
        sparseConvert = booleanOption(args, 1, "encode_sparse_array", sparseConvert);
        sparseRatio = integerOption(args, 2, "encode_sparse_array", sparseRatio, 0, Integer.MAX_VALUE);
        sparseSafe = integerOption(args, 3, "encode_sparse_array", sparseSafe, 0, Integer.MAX_VALUE);
        return List.of(bool(sparseConvert), LuaArgs.num(sparseRatio), LuaArgs.num(sparseSafe));
    }

    // ----- encoding -----

    private List<LuaValue> encode(List<LuaValue> args) {
        if (args.size() != 1) throw LuaArgs.argError(1, "encode", "expected 1 argument");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        appendValue(out, args.getFirst());
        return List.of(new LuaValue.Str(out.toByteArray()));
    }

    private static LuaLibraryError cannotSerialise(LuaValue value, String reason) {
        return new LuaLibraryError("Cannot serialise " + LuaArgs.typeName(value) + ": " + reason);
    }

    /** A table being written: its entries in order, as an array (1..length) or as an object (its pairs). */
    private static final class OpenTable {
        final LuaValue.Table table;
        final LuaTables.Lookup lookup;
        final int length;
        final int depth;
        int next;

        OpenTable(LuaValue.Table table, int length, int depth) {
            this.table = table;
            this.lookup = length > 0 ? new LuaTables.Lookup(table) : null;
            this.length = length > 0 ? length : table.keys().size();
            this.depth = depth;
        }

        boolean isArray() {
            return lookup != null;
        }
    }

    /**
     * Writes a value; nested tables are kept on an explicit stack rather than the Java call stack, since the
     * nesting allowed goes to thousands of levels.
     */
    private void appendValue(ByteArrayOutputStream out, LuaValue root) {
        ArrayDeque<OpenTable> open = new ArrayDeque<>();
        LuaValue value = root;
        int parentDepth = 0;
        while (true) {
            if (value instanceof LuaValue.Table t) {
                int depth = parentDepth + 1;
                if (depth > encodeMaxDepth) throw excessiveNesting(depth);
                int length = arrayLength(t);
                out.write(length > 0 ? '[' : '{');
                open.push(new OpenTable(t, length, depth));
            } else {
                appendScalar(out, value, parentDepth);
            }
            // move on to the next entry of the innermost unfinished table, closing finished ones
            while (true) {
                OpenTable top = open.peek();
                if (top == null) return;
                if (top.next == top.length) {
                    out.write(top.isArray() ? ']' : '}');
                    open.pop();
                    continue;
                }
                if (top.next > 0) out.write(',');
                int i = top.next++;
                if (top.isArray()) {
                    value = top.lookup.get(i + 1);
                } else {
                    appendKey(out, top.table.keys().get(i));
                    value = top.table.values().get(i);
                }
                parentDepth = top.depth;
                break;
            }
        }
    }

    private void appendScalar(ByteArrayOutputStream out, LuaValue value, int parentDepth) {
        switch (value) {
            case LuaValue.Str s -> appendString(out, s.bytes());
            case LuaValue.Num n -> appendNumber(out, n);
            case LuaValue.Bool b -> appendAscii(out, b.value() ? "true" : "false");
            case LuaValue.Nil n -> appendAscii(out, "null");
            case LuaValue.Opaque o when o.equals(LuaValue.NULL_POINTER) -> appendAscii(out, "null");
            // a table the engine did not convert: it lies beyond any depth we could encode
            case LuaValue.Opaque o when o.equals(LuaValue.TOO_DEEP) -> throw excessiveNesting(
                    Math.max(parentDepth + 1, encodeMaxDepth + 1));
            case LuaValue.Opaque o -> throw cannotSerialise(o, "type not supported");
            case LuaValue.Table t -> throw new IllegalStateException("tables are written by appendValue");
        }
    }

    private static LuaLibraryError excessiveNesting(int depth) {
        return new LuaLibraryError("Cannot serialise, excessive nesting (" + depth + ")");
    }

    /** An object key: strings as they are, numbers as JSON would write them but quoted. */
    private void appendKey(ByteArrayOutputStream out, LuaValue key) {
        if (key instanceof LuaValue.Num n) {
            out.write('"');
            appendNumber(out, n);
            out.write('"');
        } else if (key instanceof LuaValue.Str s) {
            appendString(out, s.bytes());
        } else {
            throw cannotSerialise(key, "table key must be a number or string");
        }
        out.write(':');
    }

    /**
     * The length of the table as an array (its largest key), or a value &le; 0 when it is to be written as an
     * object: a key that is not a positive integer, or too sparse an array with sparse conversion on. The largest
     * key is kept in a C int, so keys beyond its range give a negative length (an object).
     */
    private int arrayLength(LuaValue.Table table) {
        int max = 0;
        int items = 0;
        for (LuaValue key : table.keys()) {
            if (!(key instanceof LuaValue.Num num) || num.value() == 0) return -1;
            double k = num.value();
            if (Math.floor(k) != k || !(k >= 1)) return -1;
            if (k > max) max = LuaNumbers.toInt32(k);
            items++;
        }
        if (sparseRatio > 0 && max > items * sparseRatio && max > sparseSafe) {
            if (!sparseConvert) throw cannotSerialise(table, "excessively sparse array");
            return -1;
        }
        return max;
    }

    private void appendNumber(ByteArrayOutputStream out, LuaValue.Num value) {
        double d = value.value();
        boolean invalid = Double.isNaN(d) || Double.isInfinite(d);
        if (invalid && encodeInvalidNumbers == 0) throw cannotSerialise(value, "must not be NaN or Inf");
        if (invalid && encodeInvalidNumbers == 2) {
            appendAscii(out, "null");
        } else if (Double.isNaN(d)) {
            appendAscii(out, "nan");
        } else {
            appendAscii(out, LuaNumbers.formatG(d, encodeNumberPrecision));
        }
    }

    private static void appendString(ByteArrayOutputStream out, byte[] s) {
        out.write('"');
        for (byte b : s) {
            byte[] escape = ESCAPES[b & 0xFF];
            if (escape != null) out.write(escape, 0, escape.length);
            else out.write(b);
        }
        out.write('"');
    }

    private static void appendAscii(ByteArrayOutputStream out, String s) {
        for (int i = 0; i < s.length(); i++) out.write(s.charAt(i));
    }

    // ----- decoding -----

    private enum Token {
        T_OBJ_BEGIN, T_OBJ_END, T_ARR_BEGIN, T_ARR_END, T_STRING, T_NUMBER, T_BOOLEAN, T_NULL, T_COLON, T_COMMA,
        T_END, T_ERROR
    }

    /** One JSON text being parsed; the text ends at its end or at its first NUL byte, as a C string does. */
    private final class Decoder {
        private final byte[] json;
        private int pos;
        private int depth;
        /** Lua stack slots the C parser would be using: the argument, then a table (and a key) per level. */
        private int stack = 1;

        // the current token
        private Token token;
        private int tokenIndex;
        private LuaValue tokenValue;
        private String tokenError;

        Decoder(List<LuaValue> args) {
            if (args.size() != 1) throw LuaArgs.argError(1, "decode", "expected 1 argument");
            json = LuaArgs.checkString(args, 1, "decode");
        }

        List<LuaValue> run() {
            if (json.length >= 2 && (json[0] == 0 || json[1] == 0)) {
                throw new LuaLibraryError("JSON parser does not support UTF-16 or UTF-32");
            }
            nextToken();
            LuaValue value = value();
            nextToken();
            if (token != Token.T_END) throw parseError("the end");
            return List.of(value);
        }

        private int at(int i) {
            return i < json.length ? json[i] & 0xFF : 0;
        }

        private LuaLibraryError parseError(String expected) {
            String found = token == Token.T_ERROR ? tokenError : token.name();
            return new LuaLibraryError("Expected " + expected + " but found " + found + " at character "
                    + (tokenIndex + 1));
        }

        private void error(String message) {
            token = Token.T_ERROR;
            tokenIndex = pos;
            tokenError = message;
        }

        private void nextToken() {
            int c = at(pos);
            while (c == ' ' || c == '\t' || c == '\n' || c == '\r') c = at(++pos);
            tokenIndex = pos;
            switch (c) {
                case '{' -> single(Token.T_OBJ_BEGIN);
                case '}' -> single(Token.T_OBJ_END);
                case '[' -> single(Token.T_ARR_BEGIN);
                case ']' -> single(Token.T_ARR_END);
                case ',' -> single(Token.T_COMMA);
                case ':' -> single(Token.T_COLON);
                case 0 -> token = Token.T_END;
                case '"' -> string();
                case 'f', 'i', 'I', 'n', 'N', 't', '+', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' ->
                        wordOrNumber(c);
                default -> error("invalid token");
            }
        }

        private void single(Token t) {
            token = t;
            pos++;
        }

        private void wordOrNumber(int c) {
            if (c == '-' || (c >= '0' && c <= '9')) {
                if (!decodeInvalidNumbers && isInvalidNumber()) error("invalid number");
                else number();
            } else if (startsWith("true")) {
                literal(Token.T_BOOLEAN, LuaValue.TRUE, 4);
            } else if (startsWith("false")) {
                literal(Token.T_BOOLEAN, LuaValue.FALSE, 5);
            } else if (startsWith("null")) {
                literal(Token.T_NULL, LuaValue.NULL_POINTER, 4);
            } else if (decodeInvalidNumbers && isInvalidNumber()) {
                number();
            } else {
                error("invalid token");
            }
        }

        private boolean startsWith(String word) {
            for (int i = 0; i < word.length(); i++) {
                if (at(pos + i) != word.charAt(i)) return false;
            }
            return true;
        }

        private void literal(Token t, LuaValue value, int length) {
            token = t;
            tokenValue = value;
            pos += length;
        }

        /** Forms strtod reads that JSON does not allow: a leading '+', hex, leading zeros, inf and nan. */
        private boolean isInvalidNumber() {
            int p = pos;
            if (at(p) == '+') return true;
            if (at(p) == '-') p++;
            if (at(p) == '0') {
                int next = at(p + 1);
                return (next | 0x20) == 'x' || (next >= '0' && next <= '9');
            }
            if (at(p) <= '9') return false;
            return startsWithIgnoreCase(p, "inf") || startsWithIgnoreCase(p, "nan");
        }

        private boolean startsWithIgnoreCase(int p, String word) {
            for (int i = 0; i < word.length(); i++) {
                int c = at(p + i);
                if (c == 0 || (c | 0x20) != word.charAt(i)) return false;
            }
            return true;
        }

        private void number() {
            LuaNumbers.Parsed parsed = LuaNumbers.strtod(json, pos);
            if (parsed.end() == pos) {
                error("invalid number");
                return;
            }
            token = Token.T_NUMBER;
            tokenValue = LuaArgs.num(parsed.value());
            pos = parsed.end();
        }

        private void string() {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            pos++;
            int c;
            while ((c = at(pos)) != '"') {
                if (c == 0) {
                    error("unexpected end of string");
                    return;
                }
                if (c == '\\') {
                    int escaped = at(pos + 1);
                    if (escaped == 'u') {
                        if (!unicodeEscape(text)) {
                            error("invalid unicode escape code");
                            return;
                        }
                        continue;
                    }
                    c = switch (escaped) {
                        case '"', '\\', '/' -> escaped;
                        case 'b' -> '\b';
                        case 't' -> '\t';
                        case 'n' -> '\n';
                        case 'f' -> '\f';
                        case 'r' -> '\r';
                        default -> -1;
                    };
                    if (c < 0) {
                        error("invalid escape code");
                        return;
                    }
                    pos++;
                }
                text.write(c);
                pos++;
            }
            pos++;
            token = Token.T_STRING;
            tokenValue = new LuaValue.Str(text.toByteArray());
        }

        private int hex4(int p) {
            int value = 0;
            for (int i = 0; i < 4; i++) {
                int c = at(p + i);
                int digit = LuaNumbers.hexValue(c);
                if (digit < 0) return -1;
                value = value << 4 | digit;
            }
            return value;
        }

        /** A \\uXXXX escape (or a surrogate pair of them) at pos, appended as UTF-8. */
        private boolean unicodeEscape(ByteArrayOutputStream text) {
            int codepoint = hex4(pos + 2);
            if (codepoint < 0) return false;
            int length = 6;
            if ((codepoint & 0xF800) == 0xD800) {
                if ((codepoint & 0x400) != 0) return false;
                if (at(pos + 6) != '\\' || at(pos + 7) != 'u') return false;
                int low = hex4(pos + 8);
                if (low < 0 || (low & 0xFC00) != 0xDC00) return false;
                codepoint = (((codepoint & 0x3FF) << 10) | (low & 0x3FF)) + 0x10000;
                length = 12;
            }
            if (codepoint <= 0x7F) {
                text.write(codepoint);
            } else if (codepoint <= 0x7FF) {
                text.write(0xC0 | codepoint >> 6);
                text.write(0x80 | codepoint & 0x3F);
            } else if (codepoint <= 0xFFFF) {
                text.write(0xE0 | codepoint >> 12);
                text.write(0x80 | (codepoint >> 6) & 0x3F);
                text.write(0x80 | codepoint & 0x3F);
            } else {
                text.write(0xF0 | codepoint >> 18);
                text.write(0x80 | (codepoint >> 12) & 0x3F);
                text.write(0x80 | (codepoint >> 6) & 0x3F);
                text.write(0x80 | codepoint & 0x3F);
            }
            pos += length;
            return true;
        }

        /** A JSON array or object being read. */
        private static final class Container {
            final boolean object;
            final LuaTables.Builder table = new LuaTables.Builder();
            /** Arrays: the elements read so far. */
            int count;
            /** Objects: the key of the value being read. */
            LuaValue key;

            Container(boolean object) {
                this.object = object;
            }
        }

        /**
         * The value starting with the current token. Open arrays and objects are kept on an explicit stack rather
         * than the Java call stack, since the nesting allowed goes to thousands of levels.
         */
        private LuaValue value() {
            ArrayDeque<Container> open = new ArrayDeque<>();
            while (true) {
                LuaValue value;
                switch (token) {
                    case T_STRING, T_NUMBER, T_BOOLEAN, T_NULL -> value = tokenValue;
                    case T_OBJ_BEGIN, T_ARR_BEGIN -> {
                        Container c = new Container(token == Token.T_OBJ_BEGIN);
                        descend(c.object ? 3 : 2);
                        stack++;
                        nextToken();
                        if (token != endOf(c)) {
                            open.push(c);
                            if (c.object) readKey(c);
                            continue;
                        }
                        ascend();
                        value = c.table.build();
                    }
                    default -> throw parseError("value");
                }
                // the value is complete: store it, closing the containers it completes
                while (true) {
                    Container c = open.peek();
                    if (c == null) return value;
                    if (c.object) {
                        c.table.set(c.key, value);
                        stack--;
                    } else {
                        c.table.set(LuaArgs.num(++c.count), value);
                    }
                    nextToken();
                    if (token == endOf(c)) {
                        ascend();
                        open.pop();
                        value = c.table.build();
                        continue;
                    }
                    if (token != Token.T_COMMA) throw parseError(c.object ? "comma or object end" : "comma or array end");
                    nextToken();
                    if (c.object) readKey(c);
                    break;
                }
            }
        }

        private static Token endOf(Container c) {
            return c.object ? Token.T_OBJ_END : Token.T_ARR_END;
        }

        /** An object's key and colon, leaving the current token at the start of its value. */
        private void readKey(Container c) {
            if (token != Token.T_STRING) throw parseError("object key string");
            c.key = tokenValue;
            nextToken();
            if (token != Token.T_COLON) throw parseError("colon");
            nextToken();
            stack++;
        }

        /** Enters an array or object, which needs {@code slots} free Lua stack slots. */
        private void descend(int slots) {
            depth++;
            if (depth > decodeMaxDepth || stack + slots > LuaArgs.LUA_STACK_LIMIT) {
                throw new LuaLibraryError("Found too many nested data structures (" + depth + ") at character " + pos);
            }
        }

        private void ascend() {
            depth--;
            stack--;
        }
    }
}
