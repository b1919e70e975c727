package dev.redisinside.engine.commands;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * The x86-64 {@code long double} arithmetic of HINCRBYFLOAT: strtold parsing (string2ld), addition
 * rounded to the 80-bit extended format (64-bit significand, exponents down to 2^-16445) and the
 * {@code %.17Lf} rendering with trailing zeros removed (ld2string LD_STR_HUMAN). Values are kept as
 * exact BigDecimals of the binary value, so every rounding step is the one the C library performs.
 */
final class LongDoubleMath {

    /** Redis rejects longer inputs (MAX_LONG_DOUBLE_CHARS). */
    private static final int MAX_CHARS = 5 * 1024;
    private static final int SIGNIFICAND_BITS = 64;
    /** Exponent of the least subnormal, as the power of two of the significand's last bit. */
    private static final int MIN_EXPONENT = -16445;
    /** Values at or above 2^16384 overflow. */
    private static final int MAX_BINARY_EXPONENT = 16384;

    /** A parsed number: finite (exact binary value) or an infinity. */
    record Value(BigDecimal finite, boolean negativeInfinity) {
        boolean isInfinite() {
            return finite == null;
        }
    }

    private LongDoubleMath() {
    }

    /** Parses like string2ld: the whole input must be a number; NaN, overflow and underflow to zero are rejected. */
    static Value parse(byte[] b) {
        if (b.length == 0 || b.length >= MAX_CHARS) {
            return null;
        }
        int i = 0;
        boolean negative = false;
        if (b[0] == '+' || b[0] == '-') {
            negative = b[0] == '-';
            i++;
        }
        String rest = new String(b, i, b.length - i, java.nio.charset.StandardCharsets.ISO_8859_1)
                .toLowerCase(java.util.Locale.ROOT);
        if (rest.equals("inf") || rest.equals("infinity")) {
            return new Value(null, negative);
        }
        BigDecimal exact;
        if (rest.startsWith("0x")) {
            exact = parseHex(rest.substring(2));
        } else {
            exact = parseDecimal(rest);
        }
        if (exact == null) {
            return null;
        }
        if (exact.signum() == 0) {
            return new Value(BigDecimal.ZERO, false);
        }
        BigDecimal rounded = round(negative ? exact.negate() : exact);
        if (rounded == null || rounded.signum() == 0) {
            return null;
        }
        return new Value(rounded, false);
    }

    /** The sum rounded to extended precision, or null when it overflows. */
    static BigDecimal add(BigDecimal a, BigDecimal b) {
        BigDecimal sum = a.add(b);
        return sum.signum() == 0 ? BigDecimal.ZERO : round(sum);
    }

    /** {@code %.17Lf} without trailing zeros (and "-0" written as "0"). */
    static String format(BigDecimal value) {
        String text = value.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        int end = text.length();
        while (text.charAt(end - 1) == '0') {
            end--;
        }
        if (text.charAt(end - 1) == '.') {
            end--;
        }
        text = text.substring(0, end);
        return text.equals("-0") ? "0" : text;
    }

