package dev.cinnabar.scripting;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

import static dev.cinnabar.scripting.LuaApi.*;

/**
 * Redis's redisProtocolToLuaType: pushes the reply a command wrote for a script as the Lua value scripts see
 * (integers as numbers, nil bulk and nil array as false, status as {ok=...}, errors as {err=...}; with RESP3,
 * maps as {map={...}}, sets as {set={...}}, doubles as {double=...}, big numbers, verbatim strings, null as nil
 * and booleans).
 */
final class RespToLua {
    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MAP = "map".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SET = "set".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DOUBLE = "double".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BIG_NUMBER = "big_number".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VERBATIM = "verbatim_string".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FORMAT = "format".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STRING = "string".getBytes(StandardCharsets.US_ASCII);

    private RespToLua() {}

    /** Pushes the one reply in buf; true when it is an error reply. */
    static boolean push(LuaEngine engine, ByteBuf buf) {
        boolean error = buf.getByte(buf.readerIndex()) == '-';
        pushValue(engine, buf);
        return error;
    }

    private static void pushValue(LuaEngine engine, ByteBuf buf) {
        long l = engine.state;
        checkStack(l, 4);
        byte type = buf.readByte();
        switch (type) {
            case ':' -> pushNumber(l, readLong(buf));
            case '$' -> {
                long len = readLong(buf);
                if (len < 0) {
                    pushBoolean(l, false);
                } else {
                    pushSlice(l, buf, (int) len);
                    buf.skipBytes(2);
                }
            }
            case '+' -> {
                createTable(l, 0, 1);
                pushBytes(l, OK);
                pushLine(l, buf);
                rawSet(l, -3);
            }
            case '-' -> engine.pushErrorTable("-" + readLine(buf), true);
            case '*' -> {
                long n = readLong(buf);
                if (n < 0) {
                    pushBoolean(l, false);
                    return;
                }
                createTable(l, (int) n, 0);
                for (int i = 1; i <= n; i++) {
                    pushValue(engine, buf);
                    rawSetI(l, -2, i);
                }
            }
            case '%' -> {
                long n = readLong(buf);
                createTable(l, 0, 1);
                pushBytes(l, MAP);
                createTable(l, 0, (int) n);
                for (int i = 0; i < n; i++) {
                    pushValue(engine, buf);
                    pushValue(engine, buf);
                    rawSetChecked(l);
                }
                rawSet(l, -3);
            }
            case '~' -> {
                long n = readLong(buf);
                createTable(l, 0, 1);
                pushBytes(l, SET);
                createTable(l, 0, (int) n);
                for (int i = 0; i < n; i++) {
                    pushValue(engine, buf);
                    pushBoolean(l, true);
                    rawSetChecked(l);
                }
                rawSet(l, -3);
            }
            case '_' -> {
                buf.skipBytes(2);
                pushNil(l);
            }
            case '#' -> {
                boolean b = buf.readByte() == 't';
                buf.skipBytes(2);
                pushBoolean(l, b);
            }
            case ',' -> {
                createTable(l, 0, 1);
                pushBytes(l, DOUBLE);
                pushNumber(l, parseDouble(readLine(buf)));
                rawSet(l, -3);
            }
            case '(' -> {
                createTable(l, 0, 1);
                pushBytes(l, BIG_NUMBER);
                pushLine(l, buf);
                rawSet(l, -3);
            }
            case '=' -> {
                long len = readLong(buf);
                createTable(l, 0, 1);
                pushBytes(l, VERBATIM);
                createTable(l, 0, 2);
                pushBytes(l, FORMAT);
                pushSlice(l, buf, 3);
                rawSet(l, -3);
                buf.skipBytes(1);
                pushBytes(l, STRING);
                pushSlice(l, buf, (int) len - 4);
                rawSet(l, -3);
                buf.skipBytes(2);
                rawSet(l, -3);
            }
            case '|' -> {
                // attributes carry no value of their own: skip them, then read the reply they annotate
                long n = readLong(buf);
                for (int i = 0; i < 2 * n; i++) {
                    pushValue(engine, buf);
                    pop(l, 1);
                }
                pushValue(engine, buf);
            }
            default -> throw new IllegalStateException("unexpected reply type " + (char) type);
        }
    }

    /** Sets table[key] = value for a map entry; a nil key (RESP3 null) cannot be a Lua key and is dropped. */
    private static void rawSetChecked(long l) {
        if (type(l, -2) == TNIL) {
            pop(l, 2);
        } else {
            rawSet(l, -3);
        }
    }

    private static double parseDouble(String s) {
        return switch (s) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan", "-nan" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    private static void pushSlice(long l, ByteBuf buf, int len) {
        byte[] bytes = new byte[len];
        buf.readBytes(bytes);
        pushBytes(l, bytes);
    }

    private static void pushLine(long l, ByteBuf buf) {
        int end = buf.indexOf(buf.readerIndex(), buf.writerIndex(), (byte) '\r');
        pushSlice(l, buf, end - buf.readerIndex());
        buf.skipBytes(2);
    }

    private static String readLine(ByteBuf buf) {
        int end = buf.indexOf(buf.readerIndex(), buf.writerIndex(), (byte) '\r');
        String s = buf.toString(buf.readerIndex(), end - buf.readerIndex(), StandardCharsets.UTF_8);
        buf.readerIndex(end + 2);
        return s;
    }

    private static long readLong(ByteBuf buf) {
        long v = 0;
        boolean negative = false;
        byte b = buf.readByte();
        if (b == '-') {
            negative = true;
            b = buf.readByte();
        }
        while (b != '\r') {
            v = v * 10 + (b - '0');
            b = buf.readByte();
        }
        buf.skipBytes(1);
        return negative ? -v : v;
    }
}
