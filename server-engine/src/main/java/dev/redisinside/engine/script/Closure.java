package dev.redisinside.engine.script;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaNumber;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.UpValue;
import org.luaj.vm2.Upvaldesc;
import org.luaj.vm2.Varargs;

import java.util.Arrays;

/**
 * A Lua function of a script, run by our own interpreter over the Lua 5.2 bytecode LuaJ's compiler produces,
 * so that scripts behave as under Redis's Lua 5.1: numbers joined by {@code ..} read as {@code %.14g}, type
 * errors name the variable at fault, errors remember the line of each Lua function they leave (tail calls
 * replace the calling frame, as in 5.1, and count as levels without a line), and the time limit is checked
 * at every loop turn and function entry instead of through a debug hook.
 */
final class Closure extends LuaClosure {

    private final ScriptEngine.Watchdog watchdog;

    Closure(Prototype p, LuaValue env, ScriptEngine.Watchdog watchdog) {
        super(p, env);
        this.watchdog = watchdog;
    }

    private Closure(Prototype p, UpValue[] upvalues, ScriptEngine.Watchdog watchdog) {
        super(p, null);
        this.upValues = upvalues;
        this.watchdog = watchdog;
    }

    /** Entry from LuaJ (a library calling the function): the parameters are in place, the rest may be null. */
    @Override
    protected Varargs execute(LuaValue[] stack, Varargs varargs) {
        for (int i = 0; i < stack.length; i++) {
            if (stack[i] == null) {
                stack[i] = NIL;
            }
        }
        return run(this, stack, varargs);
    }

    // ---- instruction fields ----

    private static final int NO_NAME = Integer.MIN_VALUE;

    private static int argA(int i) {
        return (i >>> 6) & 0xff;
    }

    private static int argB(int i) {
        return i >>> 23;
    }

    private static int argC(int i) {
        return (i >>> 14) & 0x1ff;
    }

    private static int argBx(int i) {
        return i >>> 14;
    }

    private static int argSBx(int i) {
        return (i >>> 14) - 0x1ffff;
    }

    private static boolean isConstant(int rk) {
        return (rk & 0x100) != 0;
    }

    /** Where an operand comes from, for naming it in an error: a register, or no name for a constant. */
    private static int source(int rk) {
        return isConstant(rk) ? NO_NAME : rk;
    }

    // ---- the loop ----

