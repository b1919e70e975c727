package dev.redisinside.engine.script;

import dev.redisinside.engine.protocol.DoubleFormat;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Lua 5.1's {@code string.format}: C printf conversions ({@code %d %i %u %c %o %x %X %e %E %f %g %G %q %s
 * %%}) with flags, width and precision, numbers printed by {@code %s} as {@code %.14g}.
 */
final class StringFormat extends VarArgFunction {

    @Override
    public Varargs invoke(Varargs args) {
        LuaString fmt = args.checkstring(1);
        byte[] f = LuaConversions.bytes(fmt);
        ByteArrayOutputStream out = new ByteArrayOutputStream(f.length + 16);
        int arg = 1;
        for (int i = 0; i < f.length; i++) {
            byte c = f[i];
            if (c != '%') {
                out.write(c);
                continue;
            }
            if (++i >= f.length) {
                throw bad("invalid option '%' to 'format'");
            }
            if (f[i] == '%') {
                out.write('%');
                continue;
            }
            int start = i;
            while (i < f.length && "-+ #0".indexOf(f[i]) >= 0) {
                i++;
            }
            while (i < f.length && Character.isDigit(f[i])) {
                i++;
            }
            if (i < f.length && f[i] == '.') {
                i++;
                while (i < f.length && Character.isDigit(f[i])) {
                    i++;
                }
            }
            if (i >= f.length) {
                throw bad("invalid option to 'format'");
            }
            String spec = new String(f, start, i - start, StandardCharsets.ISO_8859_1);
            char conv = (char) f[i];
            arg++;
            if (arg > args.narg() && conv != '%') {
                throw bad("bad argument #" + arg + " to 'format' (no value)");
            }
            LuaValue v = args.arg(arg);
            switch (conv) {
                case 'd', 'i' -> write(out, String.format(Locale.ROOT, "%" + javaFlags(spec) + "d", (long) number(v, arg)));
                case 'u' -> write(out, String.format(Locale.ROOT, "%" + javaFlags(spec) + "d", (long) number(v, arg)));
                case 'c' -> out.write((int) (long) number(v, arg));
                case 'o' -> write(out, String.format(Locale.ROOT, "%" + spec + "o", (long) number(v, arg)));
                case 'x' -> write(out, String.format(Locale.ROOT, "%" + spec + "x", (long) number(v, arg)));
                case 'X' -> write(out, String.format(Locale.ROOT, "%" + spec + "X", (long) number(v, arg)));
                case 'e', 'E', 'f' -> {
                    double d = number(v, arg);
                    if (Double.isNaN(d) || Double.isInfinite(d)) {
                        write(out, pad(spec, Sandbox.numberToString(d)));
                    } else {
                        write(out, String.format(Locale.ROOT, "%" + spec + conv, d));
                    }
                }
                case 'g', 'G' -> {
                    double d = number(v, arg);
                    int dot = spec.indexOf('.');
                    int precision = dot < 0 ? 6 : dot + 1 == spec.length() ? 0 : Integer.parseInt(spec.substring(dot + 1));
                    String text = Double.isNaN(d) ? Sandbox.numberToString(d) : DoubleFormat.g(d, precision);
                    if (spec.indexOf('+') >= 0 && !text.startsWith("-")) {
                        text = "+" + text;
                    }
                    if (conv == 'G') {
                        text = text.toUpperCase(Locale.ROOT);
                    }
                    write(out, pad(dot < 0 ? spec : spec.substring(0, dot), text));
                }
                case 'q' -> quote(out, v.checkstring());
                case 's' -> {
                    LuaValue s = v.type() == LuaValue.TNUMBER ? Sandbox.tostring(v) : v;
                    if (!s.isstring()) {
                        LuaValue h = v.metatag(LuaValue.TOSTRING);
                        s = h.isnil() ? LuaValue.valueOf(v.tojstring()) : h.call(v);
                    }
                    byte[] bytes = LuaConversions.bytes(s.checkstring());
                    int dot = spec.indexOf('.');
                    if (dot >= 0) {
                        int precision = dot + 1 == spec.length() ? 0 : Integer.parseInt(spec.substring(dot + 1));
                        if (precision < bytes.length) {
                            bytes = java.util.Arrays.copyOf(bytes, precision);
                        }
                        spec = spec.substring(0, dot);
                    }
                    String text = new String(bytes, StandardCharsets.ISO_8859_1);
                    write(out, pad(spec, text));
                }
                default -> throw bad("invalid option '%" + conv + "' to 'format'");
            }
        }
        return LuaString.valueUsing(out.toByteArray());
    }

    private static String javaFlags(String spec) {
        // C ignores '#' for %d; Java rejects it
        return spec.replace("#", "");
    }

    private static double number(LuaValue v, int arg) {
        if (v.type() == LuaValue.TNUMBER) {
            return v.todouble();
        }
        LuaValue n = v.tonumber();
        if (n.isnil()) {
            throw bad("bad argument #" + arg + " to 'format' (number expected, got " + Sandbox.typeName(v) + ")");
        }
        return n.todouble();
    }

    private static String pad(String spec, String text) {
        boolean left = spec.indexOf('-') >= 0;
        int width = 0;
        StringBuilder digits = new StringBuilder();
        for (char ch : spec.toCharArray()) {
            if (Character.isDigit(ch) && !(digits.length() == 0 && ch == '0')) {
                digits.append(ch);
            } else if (digits.length() > 0) {
                break;
            }
        }
        if (digits.length() > 0) {
            width = Integer.parseInt(digits.toString());
        }
        if (text.length() >= width) {
            return text;
        }
        String fill = " ".repeat(width - text.length());
        return left ? text + fill : fill + text;
    }

    private static void quote(ByteArrayOutputStream out, LuaString s) {
        out.write('"');
        for (int i = 0; i < s.m_length; i++) {
            int b = s.m_bytes[s.m_offset + i] & 0xff;
            switch (b) {
                case '"', '\\', '\n' -> {
                    out.write('\\');
                    out.write(b);
                }
                case '\r' -> write(out, "\\r");
                case 0 -> write(out, "\\000");
                default -> out.write(b);
            }
        }
        out.write('"');
    }

    private static void write(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        out.write(bytes, 0, bytes.length);
    }

    private static ScriptError bad(String message) {
        return new ScriptError(LuaValue.valueOf(message), true);
    }
}
