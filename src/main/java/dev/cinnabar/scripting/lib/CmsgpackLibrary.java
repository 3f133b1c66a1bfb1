package dev.cinnabar.scripting.lib;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The "cmsgpack" library (lua-cmsgpack 0.4.0 as Redis bundles it): MessagePack encoding of Lua values.
 * <p>
 * Numbers that convert to a 64-bit integer exactly are packed in the smallest integer format, other numbers as
 * float 32 when that is exact, else float 64. A table whose keys are exactly 1..n is an array, any other a map.
 * Tables nested {@value #MAX_NESTING} levels deep, functions and userdata (cjson.null included) pack as nil.
 */
public final class CmsgpackLibrary extends LuaLibrary {
    static final int MAX_NESTING = 16;


    public CmsgpackLibrary() {
        super("cmsgpack");
        // Redis's cmsgpack follows a table that contains itself until the nesting limit
        functions.put("pack", LuaFunction.unrollingCycles(MAX_NESTING + 1, this::pack));
        functions.put("unpack", args -> unpack(args, "unpack", 0, 0));
        functions.put("unpack_one",
                args -> unpack(args, "unpack_one", 1, LuaArgs.optInteger(args, 2, "unpack_one", 0)));
        functions.put("unpack_limit", args -> {
            long limit = LuaArgs.checkInteger(args, 2, "unpack_limit");
            return unpack(args, "unpack_limit", limit, LuaArgs.optInteger(args, 3, "unpack_limit", 0));
        });
        constants.put("_NAME", LuaArgs.str("cmsgpack"));
        constants.put("_VERSION", LuaArgs.str("lua-cmsgpack 0.4.0"));
        constants.put("_COPYRIGHT", LuaArgs.str("Copyright (C) 2012, Salvatore Sanfilippo"));
        constants.put("_DESCRIPTION", LuaArgs.str("MessagePack C implementation for Lua"));
    }




    // ----- encoding -----

    private List<LuaValue> pack(List<LuaValue> args) {
        if (args.isEmpty()) throw LuaArgs.argError(0, "pack", "MessagePack pack needs input.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (LuaValue arg : args) encode(out, arg, 0);
        return List.of(new LuaValue.Str(out.toByteArray()));
    }

    private static void encode(ByteArrayOutputStream out, LuaValue value, int level) {
        switch (value) {
            case LuaValue.Str s -> encodeBytes(out, s.bytes());
            case LuaValue.Bool b -> out.write(b.value() ? 0xC3 : 0xC2);
            case LuaValue.Num n -> encodeNumber(out, n.value());
            case LuaValue.Table t when level < MAX_NESTING -> encodeTable(out, t, level);
            default -> out.write(0xC0);
        }
    }

    private static void encodeBytes(ByteArrayOutputStream out, byte[] s) {
        int len = s.length;
        if (len < 32) {
            out.write(0xA0 | len);
        } else if (len <= 0xFF) {
            out.write(0xD9);
            out.write(len);
        } else if (len <= 0xFFFF) {
            out.write(0xDA);
            writeBigEndian(out, len, 2);
        } else {
            out.write(0xDB);
            writeBigEndian(out, len, 4);
        }
        out.write(s, 0, len);
    }

    private static void encodeNumber(ByteArrayOutputStream out, double d) {
        long asLong = LuaNumbers.toInt64(d);
        if (!Double.isInfinite(d) && asLong == d) {
            encodeInteger(out, asLong);
        } else if ((double) (float) d == d) {
            out.write(0xCA);
            writeBigEndian(out, Float.floatToRawIntBits((float) d), 4);
        } else {
            out.write(0xCB);
            writeBigEndian(out, Double.doubleToRawLongBits(d), 8);
        }
    }

    private static void encodeInteger(ByteArrayOutputStream out, long n) {
        if (n >= 0) {
            if (n <= 127) {
                out.write((int) n);
            } else if (n <= 0xFF) {
                out.write(0xCC);
                out.write((int) n);
            } else if (n <= 0xFFFF) {
                out.write(0xCD);
                writeBigEndian(out, n, 2);
            } else if (n <= 0xFFFFFFFFL) {
                out.write(0xCE);
                writeBigEndian(out, n, 4);
            } else {
                out.write(0xCF);
                writeBigEndian(out, n, 8);
            }
        } else if (n >= -32) {
            out.write((int) n & 0xFF);
        } else if (n >= -128) {
            out.write(0xD0);
            out.write((int) n & 0xFF);
        } else if (n >= -32768) {
            out.write(0xD1);
            writeBigEndian(out, n, 2);
        } else if (n >= Integer.MIN_VALUE) {
            out.write(0xD2);
            writeBigEndian(out, n, 4);
        } else {
            out.write(0xD3);
            writeBigEndian(out, n, 8);
        }
    }

    private static void encodeTable(ByteArrayOutputStream out, LuaValue.Table table, int level) {
        int count = table.keys().size();
        if (isArray(table)) {
            writeHeader(out, count, 0x90, 0xDC, 0xDD);
            LuaTables.Lookup lookup = new LuaTables.Lookup(table);
            for (int i = 1; i <= count; i++) encode(out, lookup.get(i), level + 1);
        } else {
            writeHeader(out, count, 0x80, 0xDE, 0xDF);
            for (int i = 0; i < count; i++) {
                encode(out, table.keys().get(i), level + 1);
                encode(out, table.values().get(i), level + 1);
            }
        }
    }

    /** Keys all positive integers (as a C int holds them) whose largest equals their count: exactly 1..n. */
    private static boolean isArray(LuaValue.Table table) {
        int max = 0;
        int count = 0;
        for (LuaValue key : table.keys()) {
            if (!(key instanceof LuaValue.Num num)) return false;
            double n = num.value();
            if (n <= 0 || Double.isInfinite(n) || LuaNumbers.toInt32(n) != n) return false;
            if (n > max) max = LuaNumbers.toInt32(n);
            count++;
        }
        return max == count;
    }

    private static void writeHeader(ByteArrayOutputStream out, int count, int fix, int code16, int code32) {
        if (count <= 15) {
            out.write(fix | count);
        } else if (count <= 0xFFFF) {
            out.write(code16);
            writeBigEndian(out, count, 2);
        } else {
            out.write(code32);
            writeBigEndian(out, count, 4);
        }
    }

    private static void writeBigEndian(ByteArrayOutputStream out, long value, int size) {
        for (int shift = (size - 1) * 8; shift >= 0; shift -= 8) out.write((int) (value >>> shift) & 0xFF);
    }

    // ----- decoding -----

    /** Input ran out in the middle of a value. */
    private static final class MissingBytes extends RuntimeException {
        MissingBytes() {
            super(null, null, false, false);
        }
    }

    /** A byte that starts no MessagePack value this library knows. */
    private static final class BadFormat extends RuntimeException {
        BadFormat() {
            super(null, null, false, false);
        }
    }

    private static final class Cursor {
        final byte[] data;
        int pos;

        Cursor(byte[] data, int pos) {
            this.data = data;
            this.pos = pos;
        }

        int left() {
            return data.length - pos;
        }

        void need(long n) {
            if (left() < n) throw new MissingBytes();
        }

        int byteAt(int offset) {
            return data[pos + offset] & 0xFF;
        }

        long bigEndian(int offset, int size) {
            long v = 0;
            for (int i = 0; i < size; i++) v = (v << 8) | byteAt(offset + i);
            return v;
        }

        byte[] take(int offset, int length) {
            byte[] s = new byte[length];
            System.arraycopy(data, pos + offset, s, 0, length);
            pos += offset + length;
            return s;
        }
    }

    /**
     * unpack (limit 0, offset 0: every value, no offset returned), unpack_one and unpack_limit (the offset after
     * the values, -1 at the end of the input, then the values).
     */
    private List<LuaValue> unpack(List<LuaValue> args, String function, long limit, long offset) {
        byte[] data = LuaArgs.checkString(args, 1, function);
        boolean all = limit == 0 && offset == 0;
        if (offset < 0 || limit < 0) {
            // the C code prints the input's length where it says limit
            throw new LuaLibraryError("Invalid request to unpack with offset of " + (int) offset + " and limit of "
                    + data.length + ".");
        }
        if (offset > data.length) {
            throw new LuaLibraryError("Start offset " + (int) offset + " greater than input length " + data.length + ".");
        }
        if (all) limit = Integer.MAX_VALUE;
        Cursor cursor = new Cursor(data, (int) offset);
        List<LuaValue> values = new ArrayList<>();
        // the C code keeps its arguments on the Lua stack: all of them for unpack, the string for the others
        int stackBase = function.equals("unpack") ? args.size() : 1;
        try {
            for (int count = 0; cursor.left() > 0 && count < limit; count++) {
                values.add(decode(cursor, stackBase + values.size()));
            }
        } catch (MissingBytes e) {
            throw new LuaLibraryError("Missing bytes in input.");
        } catch (BadFormat e) {
            throw new LuaLibraryError("Bad data format in input.");
        }
        if (!all) values.addFirst(LuaArgs.num(cursor.left() == 0 ? -1 : cursor.pos));
        return values;
    }

    /**
     * Decodes one value; {@code stack} is how many Lua stack slots the C code would be using at this point, since
     * it fails when the stack would outgrow Lua's limit. Open arrays and maps are kept on an explicit stack
     * rather than the Java call stack, since nesting can go thousands of levels deep.
     */
    private static LuaValue decode(Cursor c, int stack) {
        ArrayDeque<Container> open = new ArrayDeque<>();
        while (true) {
            Object item = decodeItem(c, stack);
            LuaValue value;
            if (item instanceof Container container) {
                if (container.remaining > 0) {
                    open.push(container);
                    stack = container.childStack();
                    continue;
                }
                value = container.table.build();
            } else {
                value = (LuaValue) item;
            }
            // the value is complete: store it, closing the containers it completes
            while (true) {
                Container top = open.peek();
                if (top == null) return value;
                if (!top.add(value)) {
                    stack = top.childStack();
                    break;
                }
                open.pop();
                value = top.table.build();
            }
        }
    }

    /** A complete scalar value, or the {@link Container} an array or map header opens. */
    private static Object decodeItem(Cursor c, int stack) {
        c.need(1);
        if (stack + 1 > LuaArgs.LUA_STACK_LIMIT) {
            throw new LuaLibraryError("stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)");
        }
        int type = c.byteAt(0);
        switch (type) {
            case 0xCC, 0xCD, 0xCE, 0xCF -> {
                int size = 1 << (type - 0xCC);
                c.need(1 + size);
                // uint 64 goes through a signed Lua integer
                long v = c.bigEndian(1, size);
                c.pos += 1 + size;
                return LuaArgs.num(v);
            }
            case 0xD0, 0xD1, 0xD2, 0xD3 -> {
                int size = 1 << (type - 0xD0);
                c.need(1 + size);
                long v = c.bigEndian(1, size);
                v = (v << (64 - size * 8)) >> (64 - size * 8);
                c.pos += 1 + size;
                return LuaArgs.num(v);
            }
            case 0xC0 -> {
                c.pos++;
                return LuaValue.NIL;
            }
            case 0xC2, 0xC3 -> {
                c.pos++;
                return type == 0xC3 ? LuaValue.TRUE : LuaValue.FALSE;
            }
            case 0xCA -> {
                c.need(5);
                float f = Float.intBitsToFloat((int) c.bigEndian(1, 4));
                c.pos += 5;
                return LuaArgs.num(f);
            }
            case 0xCB -> {
                c.need(9);
                double d = Double.longBitsToDouble(c.bigEndian(1, 8));
                c.pos += 9;
                return LuaArgs.num(d);
            }
            case 0xD9, 0xDA, 0xDB -> {
                int size = 1 << (type - 0xD9);
                c.need(1 + size);
                long length = c.bigEndian(1, size);
                c.need(1 + size + length);
                return LuaArgs.str(c.take(1 + size, (int) length));
            }
            case 0xDC, 0xDD, 0xDE, 0xDF -> {
                int size = type == 0xDC || type == 0xDE ? 2 : 4;
                c.need(1 + size);
                long length = c.bigEndian(1, size);
                c.pos += 1 + size;
                return open(type >= 0xDE, length, stack);
            }
            default -> {
                if ((type & 0x80) == 0) {
                    c.pos++;
                    return LuaArgs.num(type);
                } else if ((type & 0xE0) == 0xE0) {
                    c.pos++;
                    return LuaArgs.num((byte) type);
                } else if ((type & 0xE0) == 0xA0) {
                    int length = type & 0x1F;
                    c.need(1 + length);
                    return LuaArgs.str(c.take(1, length));
                } else if ((type & 0xF0) == 0x90 || (type & 0xF0) == 0x80) {
                    c.pos++;
                    return open((type & 0xF0) == 0x80, type & 0xF, stack);
                }
                throw new BadFormat();
            }
        }
    }

    /** Starts an array or map; the C code checks for a free stack slot after creating an array's table. */
    private static Container open(boolean map, long length, int stack) {
        if (!map && stack + 2 > LuaArgs.LUA_STACK_LIMIT) {
            throw new LuaLibraryError("stack overflow (in function mp_decode_to_lua_array)");
        }
        return new Container(map, length, stack);
    }

    /** An array or map being decoded. */
    private static final class Container {
        final boolean map;
        /** Lua stack slots in use when the container itself was decoded. */
        final int stack;
        final LuaTables.Builder table = new LuaTables.Builder();
        long remaining;
        long index;
        LuaValue key;

        Container(boolean map, long length, int stack) {
            this.map = map;
            this.remaining = length;
            this.stack = stack;
        }

        /** Stack slots in use while decoding the next element: the table, plus the index or the key. */
        int childStack() {
            return map && key == null ? stack + 1 : stack + 2;
        }

        /** Takes the next element (a map's key, then its value); returns whether the container is complete. */
        boolean add(LuaValue value) {
            if (!map) {
                table.set(LuaArgs.num(++index), value);
            } else if (key == null) {
                key = value;
                return false;
            } else {
                String error = table.set(key, value);
                if (error != null) throw LuaLibraryError.runtime(error);
                key = null;
            }
            return --remaining == 0;
        }
    }
}
