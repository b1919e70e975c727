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
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.jse.JseMathLib;

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
        void setInternal(LuaString name, LuaValue value) {
            super.rawset(name, value);
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
    static ProtectedGlobals create(ScriptEngine.Watchdog hook, LuaTable redisLib, Rand48 random) {
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
        g.loader = (prototype, chunkname, env) -> new Closure(prototype, env, hook);

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
                LuaValue key = args.arg(2);
                if (args.arg1().istable() && args.narg() >= 3 && key.isnil()) {
                    throw new ScriptError(LuaValue.valueOf("table index is nil"), false);
                }
                if (args.arg1().istable() && args.narg() >= 3 && key.type() == LuaValue.TNUMBER && Double.isNaN(key.todouble())) {
                    throw new ScriptError(LuaValue.valueOf("table index is NaN"), false);
                }
                try {
                    return rawset.invoke(args);
                } catch (ScriptError e) {
                    // raised inside a C function in Redis: no script position
                    throw new ScriptError(e.value(), false);
                }
            }
        });
        LuaMessages.check(g, "rawset:tvv");
        g.rawset("error", new ErrorFunction());
        g.rawset("pcall", new PCall());
        g.rawset("loadstring", new LoadString(g));
        g.rawset("load", new Load(g));
        g.rawset("gcinfo", new GcInfo());
        g.rawset("tonumber", new ToNumber(g.get("tonumber")));
        LuaMessages.check(g, "assert:v", "ipairs:t", "pairs:t", "next:t", "tonumber:vN", "tostring:v", "type:v",
                "rawget:tv", "rawequal:vv", "select:#", "setmetatable:tm", "getmetatable:v", "loadstring:sS", "xpcall:xv");
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
        table.rawset("concat", new Concat());
        table.rawset("insert", new Insert(table.get("insert")));
        LuaMessages.check(table, "concat:tSNN", "insert:t", "remove:tN", "sort:tG", "getn:t", "maxn:t", "foreach:tf",
                "foreachi:tf");
        LuaMessages.check(g, "unpack:tNN");

        LuaTable string = (LuaTable) g.get("string");
        string.rawset("dump", new Dump());
        string.rawset("gfind", string.get("gmatch"));
        string.rawset("rep", new Rep());
        string.rawset("format", new StringFormat());
        LuaMessages.check(string, "byte:sNN", "char:n*", "find:ssN", "format:s", "gmatch:ss", "gsub:ss", "len:s",
                "lower:s", "match:ssN", "rep:sn", "reverse:s", "sub:snN", "upper:s", "gfind:ss");

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
        LuaMessages.check(math, "abs:n", "acos:n", "asin:n", "atan:n", "atan2:nn", "ceil:n", "cos:n", "cosh:n",
                "deg:n", "exp:n", "floor:n", "fmod:nn", "frexp:n", "ldexp:nn", "log:n", "log10:n", "max:n*", "min:n*",
                "mod:nn", "modf:n", "pow:nn", "rad:n", "sin:n", "sinh:n", "sqrt:n", "tan:n", "tanh:n");
        LuaTable coroutine = (LuaTable) g.get("coroutine");
        LuaMessages.check(coroutine, "create:F", "resume:c", "status:c", "wrap:F");

        g.rawset("bit", BitLibrary.create());
        g.rawset("cjson", CjsonLibrary.create());
        g.rawset("struct", StructLibrary.create());
        g.rawset("cmsgpack", CmsgpackLibrary.create());
        g.rawset("redis", redisLib);
        LuaMessages.check((LuaTable) g.get("bit"), "tobit:n", "bnot:n", "bswap:n", "band:n*", "bor:n*", "bxor:n*",
                "lshift:nn", "rshift:nn", "arshift:nn", "rol:nn", "ror:nn", "tohex:nN");
        LuaMessages.check((LuaTable) g.get("cmsgpack"), "unpack:s", "unpack_one:sN", "unpack_limit:snN");
        LuaMessages.check((LuaTable) g.get("struct"), "pack:s", "unpack:ssN", "size:s");

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

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern HEX = Pattern.compile("([+-]?)0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)([pP][+-]?\\d+)?");
    private static final Pattern SPECIAL = Pattern.compile("([+-]?)(inf|infinity|nan)", Pattern.CASE_INSENSITIVE);

    /**
     * A string as Lua 5.1 reads a number (luaO_str2d: C's strtod, so hexadecimal, inf and nan too, with
     * spaces around), or nil.
     */
    static LuaValue str2number(LuaString text) {
        String s = LuaConversions.latin1(text).strip();
        int start = 0;
        int end = s.length();
        while (start < end && " \t\n\u000b\f\r".indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && " \t\n\u000b\f\r".indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        s = s.substring(start, end);
        if (DECIMAL.matcher(s).matches()) {
            return LuaValue.valueOf(Double.parseDouble(s));
        }
        Matcher hex = HEX.matcher(s);
        if (hex.matches()) {
            double d = Double.parseDouble(hex.group(1) + "0x" + hex.group(2) + (hex.group(3) == null ? "p0" : hex.group(3)));
            return LuaValue.valueOf(d);
        }
        Matcher special = SPECIAL.matcher(s);
        if (special.matches()) {
            boolean negative = special.group(1).equals("-");
            if (special.group(2).equalsIgnoreCase("nan")) {
                return LuaValue.valueOf(Double.longBitsToDouble(negative ? 0xfff8000000000000L : 0x7ff8000000000000L));
            }
            return LuaValue.valueOf(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        return LuaValue.NIL;
    }

    /** {@code tonumber(v [, base])}: base 10 reads as strtod does. */
    static final class ToNumber extends VarArgFunction {
        private final LuaValue tonumber;

        ToNumber(LuaValue tonumber) {
            this.tonumber = tonumber;
        }

        @Override
        public Varargs invoke(Varargs args) {
            if ((args.isnoneornil(2) || args.arg(2).todouble() == 10) && args.arg1().type() == LuaValue.TSTRING) {
                return str2number(args.arg1().checkstring());
            }
            return tonumber.invoke(args);
        }
    }

    // ---- error values as Lua 5.1 shows them ----

    /** The error value a pcall returns or the error handler sees, as Lua 5.1 would give it. */
    static LuaValue errorValue(LuaError e) {
        if (e instanceof ScriptError se) {
            return se.luaValue();
        }
        return ScriptError.fromLibrary(e, -1).luaValue();
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
            throw new ScriptError(value, true, level);
        }
    }

    static final class PCall extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            // Redis's pcall puts its result flag where the function goes: with nothing to call it calls that
            LuaValue f = args.narg() == 0 ? LuaValue.FALSE : args.arg1();
            if (!f.isfunction() && f.metatag(LuaValue.CALL).isnil()) {
                return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("attempt to call a " + f.typename() + " value"));
            }
            try {
                if (f instanceof LuaMessages.Checked checked) {
                    return LuaValue.varargsOf(LuaValue.TRUE, checked.invokeUnnamed(args.subargs(2)));
                }
                return LuaValue.varargsOf(LuaValue.TRUE, f.invoke(args.subargs(2)));
            } catch (ScriptKilled killed) {
                throw killed;
            } catch (LuaError e) {
                if (e instanceof ScriptError se) {
                    se.passedThroughLibrary();
                }
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

    /**
     * {@code string.dump}: a binary chunk that starts as Lua 5.1's ({@code \033LuaQ}), its body LuaJ's. Nothing
     * can load it back: like Redis 7.0, every chunk is parsed as text.
     */
    static final class Dump extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaValue f = args.arg1();
            if (!f.isfunction()) {
                throw new ScriptError(LuaValue.valueOf("bad argument #1 to 'dump' (function expected, got "
                        + typeName(f) + ")"), true);
            }
            if (!(f instanceof org.luaj.vm2.LuaClosure closure)) {
                throw new ScriptError(LuaValue.valueOf("unable to dump given function"), true);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                org.luaj.vm2.compiler.DumpState.dump(closure.p, out, false);
            } catch (java.io.IOException e) {
                throw new ScriptError(LuaValue.valueOf("unable to dump given function"), true);
            }
            byte[] bytes = out.toByteArray();
            bytes[4] = 0x51;
            return LuaString.valueUsing(bytes);
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
            String chunk = args.isnoneornil(2) ? LuaConversions.latin1(text) : args.checkjstring(2);
            return compile(g, LuaConversions.bytes(text), chunkId(chunk));
        }
    }

    /** A chunk name as Lua 5.1 shows a string source: {@code [string "first line, up to 63 characters..."]}. */
    static String chunkId(String name) {
        if (name.startsWith("=") || name.startsWith("@")) {
            return name;
        }
        int len = 0;
        int nul = name.indexOf(0);
        if (nul >= 0) {
            name = name.substring(0, nul); // Lua reads the name as a C string
        }
        while (len < name.length() && name.charAt(len) != '\n' && name.charAt(len) != '\r') {
            len++;
        }
        len = Math.min(len, 63);
        return "=[string \"" + (len < name.length() ? name.substring(0, len) + "..." : name) + "\"]";
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
                    // Lua's lexer fails on the first character and reads no more pieces
                    return compile(g, new byte[] {0x1b}, chunk);
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
        try {
            return Compiler.load(g, text, chunk, g);
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

    /** {@code table.concat}: numbers as Lua 5.1 prints them. */
    static final class Concat extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaTable t = args.checktable(1);
            LuaString sep = args.optstring(2, LuaValue.EMPTYSTRING);
            int from = args.optint(3, 1);
            int to = args.isnoneornil(4) ? t.length() : args.checkint(4);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = from; i <= to; i++) {
                LuaValue v = t.get(i);
                if (v.type() != LuaValue.TSTRING && v.type() != LuaValue.TNUMBER) {
                    throw new ScriptError(LuaValue.valueOf("invalid value (" + v.typename() + ") at index " + i
                            + " in table for 'concat'"), true);
                }
                LuaString s = Sandbox.tostring(v).checkstring();
                out.write(s.m_bytes, s.m_offset, s.m_length);
                if (i < to) {
                    out.write(sep.m_bytes, sep.m_offset, sep.m_length);
                }
                if (out.size() > MAX_STRING) {
                    throw new ScriptError(LuaValue.valueOf("not enough memory"), false);
                }
            }
            return LuaString.valueUsing(out.toByteArray());
        }
    }

    /** {@code table.insert(t, [pos,] value)}: Lua 5.1 takes two or three arguments, no other count. */
    static final class Insert extends VarArgFunction {
        private final LuaValue insert;

        Insert(LuaValue insert) {
            this.insert = insert;
        }

        @Override
        public Varargs invoke(Varargs args) {
            if (args.narg() != 2 && args.narg() != 3) {
                throw new ScriptError(LuaValue.valueOf("wrong number of arguments to 'insert'"), true);
            }
            return insert.invoke(args);
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
