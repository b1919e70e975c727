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
            if (i - start >= 6) {
                throw bad("invalid format (repeated flags)");
            }
            String flags = new String(f, start, i - start, StandardCharsets.ISO_8859_1);
            int width = 0;
            for (int d = 0; i < f.length && Character.isDigit(f[i]); d++, i++) {
                if (d == 2) {
                    throw bad("invalid format (width or precision too long)");
                }
                width = width * 10 + (f[i] - '0');
            }
            int precision = -1;
            if (i < f.length && f[i] == '.') {
                i++;
                precision = 0;
                for (int d = 0; i < f.length && Character.isDigit(f[i]); d++, i++) {
                    if (d == 2) {
                        throw bad("invalid format (width or precision too long)");
                    }
                    precision = precision * 10 + (f[i] - '0');
                }
            }
            if (i >= f.length) {
                throw bad("invalid option to 'format'");
            }
            char conv = (char) f[i];
            arg++;
            if (arg > args.narg() && conv != '%') {
                throw bad("bad argument #" + arg + " to 'format' (no value)");
            }
            LuaValue v = args.arg(arg);
            Spec spec = new Spec(flags, width, precision);
            switch (conv) {
                case 'd', 'i' -> write(out, spec.integer(LuaConversions.toLong(number(v, arg)), 10, false, false));
                case 'u' -> write(out, spec.integer(LuaConversions.toLong(number(v, arg)), 10, true, false));
                case 'o' -> write(out, spec.integer(LuaConversions.toLong(number(v, arg)), 8, true, false));
                case 'x' -> write(out, spec.integer(LuaConversions.toLong(number(v, arg)), 16, true, false));
                case 'X' -> write(out, spec.integer(LuaConversions.toLong(number(v, arg)), 16, true, true));
                case 'c' -> write(out, spec.pad("", String.valueOf((char) (LuaConversions.toLong(number(v, arg)) & 0xff)), false));
                case 'e', 'E', 'f', 'g', 'G' -> write(out, spec.floating(number(v, arg), conv));
                case 'q' -> quote(out, Sandbox.tostring(v).checkstring());
                case 's' -> {
                    if (v.type() != LuaValue.TSTRING && v.type() != LuaValue.TNUMBER) {
                        throw bad("bad argument #" + arg + " to 'format' (string expected, got " + Sandbox.typeName(v) + ")");
                    }
                    byte[] bytes = LuaConversions.bytes(Sandbox.tostring(v).checkstring());
                    if (precision >= 0 && precision < bytes.length) {
                        bytes = java.util.Arrays.copyOf(bytes, precision);
                    }
                    write(out, spec.pad("", new String(bytes, StandardCharsets.ISO_8859_1), false));
                }
                default -> throw bad("invalid option '%" + conv + "' to 'format'");
            }
        }
        return LuaString.valueUsing(out.toByteArray());
    }

    /** One conversion's flags, width and precision (-1: none), applied as C's printf does. */
    private record Spec(String flags, int width, int precision) {

        boolean has(char flag) {
            return flags.indexOf(flag) >= 0;
        }

        String integer(long value, int radix, boolean unsigned, boolean upper) {
            boolean negative = !unsigned && value < 0;
            String digits;
            if (!negative) {
                digits = radix == 10 ? Long.toUnsignedString(value) : radix == 8 ? Long.toOctalString(value) : Long.toHexString(value);
            } else {
                digits = Long.toUnsignedString(-value);
            }
            if (upper) {
                digits = digits.toUpperCase(Locale.ROOT);
            }
            if (precision >= 0) {
                if (precision == 0 && value == 0) {
                    digits = "";
                }
                if (digits.length() < precision) {
                    digits = "0".repeat(precision - digits.length()) + digits;
                }
            }
            String prefix = negative ? "-" : unsigned ? "" : has('+') ? "+" : has(' ') ? " " : "";
            if (has('#')) {
                if (radix == 8 && !digits.startsWith("0")) {
                    digits = "0" + digits;
                } else if (radix == 16 && value != 0) {
                    prefix = upper ? "0X" : "0x";
                }
            }
            return pad(prefix, digits, precision < 0);
        }

        String floating(double d, char conv) {
            boolean upper = Character.isUpperCase(conv);
            boolean negative = Double.doubleToRawLongBits(d) < 0;
            String prefix = negative ? "-" : has('+') ? "+" : has(' ') ? " " : "";
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                String text = Double.isNaN(d) ? "nan" : "inf";
                return pad(prefix, upper ? text.toUpperCase(Locale.ROOT) : text, false);
            }
            double abs = Math.abs(d);
            int p = precision < 0 ? 6 : precision;
            String body = switch (Character.toLowerCase(conv)) {
                case 'f' -> new java.math.BigDecimal(abs).setScale(p, java.math.RoundingMode.HALF_EVEN).toPlainString()
                        + (p == 0 && has('#') ? "." : "");
                case 'e' -> scientific(abs, p);
                default -> DoubleFormat.g(abs, p);
            };
            if (upper) {
                body = body.toUpperCase(Locale.ROOT);
            }
            return pad(prefix, body, true);
        }

        private String scientific(double abs, int p) {
            if (abs == 0) {
                return "0" + (p > 0 ? "." + "0".repeat(p) : has('#') ? "." : "") + "e+00";
            }
            java.math.BigDecimal rounded = new java.math.BigDecimal(abs).round(
                    new java.math.MathContext(p + 1, java.math.RoundingMode.HALF_EVEN));
            int exponent = rounded.precision() - rounded.scale() - 1;
            String digits = rounded.unscaledValue().toString();
            digits = (digits + "0".repeat(Math.max(0, p + 1 - digits.length()))).substring(0, p + 1);
            String mantissa = digits.charAt(0) + (p > 0 ? "." + digits.substring(1) : has('#') ? "." : "");
            int e = Math.abs(exponent);
            return mantissa + "e" + (exponent < 0 ? "-" : "+") + (e < 10 ? "0" : "") + e;
        }

        /** Width padding: spaces (on the right with '-'), or zeros after the sign when '0' applies. */
        String pad(String prefix, String body, boolean zeroAllowed) {
            int length = prefix.length() + body.length();
            if (length >= width) {
                return prefix + body;
            }
            if (has('-')) {
                return prefix + body + " ".repeat(width - length);
            }
            if (zeroAllowed && has('0')) {
                return prefix + "0".repeat(width - length) + body;
            }
            return " ".repeat(width - length) + prefix + body;
        }
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
