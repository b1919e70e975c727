package dev.redisinside.engine.command;

import java.nio.charset.StandardCharsets;

/** Redis's strict number parsing (util.c string2ll, string2ld) and number-to-text conversions. */
public final class Numbers {

    private Numbers() {
    }

    /** Whether the bytes are a 64-bit integer as Redis's string2ll accepts it (no spaces, no '+', no leading zeros). */
    public static boolean isLong(byte[] b) {
        return parse(b) != null;
    }

    /** Parses like string2ll, or throws {@link RedisErrors#NOT_INTEGER}. */
    public static long parseLong(byte[] b) {
        Long value = parse(b);
        if (value == null) {
            throw new RedisException(RedisErrors.NOT_INTEGER);
        }
        return value;
    }

    /** Parses like string2ll; null when the bytes are not such a number. */
    public static Long parse(byte[] b) {
        int len = b.length;
        if (len == 0 || len > 20) {
            return null;
        }
        if (len == 1 && b[0] == '0') {
            return 0L;
        }
        int i = 0;
        boolean negative = false;
        if (b[0] == '-') {
            negative = true;
            i = 1;
            if (len == 1) {
                return null;
            }
        }
        if (b[i] < '1' || b[i] > '9') {
            return null;
        }
        long value = 0; // accumulated as a negative number so that Long.MIN_VALUE fits
        for (; i < len; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return null;
            }
            if (value < (Long.MIN_VALUE + d) / 10) {
                return null;
            }
            value = value * 10 - d;
        }
        if (!negative) {
            if (value == Long.MIN_VALUE) {
                return null;
            }
            return -value;
        }
        return value;
    }

    /**
     * Parses a double as Redis's string2d/strtod accepts it: no leading space, no trailing garbage, no
     * NaN; {@code inf}, {@code -inf}, {@code +inf} and {@code infinity} are accepted. Null when invalid.
     */
    public static Double parseDouble(byte[] b) {
        int len = b.length;
        if (len == 0 || len > 5000) {
            return null;
        }
        String text = new String(b, StandardCharsets.ISO_8859_1);
        if (Character.isWhitespace(text.charAt(0))) {
            return null;
        }
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        String unsigned = lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower;
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        for (int i = 0; i < unsigned.length(); i++) {
            char c = unsigned.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == '-' || c == '+'
                    || c == 'x' || c == 'p' || (c >= 'a' && c <= 'f');
            if (!ok) {
                return null;
            }
        }
        try {
            double value;
            if (unsigned.startsWith("0x")) {
                String hex = unsigned.contains("p") ? unsigned : unsigned + "p0";
                value = Double.parseDouble((lower.startsWith("-") ? "-" : "") + hex);
            } else {
                if (unsigned.indexOf('x') >= 0 || unsigned.indexOf('p') >= 0) {
                    return null;
                }
                value = Double.parseDouble(text);
            }
            return Double.isNaN(value) ? null : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public static byte[] toBytes(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }
}
