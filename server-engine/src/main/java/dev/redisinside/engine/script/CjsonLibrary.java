package dev.redisinside.engine.script;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The {@code cjson} module Redis bundles (lua-cjson 2.1): encode/decode with its escaping, sparse-array
 * rule, number format ({@code %.14g}), {@code cjson.null} and error texts. The configuration functions
 * are accepted and report lua-cjson's defaults.
 */
final class CjsonLibrary {

    static final LuaValue NULL = new LuaUserdata(new Object());
    private static final int MAX_DEPTH = 1000;

    /** One library's settings, kept for the life of the Lua state as lua-cjson keeps them. */
    private static final class Config {
        int encodeMaxDepth = MAX_DEPTH;
        int decodeMaxDepth = MAX_DEPTH;
        /** encode_invalid_numbers: 0 off (an error), 1 on (nan, inf), 2 null. */
        int invalidNumbers;
    }

    private CjsonLibrary() {
    }

    static LuaTable create() {
        LuaTable lib = new LuaTable();
        Config cfg = new Config();
        lib.rawset("encode", RedisLuaLibrary.fn(a -> {
            if (a.narg() != 1) {
                throw error("bad argument #1 to 'encode' (expected 1 argument)");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            encode(a.arg1(), out, 0, cfg);
            return LuaString.valueUsing(out.toByteArray());
        }));
        lib.rawset("decode", RedisLuaLibrary.fn(a -> {
            if (a.narg() != 1) {
                throw error("bad argument #1 to 'decode' (expected 1 argument)");
            }
            return new Decoder(LuaConversions.bytes(a.checkstring(1)), cfg.decodeMaxDepth).decodeDocument();
        }));
        lib.rawset("null", NULL);
        lib.rawset("_NAME", LuaValue.valueOf("cjson"));
        lib.rawset("_VERSION", LuaValue.valueOf("2.1.0"));
        lib.rawset("encode_keep_buffer", setting(LuaValue.TRUE));
        lib.rawset("encode_max_depth", RedisLuaLibrary.fn(a -> {
            cfg.encodeMaxDepth = depthOption(a, "encode_max_depth", cfg.encodeMaxDepth);
            return LuaValue.valueOf(cfg.encodeMaxDepth);
        }));
        lib.rawset("decode_max_depth", RedisLuaLibrary.fn(a -> {
            cfg.decodeMaxDepth = depthOption(a, "decode_max_depth", cfg.decodeMaxDepth);
            return LuaValue.valueOf(cfg.decodeMaxDepth);
        }));
        lib.rawset("encode_number_precision", setting(LuaValue.valueOf(14)));
        lib.rawset("encode_sparse_array", RedisLuaLibrary.fn(a -> LuaValue.varargsOf(new LuaValue[] {
            LuaValue.FALSE, LuaValue.valueOf(2), LuaValue.valueOf(10)})));
        lib.rawset("encode_invalid_numbers", RedisLuaLibrary.fn(a -> {
            cfg.invalidNumbers = invalidNumbersOption(a, cfg.invalidNumbers);
            return cfg.invalidNumbers == 2 ? LuaValue.valueOf("null") : LuaValue.valueOf(cfg.invalidNumbers == 1);
        }));
        lib.rawset("decode_invalid_numbers", setting(LuaValue.TRUE));
        lib.rawset("new", RedisLuaLibrary.fn(a -> create()));
        return lib;
    }

    /** lua-cjson's json_integer_option: no argument reads the setting. */
    private static int depthOption(Varargs a, String name, int current) {
        if (a.isnoneornil(1)) {
            return current;
        }
        double d = a.checkdouble(1);
        if (!(d >= 1 && d <= Integer.MAX_VALUE)) {
            throw error("bad argument #1 to '" + name + "' (expected integer between 1 and 2147483647)");
        }
        return (int) d;
    }

    /** lua-cjson's json_enum_option over off/on/null, booleans meaning off and on. */
    private static int invalidNumbersOption(Varargs a, int current) {
        LuaValue v = a.arg1();
        if (v.isnil()) {
            return current;
        }
        if (v.type() == LuaValue.TBOOLEAN) {
            return v.toboolean() ? 1 : 0;
        }
        String option = v.checkjstring();
        return switch (option) {
            case "off" -> 0;
            case "on" -> 1;
            case "null" -> 2;
            default -> throw error("bad argument #1 to 'encode_invalid_numbers' (invalid option '" + option + "')");
        };
    }

    private static LuaValue setting(LuaValue current) {
        return RedisLuaLibrary.fn(a -> current);
    }

    static ScriptError error(String message) {
        return new ScriptError(LuaValue.valueOf(message), true);
    }

    // ---- encoding ----

    private static void encode(LuaValue v, ByteArrayOutputStream out, int depth, Config cfg) {
        switch (v.type()) {
            case LuaValue.TSTRING -> string(v.checkstring(), out);
            case LuaValue.TNUMBER -> number(v.todouble(), out, cfg);
            case LuaValue.TBOOLEAN -> ascii(out, v.toboolean() ? "true" : "false");
            case LuaValue.TNIL -> ascii(out, "null");
            case LuaValue.TTABLE -> table((LuaTable) v, out, depth + 1, cfg);
            case LuaValue.TUSERDATA, LuaValue.TLIGHTUSERDATA -> {
                if (v == NULL) {
                    ascii(out, "null");
                } else {
                    throw error("Cannot serialise userdata: type not supported");
                }
            }
            default -> throw error("Cannot serialise " + v.typename() + ": type not supported");
        }
    }

    private static void number(double d, ByteArrayOutputStream out, Config cfg) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            switch (cfg.invalidNumbers) {
                case 0 -> throw error("Cannot serialise number: must not be NaN or Inf");
                case 1 -> ascii(out, Double.isNaN(d) ? "nan" : d > 0 ? "inf" : "-inf");
                default -> ascii(out, "null");
            }
            return;
        }
        ascii(out, Sandbox.numberToString(d));
    }

    private static void table(LuaTable t, ByteArrayOutputStream out, int depth, Config cfg) {
        if (depth > cfg.encodeMaxDepth) {
            throw error("Cannot serialise, excessive nesting (" + depth + ")");
        }
        // lua-cjson: an array when every key is a positive integer, unless too sparse
        int max = 0;
        int items = 0;
        boolean array = true;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs next = t.next(k);
            if ((k = next.arg1()).isnil()) {
                break;
            }
            if (k.type() == LuaValue.TNUMBER) {
                double d = k.todouble();
                if (d == Math.floor(d) && d >= 1) {
                    if (d > max) {
                        max = d > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) d;
                    }
                    items++;
                    continue;
                }
            }
            array = false;
            break;
        }
        if (array && max > 0) {
            if (max > items * 2 && max > 10) {
                throw error("Cannot serialise table: excessively sparse array");
            }
            out.write('[');
            for (int i = 1; i <= max; i++) {
                if (i > 1) {
                    out.write(',');
                }
                encode(t.rawget(i), out, depth, cfg);
            }
            out.write(']');
            return;
        }
        out.write('{');
        boolean first = true;
        k = LuaValue.NIL;
        while (true) {
            Varargs next = t.next(k);
            if ((k = next.arg1()).isnil()) {
                break;
            }
            if (!first) {
                out.write(',');
            }
            first = false;
            if (k.type() == LuaValue.TSTRING) {
                string(k.checkstring(), out);
            } else if (k.type() == LuaValue.TNUMBER) {
                out.write('"');
                number(k.todouble(), out, cfg);
                out.write('"');
            } else {
                throw error("Cannot serialise " + k.typename() + ": table key must be a number or string");
            }
            out.write(':');
            encode(next.arg(2), out, depth, cfg);
        }
        out.write('}');
    }

    private static void string(LuaString s, ByteArrayOutputStream out) {
        out.write('"');
        for (int i = 0; i < s.m_length; i++) {
            int b = s.m_bytes[s.m_offset + i] & 0xff;
            switch (b) {
                case '"' -> ascii(out, "\\\"");
                case '\\' -> ascii(out, "\\\\");
                case '/' -> ascii(out, "\\/");
                case '\b' -> ascii(out, "\\b");
                case '\f' -> ascii(out, "\\f");
                case '\n' -> ascii(out, "\\n");
                case '\r' -> ascii(out, "\\r");
                case '\t' -> ascii(out, "\\t");
                default -> {
                    if (b < 0x20 || b == 0x7f) {
                        ascii(out, String.format("\\u%04x", b));
                    } else {
                        out.write(b);
                    }
                }
            }
        }
        out.write('"');
    }

    private static void ascii(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        out.write(bytes, 0, bytes.length);
    }

    // ---- decoding ----

    private static final class Decoder {
        private final byte[] in;
        private int pos;
        private int depth;
        private final int maxDepth;
        // the current token
        private String type;
        private int start;
        private LuaValue value;

        Decoder(byte[] in, int maxDepth) {
            this.in = in;
            this.maxDepth = maxDepth;
        }

        LuaValue decodeDocument() {
            next();
            LuaValue v = parseValue();
            next();
            if (!type.equals("T_END")) {
                throw unexpected("the end");
            }
            return v;
        }

        private ScriptError unexpected(String what) {
            String found = type.equals("T_ERROR") ? "invalid token" : type;
            return error("Expected " + what + " but found " + found + " at character " + (start + 1));
        }

        private LuaValue parseValue() {
            switch (type) {
                case "T_STRING", "T_NUMBER", "T_BOOLEAN", "T_NULL":
                    return value;
                case "T_OBJ_BEGIN":
                    return parseObject();
                case "T_ARR_BEGIN":
                    return parseArray();
                default:
                    throw unexpected("value");
            }
        }

        private void enter() {
            if (++depth > maxDepth) {
                throw error("Found too many nested data structures (" + depth + ") at character " + (start + 1));
            }
        }

        private LuaValue parseArray() {
            enter();
            LuaTable t = new LuaTable();
            next();
            if (type.equals("T_ARR_END")) {
                depth--;
                return t;
            }
            for (int i = 1; ; i++) {
                t.rawset(i, parseValue());
                next();
                if (type.equals("T_ARR_END")) {
                    depth--;
                    return t;
                }
                if (!type.equals("T_COMMA")) {
                    throw unexpected("comma or array end");
                }
                next();
            }
        }

        private LuaValue parseObject() {
            enter();
            LuaTable t = new LuaTable();
            next();
            if (type.equals("T_OBJ_END")) {
                depth--;
                return t;
            }
            while (true) {
                if (!type.equals("T_STRING")) {
                    throw unexpected("object key string");
                }
                LuaValue key = value;
                next();
                if (!type.equals("T_COLON")) {
                    throw unexpected("colon");
                }
                next();
                t.rawset(key, parseValue());
                next();
                if (type.equals("T_OBJ_END")) {
                    depth--;
                    return t;
                }
                if (!type.equals("T_COMMA")) {
                    throw unexpected("comma or object end");
                }
                next();
            }
        }

        private void next() {
            while (pos < in.length && (in[pos] == ' ' || in[pos] == '\t' || in[pos] == '\n' || in[pos] == '\r')) {
                pos++;
            }
            start = pos;
            value = null;
            if (pos >= in.length) {
                type = "T_END";
                return;
            }
            byte c = in[pos];
            switch (c) {
                case '{' -> single("T_OBJ_BEGIN");
                case '}' -> single("T_OBJ_END");
                case '[' -> single("T_ARR_BEGIN");
                case ']' -> single("T_ARR_END");
                case ',' -> single("T_COMMA");
                case ':' -> single("T_COLON");
                case '"' -> string();
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        number();
                    } else if (word("true")) {
                        type = "T_BOOLEAN";
                        value = LuaValue.TRUE;
                    } else if (word("false")) {
                        type = "T_BOOLEAN";
                        value = LuaValue.FALSE;
                    } else if (word("null")) {
                        type = "T_NULL";
                        value = NULL;
                    } else {
                        type = "T_ERROR";
                    }
                }
            }
        }

        private void single(String t) {
            type = t;
            pos++;
        }

        private boolean word(String w) {
            if (pos + w.length() > in.length) {
                return false;
            }
            for (int i = 0; i < w.length(); i++) {
                if (in[pos + i] != w.charAt(i)) {
                    return false;
                }
            }
            pos += w.length();
            return true;
        }

        private void number() {
            int end = pos;
            while (end < in.length && "+-0123456789.eE".indexOf(in[end]) >= 0) {
                end++;
            }
            String text = new String(in, pos, end - pos, StandardCharsets.ISO_8859_1);
            try {
                value = LuaValue.valueOf(Double.parseDouble(text));
                type = "T_NUMBER";
                pos = end;
            } catch (NumberFormatException e) {
                type = "T_ERROR";
            }
        }

        private void string() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int i = pos + 1;
            while (true) {
                if (i >= in.length) {
                    type = "T_ERROR";
                    return;
                }
                byte b = in[i];
                if (b == '"') {
                    break;
                }
                if (b == '\\') {
                    if (i + 1 >= in.length) {
                        type = "T_ERROR";
                        return;
                    }
                    byte e = in[i + 1];
                    i += 2;
                    switch (e) {
                        case '"', '\\', '/' -> out.write(e);
                        case 'b' -> out.write('\b');
                        case 'f' -> out.write('\f');
                        case 'n' -> out.write('\n');
                        case 'r' -> out.write('\r');
                        case 't' -> out.write('\t');
                        case 'u' -> {
                            int cp = hex(i);
                            if (cp < 0) {
                                type = "T_ERROR";
                                return;
                            }
                            i += 4;
                            if (cp >= 0xd800 && cp <= 0xdbff && i + 6 <= in.length && in[i] == '\\' && in[i + 1] == 'u') {
                                int low = hex(i + 2);
                                if (low >= 0xdc00 && low <= 0xdfff) {
                                    cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
                                    i += 6;
                                }
                            }
                            byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                            out.write(utf8, 0, utf8.length);
                        }
                        default -> {
                            type = "T_ERROR";
                            return;
                        }
                    }
                    continue;
                }
                out.write(b);
                i++;
            }
            pos = i + 1;
            type = "T_STRING";
            value = LuaString.valueUsing(out.toByteArray());
        }

        private int hex(int at) {
            if (at + 4 > in.length) {
                return -1;
            }
            int v = 0;
            for (int k = 0; k < 4; k++) {
                int d = Character.digit(in[at + k], 16);
                if (d < 0) {
                    return -1;
                }
                v = v * 16 + d;
            }
            return v;
        }
    }
}
