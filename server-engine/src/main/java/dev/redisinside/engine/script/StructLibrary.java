package dev.redisinside.engine.script;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code struct} module Redis bundles (Roberto Ierusalimschy's struct library): binary pack/unpack
 * with {@code < > ! x b B h H l L T i I f d c s} formats, little endian and no alignment by default.
 */
final class StructLibrary {

    private StructLibrary() {
    }

    static LuaTable create() {
        LuaTable lib = new LuaTable();
        lib.rawset("pack", RedisLuaLibrary.fn(StructLibrary::pack));
        lib.rawset("unpack", RedisLuaLibrary.fn(StructLibrary::unpack));
        lib.rawset("size", RedisLuaLibrary.fn(StructLibrary::size));
        return lib;
    }

    /** The format being read. */
    private static final class Format {
        final byte[] f;
        int i;
        boolean little = true;
        int maxAlign = 1;
        final String fn;

        Format(byte[] f, String fn) {
            this.f = f;
            this.fn = fn;
        }

        int number(int dflt) {
            if (i >= f.length || !Character.isDigit(f[i])) {
                return dflt;
            }
            int n = 0;
            while (i < f.length && Character.isDigit(f[i])) {
                n = n * 10 + (f[i++] - '0');
            }
            return n;
        }

        /** The size of option {@code opt}, reading its count; -1 for options that only set state. */
        int size(char opt) {
            switch (opt) {
                case 'B', 'b', 'x':
                    return 1;
                case 'H', 'h':
                    return 2;
                case 'L', 'l', 'T', 'd':
                    return 8;
                case 'f':
                    return 4;
                case 'c':
                    return number(1);
                case 'i', 'I': {
                    int n = number(4);
                    if (n > 8) {
                        throw error("integral size " + n + " is larger than limit of 8", 1);
                    }
                    return n;
                }
                default:
                    return 0;
            }
        }

        int padding(char opt, int size, int length) {
            if (opt == 'c' || opt == 's' || opt == 'x' || size <= 1 || maxAlign <= 1) {
                return 0;
            }
            int align = Math.min(size, maxAlign);
            if ((align & (align - 1)) != 0) {
                throw error("alignment must be power of 2", 1);
            }
            return (align - (length & (align - 1))) & (align - 1);
        }

        /** Handles the state options; returns true when {@code opt} was one. */
        boolean control(char opt) {
            switch (opt) {
                case ' ':
                    return true;
                case '<':
                    little = true;
                    return true;
                case '>':
                    little = false;
                    return true;
                case '=':
                    little = true;
                    return true;
                case '!':
                    maxAlign = number(8);
                    return true;
                default:
                    return false;
            }
        }

        ScriptError error(String message, int arg) {
            return new ScriptError(LuaValue.valueOf("bad argument #" + arg + " to '" + fn + "' (" + message + ")"), true);
        }

        ScriptError invalid(char opt) {
            return error("invalid format option '" + opt + "'", 1);
        }
    }

    private static Varargs pack(Varargs args) {
        Format fmt = new Format(LuaConversions.bytes(args.checkstring(1)), "pack");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int arg = 2;
        while (fmt.i < fmt.f.length) {
            char opt = (char) fmt.f[fmt.i++];
            if (fmt.control(opt)) {
                continue;
            }
            int size = fmt.size(opt);
            int pad = fmt.padding(opt, size, out.size());
            for (int p = 0; p < pad; p++) {
                out.write(0);
            }
            switch (opt) {
                case 'x' -> out.write(0);
                case 'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I' -> {
                    long v = (long) args.checkdouble(arg++);
                    writeInt(out, v, size, fmt.little);
                }
                case 'f' -> writeInt(out, Float.floatToIntBits((float) args.checkdouble(arg++)), 4, fmt.little);
                case 'd' -> writeInt(out, Double.doubleToLongBits(args.checkdouble(arg++)), 8, fmt.little);
                case 'c', 's' -> {
                    LuaString s = args.checkstring(arg);
                    int n = opt == 'c' ? size : s.m_length;
                    if (opt == 'c' && n == 0) {
                        n = s.m_length;
                    }
                    if (s.m_length < n) {
                        throw fmt.error("string too short", arg + 1); // the library counts from one past the argument
                    }
                    out.write(s.m_bytes, s.m_offset, n);
                    if (opt == 's') {
                        out.write(0);
                    }
                    arg++;
                }
                default -> throw fmt.invalid(opt);
            }
        }
        return LuaString.valueUsing(out.toByteArray());
    }

    private static void writeInt(ByteArrayOutputStream out, long v, int size, boolean little) {
        for (int k = 0; k < size; k++) {
            int shift = little ? k : size - 1 - k;
            out.write(shift < 8 ? (int) (v >>> (8 * shift)) & 0xff : (v < 0 ? 0xff : 0));
        }
    }

    private static Varargs unpack(Varargs args) {
        Format fmt = new Format(LuaConversions.bytes(args.checkstring(1)), "unpack");
        LuaString data = args.checkstring(2);
        int length = data.m_length;
        int pos = args.optint(3, 1) - 1;
        if (pos < 0) {
            throw fmt.error("offset must be 1 or greater", 3);
        }
        List<LuaValue> values = new ArrayList<>();
        while (fmt.i < fmt.f.length) {
            char opt = (char) fmt.f[fmt.i++];
            if (fmt.control(opt)) {
                continue;
            }
            int size = fmt.size(opt);
            pos += fmt.padding(opt, size, pos);
            if (opt != 's' && !(opt == 'c' && size == 0) && pos + size > length) {
                throw fmt.error("data string too short", 2);
            }
            switch (opt) {
                case 'x' -> pos += 1;
                case 'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I' -> {
                    long v = readInt(data, pos, size, fmt.little);
                    boolean signed = Character.isLowerCase(opt);
                    if (signed && size < 8) {
                        long sign = 1L << (size * 8 - 1);
                        v = (v ^ sign) - sign;
                    }
                    values.add(LuaValue.valueOf((double) (signed || size < 8 ? v : (v < 0 ? v + 0x1p64 : v))));
                    pos += size;
                }
                case 'f' -> {
                    values.add(LuaValue.valueOf(Float.intBitsToFloat((int) readInt(data, pos, 4, fmt.little))));
                    pos += 4;
                }
                case 'd' -> {
                    values.add(LuaValue.valueOf(Double.longBitsToDouble(readInt(data, pos, 8, fmt.little))));
                    pos += 8;
                }
                case 'c' -> {
                    int n = size;
                    if (n == 0) {
                        if (values.isEmpty() || !values.get(values.size() - 1).isnumber()) {
                            throw fmt.error("format 'c0' needs a previous size", 1);
                        }
                        n = values.remove(values.size() - 1).toint();
                        if (pos + n > length) {
                            throw fmt.error("data string too short", 2);
                        }
                    }
                    values.add(LuaString.valueUsing(java.util.Arrays.copyOfRange(data.m_bytes, data.m_offset + pos,
                            data.m_offset + pos + n)));
                    pos += n;
                }
                case 's' -> {
                    int end = pos;
                    while (end < length && data.m_bytes[data.m_offset + end] != 0) {
                        end++;
                    }
                    if (end >= length) {
                        throw fmt.error("unfinished string in data", 2);
                    }
                    values.add(LuaString.valueUsing(java.util.Arrays.copyOfRange(data.m_bytes, data.m_offset + pos,
                            data.m_offset + end)));
                    pos = end + 1;
                }
                default -> throw fmt.invalid(opt);
            }
        }
        values.add(LuaValue.valueOf(pos + 1));
        return LuaValue.varargsOf(values.toArray(new LuaValue[0]));
    }

    private static long readInt(LuaString data, int pos, int size, boolean little) {
        long v = 0;
        for (int k = 0; k < size; k++) {
            int index = little ? size - 1 - k : k;
            v = (v << 8) | (data.m_bytes[data.m_offset + pos + index] & 0xff);
        }
        return v;
    }

    private static Varargs size(Varargs args) {
        Format fmt = new Format(LuaConversions.bytes(args.checkstring(1)), "size");
        int total = 0;
        while (fmt.i < fmt.f.length) {
            char opt = (char) fmt.f[fmt.i++];
            if (fmt.control(opt)) {
                continue;
            }
            int size = fmt.size(opt);
            total += fmt.padding(opt, size, total);
            if (opt == 's') {
                throw fmt.error("options 'c0' - 's' have undefined sizes", 1);
            }
            if (opt == 'c' && size == 0) {
                throw fmt.error("options 'c0' - 's' have undefined sizes", 1);
            }
            if ("xbBhHlLTiIfdc".indexOf(opt) < 0) {
                throw fmt.invalid(opt);
            }
            total += size;
        }
        return LuaValue.valueOf(total);
    }
}
