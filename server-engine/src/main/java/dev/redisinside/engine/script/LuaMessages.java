package dev.redisinside.engine.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Lua 5.1's error texts for the library functions LuaJ implements: arguments are checked here first, as
 * 5.1's luaL_check* would ("bad argument #2 to 'rep' (number expected, got no value)"), and the few texts
 * LuaJ words differently are reworded.
 */
final class LuaMessages {

    /** LuaJ's "attempt to call nil", "attempt to perform arithmetic __add on nil and number"... */
    private static final java.util.regex.Pattern LUAJ_TYPE_ERROR = java.util.regex.Pattern.compile(
            "attempt to (call|get length of|concatenate|perform arithmetic(?: __\\w+)?(?: on)?) (\\w+)(?: and (\\w+))?");

    private LuaMessages() {
    }

    private static boolean isNumberType(String type) {
        return type.equals("number");
    }

    private static boolean isStringType(String type) {
        return type.equals("string") || type.equals("number");
    }

    /** A LuaJ error text in Lua 5.1's words. */
    static String reword(String m) {
        if (m.startsWith("attempt to compare ")) {
            int expected = m.indexOf(" expected, got ");
            if (expected > 0) {
                m = m.substring(0, expected);
            }
            if (m.startsWith("attempt to compare __")) {
                // "attempt to compare __lt on nil and number"
                String[] parts = m.substring("attempt to compare __lt on ".length()).split(" and ");
                if (parts.length == 2) {
                    return parts[0].equals(parts[1]) ? "attempt to compare two " + parts[0] + " values"
                            : "attempt to compare " + parts[0] + " with " + parts[1];
                }
            }
            return m;
        }
        java.util.regex.Matcher matcher = LUAJ_TYPE_ERROR.matcher(m);
        if (matcher.matches()) {
            // raised inside LuaJ (a metamethod chain, a library function): there is no variable to name
            String op = matcher.group(1);
            String culprit;
            if (op.startsWith("perform arithmetic")) {
                culprit = matcher.group(3) != null && isNumberType(matcher.group(2)) ? matcher.group(3) : matcher.group(2);
                op = "perform arithmetic on";
            } else if (op.equals("concatenate")) {
                culprit = matcher.group(3) != null && isStringType(matcher.group(2)) ? matcher.group(3) : matcher.group(2);
            } else {
                culprit = matcher.group(2);
            }
            return "attempt to " + op + " a " + culprit + " value";
        }
        if (m.startsWith("attempt to index ? (a ")) {
            return "attempt to index a " + m.substring("attempt to index ? (a ".length(), m.length() - 1);
        }
        if (m.equals("invalid key to 'next'")) {
            return m;
        }
        if (m.equals("cannot yield main thread")) {
            return "attempt to yield across metamethod/C-call boundary";
        }
        if (m.startsWith("bad argument #") && !m.contains(" to '")) {
            int colon = m.indexOf(": ");
            if (colon > 0) {
                return m.substring(0, colon) + " to '?' (" + m.substring(colon + 2) + ")";
            }
        }
        return m;
    }

    /**
     * Replaces each {@code "name:signature"} function of {@code lib} by one that checks its arguments first.
     * Signature letters, one per argument: s string, n number, t table, f function, v any value, c
     * coroutine, F Lua function, m nil or table (setmetatable), x unchecked; upper case s/n/t/f: optional;
     * a trailing * repeats the last letter for every further argument.
     */
    static void check(LuaTable lib, String... specs) {
        for (String spec : specs) {
            int colon = spec.indexOf(':');
            String name = spec.substring(0, colon);
            LuaValue f = lib.rawget(name);
            lib.rawset(name, new Checked(name, spec.substring(colon + 1), f));
        }
    }

    static final class Checked extends VarArgFunction {
        private final String fname;
        private final String signature;
        private final LuaValue f;

        Checked(String name, String signature, LuaValue f) {
            this.fname = name;
            this.signature = signature;
            this.f = f;
        }

