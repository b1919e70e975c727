package dev.redisinside.engine.script;

import dev.redisinside.engine.protocol.DoubleFormat;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.CoroutineLib;
import org.luaj.vm2.lib.DebugLib;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.jse.JseMathLib;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lua world a script sees: Redis 7.0's globals and nothing else. Built from LuaJ's pure-Lua
 * libraries only (no {@code io}, {@code os}, {@code luajava}, {@code debug}, {@code package}), with
 * binary chunks impossible (no undumper is installed), every global and library table sealed, and the
 * Lua 5.1 functions Redis scripts expect ({@code unpack}, {@code loadstring}, {@code table.getn}...).
 */
final class Sandbox {

    static final String CHUNK = "@user_script";
    /** Largest string {@code string.rep} may build: a script must not exhaust the host JVM's heap. */
    static final long MAX_STRING = 512L * 1024 * 1024;

    private static final Pattern POSITION = Pattern.compile("^@(user_script|user_function):(\\d+) (.*)\\n$", Pattern.DOTALL);
    /** The chunk name of the code running now: user_script (EVAL) or user_function (FCALL, FUNCTION LOAD). */
    static volatile String chunk = "user_script";

    private Sandbox() {
    }

    /** The globals table: readonly once sealed, and reading an unknown name is an error. */
    static final class ProtectedGlobals extends Globals {
        private boolean sealed;
        /** math.random's generator: one per server, shared by scripts and functions (a C static in Redis). */
        Rand48 random;

        void seal() {
            sealed = true;
        }

        /** Sets a global past the seal (KEYS and ARGV before each run). */
        void setInternal(String name, LuaValue value) {
            boolean was = sealed;
            sealed = false;
            try {
                rawset(LuaValue.valueOf(name), value);
            } finally {
                sealed = was;
            }
        }

        @Override
        public void rawset(int key, LuaValue value) {
            if (sealed) {
                throw ReadonlyTable.readonlyError();
            }
            super.rawset(key, value);
        }

        @Override
        public void rawset(LuaValue key, LuaValue value) {
            if (sealed) {
                throw ReadonlyTable.readonlyError();
            }
            super.rawset(key, value);
        }

        @Override
        public LuaValue setmetatable(LuaValue metatable) {
            if (sealed) {
                throw new ScriptError(LuaValue.valueOf(ReadonlyTable.READONLY), false);
            }
            return super.setmetatable(metatable);
        }

        @Override
        public void sort(LuaValue comparator) {
            if (sealed) {
                throw ReadonlyTable.readonlyError();
            }
            super.sort(comparator);
        }
    }

