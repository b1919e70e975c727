package dev.redisinside.engine.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small tree form of RESP values, for replies that are data rather than code (the recorded command
 * table) and for replies collected by scripts. Parsing accepts RESP2 and RESP3.
 */
public final class RespValues {

    /** A RESP3 map, kept as a flat key, value, key, value list in the order received. */
    public record Map(List<Object> entries) {
        public Object get(String key) {
            for (int i = 0; i < entries.size(); i += 2) {
                Object k = entries.get(i);
                String name = k instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(k);
                if (name.equals(key)) {
                    return entries.get(i + 1);
                }
            }
            return null;
        }
    }

    /** A RESP3 set. */
    public record Set(List<Object> members) {
    }

    /** An error reply. */
    public record Error(String text) {
    }

    private RespValues() {
    }

    /** Parses every value in the input, one after another. */
    public static List<Object> parseAll(byte[] input) {
        Cursor cursor = new Cursor(input);
        List<Object> values = new ArrayList<>();
        while (cursor.pos < input.length) {
            values.add(cursor.next());
        }
        return values;
    }

    private static final class Cursor {
        private final byte[] in;
        private int pos;

        Cursor(byte[] in) {
            this.in = in;
        }

        private String line() {
            int start = pos;
            while (in[pos] != '\r') {
                pos++;
            }
            String text = new String(in, start, pos - start, StandardCharsets.UTF_8);
            pos += 2;
            return text;
        }

        Object next() {
            byte type = in[pos++];
            String line = line();
            switch (type) {
                case '+':
                    return line;
                case '-':
                    return new Error(line);
                case ':':
                    return Long.parseLong(line);
                case ',':
                    return Double.parseDouble(line.replace("inf", "Infinity"));
                case '#':
                    return line.equals("t");
                case '_':
                    return null;
                case '(':
                    return line;
                case '$':
                case '=':
                case '!': {
                    int n = Integer.parseInt(line);
                    if (n < 0) {
                        return null;
                    }
                    byte[] data = java.util.Arrays.copyOfRange(in, pos, pos + n);
                    pos += n + 2;
                    return data;
                }
                case '*':
                case '~':
                case '>': {
                    int n = Integer.parseInt(line);
                    if (n < 0) {
                        return null;
                    }
                    List<Object> items = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        items.add(next());
                    }
                    return type == '~' ? new Set(items) : items;
                }
                case '%': {
                    int n = Integer.parseInt(line);
                    List<Object> items = new ArrayList<>(2 * n);
                    for (int i = 0; i < 2 * n; i++) {
                        items.add(next());
                    }
                    return new Map(items);
                }
                default:
                    throw new IllegalArgumentException("Unknown RESP type '" + (char) type + "' at " + (pos - 1));
            }
        }
    }
}
