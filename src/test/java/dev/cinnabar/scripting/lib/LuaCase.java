package dev.cinnabar.scripting.lib;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A library test case written as a line of Lua: statements separated by ";", the last one an expression, made of
 * literals, arithmetic, "..", "#", table constructors, library calls and a few helpers (string.rep, nest,
 * nest_json, range, depth), optionally followed by " -- comment". Tables are built in source order, which
 * real Lua's iteration order happens to follow for the cases marked as depending on it. The case files hold each line with the result real redis-server gave for it,
 * described as {@link #describe} does (tools/gen-lua-lib-cases.py runs them there with the same helpers); this
 * class evaluates the same line against the Java libraries so that the two descriptions can be compared.
 */
final class LuaCase {
    private final String source;
    private final Map<String, LuaLibrary> libraries;
    private int pos;
    private long functionIds;

    private LuaCase(String source, Map<String, LuaLibrary> libraries) {
        this.source = source;
        this.libraries = libraries;
    }

    /** One line of a case file: the Lua source and the description of what real Redis answered. */
    record Expectation(String source, String expected) {
        @Override
        public String toString() {
            return source.length() > 120 ? source.substring(0, 120) + "..." : source;
        }
    }

    static List<Expectation> load(String resource) throws IOException {
        List<Expectation> cases = new ArrayList<>();
        try (InputStream in = LuaCase.class.getResourceAsStream(resource)) {
            if (in == null) throw new IOException("missing resource " + resource);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isEmpty()) continue;
                int tab = line.indexOf('\t');
                String source = line.substring(0, tab);
                int comment = source.indexOf(" -- ");
                if (comment >= 0) source = source.substring(0, comment);
                cases.add(new Expectation(source, line.substring(tab + 1)));
            }
        }
        return cases;
    }

    /** Runs the line with fresh library instances and describes its results (or its error) as the generator does. */
    static String run(String source, Supplier<List<LuaLibrary>> freshLibraries) {
        Map<String, LuaLibrary> libraries = new java.util.HashMap<>();
        for (LuaLibrary library : freshLibraries.get()) libraries.put(library.name(), library);
        LuaCase c = new LuaCase(source, libraries);
        try {
            List<LuaValue> results = c.statements();
            List<String> parts = new ArrayList<>();
            for (LuaValue v : results) parts.add(describe(v));
            return String.join(" | ", parts);
        } catch (LuaLibraryError e) {
            return "E:" + (e.withPosition() ? "user_script:1: " : "") + e.getMessage();
        }
    }

    static List<LuaLibrary> allLibraries() {
        return List.of(new CjsonLibrary(), new CmsgpackLibrary(), new StructLibrary(), new BitLibrary());
    }

    /** The generator's description: n:%.17g numbers, s:strings with \hh escapes, sorted table entries. */
    static String describe(LuaValue v) {
        return switch (v) {
            case LuaValue.Nil n -> "nil";
            case LuaValue.Bool b -> String.valueOf(b.value());
            case LuaValue.Num n -> Double.isNaN(n.value()) ? "nan" : "n:" + LuaNumbers.formatG(n.value(), 17);
            case LuaValue.Str s -> {
                StringBuilder out = new StringBuilder("s:");
                for (byte b : s.bytes()) {
                    int c = b & 0xFF;
                    if (c < 32 || c == '\\' || c >= 127) out.append('\\').append(String.format("%02x", c));
                    else out.append((char) c);
                }
                yield out.toString();
            }
            case LuaValue.Table t -> {
                List<String> parts = new ArrayList<>();
                for (int i = 0; i < t.keys().size(); i++) {
                    parts.add(describe(t.keys().get(i)) + "=" + describe(t.values().get(i)));
                }
                parts.sort(null);
                yield "{" + String.join(",", parts) + "}";
            }
            case LuaValue.Opaque o -> o.equals(LuaValue.NULL_POINTER) ? "null" : o.type();
        };
    }

    // ----- the evaluator -----

    private List<LuaValue> statements() {
        List<LuaValue> last = expression();
        while (skipSpace() && peek() == ';') {
            pos++;
            last = expression();
        }
        skipSpace();
        if (pos != source.length()) throw new IllegalArgumentException("unparsed: " + source.substring(pos));
        return last;
    }

    private boolean skipSpace() {
        while (pos < source.length() && source.charAt(pos) == ' ') pos++;
        return pos < source.length();
    }

    private char peek() {
        return pos < source.length() ? source.charAt(pos) : '\0';
    }

    private boolean accept(String token) {
        skipSpace();
        if (source.startsWith(token, pos)) {
            pos += token.length();
            return true;
        }
        return false;
    }

    private void expect(String token) {
        if (!accept(token)) throw new IllegalArgumentException("expected " + token + " at " + pos + " in " + source);
    }

    private static LuaValue first(List<LuaValue> values) {
        return values.isEmpty() ? LuaValue.NIL : values.getFirst();
    }

    private static double number(LuaValue v) {
        Double d = LuaArgs.toNumber(v);
        if (d == null) throw new IllegalArgumentException("not a number: " + v);
        return d;
    }

    private List<LuaValue> expression() {
        List<LuaValue> left = additive();
        if (accept("..")) {
            LuaValue a = first(left);
            LuaValue b = first(expression());
            byte[] x = LuaArgs.toBytes(a);
            byte[] y = LuaArgs.toBytes(b);
            byte[] joined = new byte[x.length + y.length];
            System.arraycopy(x, 0, joined, 0, x.length);
            System.arraycopy(y, 0, joined, x.length, y.length);
            return List.of(new LuaValue.Str(joined));
        }
        return left;
    }

    private List<LuaValue> additive() {
        List<LuaValue> left = multiplicative();
        while (true) {
            skipSpace();
            if (peek() == '+' || (peek() == '-' && !source.startsWith("--", pos))) {
                char op = source.charAt(pos++);
                double a = number(first(left));
                double b = number(first(multiplicative()));
                left = List.of(LuaArgs.num(op == '+' ? a + b : a - b));
            } else {
                return left;
            }
        }
    }

    private List<LuaValue> multiplicative() {
        List<LuaValue> left = unary();
        while (true) {
            skipSpace();
            if (peek() == '*' || peek() == '/') {
                char op = source.charAt(pos++);
                double a = number(first(left));
                double b = number(first(unary()));
                double r = op == '*' ? a * b : a / b;
                // x86 produces its default NaN (sign bit set) for 0/0 and inf-inf
                left = List.of(LuaArgs.num(Double.isNaN(r) ? LuaNumbers.DEFAULT_NAN : r));
            } else {
                return left;
            }
        }
    }

    private List<LuaValue> unary() {
        skipSpace();
        if (peek() == '-') {
            pos++;
            double d = number(first(unary()));
            return List.of(LuaArgs.num(Double.longBitsToDouble(Double.doubleToRawLongBits(d) ^ Long.MIN_VALUE)));
        }
        if (peek() == '#') {
            pos++;
            LuaValue v = first(unary());
            if (v instanceof LuaValue.Str s) return List.of(LuaArgs.num(s.bytes().length));
            LuaTables.Lookup lookup = new LuaTables.Lookup((LuaValue.Table) v);
            int n = 0;
            while (!(lookup.get(n + 1) instanceof LuaValue.Nil)) n++;
            return List.of(LuaArgs.num(n));
        }
        return power();
    }

    private List<LuaValue> power() {
        List<LuaValue> base = primary();
        if (accept("^")) {
            double exponent = number(first(unary()));
            return List.of(LuaArgs.num(Math.pow(number(first(base)), exponent)));
        }
        return base;
    }

    private List<LuaValue> primary() {
        skipSpace();
        char c = peek();
        if (c == '"' || c == '\'') return List.of(string());
        if (Character.isDigit(c) || (c == '.' && Character.isDigit(source.charAt(pos + 1)))) return List.of(numeral());
        if (c == '{') return List.of(table());
        if (c == '(') {
            pos++;
            List<LuaValue> inner = expression();
            expect(")");
            return List.of(first(inner));
        }
        String name = name();
        switch (name) {
            case "nil":
                return List.of(LuaValue.NIL);
            case "true":
                return List.of(LuaValue.TRUE);
            case "false":
                return List.of(LuaValue.FALSE);
            case "function":
                expect("(");
                expect(")");
                expect("end");
                return List.of(new LuaValue.Opaque("function", ++functionIds));
            default:
        }
        while (accept(".")) name = name + "." + name();
        if (!accept("(")) return List.of(field(name));
        List<LuaValue> args = new ArrayList<>();
        if (!accept(")")) {
            do {
                List<LuaValue> values = expression();
                skipSpace();
                if (peek() == ')') args.addAll(values); // the last argument passes all its values
                else args.add(first(values));
            } while (accept(","));
            expect(")");
        }
        return call(name, args);
    }

    private LuaValue field(String name) {
        if (name.equals("math.huge")) return LuaArgs.num(Double.POSITIVE_INFINITY);
        int dot = name.indexOf('.');
        LuaValue v = libraries.get(name.substring(0, dot)).constants().get(name.substring(dot + 1));
        if (v == null) throw new IllegalArgumentException("unknown field " + name);
        return v;
    }

    private List<LuaValue> call(String name, List<LuaValue> args) {
        switch (name) {
            case "string.rep": {
                byte[] unit = LuaArgs.toBytes(args.get(0));
                int n = (int) number(args.get(1));
                byte[] out = new byte[unit.length * Math.max(n, 0)];
                for (int i = 0; i < n; i++) System.arraycopy(unit, 0, out, i * unit.length, unit.length);
                return List.of(new LuaValue.Str(out));
            }
            case "nest": {
                LuaValue inner = args.size() > 1 ? args.get(1) : LuaValue.NIL;
                LuaValue t = inner instanceof LuaValue.Nil ? new LuaValue.Table(List.of(), List.of())
                        : new LuaValue.Table(List.of(LuaArgs.num(1)), List.of(inner));
                for (int i = 2; i <= number(args.get(0)); i++) t = new LuaValue.Table(List.of(LuaArgs.num(1)), List.of(t));
                return List.of(t);
            }
            case "nest_json": {
                int n = (int) number(args.get(0));
                return List.of(LuaArgs.str("[".repeat(n) + "]".repeat(n)));
            }
            case "range": {
                List<LuaValue> keys = new ArrayList<>();
                for (int i = 1; i <= number(args.get(0)); i++) keys.add(LuaArgs.num(i));
                return List.of(new LuaValue.Table(keys, keys));
            }
            case "depth": {
                int n = 0;
                LuaValue t = args.isEmpty() ? LuaValue.NIL : args.get(0);
                // follows t[1], else t.a
                while (t instanceof LuaValue.Table table) {
                    n++;
                    LuaValue next = LuaValue.NIL;
                    for (int i = 0; i < table.keys().size(); i++) {
                        LuaValue key = table.keys().get(i);
                        if (key.equals(LuaArgs.num(1))) {
                            next = table.values().get(i);
                            break;
                        }
                        if (key instanceof LuaValue.Str s && new String(s.bytes(), StandardCharsets.ISO_8859_1).equals("a")) {
                            next = table.values().get(i);
                        }
                    }
                    t = next;
                }
                return List.of(LuaArgs.num(n));
            }
            default: {
                int dot = name.indexOf('.');
                LuaFunction f = libraries.get(name.substring(0, dot)).functions().get(name.substring(dot + 1));
                if (f == null) throw new IllegalArgumentException("unknown function " + name);
                return f.call(args);
            }
        }
    }

    private String name() {
        skipSpace();
        int start = pos;
        while (pos < source.length() && (Character.isLetterOrDigit(peek()) || peek() == '_')) pos++;
        if (start == pos) throw new IllegalArgumentException("unexpected input at " + pos + " in " + source);
        return source.substring(start, pos);
    }

    private LuaValue numeral() {
        int start = pos;
        while (pos < source.length()) {
            char c = peek();
            boolean exponentSign = (c == '+' || c == '-') && (source.charAt(pos - 1) | 0x20) == 'e'
                    && !source.substring(start, pos).toLowerCase().startsWith("0x");
            if (Character.isLetterOrDigit(c) || c == '.' || exponentSign) pos++;
            else break;
        }
        Double d = LuaNumbers.parseLuaNumber(source.substring(start, pos).getBytes(StandardCharsets.ISO_8859_1));
        if (d == null) throw new IllegalArgumentException("bad number in " + source);
        return LuaArgs.num(d);
    }

    private LuaValue string() {
        char quote = source.charAt(pos++);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (peek() != quote) {
            char c = source.charAt(pos++);
            if (c != '\\') {
                out.write(c);
                continue;
            }
            char e = source.charAt(pos++);
            switch (e) {
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case 'r' -> out.write('\r');
                case 'a' -> out.write(7);
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'v' -> out.write(11);
                default -> {
                    if (Character.isDigit(e)) {
                        int value = e - '0';
                        for (int i = 0; i < 2 && Character.isDigit(peek()); i++) value = value * 10 + (source.charAt(pos++) - '0');
                        out.write(value);
                    } else {
                        out.write(e);
                    }
                }
            }
        }
        pos++;
        return new LuaValue.Str(out.toByteArray());
    }

    private LuaValue table() {
        expect("{");
        LuaTables.Builder builder = new LuaTables.Builder();
        int index = 1;
        while (!accept("}")) {
            skipSpace();
            if (peek() == '[') {
                pos++;
                LuaValue key = first(expression());
                expect("]");
                expect("=");
                builder.set(key, first(expression()));
            } else {
                int save = pos;
                String name = Character.isLetter(peek()) || peek() == '_' ? name() : null;
                if (name != null && accept("=") && peek() != '=') {
                    builder.set(LuaArgs.str(name), first(expression()));
                } else {
                    pos = save;
                    List<LuaValue> values = expression();
                    skipSpace();
                    if (peek() == '}') {
                        for (LuaValue v : values) builder.set(LuaArgs.num(index++), v);
                    } else {
                        builder.set(LuaArgs.num(index++), first(values));
                    }
                }
            }
            if (!accept(",")) accept(";");
        }
        return builder.build();
    }
}
