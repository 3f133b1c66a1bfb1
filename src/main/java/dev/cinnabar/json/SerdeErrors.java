package dev.cinnabar.json;

import java.nio.charset.StandardCharsets;

/**
 * Names the first syntax error of a JSON text the way RedisJSON's parser (serde_json) reports it: the kind of
 * error, then "at line L column C", where C counts bytes of that line up to the offending one (or up to the end of
 * the text for "EOF while parsing ..."). Used only for texts the parser has refused; it walks the text in the same
 * order serde_json does, so the first problem found is the one serde_json names.
 */
final class SerdeErrors {
    private final byte[] s;
    private final boolean limitDepth;
    private int i;
    private int depth;

    private SerdeErrors(byte[] s, boolean limitDepth) {
        this.s = s;
        this.limitDepth = limitDepth;
    }

    /** The error message for a text the JSON parser refused. */
    static String describe(String text, boolean limitDepth) {
        SerdeErrors scan = new SerdeErrors(text.getBytes(StandardCharsets.UTF_8), limitDepth);
        try {
            scan.value();
            scan.whitespace();
            if (scan.i < scan.s.length) throw scan.at("trailing characters", scan.i);
            return "invalid JSON";
        } catch (Found e) {
            return e.getMessage();
        }
    }

    /** The message, carried out of the recursion. */
    private static final class Found extends RuntimeException {
        Found(String message) {
            super(message, null, false, false);
        }
    }

    /** An error at the byte at index {@code at} (its column is at+1 within its line). */
    private Found at(String what, int at) {
        int line = 1, lineStart = 0;
        for (int k = 0; k < at && k < s.length; k++) {
            if (s[k] == '\n') {
                line++;
                lineStart = k + 1;
            }
        }
        return new Found(what + " at line " + line + " column " + (at - lineStart + 1));
    }

    /** An error at the end of the text: the column of the last byte. */
    private Found eof(String what) {
        int line = 1, lineStart = 0;
        for (int k = 0; k < s.length; k++) {
            if (s[k] == '\n') {
                line++;
                lineStart = k + 1;
            }
        }
        return new Found(what + " at line " + line + " column " + (s.length - lineStart));
    }

    private void whitespace() {
        while (i < s.length && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r')) i++;
    }

    private void value() {
        whitespace();
        if (i >= s.length) throw eof("EOF while parsing a value");
        switch (s[i]) {
            case 'n' -> ident("null");
            case 't' -> ident("true");
            case 'f' -> ident("false");
            case '"' -> string();
            case '[' -> array();
            case '{' -> object();
            case '-' -> {
                i++;
                number();
            }
            default -> {
                if (s[i] >= '0' && s[i] <= '9') number();
                else throw at("expected value", i);
            }
        }
    }

    private void ident(String word) {
        i++;
        for (int k = 1; k < word.length(); k++, i++) {
            if (i >= s.length) throw eof("EOF while parsing a value");
            if (s[i] != word.charAt(k)) throw at("expected ident", i);
        }
    }

    private void enter() {
        if (limitDepth && ++depth > JsonText.MAX_DEPTH) throw at("recursion limit exceeded", i);
    }

    private void array() {
        enter();
        i++;
        whitespace();
        if (i < s.length && s[i] == ']') {
            i++;
            depth--;
            return;
        }
        while (true) {
            value();
            whitespace();
            if (i >= s.length) throw eof("EOF while parsing a list");
            if (s[i] == ']') {
                i++;
                depth--;
                return;
            }
            if (s[i] != ',') throw at("expected `,` or `]`", i);
            i++;
            whitespace();
            if (i < s.length && s[i] == ']') throw at("trailing comma", i);
        }
    }

    private void object() {
        enter();
        i++;
        whitespace();
        if (i < s.length && s[i] == '}') {
            i++;
            depth--;
            return;
        }
        while (true) {
            whitespace();
            if (i >= s.length) throw eof("EOF while parsing an object");
            if (s[i] != '"') throw at("key must be a string", i);
            string();
            whitespace();
            if (i >= s.length) throw eof("EOF while parsing an object");
            if (s[i] != ':') throw at("expected `:`", i);
            i++;
            value();
            whitespace();
            if (i >= s.length) throw eof("EOF while parsing an object");
            if (s[i] == '}') {
                i++;
                depth--;
                return;
            }
            if (s[i] != ',') throw at("expected `,` or `}`", i);
            i++;
            whitespace();
            if (i < s.length && s[i] == '}') throw at("trailing comma", i);
        }
    }

    private void string() {
        i++;
        while (true) {
            if (i >= s.length) throw eof("EOF while parsing a string");
            int c = s[i] & 0xff;
            if (c == '"') {
                i++;
                return;
            }
            if (c < 0x20) throw at("control character (\\u0000-\\u001F) found while parsing a string", i);
            if (c == '\\') {
                i++;
                if (i >= s.length) throw eof("EOF while parsing a string");
                switch (s[i]) {
                    case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> i++;
                    case 'u' -> {
                        for (int k = 0; k < 4; k++) {
                            i++;
                            if (i >= s.length) throw eof("EOF while parsing a string");
                            if (Character.digit(s[i], 16) < 0) throw at("invalid escape", i);
                        }
                        i++;
                    }
                    default -> throw at("invalid escape", i);
                }
                continue;
            }
            i++;
        }
    }

    /** After an optional '-': digits, fraction, exponent. */
    private void number() {
        if (i >= s.length) throw eof("invalid number");
        if (s[i] == '0') {
            i++;
            if (i < s.length && isDigit(s[i])) throw at("invalid number", i);
        } else if (isDigit(s[i])) {
            while (i < s.length && isDigit(s[i])) i++;
        } else {
            throw at("invalid number", i);
        }
        if (i < s.length && s[i] == '.') {
            i++;
            if (i >= s.length) throw eof("EOF while parsing a value");
            if (!isDigit(s[i])) throw at("invalid number", i);
            while (i < s.length && isDigit(s[i])) i++;
        }
        if (i < s.length && (s[i] == 'e' || s[i] == 'E')) {
            i++;
            if (i < s.length && (s[i] == '+' || s[i] == '-')) i++;
            if (i >= s.length) throw eof("EOF while parsing a value");
            if (!isDigit(s[i])) throw at("invalid number", i);
            while (i < s.length && isDigit(s[i])) i++;
        }
        // a well-formed number the parser still refused is too large for a double
        if (isNumberOutOfRange()) throw at("number out of range", i - 1);
    }

    private boolean isNumberOutOfRange() {
        int start = i - 1;
        while (start > 0 && (isDigit(s[start - 1]) || s[start - 1] == '.' || s[start - 1] == 'e' || s[start - 1] == 'E'
                || s[start - 1] == '+' || s[start - 1] == '-')) start--;
        String number = new String(s, start, i - start, StandardCharsets.US_ASCII);
        try {
            return Double.isInfinite(Double.parseDouble(number));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