    private static BigDecimal parseDecimal(String s) {
        int i = 0;
        int n = s.length();
        StringBuilder digits = new StringBuilder();
        int fraction = 0;
        boolean any = false;
        while (i < n && isDigit(s.charAt(i))) {
            digits.append(s.charAt(i++));
            any = true;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                digits.append(s.charAt(i++));
                fraction++;
                any = true;
            }
        }
        if (!any) {
            return null;
        }
        long exponent = 0;
        if (i < n && s.charAt(i) == 'e') {
            exponent = parseExponent(s, i + 1);
            if (exponent == Long.MIN_VALUE) {
                return null;
            }
            i = n;
        }
        if (i != n) {
            return null;
        }
        BigInteger unscaled = new BigInteger(digits.toString());
        if (unscaled.signum() == 0) {
            return BigDecimal.ZERO;
        }
        long scale = fraction - exponent;
        long magnitude = unscaled.toString().length() - scale; // the number is below 10^magnitude
        if (magnitude > 5000) {
            return OVERFLOW;
        }
        if (magnitude < -5000) {
            return UNDERFLOW;
        }
        return new BigDecimal(unscaled, (int) scale);
    }

    private static BigDecimal parseHex(String s) {
        int i = 0;
        int n = s.length();
        BigInteger mantissa = BigInteger.ZERO;
        long shift = 0;
        boolean any = false;
        while (i < n && Character.digit(s.charAt(i), 16) >= 0) {
            mantissa = mantissa.shiftLeft(4).add(BigInteger.valueOf(Character.digit(s.charAt(i++), 16)));
            any = true;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && Character.digit(s.charAt(i), 16) >= 0) {
                mantissa = mantissa.shiftLeft(4).add(BigInteger.valueOf(Character.digit(s.charAt(i++), 16)));
                shift -= 4;
                any = true;
            }
        }
        if (!any) {
            return null;
        }
        if (i < n && s.charAt(i) == 'p') {
            long exponent = parseExponent(s, i + 1);
            if (exponent == Long.MIN_VALUE) {
                return null;
            }
            shift += exponent;
            i = n;
        }
        if (i != n) {
            return null;
        }
        if (mantissa.signum() == 0) {
            return BigDecimal.ZERO;
        }
        long bits = mantissa.bitLength() + shift;
        if (bits > MAX_BINARY_EXPONENT + 1) {
            return OVERFLOW;
        }
        if (bits < MIN_EXPONENT - 2) {
            return UNDERFLOW;
        }
        return exactBinary(mantissa, (int) shift);
    }

    /** Digits of an exponent from position i to the end, saturated; Long.MIN_VALUE when malformed. */
    private static long parseExponent(String s, int i) {
        int n = s.length();
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        if (i >= n) {
            return Long.MIN_VALUE;
        }
        long value = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return Long.MIN_VALUE;
            }
            value = Math.min(value * 10 + (c - '0'), 1_000_000_000L);
        }
        return negative ? -value : value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Markers for magnitudes far outside the extended range, rounded by {@link #round}. */
    private static final BigDecimal OVERFLOW = new BigDecimal(BigInteger.ONE, -100_000);
    private static final BigDecimal UNDERFLOW = new BigDecimal(BigInteger.ONE, 100_000);

    /** Rounds a non-zero exact value to extended precision (half to even); null on overflow, 0 on underflow. */
    private static BigDecimal round(BigDecimal x) {
        if (x.abs().compareTo(OVERFLOW) >= 0) {
            return null;
        }
        if (x.abs().compareTo(UNDERFLOW) <= 0) {
            return BigDecimal.ZERO;
        }
        boolean negative = x.signum() < 0;
        BigInteger unscaled = x.unscaledValue().abs();
        BigInteger numerator;
        BigInteger denominator;
        if (x.scale() >= 0) {
            numerator = unscaled;
            denominator = BigInteger.TEN.pow(x.scale());
        } else {
            numerator = unscaled.multiply(BigInteger.TEN.pow(-x.scale()));
            denominator = BigInteger.ONE;
        }
        int exponent = numerator.bitLength() - denominator.bitLength() - SIGNIFICAND_BITS;
        BigInteger[] qr;
        while (true) {
            if (exponent < MIN_EXPONENT) {
                exponent = MIN_EXPONENT;
            }
            qr = divide(numerator, denominator, exponent);
            int length = qr[0].bitLength();
            if (length > SIGNIFICAND_BITS) {
                exponent++;
            } else if (length < SIGNIFICAND_BITS && exponent > MIN_EXPONENT) {
                exponent--;
            } else {
                break;
            }
        }
        BigInteger q = qr[0];
        BigInteger denominatorScaled = qr[2];
        int half = qr[1].shiftLeft(1).compareTo(denominatorScaled);
        if (half > 0 || (half == 0 && q.testBit(0))) {
            q = q.add(BigInteger.ONE);
            if (q.bitLength() > SIGNIFICAND_BITS) {
                q = q.shiftRight(1);
                exponent++;
            }
        }
        if (exponent + SIGNIFICAND_BITS > MAX_BINARY_EXPONENT) {
            return null;
        }
        if (q.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal result = exactBinary(q, exponent);
        return negative ? result.negate() : result;
    }

    /** floor(n / d / 2^e), the remainder and the divisor used. */
    private static BigInteger[] divide(BigInteger n, BigInteger d, int e) {
        BigInteger num = e < 0 ? n.shiftLeft(-e) : n;
        BigInteger den = e > 0 ? d.shiftLeft(e) : d;
        BigInteger[] qr = num.divideAndRemainder(den);
        return new BigInteger[] {qr[0], qr[1], den};
    }

    /** The exact decimal value of m × 2^e. */
    private static BigDecimal exactBinary(BigInteger m, int e) {
        if (e >= 0) {
            return new BigDecimal(m.shiftLeft(e));
        }
        return new BigDecimal(m.multiply(BigInteger.valueOf(5).pow(-e)), -e);
    }
}
