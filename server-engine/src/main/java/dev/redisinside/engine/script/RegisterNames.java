package dev.redisinside.engine.script;

import org.luaj.vm2.LocVars;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * What Lua 5.1 calls the value held by a register when a type error names it ("local 'a'", "global 'x'",
 * "field 'y'", "upvalue 'u'", "method 'm'"): a live local variable by its name, otherwise whatever the last
 * instruction that wrote the register read from. The code is LuaJ's (Lua 5.2) bytecode, so a global is a
 * read from the {@code _ENV} upvalue.
 */
final class RegisterNames {

    private static final int MOVE = 0;
    private static final int LOADNIL = 4;
    private static final int GETUPVAL = 5;
    private static final int GETTABUP = 6;
    private static final int GETTABLE = 7;
    private static final int SETTABUP = 8;
    private static final int SETUPVAL = 9;
    private static final int SETTABLE = 10;
    private static final int SELF = 12;
    private static final int JMP = 23;
    private static final int EQ = 24;
    private static final int LT = 25;
    private static final int LE = 26;
    private static final int TEST = 27;
    private static final int CALL = 29;
    private static final int TAILCALL = 30;
    private static final int RETURN = 31;
    private static final int FORLOOP = 32;
    private static final int TFORCALL = 34;
    private static final int SETLIST = 36;
    private static final int EXTRAARG = 39;

    private static final LuaString ENV = LuaString.valueOf("_ENV");

    private RegisterNames() {
    }

    /** {kind, name} of register {@code reg} as the code stands at instruction {@code pc}, or null. */
    static String[] of(Prototype p, int pc, int reg) {
        LuaString local = localName(p, reg, pc);
        if (local != null) {
            return new String[] {"local", local.tojstring()};
        }
        int writer = lastWriter(p, pc, reg);
        if (writer < 0) {
            return null;
        }
        int i = p.code[writer];
        int a = (i >>> 6) & 0xff;
        int b = i >>> 23;
        int c = (i >>> 14) & 0x1ff;
        switch (i & 0x3f) {
            case MOVE:
                return b < a ? of(p, writer, b) : null;
            case GETUPVAL:
                return new String[] {"upvalue", upvalueName(p, b)};
            case GETTABUP:
                return new String[] {ENV.equals(p.upvalues[b].name) ? "global" : "field", constantName(p, c)};
            case GETTABLE: {
                LuaString table = localName(p, b, writer);
                return new String[] {ENV.equals(table) ? "global" : "field", constantName(p, c)};
            }
            case SELF:
                return new String[] {"method", constantName(p, c)};
            default:
                return null;
        }
    }

    /** The upvalue itself, for an index through GETTABUP/SETTABUP (5.1 would have loaded it into a register). */
    static String[] upvalue(Prototype p, int index) {
        return new String[] {"upvalue", upvalueName(p, index)};
    }

    private static String upvalueName(Prototype p, int index) {
        LuaString name = index < p.upvalues.length ? p.upvalues[index].name : null;
        return name == null ? "?" : name.tojstring();
    }

    /** A constant string key by its text; any other key is "?". */
    private static String constantName(Prototype p, int rk) {
        if ((rk & 0x100) != 0) {
            LuaValue key = p.k[rk & 0xff];
            if (key.type() == LuaValue.TSTRING) {
                return key.tojstring();
            }
        }
        return "?";
    }

    /** The name of the local variable living in {@code reg} at {@code pc}, or null. */
    private static LuaString localName(Prototype p, int reg, int pc) {
        if (p.locvars == null) {
            return null;
        }
        int active = 0;
        for (LocVars v : p.locvars) {
            if (v.startpc > pc) {
                break;
            }
            if (pc < v.endpc) {
                if (active == reg) {
                    return v.varname;
                }
                active++;
            }
        }
        return null;
    }

    /**
     * The instruction before {@code pc} that last wrote {@code reg}, or -1 when none is certain: a writer that an
     * earlier forward jump (landing at or before {@code pc}) may skip does not count.
     */
    private static int lastWriter(Prototype p, int pc, int reg) {
        int writer = -1;
        int skippedUpTo = 0;
        int[] code = p.code;
        for (int q = 0; q < pc; q++) {
            int i = code[q];
            int a = (i >>> 6) & 0xff;
            boolean writes;
            switch (i & 0x3f) {
                case LOADNIL:
                    writes = reg >= a && reg <= a + (i >>> 23);
                    break;
                case TFORCALL:
                    writes = reg >= a + 2;
                    break;
                case CALL:
                case TAILCALL:
                    writes = reg >= a;
                    break;
                case SELF:
                    writes = reg == a || reg == a + 1;
                    break;
                case FORLOOP:
                    writes = reg == a || reg == a + 3;
                    break;
                case JMP: {
                    int target = q + 1 + ((i >>> 14) - 0x1ffff);
                    if (target > q && target <= pc && target > skippedUpTo) {
                        skippedUpTo = target;
                    }
                    writes = false;
                    break;
                }
                case SETTABUP:
                case SETUPVAL:
                case SETTABLE:
                case EQ:
                case LT:
                case LE:
                case TEST:
                case RETURN:
                case SETLIST:
                case EXTRAARG:
                    writes = false;
                    break;
                default:
                    writes = reg == a;
                    break;
            }
            if (writes) {
                writer = q < skippedUpTo ? -1 : q;
            }
        }
        return writer;
    }
}
