package dev.redisinside.engine.conformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Splits RESP replies into their elements, to compare unordered collections. */
final class RespFrames {

    private RespFrames() {
    }

    /**
     * A canonical form for an unordered reply: the aggregate header followed by its elements (map
     * entries as key+value pairs) in sorted byte order, nested arrays and sets canonical themselves.
     * Non-aggregates are returned unchanged.
     */
    static byte[] canonical(byte[] reply) {
        if (reply.length == 0) {
            return reply;
        }
        byte type = reply[0];
        if (type != '*' && type != '~' && type != '%' && type != '>') {
            return reply;
        }
        int headerEnd = lineEnd(reply, 0);
        long count = Long.parseLong(new String(reply, 1, headerEnd - 3));
        if (count <= 0) {
            return reply;
        }
        int perElement = type == '%' ? 2 : 1;
        List<byte[]> elements = new ArrayList<>();
        int pos = headerEnd;
        for (long i = 0; i < count; i++) {
            int start = pos;
            for (int k = 0; k < perElement; k++) {
                pos = end(reply, pos);
            }
            byte[] element = Arrays.copyOfRange(reply, start, pos);
            // Nested arrays and sets are unordered too (SCAN's key list sits inside [cursor, keys]).
            elements.add(perElement == 1 && (element[0] == '*' || element[0] == '~') ? canonical(element) : element);
        }
        elements.sort(Comparator.comparing(b -> b, Arrays::compareUnsigned));
        byte[] out = Arrays.copyOf(reply, reply.length);
        int at = headerEnd;
        for (byte[] element : elements) {
            System.arraycopy(element, 0, out, at, element.length);
            at += element.length;
        }
        return out;
    }

    /** The index just past the value that starts at {@code pos}. */
    static int end(byte[] b, int pos) {
        byte type = b[pos];
        int lineEnd = lineEnd(b, pos);
        String header = new String(b, pos + 1, lineEnd - pos - 3);
        switch (type) {
            case '$', '=', '!' -> {
                int n = Integer.parseInt(header);
                return n < 0 ? lineEnd : lineEnd + n + 2;
            }
            case '*', '~', '>', '%', '|' -> {
                int n = Integer.parseInt(header);
                int count = (type == '%' || type == '|') ? 2 * n : n;
                int p = lineEnd;
                for (int i = 0; i < count; i++) {
                    p = end(b, p);
                }
                return p;
            }
            default -> {
                return lineEnd;
            }
        }
    }

    /** The index just past the CRLF of the line starting at pos. */
    private static int lineEnd(byte[] b, int pos) {
        for (int i = pos; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i + 2;
            }
        }
        throw new IllegalArgumentException("Incomplete RESP line at " + pos);
    }
}
