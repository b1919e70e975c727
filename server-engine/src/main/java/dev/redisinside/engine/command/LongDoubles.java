package dev.redisinside.engine.command;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * C {@code long double} arithmetic as Redis on x86-64 does it for INCRBYFLOAT and HINCRBYFLOAT: the x87
 * 80-bit extended format (64-bit significand, exponents down to subnormals at 2^-16445, overflow past
 * 2^16384), parsed like glibc's {@code strtold} (correctly rounded, half to even), added with one
 * rounding, and printed like {@code ld2string(..., LD_STR_HUMAN)}: {@code %.17Lf} of the exact binary
 * value with trailing zeros stripped. Java has no such type, so a value is held exactly as
 * {@code ±m·2^e} with {@code m} below 2^64; these commands are rare enough for BigInteger.
 * Verified against Redis 7.0.15 on thousands of values (test resource {@code longdoubles.tsv}). One known
 * difference: hexadecimal input with more than 64 significant bits is rounded correctly here, while
 * glibc's strtold drops some of the extra bits.
 */
public final class LongDoubles {

    /** Redis's MAX_LONG_DOUBLE_CHARS: longer texts are rejected before parsing. */
    private static final int MAX_CHARS = 5 * 1024;
    private static final int SIGNIFICAND_BITS = 64;
    /** Smallest exponent of a normal value (2^-16382) and of the subnormal quantum (2^-16445). */
    private static final int MIN_NORMAL_EXP = -16382;
    private static final int MIN_QUANTUM_EXP = MIN_NORMAL_EXP - (SIGNIFICAND_BITS - 1);
    /** Values of 2^16384 and above overflow to infinity. */
    private static final int MAX_EXP = 16383;

    private LongDoubles() {
    }

    /** A long double: finite {@code ±mantissa·2^exponent}, an infinity, or NaN. */
    public static final class Value {

        private static final int FINITE = 0;
        private static final int INFINITE = 1;
        private static final int NAN = 2;

        private final boolean negative;
        private final BigInteger mantissa;
        private final int exponent;
        private final int kind;

        private Value(boolean negative, BigInteger mantissa, int exponent, int kind) {
            this.negative = negative;
            this.mantissa = mantissa;
            this.exponent = exponent;
            this.kind = kind;
        }

        public boolean isFinite() {
            return kind == FINITE;
        }

        public boolean isNaN() {
            return kind == NAN;
        }

        public boolean isInfinite() {
            return kind == INFINITE;
        }

        boolean isZero() {
            return kind == FINITE && mantissa.signum() == 0;
        }
    }

    public static final Value ZERO = new Value(false, BigInteger.ZERO, 0, Value.FINITE);
    private static final Value NAN = new Value(false, BigInteger.ZERO, 0, Value.NAN);
    private static final Value POSITIVE_INFINITY = new Value(false, BigInteger.ZERO, 0, Value.INFINITE);
    private static final Value NEGATIVE_INFINITY = new Value(true, BigInteger.ZERO, 0, Value.INFINITE);

    /** A 64-bit integer, which the format holds exactly. */
    public static Value of(long value) {
        if (value == 0) {
            return ZERO;
        }
        BigInteger m = BigInteger.valueOf(value);
        return new Value(value < 0, m.abs(), 0, Value.FINITE);
    }

    /**
     * Parses like Redis's string2ld: the whole text must be a number for strtold (decimal, hexadecimal
     * {@code 0x...p...}, {@code inf}/{@code infinity}), without leading space; NaN, overflow and
     * underflow to zero are rejected. Returns null when the text is not accepted.
     */
    public static Value parse(byte[] text) {
        int len = text.length;
        if (len == 0 || len >= MAX_CHARS) {
            return null;
        }
        int i = 0;
        boolean negative = false;
        if (text[0] == '+' || text[0] == '-') {
            negative = text[0] == '-';
            i = 1;
        }
        if (i < len && (text[i] == 'i' || text[i] == 'I')) {
            String word = new String(text, i, len - i, StandardCharsets.ISO_8859_1);
            if (word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity")) {
                return negative ? NEGATIVE_INFINITY : POSITIVE_INFINITY;
            }
            return null;
        }
        if (i + 1 < len && text[i] == '0' && (text[i + 1] == 'x' || text[i + 1] == 'X')) {
            return parseHex(text, i + 2, negative);
        }
        return parseDecimal(text, i, negative);
    }

