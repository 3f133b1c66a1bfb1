package dev.cinnabar.scripting.lib;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The "struct" library (Roberto Ierusalimschy's struct.c as Redis bundles it) with the sizes and alignment of
 * x86-64: short 2, int 4, long and size_t 8, maximum alignment 8, native order little-endian. Integers go through
 * a 64-bit C long, so sizes above 8 write zero (or sign) bytes beyond the eighth.
 */
public final class StructLibrary extends LuaLibrary {
    private static final int MAX_INT_SIZE = 32;
    private static final int MAX_ALIGN = 8;


    public StructLibrary() {
        super("struct");
        functions.put("pack", this::pack);
        functions.put("unpack", this::unpack);
        functions.put("size", this::size);
    }




    /** Reads a format string option by option, keeping the byte order and alignment options in force. */
    private static final class Format {
        final byte[] text;
        final String function;
        int pos;
        boolean littleEndian = true;
        int align = 1;

        Format(byte[] text, String function) {
            this.text = text;
            this.function = function;
        }

        /** The format is a C string: it ends at the first NUL. */
        boolean hasMore() {
            return pos < text.length && text[pos] != 0;
        }

        char next() {
            return (char) (text[pos++] & 0xFF);
        }

        private boolean digitAhead() {
            return pos < text.length && text[pos] >= '0' && text[pos] <= '9';
        }

        int number(int defaultValue) {
            if (!digitAhead()) return defaultValue;
            int a = 0;
            do {
                int digit = text[pos] - '0';
                if (a > Integer.MAX_VALUE / 10 || a * 10 > Integer.MAX_VALUE - digit) {
                    throw new LuaLibraryError("integral size overflow");
                }
                a = a * 10 + digit;
                pos++;
            } while (digitAhead());
            return a;
        }

        /** The size of an option's item, reading its count; 0 for options without one. */
        long size(char option) {
            return switch (option) {
                case 'b', 'B', 'x' -> 1;
                case 'h', 'H' -> 2;
                case 'l', 'L', 'T', 'd' -> 8;
                case 'f' -> 4;
                case 'c' -> number(1);
                case 'i', 'I' -> {
                    int size = number(4);
                    if (size > MAX_INT_SIZE) {
                        throw new LuaLibraryError("integral size " + size + " is larger than limit of " + MAX_INT_SIZE);
                    }
                    yield size;
                }
                default -> 0;
            };
        }

        /** Padding needed before an item of this size at this offset. */
        long padding(long offset, char option, long size) {
            if (size == 0 || option == 'c') return 0;
            long unit = Math.min(size, align);
            return (unit - (offset & (unit - 1))) & (unit - 1);
        }

        /** Byte order, alignment and spaces; anything else is an invalid option. */
        void control(char option) {
            switch (option) {
                case ' ' -> {
                }
                case '>' -> littleEndian = false;
                case '<' -> littleEndian = true;
                case '!' -> {
                    int a = number(MAX_ALIGN);
                    if (a <= 0 || (a & (a - 1)) != 0) throw new LuaLibraryError("alignment " + a + " is not a power of 2");
                    align = a;
                }
                default -> throw LuaArgs.argError(1, function, "invalid format option '" + option + "'");
            }
        }
    }

    private static boolean isInteger(char option) {
        return "bBhHlLTiI".indexOf(option) >= 0;
    }

    private List<LuaValue> pack(List<LuaValue> arguments) {
        // the C code pushes a nil after its arguments, so the first missing one is reported as nil
        Format format = new Format(LuaArgs.checkString(arguments, 1, "pack"), "pack");
        List<LuaValue> args = new ArrayList<>(arguments);
        args.add(LuaValue.NIL);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int arg = 2;
        long total = 0;
        while (format.hasMore()) {
            char option = format.next();
            long size = format.size(option);
            long padding = format.padding(total, option, size);
            total += padding;
            for (long i = 0; i < padding; i++) out.write(0);
            if (isInteger(option)) {
                writeInteger(out, LuaArgs.checkNumber(args, arg++, "pack"), format.littleEndian, (int) size);
            } else if (option == 'x') {
                out.write(0);
            } else if (option == 'f') {
                double d = LuaArgs.checkNumber(args, arg++, "pack");
                writeBits(out, Float.floatToRawIntBits((float) d) & 0xFFFFFFFFL, format.littleEndian, 4);
            } else if (option == 'd') {
                double d = LuaArgs.checkNumber(args, arg++, "pack");
                writeBits(out, Double.doubleToRawLongBits(d), format.littleEndian, 8);
            } else if (option == 'c' || option == 's') {
                byte[] s = LuaArgs.checkString(args, arg++, "pack");
                if (size == 0) size = s.length;
                // the C code reports the argument after the string
                if (s.length < size) throw LuaArgs.argError(arg, "pack", "string too short");
                out.write(s, 0, (int) size);
                if (option == 's') {
                    out.write(0);
                    size++;
                }
            } else {
                format.control(option);
            }
            total += size;
        }
        return List.of(new LuaValue.Str(out.toByteArray()));
    }

    /** A number as a C long, negative ones through the signed conversion, then its low bytes. */
    private static void writeInteger(ByteArrayOutputStream out, double n, boolean littleEndian, int size) {
        long value = n < 0 ? LuaNumbers.toInt64(n) : LuaNumbers.toUint64(n);
        writeBits(out, value, littleEndian, size);
    }

    /** The low {@code size} bytes of a 64-bit value (zeros beyond the eighth), in the given order. */
    private static void writeBits(ByteArrayOutputStream out, long value, boolean littleEndian, int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[littleEndian ? i : size - 1 - i] = (byte) value;
            value >>>= 8;
        }
        out.write(bytes, 0, size);
    }

    private static long readBits(byte[] data, int pos, boolean littleEndian, int size) {
        long value = 0;
        for (int i = 0; i < size; i++) {
            value = (value << 8) | (data[pos + (littleEndian ? size - 1 - i : i)] & 0xFF);
        }
        return value;
    }

    private static double readInteger(byte[] data, int pos, boolean littleEndian, boolean signed, int size) {
        long value = readBits(data, pos, littleEndian, size);
        if (!signed) return unsignedToDouble(value);
        // shifts wrap modulo 64 as on x86, which matters for sizes above 8
        long mask = -1L << (size * 8 - 1);
        if ((value & mask) != 0) value |= mask;
        return value;
    }

    private static double unsignedToDouble(long value) {
        if (value >= 0) return value;
        return (double) (value >>> 1 | (value & 1)) * 2.0;
    }

    private List<LuaValue> unpack(List<LuaValue> args) {
        Format format = new Format(LuaArgs.checkString(args, 1, "unpack"), "unpack");
        byte[] data = LuaArgs.checkString(args, 2, "unpack");
        long pos = LuaArgs.optInteger(args, 3, "unpack", 1);
        if (pos == 0) throw LuaArgs.argError(3, "unpack", "offset must be 1 or greater");
        pos--;
        long length = data.length;
        List<LuaValue> results = new ArrayList<>();
        while (format.hasMore()) {
            char option = format.next();
            long size = format.size(option);
            pos += format.padding(pos, option, size);
            checkRoom(size, pos, length);
            // the C code keeps its arguments and results on the Lua stack, which has a limit
            if (args.size() + results.size() + 2 > LuaArgs.LUA_STACK_LIMIT) {
                throw new LuaLibraryError("stack overflow (too many results)");
            }
            if (isInteger(option)) {
                boolean signed = Character.isLowerCase(option);
                results.add(LuaArgs.num(readInteger(data, (int) pos, format.littleEndian, signed, (int) size)));
            } else if (option == 'f') {
                int bits = (int) readBits(data, (int) pos, format.littleEndian, 4);
                results.add(LuaArgs.num(Float.intBitsToFloat(bits)));
            } else if (option == 'd') {
                results.add(LuaArgs.num(Double.longBitsToDouble(readBits(data, (int) pos, format.littleEndian, 8))));
            } else if (option == 'c') {
                if (size == 0) {
                    Double previous = results.isEmpty() ? null : LuaArgs.toNumber(results.getLast());
                    if (previous == null) throw new LuaLibraryError("format 'c0' needs a previous size");
                    size = LuaNumbers.toUint64(previous);
                    results.removeLast();
                    checkRoom(size, pos, length);
                }
                results.add(LuaArgs.str(slice(data, pos, size)));
            } else if (option == 's') {
                int end = (int) pos;
                while (end < data.length && data[end] != 0) end++;
                if (end == data.length) throw new LuaLibraryError("unfinished string in data");
                size = end - pos + 1;
                results.add(LuaArgs.str(slice(data, pos, size - 1)));
            } else if (option != 'x') {
                format.control(option);
            }
            pos += size;
        }
        results.add(LuaArgs.num(pos + 1));
        return results;
    }

    /** The item must lie within the data (offsets are unsigned in the C code, so a negative one never fits). */
    private static void checkRoom(long size, long pos, long length) {
        if (Long.compareUnsigned(size, length) > 0 || Long.compareUnsigned(pos, length - size) > 0) {
            throw LuaArgs.argError(2, "unpack", "data string too short");
        }
    }

    private static byte[] slice(byte[] data, long from, long size) {
        byte[] out = new byte[(int) size];
        System.arraycopy(data, (int) from, out, 0, (int) size);
        return out;
    }

    private List<LuaValue> size(List<LuaValue> args) {
        Format format = new Format(LuaArgs.checkString(args, 1, "size"), "size");
        long pos = 0;
        while (format.hasMore()) {
            char option = format.next();
            long size = format.size(option);
            pos += format.padding(pos, option, size);
            if (option == 's') throw LuaArgs.argError(1, "size", "option 's' has no fixed size");
            if (option == 'c' && size == 0) throw LuaArgs.argError(1, "size", "option 'c0' has no fixed size");
            if (!LuaNumbers.isAsciiAlphanumeric(option)) format.control(option);
            pos += size;
        }
        return List.of(LuaArgs.num(pos));
    }
}