        /** Called by pcall itself: Lua 5.1 names no function then ("bad argument #1 to '?'"). */
        Varargs invokeUnnamed(Varargs args) {
            try {
                return invoke(args);
            } catch (ScriptError e) {
                LuaValue v = e.value();
                String prefix = " to '" + fname + "' (";
                if (v.isstring() && v.tojstring().startsWith("bad argument #") && v.tojstring().contains(prefix)) {
                    throw new ScriptError(LuaValue.valueOf(v.tojstring().replace(prefix, " to '?' (")), e.positioned());
                }
                throw e;
            }
        }

        @Override
        public Varargs invoke(Varargs args) {
            int n = args.narg();
            boolean repeat = signature.endsWith("*");
            int count = repeat ? Math.max(signature.length() - 1, n) : signature.length();
            for (int i = 1; i <= count; i++) {
                char want = i <= signature.length() - (repeat ? 1 : 0) ? signature.charAt(i - 1) : signature.charAt(signature.length() - 2);
                String problem = problem(want, args, i, n);
                if (problem != null) {
                    throw new ScriptError(LuaValue.valueOf("bad argument #" + i + " to '" + fname + "' (" + problem + ")"), true);
                }
            }
            if (signature.indexOf('s') >= 0 || signature.indexOf('S') >= 0) {
                args = numbersAsStrings(args, n, repeat);
            }
            try {
                return f.invoke(args);
            } catch (ScriptError e) {
                throw e;
            } catch (LuaError e) {
                String m = e.getMessage();
                if (m != null && m.startsWith("bad argument #") && !m.contains(" to '")) {
                    int colon = m.indexOf(": ");
                    if (colon > 0) {
                        throw new ScriptError(LuaValue.valueOf(m.substring(0, colon) + " to '" + fname + "' ("
                                + m.substring(colon + 2) + ")"), true);
                    }
                }
                throw e;
            }
        }

        /** Numbers passed as strings become text as Lua 5.1 prints them (%.14g), not as LuaJ does. */
        private Varargs numbersAsStrings(Varargs args, int n, boolean repeat) {
            LuaValue[] copy = null;
            for (int i = 1; i <= n && i <= signature.length(); i++) {
                char want = signature.charAt(i - 1);
                if ((want == 's' || want == 'S') && args.arg(i).type() == TNUMBER) {
                    if (copy == null) {
                        copy = new LuaValue[n];
                        for (int j = 0; j < n; j++) {
                            copy[j] = args.arg(j + 1);
                        }
                    }
                    copy[i - 1] = Sandbox.tostring(args.arg(i));
                }
            }
            return copy == null ? args : LuaValue.varargsOf(copy);
        }

        private static String problem(char want, Varargs args, int i, int n) {
            LuaValue v = args.arg(i);
            String got = i > n ? "no value" : v.typename();
            switch (want) {
                case 's':
                case 'S':
                    if (want == 'S' && v.isnil() || v.type() == TSTRING || v.type() == TNUMBER) {
                        return null;
                    }
                    return "string expected, got " + got;
                case 'n':
                case 'N':
                    if (want == 'N' && v.isnil() || v.type() == TNUMBER || v.type() == TSTRING && !v.tonumber().isnil()) {
                        return null;
                    }
                    return "number expected, got " + got;
                case 't':
                case 'T':
                    return want == 'T' && v.isnil() || v.istable() ? null : "table expected, got " + got;
                case 'f':
                case 'G':
                    return want == 'G' && v.isnil() || v.isfunction() ? null : "function expected, got " + got;
                case 'v':
                    return i > n ? "value expected" : null;
                case '#':
                    if (v.type() == TSTRING && v.tojstring().equals("#") || v.type() == TNUMBER || v.type() == TSTRING && !v.tonumber().isnil()) {
                        return null;
                    }
                    return "number expected, got " + got;
                case 'c':
                    return v.type() == TTHREAD ? null : "coroutine expected";
                case 'F':
                    return Sandbox.isClosure(v) ? null : "Lua function expected";
                case 'm':
                    return i <= n && v.isnil() || v.istable() ? null : "nil or table expected";
                default:
                    return null;
            }
        }
    }
}