    private static Value parseDecimal(byte[] text, int start, boolean negative) {
        int len = text.length;
        StringBuilder digits = new StringBuilder();
        int i = start;
        int fractionDigits = 0;
        boolean seenDigit = false;
        boolean seenPoint = false;
        for (; i < len; i++) {
            byte c = text[i];
            if (c >= '0' && c <= '9') {
                seenDigit = true;
                if (digits.length() > 0 || c != '0') {
                    digits.append((char) c);
                }
                if (seenPoint) {
                    fractionDigits++;
                }
            } else if (c == '.' && !seenPoint) {
                seenPoint = true;
            } else {
                break;
            }
        }
        if (!seenDigit) {
            return null;
        }
        long exponent = 0;
        if (i < len) {
            if (text[i] != 'e' && text[i] != 'E') {
                return null;
            }
            exponent = parseExponent(text, i + 1);
            if (exponent == Long.MIN_VALUE) {
                return null;
            }
        }
        if (digits.length() == 0) {
            return zero(negative);
        }
        long power = exponent - fractionDigits;
        int n = digits.length();
        if (n - 1 + power >= 4933) {
            return null; // at least 10^4933: beyond the largest long double (about 1.19e4932)
        }
        if (n + power <= -4952) {
            return null; // below 10^-4952: rounds to zero
        }
        BigInteger d = new BigInteger(digits.toString());
        Value value = power >= 0
                ? round(negative, d.multiply(BigInteger.TEN.pow((int) power)), BigInteger.ONE, 0)
                : round(negative, d, BigInteger.TEN.pow((int) -power), 0);
        return value.isFinite() && !value.isZero() ? value : null;
    }

    private static Value parseHex(byte[] text, int start, boolean negative) {
        int len = text.length;
        BigInteger m = BigInteger.ZERO;
        int i = start;
        long shift = 0;
        boolean seenDigit = false;
        boolean seenPoint = false;
        for (; i < len; i++) {
            int digit = Character.digit(text[i], 16);
            if (digit >= 0) {
                seenDigit = true;
                m = m.shiftLeft(4).or(BigInteger.valueOf(digit));
                if (seenPoint) {
                    shift -= 4;
                }
            } else if (text[i] == '.' && !seenPoint) {
                seenPoint = true;
            } else {
                break;
            }
        }
        if (!seenDigit) {
            return null;
        }
        if (i < len) {
            if (text[i] != 'p' && text[i] != 'P') {
                return null;
            }
            long exponent = parseExponent(text, i + 1);
            if (exponent == Long.MIN_VALUE) {
                return null;
            }
            shift += exponent;
        }
        if (m.signum() == 0) {
            return zero(negative);
        }
        long top = m.bitLength() + shift; // the value lies in [2^(top-1), 2^top)
        if (top - 1 > MAX_EXP) {
            return null;
        }
        if (top < MIN_QUANTUM_EXP - 1) {
            return null;
        }
        Value value = round(negative, m, BigInteger.ONE, (int) shift);
        return value.isFinite() && !value.isZero() ? value : null;
    }

    /** A decimal exponent (sign and at least one digit to the end), saturated; MIN_VALUE when invalid. */
    private static long parseExponent(byte[] text, int start) {
        int len = text.length;
        int i = start;
        boolean negative = false;
        if (i < len && (text[i] == '+' || text[i] == '-')) {
            negative = text[i] == '-';
            i++;
        }
        if (i >= len) {
            return Long.MIN_VALUE;
        }
        long value = 0;
        for (; i < len; i++) {
            byte c = text[i];
            if (c < '0' || c > '9') {
                return Long.MIN_VALUE;
            }
            value = Math.min(value * 10 + (c - '0'), 1_000_000_000L);
        }
        return negative ? -value : value;
    }

    private static Value zero(boolean negative) {
        return negative ? new Value(true, BigInteger.ZERO, 0, Value.FINITE) : ZERO;
    }

    /** The sum rounded once to the format, as the x87 FPU adds (round to nearest, ties to even). */
    public static Value add(Value a, Value b) {
        if (a.isNaN() || b.isNaN()) {
            return NAN;
        }
        if (a.isInfinite() || b.isInfinite()) {
            if (a.isInfinite() && b.isInfinite() && a.negative != b.negative) {
                return NAN;
            }
            return a.isInfinite() ? a : b;
        }
        if (a.isZero() && b.isZero()) {
            return zero(a.negative && b.negative);
        }
        if (a.isZero()) {
            return b;
        }
        if (b.isZero()) {
            return a;
        }
        int exponent = Math.min(a.exponent, b.exponent);
        BigInteger x = signed(a).shiftLeft(a.exponent - exponent);
        BigInteger y = signed(b).shiftLeft(b.exponent - exponent);
        BigInteger sum = x.add(y);
        if (sum.signum() == 0) {
            return ZERO;
        }
        return round(sum.signum() < 0, sum.abs(), BigInteger.ONE, exponent);
    }