    private static Varargs run(Closure closure, LuaValue[] r, Varargs varargs) {
        Closure cl = closure;
        ScriptEngine.Watchdog watchdog = cl.watchdog;
        Prototype p = cl.p;
        int[] code = p.code;
        LuaValue[] k = p.k;
        UpValue[] ups = cl.upValues;
        LuaValue[] stack = r;
        Varargs va = varargs;
        UpValue[] open = null;
        // the results of the last open call or VARARG: logically the registers from topBase on
        Varargs top = NONE;
        int topBase = 0;
        int pc = 0;
        int tailCalls = 0;
        boolean calling = false;
        try {
            if (--watchdog.countdown <= 0) {
                watchdog.check(p, 0);
            }
            for (;;) {
                int i = code[pc];
                int a = argA(i);
                switch (i & 0x3f) {
                    case 0: // MOVE
                        stack[a] = stack[argB(i)];
                        break;
                    case 1: // LOADK
                        stack[a] = k[argBx(i)];
                        break;
                    case 2: // LOADKX
                        stack[a] = k[code[++pc] >>> 6];
                        break;
                    case 3: // LOADBOOL
                        stack[a] = argB(i) != 0 ? TRUE : FALSE;
                        if (argC(i) != 0) {
                            pc++;
                        }
                        break;
                    case 4: // LOADNIL
                        for (int j = a + argB(i); j >= a; j--) {
                            stack[j] = NIL;
                        }
                        break;
                    case 5: // GETUPVAL
                        stack[a] = ups[argB(i)].getValue();
                        break;
                    case 6: { // GETTABUP
                        int c = argC(i);
                        stack[a] = index(ups[argB(i)].getValue(), isConstant(c) ? k[c & 0xff] : stack[c], p, pc, -1 - argB(i));
                        break;
                    }
                    case 7: { // GETTABLE
                        int b = argB(i);
                        int c = argC(i);
                        stack[a] = index(stack[b], isConstant(c) ? k[c & 0xff] : stack[c], p, pc, b);
                        break;
                    }
                    case 8: { // SETTABUP
                        int b = argB(i);
                        int c = argC(i);
                        store(ups[a].getValue(), isConstant(b) ? k[b & 0xff] : stack[b], isConstant(c) ? k[c & 0xff] : stack[c],
                                p, pc, -1 - a);
                        break;
                    }
                    case 9: // SETUPVAL
                        ups[argB(i)].setValue(stack[a]);
                        break;
                    case 10: { // SETTABLE
                        int b = argB(i);
                        int c = argC(i);
                        store(stack[a], isConstant(b) ? k[b & 0xff] : stack[b], isConstant(c) ? k[c & 0xff] : stack[c], p, pc, a);
                        break;
                    }
                    case 11: // NEWTABLE
                        stack[a] = new LuaTable(floatingByte(argB(i)), floatingByte(argC(i)));
                        break;
                    case 12: { // SELF
                        int b = argB(i);
                        int c = argC(i);
                        LuaValue self = stack[b];
                        stack[a + 1] = self;
                        stack[a] = index(self, isConstant(c) ? k[c & 0xff] : stack[c], p, pc, b);
                        break;
                    }
                    case 13: // ADD
                    case 14: // SUB
                    case 15: // MUL
                    case 16: // DIV
                    case 17: // MOD
                    case 18: { // POW
                        int b = argB(i);
                        int c = argC(i);
                        LuaValue x = isConstant(b) ? k[b & 0xff] : stack[b];
                        LuaValue y = isConstant(c) ? k[c & 0xff] : stack[c];
                        stack[a] = x instanceof LuaNumber && y instanceof LuaNumber
                                ? valueOf(Arith.apply(i & 0x3f, x.todouble(), y.todouble()))
                                : Arith.slow(i & 0x3f, x, y, p, pc, source(b), source(c));
                        break;
                    }
                    case 19: { // UNM
                        LuaValue x = stack[argB(i)];
                        stack[a] = x instanceof LuaNumber ? valueOf(-x.todouble()) : Arith.negate(x, p, pc, argB(i));
                        break;
                    }
                    case 20: // NOT
                        stack[a] = stack[argB(i)].toboolean() ? FALSE : TRUE;
                        break;
                    case 21: // LEN
                        stack[a] = length(stack[argB(i)], p, pc, argB(i));
                        break;
                    case 22: // CONCAT
                        stack[a] = Concat.range(stack, argB(i), argC(i), p, pc);
                        break;
                    case 23: { // JMP
                        int offset = argSBx(i);
                        if (offset < 0 && --watchdog.countdown <= 0) {
                            watchdog.check(p, pc);
                        }
                        if (a != 0 && open != null) {
                            close(open, a - 1);
                        }
                        pc += offset;
                        break;
                    }
                    case 24: { // EQ
                        int b = argB(i);
                        int c = argC(i);
                        if (equal(isConstant(b) ? k[b & 0xff] : stack[b], isConstant(c) ? k[c & 0xff] : stack[c]) != (a != 0)) {
                            pc++;
                        }
                        break;
                    }
                    case 25: // LT
                    case 26: { // LE
                        int b = argB(i);
                        int c = argC(i);
                        LuaValue x = isConstant(b) ? k[b & 0xff] : stack[b];
                        LuaValue y = isConstant(c) ? k[c & 0xff] : stack[c];
                        boolean holds;
                        if (x instanceof LuaNumber && y instanceof LuaNumber) {
                            holds = (i & 0x3f) == 25 ? x.todouble() < y.todouble() : x.todouble() <= y.todouble();
                        } else {
                            holds = compare((i & 0x3f) == 25, x, y);
                        }
                        if (holds != (a != 0)) {
                            pc++;
                        }
                        break;
                    }
                    case 27: // TEST
                        if (stack[a].toboolean() != (argC(i) != 0)) {
                            pc++;
                        }
                        break;
                    case 28: { // TESTSET
                        LuaValue v = stack[argB(i)];
                        if (v.toboolean() == (argC(i) != 0)) {
                            stack[a] = v;
                        } else {
                            pc++;
                        }
                        break;
                    }
                    case 29: { // CALL
                        int b = argB(i);
                        int c = argC(i);
                        LuaValue f = stack[a];
                        calling = true;
                        if (c == 2 && b != 0 && b <= 4 && f instanceof LuaFunction && !(f instanceof Closure)) {
                            // a library function with a few arguments and one result: no argument list built
                            stack[a] = switch (b) {
                                case 1 -> f.call();
                                case 2 -> f.call(stack[a + 1]);
                                case 3 -> f.call(stack[a + 1], stack[a + 2]);
                                default -> f.call(stack[a + 1], stack[a + 2], stack[a + 3]);
                            };
                            calling = false;
                            break;
                        }
                        Varargs results = call(f, arguments(stack, a + 1, b, topBase, top), p, pc, a);
                        calling = false;
                        if (c == 0) {
                            top = results;
                            topBase = a;
                        } else if (c == 2) {
                            stack[a] = results.arg1();
                        } else {
                            for (int j = 1; j < c; j++) {
                                stack[a + j - 1] = results.arg(j);
                            }
                        }
                        break;
                    }
                    case 30: { // TAILCALL
                        LuaValue f = stack[a];
                        Varargs args = arguments(stack, a + 1, argB(i), topBase, top);
                        if (f instanceof Closure next) {
                            // the called function takes this frame's place, as a 5.1 tail call does
                            cl = next;
                            p = cl.p;
                            code = p.code;
                            k = p.k;
                            ups = cl.upValues;
                            stack = frame(p, args);
                            va = p.is_vararg != 0 ? args.subargs(p.numparams + 1) : NONE;
                            open = null;
                            top = NONE;
                            topBase = 0;
                            tailCalls++;
                            pc = -1;
                            if (--watchdog.countdown <= 0) {
                                watchdog.check(p, 0);
                            }
                            break;
                        }
                        // a library function runs with this frame still there (5.1 does not replace it)
                        calling = true;
                        Varargs results = call(f, args, p, pc, a);
                        calling = false;
                        return results;
                    }
                    case 31: { // RETURN
                        int b = argB(i);
                        switch (b) {
                            case 1:
                                return NONE;
                            case 2:
                                return stack[a];
                            case 0:
                                return topBase == a ? top : varargsOf(Arrays.copyOfRange(stack, a, topBase), top);
                            default:
                                return varargsOf(Arrays.copyOfRange(stack, a, a + b - 1));
                        }
                    }
                    case 32: { // FORLOOP
                        double step = stack[a + 2].todouble();
                        double next = stack[a].todouble() + step;
                        double limit = stack[a + 1].todouble();
                        if (step > 0 ? next <= limit : next >= limit) {
                            LuaValue v = valueOf(next);
                            stack[a] = v;
                            stack[a + 3] = v;
                            if (--watchdog.countdown <= 0) {
                                watchdog.check(p, pc);
                            }
                            pc += argSBx(i);
                        }
                        break;
                    }
                    case 33: { // FORPREP
                        LuaValue init = Arith.number(stack[a]);
                        if (init == null) {
                            throw runError("'for' initial value must be a number");
                        }
                        LuaValue limit = Arith.number(stack[a + 1]);
                        if (limit == null) {
                            throw runError("'for' limit must be a number");
                        }
                        LuaValue step = Arith.number(stack[a + 2]);
                        if (step == null) {
                            throw runError("'for' step must be a number");
                        }
                        stack[a] = valueOf(init.todouble() - step.todouble());
                        stack[a + 1] = limit;
                        stack[a + 2] = step;
                        pc += argSBx(i);
                        break;
                    }
                    case 34: { // TFORCALL
                        calling = true;
                        Varargs results = call(stack[a], varargsOf(stack[a + 1], stack[a + 2]), p, pc, NO_NAME);
                        calling = false;
                        int c = argC(i);
                        for (int j = 1; j <= c; j++) {
                            stack[a + 2 + j] = results.arg(j);
                        }
                        break;
                    }
                    case 35: { // TFORLOOP
                        LuaValue control = stack[a + 1];
                        if (!control.isnil()) {
                            stack[a] = control;
                            if (--watchdog.countdown <= 0) {
                                watchdog.check(p, pc);
                            }
                            pc += argSBx(i);
                        }
                        break;
                    }
                    case 36: { // SETLIST
                        int b = argB(i);
                        int c = argC(i);
                        if (c == 0) {
                            c = code[++pc] >>> 6;
                        }
                        LuaTable t = (LuaTable) stack[a];
                        int first = (c - 1) * 50;
                        if (b != 0) {
                            for (int j = 1; j <= b; j++) {
                                t.rawset(first + j, stack[a + j]);
                            }
                        } else {
                            int inRegisters = topBase - a - 1;
                            t.presize(first + inRegisters + top.narg());
                            for (int j = 1; j <= inRegisters; j++) {
                                t.rawset(first + j, stack[a + j]);
                            }
                            for (int j = 1, n = top.narg(); j <= n; j++) {
                                t.rawset(first + inRegisters + j, top.arg(j));
                            }
                        }
                        break;
                    }
                    case 37: { // CLOSURE
                        Prototype inner = p.p[argBx(i)];
                        Upvaldesc[] descs = inner.upvalues;
                        UpValue[] captured = new UpValue[descs.length];
                        for (int j = 0; j < descs.length; j++) {
                            Upvaldesc d = descs[j];
                            if (d.instack) {
                                if (open == null) {
                                    open = new UpValue[stack.length];
                                }
                                UpValue u = open[d.idx];
                                if (u == null) {
                                    u = new UpValue(stack, d.idx);
                                    open[d.idx] = u;
                                }
                                captured[j] = u;
                            } else {
                                captured[j] = ups[d.idx];
                            }
                        }
                        stack[a] = new Closure(inner, captured, watchdog);
                        break;
                    }
                    case 38: { // VARARG
                        int b = argB(i);
                        if (b == 0) {
                            top = va;
                            topBase = a;
                        } else {
                            for (int j = 1; j < b; j++) {
                                stack[a + j - 1] = va.arg(j);
                            }
                        }
                        break;
                    }
                    default:
                        throw new LuaError("bad instruction " + (i & 0x3f));
                }
                pc++;
            }
        } catch (ScriptError e) {
            if (calling && e.fresh()) {
                e.calledAs(callee(p, pc));
            }
            leave(e, p, pc, tailCalls);
            throw e;
        } catch (LuaError e) {
            ScriptError error = ScriptError.fromLibrary(e, -1, calling);
            if (calling) {
                error.calledAs(callee(p, pc));
            }
            leave(error, p, pc, tailCalls);
            throw error;
        }
    }

