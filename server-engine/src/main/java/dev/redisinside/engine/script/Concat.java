package dev.redisinside.engine.script;

import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * The {@code ..} operator as Lua 5.1 does it: numbers become text as {@code %.14g}, a run of strings and
 * numbers is joined into one new array, anything else goes through {@code __concat}, pairwise from the right.
 */
final class Concat {

    private Concat() {
    }

    private static boolean joinable(LuaValue v) {
        return v instanceof LuaString || v.type() == LuaValue.TNUMBER;
    }

    private static LuaString text(LuaValue v) {
        if (v instanceof LuaString s) {
            return s;
        }
        if (v instanceof LuaInteger) {
            return LuaString.valueOf(Integer.toString(v.toint()));
        }
        return Sandbox.tostring(v).checkstring();
    }

    /** Registers {@code from}..{@code to} joined. */
    static LuaValue range(LuaValue[] r, int from, int to, Prototype p, int pc) {
        boolean plain = true;
        for (int j = from; j <= to && plain; j++) {
            plain = joinable(r[j]);
        }
        if (plain) {
            return join(r, from, to);
        }
        LuaValue right = r[to];
        for (int j = to - 1; j >= from; j--) {
            LuaValue left = r[j];
            if (joinable(left) && joinable(right)) {
                right = join(new LuaValue[] {left, right}, 0, 1);
                continue;
            }
            LuaValue handler = left.metatag(LuaValue.CONCAT);
            if (handler.isnil()) {
                handler = right.metatag(LuaValue.CONCAT);
            }
            if (handler.isnil()) {
                throw joinable(left) ? Closure.typeError("concatenate", right, p, pc, j + 1)
                        : Closure.typeError("concatenate", left, p, pc, j);
            }
            right = handler.call(left, right);
        }
        return right;
    }

    private static LuaString join(LuaValue[] values, int from, int to) {
        int count = to - from + 1;
        LuaString[] parts = new LuaString[count];
        long length = 0;
        for (int j = 0; j < count; j++) {
            parts[j] = text(values[from + j]);
            length += parts[j].m_length;
        }
        if (length > Sandbox.MAX_STRING) {
            throw new ScriptError(LuaValue.valueOf("not enough memory"), false);
        }
        byte[] out = new byte[(int) length];
        int at = 0;
        for (LuaString s : parts) {
            System.arraycopy(s.m_bytes, s.m_offset, out, at, s.m_length);
            at += s.m_length;
        }
        return LuaString.valueUsing(out);
    }
}
