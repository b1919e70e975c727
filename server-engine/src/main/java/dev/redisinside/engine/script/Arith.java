package dev.redisinside.engine.script;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * Lua 5.1 arithmetic for the interpreter ({@link Closure}): strings that read as numbers (as C's strtod reads
 * them) take part, then the operands' metamethods, else a type error naming the operand at fault.
 */
final class Arith {

    static final int ADD = 13;
    static final int SUB = 14;
    static final int MUL = 15;
    static final int DIV = 16;
    static final int MOD = 17;
    static final int POW = 18;

    private Arith() {
    }

    static double apply(int op, double x, double y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case MOD -> x - Math.floor(x / y) * y;
            default -> Math.pow(x, y);
        };
    }

    /** A number, or a string read as one; null for anything else. */
    static LuaValue number(LuaValue v) {
        if (v.type() == LuaValue.TNUMBER) {
            return v;
        }
        if (v instanceof LuaString s) {
            LuaValue n = Sandbox.str2number(s);
            return n.isnil() ? null : n;
        }
        return null;
    }

    private static LuaString event(int op) {
        return switch (op) {
            case ADD -> LuaValue.ADD;
            case SUB -> LuaValue.SUB;
            case MUL -> LuaValue.MUL;
            case DIV -> LuaValue.DIV;
            case MOD -> LuaValue.MOD;
            default -> LuaValue.POW;
        };
    }

    /** An operation where one operand at least is not a number; {@code whereX}/{@code whereY} name them. */
    static LuaValue slow(int op, LuaValue x, LuaValue y, Prototype p, int pc, int whereX, int whereY) {
        LuaValue nx = number(x);
        LuaValue ny = number(y);
        if (nx != null && ny != null) {
            return LuaValue.valueOf(apply(op, nx.todouble(), ny.todouble()));
        }
        LuaString event = event(op);
        LuaValue handler = x.metatag(event);
        if (handler.isnil()) {
            handler = y.metatag(event);
        }
        if (!handler.isnil()) {
            return handler.call(x, y);
        }
        throw nx == null ? Closure.typeError("perform arithmetic on", x, p, pc, whereX)
                : Closure.typeError("perform arithmetic on", y, p, pc, whereY);
    }

    static LuaValue negate(LuaValue x, Prototype p, int pc, int reg) {
        LuaValue n = number(x);
        if (n != null) {
            return LuaValue.valueOf(-n.todouble());
        }
        LuaValue handler = x.metatag(LuaValue.UNM);
        if (!handler.isnil()) {
            return handler.call(x, x);
        }
        throw Closure.typeError("perform arithmetic on", x, p, pc, reg);
    }
}