    /** Builds a sealed Lua state; {@code hook} becomes the private instruction hook. */
    static ProtectedGlobals create(DebugLib hook, LuaTable redisLib, Rand48 random) {
        ProtectedGlobals g = new ProtectedGlobals();
        g.random = random;
        g.load(new BaseLib());
        g.load(new PackageLib());
        g.load(new StringLib());
        g.load(new TableLib());
        g.load(new JseMathLib());
        g.load(new CoroutineLib());
        LuaC.install(g); // text chunks only: no undumper, so no bytecode can ever be loaded
        g.undumper = null;
        g.finder = null;
        g.STDIN = null;
        g.debuglib = hook; // never reachable from scripts: no 'debug' global

        for (String name : new String[] {"dofile", "loadfile", "print", "rawlen", "package", "require", "module",
                "getfenv", "setfenv", "newproxy"}) {
            g.rawset(name, LuaValue.NIL);
        }
        g.rawset("_VERSION", LuaValue.valueOf("Lua 5.1"));
        g.rawset("tostring", new ToString());
        LuaValue rawset = g.get("rawset");
        g.rawset("rawset", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                try {
                    return rawset.invoke(args);
                } catch (ScriptError e) {
                    // raised inside a C function in Redis: no script position
                    throw new ScriptError(e.value(), false);
                }
            }
        });
        g.rawset("error", new ErrorFunction());
        g.rawset("pcall", new PCall());
        g.rawset("loadstring", new LoadString(g));
        g.rawset("load", new Load(g));
        g.rawset("gcinfo", new GcInfo());
        g.rawset("collectgarbage", new CollectGarbage());
        g.rawset("__redis__err__handler", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue err) {
                return err;
            }
        });

        LuaTable table = (LuaTable) g.get("table");
        LuaValue unpack = table.get("unpack");
        g.rawset("unpack", unpack);
        table.rawset("unpack", LuaValue.NIL);
        table.rawset("pack", LuaValue.NIL);
        table.rawset("getn", new GetN());
        table.rawset("maxn", new MaxN());
        table.rawset("setn", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                throw new ScriptError(LuaValue.valueOf("'setn' is obsolete"), true);
            }
        });
        table.rawset("foreach", new ForEach(false));
        table.rawset("foreachi", new ForEach(true));

        LuaTable string = (LuaTable) g.get("string");
        string.rawset("dump", LuaValue.NIL);
        string.rawset("gfind", string.get("gmatch"));
        string.rawset("rep", new Rep());
        string.rawset("format", new StringFormat());

        LuaTable math = (LuaTable) g.get("math");
        math.rawset("mod", math.get("fmod"));
        math.rawset("log10", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue x) {
                return LuaValue.valueOf(Math.log10(x.checkdouble()));
            }
        });
        math.rawset("log", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue x) {
                return LuaValue.valueOf(Math.log(x.checkdouble()));
            }
        });
        math.rawset("random", random.random());
        math.rawset("randomseed", random.randomseed());

        g.rawset("bit", BitLibrary.create());
        g.rawset("cjson", CjsonLibrary.create());
        g.rawset("struct", StructLibrary.create());
        g.rawset("cmsgpack", CmsgpackLibrary.create());
        g.rawset("redis", redisLib);

        // Seal every library table (replacing each by a sealed copy) and the strings' metatable.
        for (String name : new String[] {"string", "table", "math", "coroutine", "bit", "cjson", "struct",
                "cmsgpack", "redis"}) {
            g.rawset(name, ReadonlyTable.sealedCopy((LuaTable) g.get(name)));
        }
        ReadonlyTable stringMeta = new ReadonlyTable();
        stringMeta.rawset(LuaValue.INDEX, g.get("string"));
        stringMeta.seal();
        LuaString.s_metatable = stringMeta;

        ReadonlyTable globalsMeta = new ReadonlyTable();
        globalsMeta.rawset(LuaValue.INDEX, new org.luaj.vm2.lib.TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue table, LuaValue key) {
                throw new ScriptError(LuaValue.valueOf("Script attempted to access nonexistent global variable '"
                        + key.tojstring() + "'"), true);
            }
        });
        globalsMeta.seal();
        g.setmetatable(globalsMeta);
        g.seal();
        return g;
    }

    /** Re-installs the strings' metatable, which LuaJ keeps in one static for every Lua state. */
    static void installStringMetatable(Globals g) {
        LuaValue meta = LuaString.s_metatable;
        if (meta == null || meta.rawget(LuaValue.INDEX) != g.rawget("string")) {
            ReadonlyTable stringMeta = new ReadonlyTable();
            stringMeta.rawset(LuaValue.INDEX, g.rawget("string"));
            stringMeta.seal();
            LuaString.s_metatable = stringMeta;
        }
    }

    // ---- Lua 5.1 number formatting ----

    /** Lua 5.1's {@code %.14g} number to string. */
    static String numberToString(double d) {
        if (Double.isNaN(d)) {
            return Double.doubleToRawLongBits(d) < 0 ? "-nan" : "nan";
        }
        return DoubleFormat.g(d, 14);
    }

    /** Lua 5.1's tostring without metamethods: numbers as %.14g, "nil", "true", and "table: 0x..." with an address. */
    static LuaValue tostring(LuaValue v) {
        return switch (v.type()) {
            case LuaValue.TNUMBER -> LuaValue.valueOf(numberToString(v.todouble()));
            case LuaValue.TSTRING -> v;
            case LuaValue.TNIL, LuaValue.TBOOLEAN -> LuaValue.valueOf(v.tojstring());
            default -> LuaValue.valueOf(v.typename() + ": 0x" + Integer.toHexString(System.identityHashCode(v)));
        };
    }

    // ---- error values as Lua 5.1 shows them ----

    /** The line where the error passed through the script, or -1. */
    static int line(LuaError e) {
        String m = e.getMessage();
        int start = m == null ? -1 : m.startsWith("@user_script:") ? 13 : m.startsWith("@user_function:") ? 15 : -1;
        if (start > 0) {
            int end = start;
            while (end < m.length() && Character.isDigit(m.charAt(end))) {
                end++;
            }
            if (end > start) {
                return Integer.parseInt(m.substring(start, end));
            }
        }
        return -1;
    }

    /** The error value a pcall returns or the error handler sees, as Lua 5.1 would give it. */
    static LuaValue errorValue(LuaError e) {
        if (e instanceof ScriptError se) {
            LuaValue v = se.value();
            int line = line(e);
            if (se.positioned() && v.isstring()) {
                // a tail call leaves no position behind in LuaJ; the script's first line is the best guess
                return LuaValue.valueOf(chunk + ":" + Math.max(line, 1) + ": ").concat(v.tostring()).strvalue();
            }
            return v;
        }
        LuaValue object = e.getMessageObject();
        if (object != null && !object.isstring()) {
            return object;
        }
        String m = e.getMessage();
        if (m == null) {
            return LuaValue.NIL;
        }
        Matcher matcher = POSITION.matcher(m);
        if (matcher.matches()) {
            return LuaValue.valueOf(matcher.group(1) + ":" + matcher.group(2) + ": " + matcher.group(3));
        }
        if (m.endsWith("\n")) {
            m = m.substring(0, m.length() - 1);
        }
        return LuaValue.valueOf(m);
    }

    // ---- the replaced and added base functions ----

    static final class ToString extends OneArgFunction {
        @Override
        public LuaValue call(LuaValue v) {
            LuaValue h = v.metatag(LuaValue.TOSTRING);
            if (!h.isnil()) {
                return h.call(v);
            }
            return Sandbox.tostring(v);
        }
    }

    static final class ErrorFunction extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaValue value = args.arg1();
            int level = args.optint(2, 1);
            throw new ScriptError(value, level > 0 && value.type() == LuaValue.TSTRING);
        }
    }

    static final class PCall extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaValue f = args.checkvalue(1);
            try {
                return LuaValue.varargsOf(LuaValue.TRUE, f.invoke(args.subargs(2)));
            } catch (ScriptKilled killed) {
                throw killed;
            } catch (LuaError e) {
                // Redis 7's pcall hands back the message of an error table, not the table
                LuaValue value = errorValue(e);
                if (value.istable()) {
                    LuaValue err = value.rawget(LuaConversions.ERR);
                    if (err.isstring()) {
                        value = err;
                    }
                }
                return LuaValue.varargsOf(LuaValue.FALSE, value);
            } catch (StackOverflowError e) {
                return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("stack overflow"));
            }
        }
    }

    /** {@code loadstring(text [, chunkname])}: text only; returns nil and the message on failure. */
    static final class LoadString extends VarArgFunction {
        private final Globals g;

        LoadString(Globals g) {
            this.g = g;
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaString text = args.checkstring(1);
            String chunk = args.isnoneornil(2) ? text.tojstring() : args.checkjstring(2);
            return compile(g, LuaConversions.bytes(text), chunk);
        }
    }

    /** Lua 5.1's {@code load(function [, chunkname])}: the chunk comes in pieces from the function. */
    static final class Load extends VarArgFunction {
        private final Globals g;

        Load(Globals g) {
            this.g = g;
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaValue f = args.arg1();
            if (!f.isfunction()) {
                throw new ScriptError(LuaValue.valueOf("bad argument #1 to 'load' (function expected, got "
                        + typeName(f) + ")"), true);
            }
            String chunk = args.optjstring(2, "=(load)");
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            while (true) {
                LuaValue piece = f.call();
                if (piece.isnil() || (piece.isstring() && piece.checkstring().m_length == 0)) {
                    break;
                }
                if (!piece.isstring()) {
                    return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("reader function must return a string"));
                }
                LuaString s = piece.checkstring();
                if (text.size() == 0 && s.m_bytes[s.m_offset] == 0x1b) {
                    return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("attempt to load a binary chunk"));
                }
                text.write(s.m_bytes, s.m_offset, s.m_length);
                if (text.size() > MAX_STRING) {
                    throw new ScriptError(LuaValue.valueOf("not enough memory"), false);
                }
            }
            return compile(g, text.toByteArray(), chunk);
        }
    }

    static String typeName(LuaValue v) {
        return v.isnil() && v.type() == LuaValue.TNONE ? "no value" : v.typename();
    }

    static Varargs compile(Globals g, byte[] text, String chunk) {
        if (text.length > 0 && text[0] == 0x1b) {
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("attempt to load a binary chunk"));
        }
        try {
            LuaValue f = g.load(new ByteArrayInputStream(text), chunk, "t", g);
            return f;
        } catch (LuaError e) {
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(e.getMessage()));
        }
    }

    /** The same nominal size in kilobytes as {@code collectgarbage("count")}. */
    private static final int NOMINAL_KILOBYTES = 32;

    static final class GcInfo extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            return LuaValue.valueOf(NOMINAL_KILOBYTES);
        }
    }

    /** Never reaches the JVM's collector: "count" reports a nominal size, the other options do nothing. */
    static final class CollectGarbage extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            String option = args.optjstring(1, "collect");
            return switch (option) {
                case "count" -> LuaValue.valueOf((double) NOMINAL_KILOBYTES);
                case "step" -> LuaValue.TRUE;
                case "collect", "stop", "restart", "setpause", "setstepmul" -> LuaValue.valueOf(0);
                default -> throw new ScriptError(LuaValue.valueOf("bad argument #1 to 'collectgarbage' (invalid option '"
                        + option + "')"), true);
            };
        }
    }

    static final class GetN extends OneArgFunction {
        @Override
        public LuaValue call(LuaValue t) {
            return LuaValue.valueOf(t.checktable().length());
        }
    }

    static final class MaxN extends OneArgFunction {
        @Override
        public LuaValue call(LuaValue t) {
            LuaTable table = t.checktable();
            double max = 0;
            LuaValue k = LuaValue.NIL;
            while (!(k = table.next(k).arg1()).isnil()) {
                if (k.type() == LuaValue.TNUMBER && k.todouble() > max) {
                    max = k.todouble();
                }
            }
            return LuaValue.valueOf(max);
        }
    }

    static final class ForEach extends VarArgFunction {
        private final boolean indexed;

        ForEach(boolean indexed) {
            this.indexed = indexed;
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaTable table = args.checktable(1);
            LuaFunction f = args.checkfunction(2);
            if (indexed) {
                int n = table.length();
                for (int i = 1; i <= n; i++) {
                    LuaValue r = f.call(LuaValue.valueOf(i), table.get(i));
                    if (!r.isnil()) {
                        return r;
                    }
                }
                return LuaValue.NIL;
            }
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs next = table.next(k);
                if ((k = next.arg1()).isnil()) {
                    return LuaValue.NIL;
                }
                LuaValue r = f.call(k, next.arg(2));
                if (!r.isnil()) {
                    return r;
                }
            }
        }
    }

    /** {@code string.rep} with a size cap. */
    static final class Rep extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaString s = args.checkstring(1);
            long n = (long) args.checkdouble(2);
            if (n <= 0 || s.m_length == 0) {
                return LuaValue.EMPTYSTRING;
            }
            if (n * s.m_length > MAX_STRING) {
                throw new ScriptError(LuaValue.valueOf("not enough memory"), false);
            }
            byte[] out = new byte[(int) (n * s.m_length)];
            for (int i = 0; i < n; i++) {
                System.arraycopy(s.m_bytes, s.m_offset, out, i * s.m_length, s.m_length);
            }
            return LuaString.valueUsing(out);
        }
    }

    /**
     * Redis's math.random: its own lrand48, never reseeded by the server, so a fresh server starts from
     * lrand48's default state (0x1234ABCD330E) and the sequence runs on across scripts, SCRIPT FLUSH and
     * functions; math.randomseed(n) sets it as srand48 does.
     */
    static final class Rand48 {
        private long x = 0x1234ABCD330EL;

        long state() {
            return x;
        }

        void restore(long state) {
            x = state;
        }

        void seed(long seed) {
            x = ((seed & 0xffffffffL) << 16) | 0x330E;
        }

        int next() {
            x = (x * 0x5DEECE66DL + 0xB) & 0xffffffffffffL;
            return (int) (x >>> 17);
        }

        LuaValue random() {
            return new VarArgFunction() {
                @Override
                public Varargs invoke(Varargs args) {
                    double r = (double) (Rand48.this.next() % Integer.MAX_VALUE) / (double) Integer.MAX_VALUE;
                    switch (args.narg()) {
                        case 0:
                            return LuaValue.valueOf(r);
                        case 1: {
                            double u = args.checkdouble(1);
                            if (u < 1) {
                                throw new ScriptError(LuaValue.valueOf("bad argument #1 to 'random' (interval is empty)"), true);
                            }
                            return LuaValue.valueOf(Math.floor(r * u) + 1);
                        }
                        case 2: {
                            double l = args.checkdouble(1);
                            double u = args.checkdouble(2);
                            if (l > u) {
                                throw new ScriptError(LuaValue.valueOf("bad argument #2 to 'random' (interval is empty)"), true);
                            }
                            return LuaValue.valueOf(Math.floor(r * (u - l + 1)) + l);
                        }
                        default:
                            throw new ScriptError(LuaValue.valueOf("wrong number of arguments"), true);
                    }
                }
            };
        }

        LuaValue randomseed() {
            return new OneArgFunction() {
                @Override
                public LuaValue call(LuaValue seed) {
                    seed((long) seed.checkdouble());
                    return LuaValue.NONE;
                }
            };
        }
    }

    static boolean isClosure(LuaValue v) {
        return v instanceof LuaClosure;
    }
}