    /** The product rounded once to the format, as the x87 FPU multiplies (blocking timeouts: seconds × 1000). */
    public static Value multiply(Value a, long factor) {
        if (a.isNaN()) {
            return NAN;
        }
        boolean negative = a.negative != (factor < 0);
        if (a.isInfinite()) {
            return factor == 0 ? NAN : negative ? NEGATIVE_INFINITY : POSITIVE_INFINITY;
        }
        if (a.isZero() || factor == 0) {
            return zero(negative);
        }
        Value b = of(factor);
        return round(negative, a.mantissa.multiply(b.mantissa), BigInteger.ONE, a.exponent + b.exponent);
    }

    /**
     * {@code (long long) ceill(v)} as on x86-64: NaN, infinities and values outside the 64-bit range
     * become {@link Long#MIN_VALUE} (the "integer indefinite" value).
     */
    public static long ceilToLong(Value v) {
        if (!v.isFinite()) {
            return Long.MIN_VALUE;
        }
        BigInteger whole;
        if (v.exponent >= 0) {
            if (v.mantissa.bitLength() + v.exponent > 64) {
                return Long.MIN_VALUE;
            }
            whole = v.mantissa.shiftLeft(v.exponent);
        } else {
            whole = v.mantissa.shiftRight(-v.exponent);
            boolean fraction = v.mantissa.getLowestSetBit() < -v.exponent && v.mantissa.signum() != 0;
            if (fraction && !v.negative) {
                whole = whole.add(BigInteger.ONE);
            }
        }
        if (v.negative) {
            whole = whole.negate();
        }
        return whole.bitLength() > 63 ? Long.MIN_VALUE : whole.longValue();
    }

    private static BigInteger signed(Value v) {
        return v.negative ? v.mantissa.negate() : v.mantissa;
    }

    /**
     * Rounds {@code (p/q)·2^shift} (p, q positive) to the nearest long double, ties to even; an
     * infinity on overflow, a (signed) zero when it underflows.
     */
    private static Value round(boolean negative, BigInteger p, BigInteger q, int shift) {
        // floor(log2(p/q)) is e or e-1
        int e = p.bitLength() - q.bitLength();
        if (compareScaled(p, q, e) < 0) {
            e--;
        }
        long exponentOfValue = (long) e + shift; // value in [2^exponentOfValue, 2^(exponentOfValue+1))
        if (exponentOfValue > MAX_EXP) {
            return negative ? NEGATIVE_INFINITY : POSITIVE_INFINITY;
        }
        long quantum = Math.max(exponentOfValue - (SIGNIFICAND_BITS - 1), MIN_QUANTUM_EXP);
        if (quantum - shift > Integer.MAX_VALUE / 2 || shift - quantum > Integer.MAX_VALUE / 2) {
            return zero(negative);
        }
        // m = round(p/q · 2^(shift - quantum))
        int scale = (int) (shift - quantum);
        BigInteger num = scale >= 0 ? p.shiftLeft(scale) : p;
        BigInteger den = scale >= 0 ? q : q.shiftLeft(-scale);
        BigInteger[] qr = num.divideAndRemainder(den);
        BigInteger m = qr[0];
        int half = qr[1].shiftLeft(1).compareTo(den);
        if (half > 0 || (half == 0 && m.testBit(0))) {
            m = m.add(BigInteger.ONE);
        }
        if (m.signum() == 0) {
            return zero(negative);
        }
        if (m.bitLength() + quantum - 1 > MAX_EXP) {
            return negative ? NEGATIVE_INFINITY : POSITIVE_INFINITY;
        }
        return new Value(negative, m, (int) quantum, Value.FINITE);
    }

    /** Compares p/q with 2^e. */
    private static int compareScaled(BigInteger p, BigInteger q, int e) {
        return e >= 0 ? p.compareTo(q.shiftLeft(e)) : p.shiftLeft(-e).compareTo(q);
    }

    /**
     * The text ld2string(LD_STR_HUMAN) gives: {@code %.17Lf} (the exact value rounded half to even at
     * 17 decimals), trailing zeros and a trailing point removed, "-0" written as "0"; {@code inf} and
     * {@code -inf} for infinities.
     */
    public static String toHumanString(Value v) {
        if (v.isInfinite()) {
            return v.negative ? "-inf" : "inf";
        }
        if (v.isNaN()) {
            return "nan"; // never stored: callers reject NaN first
        }
        BigDecimal exact = v.exponent >= 0
                ? new BigDecimal(v.mantissa.shiftLeft(v.exponent))
                : new BigDecimal(v.mantissa.multiply(BigInteger.valueOf(5).pow(-v.exponent)), -v.exponent);
        String text = exact.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        int end = text.length();
        while (text.charAt(end - 1) == '0') {
            end--;
        }
        if (text.charAt(end - 1) == '.') {
            end--;
        }
        text = text.substring(0, end);
        if (v.negative && !text.equals("0")) {
            return "-" + text;
        }
        return text;
    }

    public static byte[] toHumanBytes(Value v) {
        return toHumanString(v).getBytes(StandardCharsets.US_ASCII);
    }
}
