package dev.cinnabar.json;

import dev.cinnabar.command.RedisError;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses RedisJSON's JSONPath grammar (its json_path crate) by recursive descent. Spaces are allowed between
 * tokens, not inside names or numbers. Names after a dot use the literal alphabet {@code [A-Za-z0-9-_`~+#%$^/:]};
 * anything else must be quoted in brackets. Errors read "Error occurred on position N, ..." as RedisJSON's do.
 */
final class JsonPathParser {
    private static final String LITERAL_CHARS = "-_`~+#%$^/:";

    private final String text;
    private int pos;

    JsonPathParser(String text) {
        this.text = text;
    }

    JsonPath parseQuery() {
        if (!peek('$')) throw error("'$'");
        pos++;
        List<JsonPath.Step> steps = parseSteps(true);
        skipSpaces();
        if (pos < text.length()) throw error("'.', '..', '['");
        return new JsonPath(text, steps);
    }

    /** root = (element | first_element) element*; first_element is a bare literal or '*'. */
    private List<JsonPath.Step> parseSteps(boolean topLevel) {
        List<JsonPath.Step> steps = new ArrayList<>();
        skipSpaces();
        if (pos < text.length() && isLiteralChar(text.charAt(pos))) {
            steps.add(new JsonPath.Key(literal()));
        } else if (peek('*')) {
            pos++;
            steps.add(new JsonPath.All());
        }
        while (true) {
            skipSpaces();
            if (startsWith("..")) {
                pos += 2;
                steps.add(new JsonPath.Scan());
                steps.add(selectorAfterDot());
            } else if (peek('.')) {
                pos++;
                steps.add(selectorAfterDot());
            } else if (peek('[')) {
                steps.add(bracket());
            } else {
                return steps;
            }
        }
    }

    /** What follows "." or "..": a name, '*' or a bracket. */
    private JsonPath.Step selectorAfterDot() {
        skipSpaces();
        if (peek('*')) {
            pos++;
            return new JsonPath.All();
        }
        if (peek('[')) return bracket();
        if (pos < text.length() && isLiteralChar(text.charAt(pos))) return new JsonPath.Key(literal());
        throw error("<string>, '*', '['");
    }

    /** "[" (range | numbers | strings | '*' | '?' filter) "]". */
    private JsonPath.Step bracket() {
        pos++; // '['
        skipSpaces();
        JsonPath.Step step;
        if (peek('*')) {
            pos++;
            step = new JsonPath.All();
        } else if (peek('?')) {
            pos++;
            step = new JsonPath.Filter(filter());
        } else if (peek('\'') || peek('"')) {
            List<String> names = new ArrayList<>();
            names.add(quoted());
            while (skipSpaces() && peek(',')) {
                pos++;
                skipSpaces();
                names.add(quoted());
            }
            step = new JsonPath.Keys(names);
        } else {
            step = numbers();
        }
        skipSpaces();
        if (!peek(']')) throw error("']'");
        pos++;
        return step;
    }

    /** A numbers list "1,-2" or a range "start:end:step" with optional parts. */
    private JsonPath.Step numbers() {
        Long start = null;
        if (!peek(':')) start = number();
        skipSpaces();
        if (!peek(':')) {
            List<Long> list = new ArrayList<>();
            list.add(start);
            while (peek(',')) {
                pos++;
                skipSpaces();
                list.add(number());
                skipSpaces();
            }
            long[] indexes = new long[list.size()];
            for (int i = 0; i < indexes.length; i++) indexes[i] = list.get(i);
            return new JsonPath.Indexes(indexes);
        }
        pos++; // ':'
        skipSpaces();
        Long end = null;
        if (pos < text.length() && (text.charAt(pos) == '-' || Character.isDigit(text.charAt(pos)))) end = number();
        skipSpaces();
        int step = 1;
        if (peek(':')) {
            pos++;
            skipSpaces();
            if (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                int at = pos;
                long s = number();
                if (s <= 0 || s > Integer.MAX_VALUE) {
                    pos = at;
                    throw error("']'");
                }
                step = (int) s;
            }
        }
        return new JsonPath.Slice(start, end, step);
    }

    /** number = "-"? [1-9][0-9]* | "-"? [0-9]. */
    private long number() {
        int start = pos;
        if (peek('-')) pos++;
        int digits = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 128) pos++;
        if (pos == digits || (text.charAt(digits) == '0' && pos - digits > 1)) {
            pos = start;
            throw error("['start:end:steps'], '<number>[,<number>,...]', '<string>[,<string>,...]', '*', '[?(filter_expression)]'");
        }
        try {
            return Long.parseLong(text, start, pos, 10);
        } catch (NumberFormatException e) {
            pos = start;
            throw error("'<number>'");
        }
    }

    /** A quoted name: 'x' or "x", where only the quote and the backslash may be escaped. */
    private String quoted() {
        char quote = text.charAt(pos);
        int start = pos++;
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == quote) {
                pos++;
                return out.toString();
            }
            if (c == '\\') {
                if (pos + 1 < text.length() && (text.charAt(pos + 1) == quote || text.charAt(pos + 1) == '\\')) {
                    out.append(text.charAt(pos + 1));
                    pos += 2;
                    continue;
                }
                break;
            }
            out.append(c);
            pos++;
        }
        pos = start;
        throw error("'<string>[,<string>,...]'");
    }

    private String literal() {
        int start = pos;
        while (pos < text.length() && isLiteralChar(text.charAt(pos))) pos++;
        return text.substring(start, pos);
    }

    private static boolean isLiteralChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || LITERAL_CHARS.indexOf(c) >= 0;
    }

    // ---- filters ------------------------------------------------------------------------------------------------

    /** filter = inner (('&&' | '||') inner)*, with '&&' binding tighter. */
    private JsonFilter filter() {
        List<JsonFilter> anyOf = new ArrayList<>();
        List<JsonFilter> allOf = new ArrayList<>();
        allOf.add(innerFilter());
        while (true) {
            skipSpaces();
            if (startsWith("&&")) {
                pos += 2;
                allOf.add(innerFilter());
            } else if (startsWith("||")) {
                pos += 2;
                anyOf.add(allOf.size() == 1 ? allOf.getFirst() : new JsonFilter.And(allOf));
                allOf = new ArrayList<>();
                allOf.add(innerFilter());
            } else {
                break;
            }
        }
        anyOf.add(allOf.size() == 1 ? allOf.getFirst() : new JsonFilter.And(allOf));
        return anyOf.size() == 1 ? anyOf.getFirst() : new JsonFilter.Or(anyOf);
    }

    private JsonFilter innerFilter() {
        skipSpaces();
        if (peek('(')) {
            pos++;
            JsonFilter inner = filter();
            skipSpaces();
            if (!peek(')')) throw error("'&&', '||', ')'");
            pos++;
            return inner;
        }
        JsonFilter.Term left = term();
        skipSpaces();
        JsonFilter.Op op = operator();
        if (op == null) return new JsonFilter.Exists(left);
        JsonFilter.Term right = term();
        return new JsonFilter.Compare(left, op, right);
    }

    private JsonFilter.Op operator() {
        String[] symbols = {">=", ">", "<=", "<", "==", "!=", "=~"};
        JsonFilter.Op[] ops = {JsonFilter.Op.GE, JsonFilter.Op.GT, JsonFilter.Op.LE, JsonFilter.Op.LT,
                JsonFilter.Op.EQ, JsonFilter.Op.NE, JsonFilter.Op.RE};
        for (int i = 0; i < symbols.length; i++) {
            if (startsWith(symbols[i])) {
                pos += symbols[i].length();
                return ops[i];
            }
        }
        return null;
    }

    /** term = '@' root? | '$' root? | decimal | string | true | false | null. */
    private JsonFilter.Term term() {
        skipSpaces();
        if (peek('@') || peek('$')) {
            boolean fromRoot = text.charAt(pos) == '$';
            pos++;
            return new JsonFilter.PathTerm(fromRoot, parseSteps(false));
        }
        if (peek('\'') || peek('"')) return new JsonFilter.Literal(quoted());
        if (startsWith("true")) {
            pos += 4;
            return new JsonFilter.Literal(Boolean.TRUE);
        }
        if (startsWith("false")) {
            pos += 5;
            return new JsonFilter.Literal(Boolean.FALSE);
        }
        if (startsWith("null")) {
            pos += 4;
            return new JsonFilter.Literal(JsonFilter.Operand.NULL);
        }
        if (peek('-') || (pos < text.length() && Character.isDigit(text.charAt(pos)))) return decimal();
        throw error("'[?(filter_expression)]'");
    }

    /** decimal = number ('.' digits)?: a Long when it fits, a Double otherwise. */
    private JsonFilter.Term decimal() {
        int start = pos;
        if (peek('-')) pos++;
        int digits = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') pos++;
        if (pos == digits || (text.charAt(digits) == '0' && pos - digits > 1)) {
            pos = start;
            throw error("'[?(filter_expression)]'");
        }
        if (peek('.') && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1))) {
            pos++;
            while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') pos++;
        }
        String number = text.substring(start, pos);
        try {
            return new JsonFilter.Literal(Long.parseLong(number));
        } catch (NumberFormatException e) {
            return new JsonFilter.Literal(Double.parseDouble(number));
        }
    }

    // ---- scanning -----------------------------------------------------------------------------------------------

    private boolean skipSpaces() {
        while (pos < text.length() && text.charAt(pos) == ' ') pos++;
        return true;
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private boolean startsWith(String s) {
        return text.startsWith(s, pos);
    }

    /** RedisJSON's compile error, pointing at the current position. */
    private RedisError error(String expected) {
        int bytePos = text.substring(0, Math.min(pos, text.length())).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        String where = pos >= text.length()
                ? "\"" + text + " <<<<----\""
                : "\"" + text.substring(0, pos) + " ---->>>> " + text.substring(pos) + "\"";
        return new RedisError("Error occurred on position " + bytePos + ", " + where
                + ", expected one of the following: " + expected + ".");
    }
}
