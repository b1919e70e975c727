package dev.redisinside.engine.script;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** The {@code cmsgpack} module Redis bundles (lua-cmsgpack 0.4): MessagePack encoding of Lua values. */
final class CmsgpackLibrary {

    private static final int MAX_NESTING = 16;

    private CmsgpackLibrary() {
    }

    static LuaTable create() {
        LuaTable lib = new LuaTable();
        lib.rawset("pack", RedisLuaLibrary.fn(a -> {
            if (a.narg() == 0) {
                throw CjsonLibrary.error("bad argument #0 to 'pack' (MessagePack pack needs input.)");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 1; i <= a.narg(); i++) {
                encode(a.arg(i), out, 0);
            }
            return LuaString.valueUsing(out.toByteArray());
        }));
        lib.rawset("unpack", RedisLuaLibrary.fn(a -> unpack(a.checkstring(1), 0, 0, false)));
        lib.rawset("unpack_one", RedisLuaLibrary.fn(a -> unpack(a.checkstring(1), 1, a.optint(2, 0), true)));
        lib.rawset("unpack_limit", RedisLuaLibrary.fn(a -> unpack(a.checkstring(1), a.checkint(2), a.optint(3, 0), true)));
        lib.rawset("_NAME", LuaValue.valueOf("lua-cmsgpack"));
        lib.rawset("_VERSION", LuaValue.valueOf("lua-cmsgpack 0.4.0"));
        lib.rawset("_COPYRIGHT", LuaValue.valueOf("Copyright (C) 2012, Salvatore Sanfilippo"));
        lib.rawset("_DESCRIPTION", LuaValue.valueOf("MessagePack C implementation for Lua"));
        return lib;
    }

    // ---- encoding ----

    private static void encode(LuaValue v, ByteArrayOutputStream out, int level) {
        switch (v.type()) {
            case LuaValue.TSTRING -> {
                LuaString s = v.checkstring();
                int n = s.m_length;
                if (n < 32) {
                    out.write(0xa0 | n);
                } else if (n <= 0xff) {
                    out.write(0xd9);
                    out.write(n);
                } else if (n <= 0xffff) {
                    out.write(0xda);
                    be(out, n, 2);
                } else {
                    out.write(0xdb);
                    be(out, n, 4);
                }
                out.write(s.m_bytes, s.m_offset, n);
            }
            case LuaValue.TBOOLEAN -> out.write(v.toboolean() ? 0xc3 : 0xc2);
            case LuaValue.TNUMBER -> number(v.todouble(), out);
            case LuaValue.TTABLE -> {
                if (level >= MAX_NESTING) {
                    out.write(0xc0);
                } else {
                    table((LuaTable) v, out, level + 1);
                }
            }
            default -> out.write(0xc0);
        }
    }

    private static void number(double d, ByteArrayOutputStream out) {
        if (d == Math.floor(d) && !Double.isInfinite(d) && d >= -9.2233720368547758E18 && d < 9.2233720368547758E18) {
            long n = (long) d;
            if (n >= 0) {
                if (n <= 127) {
                    out.write((int) n);
                } else if (n <= 0xff) {
                    out.write(0xcc);
                    out.write((int) n);
                } else if (n <= 0xffff) {
                    out.write(0xcd);
                    be(out, n, 2);
                } else if (n <= 0xffffffffL) {
                    out.write(0xce);
                    be(out, n, 4);
                } else {
                    out.write(0xcf);
                    be(out, n, 8);
                }
            } else if (n >= -32) {
                out.write((int) (n & 0xff));
            } else if (n >= -128) {
                out.write(0xd0);
                be(out, n, 1);
            } else if (n >= -32768) {
                out.write(0xd1);
                be(out, n, 2);
            } else if (n >= -2147483648L) {
                out.write(0xd2);
                be(out, n, 4);
            } else {
                out.write(0xd3);
                be(out, n, 8);
            }
        } else if ((double) (float) d == d || Double.isNaN(d)) {
            out.write(0xca);
            be(out, Float.floatToIntBits((float) d), 4);
        } else {
            out.write(0xcb);
            be(out, Double.doubleToLongBits(d), 8);
        }
    }

