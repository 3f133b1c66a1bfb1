package dev.cinnabar.scripting.lib;

import java.util.List;
import java.util.function.IntBinaryOperator;
import java.util.function.IntUnaryOperator;

/**
 * The "bit" library (LuaBitOp 1.0 as Redis bundles it): 32-bit operations on Lua numbers. A number is reduced to
 * 32 bits the way LuaBitOp does it on doubles, by adding 2^52+2^51 and keeping the low word of the result (so
 * values wrap modulo 2^32 and fractions round to nearest even); results are signed 32-bit numbers.
 */
public final class BitLibrary extends LuaLibrary {
    private static final double NORMALIZER = 6755399441055744.0;


    public BitLibrary() {
        super("bit");
        unary("tobit", b -> b);
        unary("bnot", b -> ~b);
        fold("band", (a, b) -> a & b);
        fold("bor", (a, b) -> a | b);
        fold("bxor", (a, b) -> a ^ b);
        shift("lshift", (b, n) -> b << n);
        shift("rshift", (b, n) -> b >>> n);
        shift("arshift", (b, n) -> b >> n);
        shift("rol", Integer::rotateLeft);
        shift("ror", Integer::rotateRight);
        unary("bswap", Integer::reverseBytes);
        functions.put("tohex", this::tohex);
    }




    /** LuaBitOp's argument conversion; a non-number argument is an error. */
    static int toBits(List<LuaValue> args, int arg, String function) {
        Double n = LuaArgs.toNumber(LuaArgs.get(args, arg));
        int bits = (int) Double.doubleToRawLongBits((n == null ? 0.0 : n) + NORMALIZER);
        if (n == null) throw LuaArgs.typeError(args, arg, function, "number");
        return bits;
    }

    private static List<LuaValue> result(int bits) {
        return List.of(LuaArgs.num(bits));
    }

    private void unary(String name, IntUnaryOperator op) {
        functions.put(name, args -> result(op.applyAsInt(toBits(args, 1, name))));
    }

    /** band/bor/bxor: the first argument combined with the others, converted from the last one down. */
    private void fold(String name, IntBinaryOperator op) {
        functions.put(name, args -> {
            int acc = toBits(args, 1, name);
            for (int i = args.size(); i > 1; i--) acc = op.applyAsInt(acc, toBits(args, i, name));
            return result(acc);
        });
    }

    /** Shifts and rotations use the low 5 bits of the count. */
    private void shift(String name, IntBinaryOperator op) {
        functions.put(name, args -> {
            int value = toBits(args, 1, name);
            int count = toBits(args, 2, name) & 31;
            return result(op.applyAsInt(value, count));
        });
    }

    /** tohex(x [, n]): n hex digits (8 by default, at most 8), upper case when n is negative. */
    private List<LuaValue> tohex(List<LuaValue> args) {
        int value = toBits(args, 1, "tohex");
        int width = args.size() < 2 ? 8 : toBits(args, 2, "tohex");
        String digits = "0123456789abcdef";
        // -2^31 has no positive counterpart; Redis 7.2.6 reads it as -(2^31-1) (earlier versions crash)
        if (width == Integer.MIN_VALUE) width++;
        if (width < 0) {
            width = -width;
            digits = "0123456789ABCDEF";
        }
        width = Math.min(width, 8);
        byte[] out = new byte[width];
        for (int i = width - 1; i >= 0; i--) {
            out[i] = (byte) digits.charAt(value & 15);
            value >>>= 4;
        }
        return List.of(new LuaValue.Str(out));
    }
}