    /** The error leaves this frame, and with it the frames its tail calls replaced (5.1 shows each as a level). */
    private static void leave(ScriptError e, Prototype p, int pc, int tailCalls) {
        e.passedThrough(line(p, pc));
        for (int t = 0; t < tailCalls; t++) {
            e.passedThroughLibrary();
        }
    }

    static int line(Prototype p, int pc) {
        return p.lineinfo != null && pc >= 0 && pc < p.lineinfo.length ? p.lineinfo[pc] : 0;
    }

    /** The name the calling instruction at {@code pc} gives its function. */
    private static String[] callee(Prototype p, int pc) {
        int i = p.code[pc];
        return RegisterNames.of(p, pc, argA(i));
    }

    /** An error raised by the running instruction itself: positioned at its line. */
    private static ScriptError runError(String message) {
        return new ScriptError(LuaValue.valueOf(message), true);
    }

    /** 5.1's "attempt to OP local 'a' (a nil value)", or without a name "attempt to OP a nil value". */
    static ScriptError typeError(String operation, LuaValue culprit, Prototype p, int pc, int where) {
        String[] name = where == NO_NAME ? null : where >= 0 ? RegisterNames.of(p, pc, where) : RegisterNames.upvalue(p, -1 - where);
        String type = culprit.typename();
        return runError(name == null ? "attempt to " + operation + " a " + type + " value"
                : "attempt to " + operation + " " + name[0] + " '" + name[1] + "' (a " + type + " value)");
    }

