package dev.redisinside.engine.protocol;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Redis's textual forms of doubles, which come from C's printf and differ from Java's. */
public final class DoubleFormat {

    private static final MathContext SEVENTEEN = new MathContext(17, RoundingMode.HALF_EVEN);

    private DoubleFormat() {
    }

    /** C's {@code %.17g}, with Redis's {@code inf}/{@code -inf}: what ZSCORE and RESP3 doubles print. */
    public static String g17(double value) {
        return g(value, 17);
    }

    /** C's {@code %.<precision>g}. */
    public static String g(double value, int precision) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (value == 0) {
            return (Double.doubleToRawLongBits(value) < 0) ? "-0" : "0";
        }
        if (precision == 0) {
            precision = 1;
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        // exponent of the rounded value in scientific notation
        int exponent = rounded.precision() - rounded.scale() - 1;
        String text;
        if (exponent < -4 || exponent >= precision) {
            BigDecimal mantissa = rounded.movePointLeft(exponent);
            String digits = stripZeros(mantissa.setScale(precision - 1, RoundingMode.HALF_EVEN).toPlainString());
            String sign = exponent < 0 ? "-" : "+";
            int abs = Math.abs(exponent);
            text = digits + "e" + sign + (abs < 10 ? "0" : "") + abs;
        } else {
            int decimals = Math.max(precision - 1 - exponent, 0);
            text = stripZeros(rounded.setScale(decimals, RoundingMode.HALF_EVEN).toPlainString());
        }
        return text;
    }

    private static String stripZeros(String number) {
        if (number.indexOf('.') < 0) {
            return number;
        }
        int end = number.length();
        while (number.charAt(end - 1) == '0') {
            end--;
        }
        if (number.charAt(end - 1) == '.') {
            end--;
        }
        return number.substring(0, end);
    }
}
