package dev.cinnabar.protocol;

import java.math.BigDecimal;

/**
 * Formats doubles the way Redis 7.2 replies with them (shortest representation that round-trips, "%.17g"-like
 * layout, "inf"/"-inf"/"nan").
 */
public final class DoubleFormat {
    private DoubleFormat() {}

    public static String format(double value) {
        if (Double.isNaN(value)) return "nan";
        if (Double.isInfinite(value)) return value > 0 ? "inf" : "-inf";
        if (value == 0) return (1 / value < 0) ? "-0" : "0";
        if (value == Math.rint(value) && Math.abs(value) < 1e17) {
            return Long.toString((long) value);
        }
        BigDecimal shortest = new BigDecimal(Double.toString(value));
        int exponent = shortest.precision() - shortest.scale() - 1; // position of the leading digit
        if (exponent < -4 || exponent >= 17) {
            String digits = shortest.unscaledValue().abs().toString().replaceAll("0+$", "");
            StringBuilder sb = new StringBuilder();
            if (value < 0) sb.append('-');
            sb.append(digits.charAt(0));
            if (digits.length() > 1) sb.append('.').append(digits, 1, digits.length());
            sb.append('e').append(exponent < 0 ? '-' : '+');
            int abs = Math.abs(exponent);
            if (abs < 10) sb.append('0');
            sb.append(abs);
            return sb.toString();
        }
        return shortest.stripTrailingZeros().toPlainString();
    }
}