    // ---- frames and calls ----

    /** A fresh register file for {@code p} with its parameters taken from {@code args}. */
    private static LuaValue[] frame(Prototype p, Varargs args) {
        LuaValue[] s = new LuaValue[p.maxstacksize];
        int params = p.numparams;
        for (int j = 0; j < params; j++) {
            s[j] = args.arg(j + 1);
        }
        Arrays.fill(s, params, s.length, NIL);
        return s;
    }

    /** The arguments R(from)... of a call: {@code b - 1} of them, or (b = 0) up to the open results. */
    private static Varargs arguments(LuaValue[] stack, int from, int b, int topBase, Varargs top) {
        switch (b) {
            case 0:
                return from == topBase ? top : varargsOf(Arrays.copyOfRange(stack, from, topBase), top);
            case 1:
                return NONE;
            case 2:
                return stack[from];
            case 3:
                return varargsOf(stack[from], stack[from + 1]);
            default:
                return varargsOf(Arrays.copyOfRange(stack, from, from + b - 1));
        }
    }

    /** Calls {@code f}: a script function directly, a library function through LuaJ, a table through __call. */
    private static Varargs call(LuaValue f, Varargs args, Prototype p, int pc, int where) {
        if (f instanceof Closure c) {
            Prototype cp = c.p;
            return run(c, frame(cp, args), cp.is_vararg != 0 ? args.subargs(cp.numparams + 1) : NONE);
        }
        if (f instanceof LuaFunction) {
            return f.invoke(args).eval();
        }
        LuaValue handler = f.metatag(CALL);
        if (handler.isfunction()) {
            return call(handler, varargsOf(f, args), p, pc, NO_NAME);
        }
        throw typeError("call", f, p, pc, where);
    }

