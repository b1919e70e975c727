package dev.redisinside.engine.conformance;

import java.io.ByteArrayOutputStream;

/** Reply bytes as one printable line: {@code \r}, {@code \n}, {@code \t}, {@code \\} and {@code \xHH}. */
final class Escapes {

    private Escapes() {
    }

    static String escape(byte[] bytes) {
        StringBuilder s = new StringBuilder(bytes.length + 16);
        for (byte value : bytes) {
            int b = value & 0xff;
            switch (b) {
                case '\r' -> s.append("\\r");
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                case '\\' -> s.append("\\\\");
                default -> {
                    if (b >= 0x20 && b < 0x7f) {
                        s.append((char) b);
                    } else {
                        s.append(String.format("\\x%02x", b));
                    }
                }
            }
        }
        return s.toString();
    }

    static byte[] unescape(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.write(c);
                continue;
            }
            char next = text.charAt(++i);
            switch (next) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case '\\' -> out.write('\\');
                case 'x' -> {
                    out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> throw new IllegalArgumentException("Bad escape \\" + next + " in " + text);
            }
        }
        return out.toByteArray();
    }
}
