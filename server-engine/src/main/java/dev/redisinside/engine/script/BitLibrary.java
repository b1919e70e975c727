package dev.redisinside.engine.script;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/** LuaBitOp ({@code bit.band}, {@code bit.tohex}...) as Redis bundles it: 32-bit operations on numbers. */
final class BitLibrary {

    private BitLibrary() {
    }

    /** A number as LuaBitOp sees it: rounded to an integer, then its low 32 bits. */
    static int tobit(Varargs args, int i) {
        double d = args.checkdouble(i);
        return (int) (long) Math.rint(d);
    }

    static LuaTable create() {
        LuaTable bit = new LuaTable();
        bit.rawset("tobit", op(a -> LuaValue.valueOf(tobit(a, 1))));
        bit.rawset("bnot", op(a -> LuaValue.valueOf(~tobit(a, 1))));
        bit.rawset("bswap", op(a -> LuaValue.valueOf(Integer.reverseBytes(tobit(a, 1)))));
        bit.rawset("band", op(a -> {
            int r = tobit(a, 1);
            for (int i = 2; i <= a.narg(); i++) {
                r &= tobit(a, i);
            }
            return LuaValue.valueOf(r);
        }));
        bit.rawset("bor", op(a -> {
            int r = tobit(a, 1);
            for (int i = 2; i <= a.narg(); i++) {
                r |= tobit(a, i);
            }
            return LuaValue.valueOf(r);
        }));
        bit.rawset("bxor", op(a -> {
            int r = tobit(a, 1);
            for (int i = 2; i <= a.narg(); i++) {
                r ^= tobit(a, i);
            }
            return LuaValue.valueOf(r);
        }));
        bit.rawset("lshift", op(a -> LuaValue.valueOf(tobit(a, 1) << (tobit(a, 2) & 31))));
        bit.rawset("rshift", op(a -> LuaValue.valueOf(tobit(a, 1) >>> (tobit(a, 2) & 31))));
        bit.rawset("arshift", op(a -> LuaValue.valueOf(tobit(a, 1) >> (tobit(a, 2) & 31))));
        bit.rawset("rol", op(a -> LuaValue.valueOf(Integer.rotateLeft(tobit(a, 1), tobit(a, 2) & 31))));
        bit.rawset("ror", op(a -> LuaValue.valueOf(Integer.rotateRight(tobit(a, 1), tobit(a, 2) & 31))));
        bit.rawset("tohex", op(a -> {
            int x = tobit(a, 1);
            int n = a.isnoneornil(2) ? 8 : tobit(a, 2);
            boolean upper = n < 0;
            if (upper) {
                n = -n;
            }
            if (n > 8) {
                n = 8;
            }
            String digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
            char[] out = new char[n];
            for (int i = n - 1; i >= 0; i--) {
                out[i] = digits.charAt(x & 15);
                x >>>= 4;
            }
            return LuaValue.valueOf(new String(out));
        }));
        return bit;
    }

    interface Op {
        LuaValue apply(Varargs args);
    }

    static VarArgFunction op(Op op) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return op.apply(args);
            }
        };
    }
}