    private static void close(UpValue[] open, int from) {
        for (int j = from; j < open.length; j++) {
            if (open[j] != null) {
                open[j].close();
                open[j] = null;
            }
        }
    }

    /** NEWTABLE's sizes: "eeeeexxx" is xxx when eeeee is 0, else (1xxx) shifted left by eeeee - 1. */
    private static int floatingByte(int x) {
        int e = x >>> 3;
        return e == 0 ? x : ((x & 7) | 8) << (e - 1);
    }

    // ---- tables ----

    private static LuaValue index(LuaValue t, LuaValue key, Prototype p, int pc, int where) {
        if (t instanceof LuaTable || t instanceof LuaString || !t.metatag(INDEX).isnil()) {
            return t.get(key);
        }
        throw typeError("index", t, p, pc, where);
    }

    private static void store(LuaValue t, LuaValue key, LuaValue value, Prototype p, int pc, int where) {
        if (t instanceof LuaTable table) {
            if (!(key instanceof LuaString) && !(key instanceof LuaInteger)) {
                if (key.isnil()) {
                    throw runError("table index is nil");
                }
                if (key.type() == TNUMBER && Double.isNaN(key.todouble())) {
                    throw runError("table index is NaN");
                }
            }
            table.set(key, value);
            return;
        }
        if (!t.metatag(NEWINDEX).isnil()) {
            t.set(key, value);
            return;
        }
        throw typeError("index", t, p, pc, where);
    }

    /** {@code #v}: 5.1 counts a table's border itself (no __len for tables) and asks __len of anything else. */
    private static LuaValue length(LuaValue v, Prototype p, int pc, int reg) {
        if (v instanceof LuaString s) {
            return valueOf(s.m_length);
        }
        if (v instanceof LuaTable t) {
            return valueOf(t.rawlen());
        }
        LuaValue handler = v.metatag(LEN);
        if (!handler.isnil()) {
            return handler.call(v);
        }
        throw typeError("get length of", v, p, pc, reg);
    }

    // ---- comparison ----

    private static boolean equal(LuaValue x, LuaValue y) {
        if (x == y) {
            return !(x instanceof LuaNumber) || x.todouble() == y.todouble();
        }
        if (x instanceof LuaNumber && y instanceof LuaNumber) {
            return x.todouble() == y.todouble();
        }
        if (x.type() != y.type()) {
            return false;
        }
        return x instanceof LuaTable ? x.eq_b(y) : x.raweq(y);
    }

    /** {@code x < y} ({@code strict}) or {@code x <= y} for anything but two numbers. */
    private static boolean compare(boolean strict, LuaValue x, LuaValue y) {
        int tx = x.type();
        int ty = y.type();
        if (tx == TSTRING && ty == TSTRING) {
            return strict ? x.lt_b(y) : x.lteq_b(y);
        }
        if (tx == ty && !x.metatag(strict ? LT : LE).isnil()) {
            return strict ? x.lt_b(y) : x.lteq_b(y);
        }
        if (!strict && tx == ty && !x.metatag(LT).isnil()) {
            return !y.lt_b(x); // 5.1 reads a <= b as not (b < a) without __le
        }
        throw runError(tx == ty ? "attempt to compare two " + x.typename() + " values"
                : "attempt to compare " + x.typename() + " with " + y.typename());
    }
}