    private static void table(LuaTable t, ByteArrayOutputStream out, int level) {
        int count = 0;
        double max = 0;
        boolean array = true;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs next = t.next(k);
            if ((k = next.arg1()).isnil()) {
                break;
            }
            count++;
            if (k.type() == LuaValue.TNUMBER && k.todouble() >= 1 && k.todouble() == Math.floor(k.todouble())) {
                max = Math.max(max, k.todouble());
            } else {
                array = false;
            }
        }
        if (array && max == count) {
            header(out, count, 0x90, 0xdc, 0xdd);
            for (int i = 1; i <= count; i++) {
                encode(t.rawget(i), out, level);
            }
            return;
        }
        header(out, count, 0x80, 0xde, 0xdf);
        k = LuaValue.NIL;
        while (true) {
            Varargs next = t.next(k);
            if ((k = next.arg1()).isnil()) {
                break;
            }
            encode(k, out, level);
            encode(next.arg(2), out, level);
        }
    }

    private static void header(ByteArrayOutputStream out, int n, int fix, int code16, int code32) {
        if (n <= 15) {
            out.write(fix | n);
        } else if (n <= 0xffff) {
            out.write(code16);
            be(out, n, 2);
        } else {
            out.write(code32);
            be(out, n, 4);
        }
    }

    private static void be(ByteArrayOutputStream out, long value, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
    }

    // ---- decoding ----

    private static Varargs unpack(LuaString s, int limit, int offset, boolean withOffset) {
        byte[] in = LuaConversions.bytes(s);
        if (offset < 0 || offset > in.length) {
            throw CjsonLibrary.error("Start offset " + offset + " greater than input length " + in.length + ".");
        }
        int[] pos = {offset};
        List<LuaValue> values = new ArrayList<>();
        while (pos[0] < in.length && (limit <= 0 || values.size() < limit)) {
            values.add(decode(in, pos));
        }
        if (!withOffset) {
            return LuaValue.varargsOf(values.toArray(new LuaValue[0]));
        }
        LuaValue[] result = new LuaValue[values.size() + 1];
        result[0] = LuaValue.valueOf(pos[0] >= in.length ? -1 : pos[0]);
        for (int i = 0; i < values.size(); i++) {
            result[i + 1] = values.get(i);
        }
        return LuaValue.varargsOf(result);
    }

    private static long read(byte[] in, int[] pos, int bytes) {
        if (pos[0] + bytes > in.length) {
            throw CjsonLibrary.error("Missing bytes in input.");
        }
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v = (v << 8) | (in[pos[0]++] & 0xff);
        }
        return v;
    }

    private static LuaValue decode(byte[] in, int[] pos) {
        int c = (int) read(in, pos, 1);
        if (c <= 0x7f) {
            return LuaValue.valueOf(c);
        }
        if (c >= 0xe0) {
            return LuaValue.valueOf((byte) c);
        }
        if ((c & 0xe0) == 0xa0) {
            return str(in, pos, c & 0x1f);
        }
        if ((c & 0xf0) == 0x90) {
            return array(in, pos, c & 0x0f);
        }
        if ((c & 0xf0) == 0x80) {
            return map(in, pos, c & 0x0f);
        }
        return switch (c) {
            case 0xc0 -> LuaValue.NIL;
            case 0xc2 -> LuaValue.FALSE;
            case 0xc3 -> LuaValue.TRUE;
            case 0xcc -> LuaValue.valueOf(read(in, pos, 1));
            case 0xcd -> LuaValue.valueOf(read(in, pos, 2));
            case 0xce -> LuaValue.valueOf(read(in, pos, 4));
            case 0xcf -> LuaValue.valueOf((double) read(in, pos, 8));
            case 0xd0 -> LuaValue.valueOf((byte) read(in, pos, 1));
            case 0xd1 -> LuaValue.valueOf((short) read(in, pos, 2));
            case 0xd2 -> LuaValue.valueOf((int) read(in, pos, 4));
            case 0xd3 -> LuaValue.valueOf((double) read(in, pos, 8));
            case 0xca -> LuaValue.valueOf(Float.intBitsToFloat((int) read(in, pos, 4)));
            case 0xcb -> LuaValue.valueOf(Double.longBitsToDouble(read(in, pos, 8)));
            case 0xd9, 0xc4 -> str(in, pos, (int) read(in, pos, 1));
            case 0xda, 0xc5 -> str(in, pos, (int) read(in, pos, 2));
            case 0xdb, 0xc6 -> str(in, pos, (int) read(in, pos, 4));
            case 0xdc -> array(in, pos, (int) read(in, pos, 2));
            case 0xdd -> array(in, pos, (int) read(in, pos, 4));
            case 0xde -> map(in, pos, (int) read(in, pos, 2));
            case 0xdf -> map(in, pos, (int) read(in, pos, 4));
            default -> throw CjsonLibrary.error("Bad data format in input.");
        };
    }

    private static LuaValue str(byte[] in, int[] pos, int n) {
        if (n < 0 || pos[0] + n > in.length) {
            throw CjsonLibrary.error("Missing bytes in input.");
        }
        byte[] bytes = java.util.Arrays.copyOfRange(in, pos[0], pos[0] + n);
        pos[0] += n;
        return LuaString.valueUsing(bytes);
    }

    private static LuaValue array(byte[] in, int[] pos, int n) {
        if (n < 0 || n > in.length - pos[0]) {
            throw CjsonLibrary.error("Missing bytes in input.");
        }
        LuaTable t = new LuaTable();
        for (int i = 1; i <= n; i++) {
            t.rawset(i, decode(in, pos));
        }
        return t;
    }

    private static LuaValue map(byte[] in, int[] pos, int n) {
        if (n < 0 || n > in.length - pos[0]) {
            throw CjsonLibrary.error("Missing bytes in input.");
        }
        LuaTable t = new LuaTable();
        for (int i = 0; i < n; i++) {
            LuaValue k = decode(in, pos);
            LuaValue v = decode(in, pos);
            if (!k.isnil()) {
                t.rawset(k, v);
            }
        }
        return t;
    }
}
