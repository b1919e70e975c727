package dev.redisinside.engine.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * An error raised inside a script, with what Lua 5.1 would know about where: {@code positioned} errors
 * (raised at a level above 0 with a string or number) get a {@code user_script:<line>:} prefix from the Lua
 * function {@code level} frames up; every error remembers the line of the innermost Lua function it passed
 * through, which Redis reports as "on @user_script:<line>".
 */
final class ScriptError extends LuaError {

    private LuaValue value;
    private final boolean positioned;
    /** Frames still to pass before the one whose line prefixes the message. */
    private int skip;
    /** The line that prefixes the message (0: none yet). */
    private int prefixLine;
    /** No prefix: the frame at the error's level was a library function. */
    private boolean unplaced;
    /** The line of the innermost Lua function the error passed through (0: none). */
    private int where;

    ScriptError(LuaValue value, boolean positioned) {
        this(value, positioned, 1);
    }

    ScriptError(LuaValue value, boolean positioned, int level) {
        super(value);
        this.value = value;
        this.positioned = positioned && level > 0 && (value.type() == LuaValue.TSTRING || value.type() == LuaValue.TNUMBER);
        this.skip = level - 1;
    }

    LuaValue value() {
        return value;
    }

    boolean positioned() {
        return positioned;
    }

    /** The error leaves a Lua function that was at {@code line}. */
    void passedThrough(int line) {
        if (where == 0) {
            where = line;
        }
        frame(line);
    }

    /** The error leaves a library function (pcall, for one), which has no line. */
    void passedThroughLibrary() {
        frame(0);
    }

    private void frame(int line) {
        if (!positioned || prefixLine != 0 || unplaced) {
            return;
        }
        if (skip > 0) {
            skip--;
        } else if (line > 0) {
            prefixLine = line;
        } else {
            unplaced = true;
        }
    }

    /** No Lua function has seen the error yet: it comes straight from the function called. */
    boolean fresh() {
        return where == 0;
    }

    /**
     * A failed argument check names the function as the call site does (luaL_argerror): {@code name} is
     * {kind, name} or null, and a method call does not count {@code self}.
     */
    void calledAs(String[] name) {
        if (value.type() != LuaValue.TSTRING) {
            return;
        }
        java.util.regex.Matcher m = BAD_ARGUMENT.matcher(value.tojstring());
        if (!m.matches()) {
            return;
        }
        String function = name == null ? "?" : name[1];
        int n = Integer.parseInt(m.group(1));
        boolean method = name != null && name[0].equals("method");
        if (method) {
            n--;
        }
        value = LuaValue.valueOf(method && n == 0 ? "calling '" + function + "' on bad self (" + m.group(3) + ")"
                : "bad argument #" + n + " to '" + function + "' (" + m.group(3) + ")");
    }

    private static final java.util.regex.Pattern BAD_ARGUMENT = java.util.regex.Pattern.compile(
            "bad argument #(\\d+) to '([^']*)' \\((.*)\\)", java.util.regex.Pattern.DOTALL);

    /** The line Redis names in "on @user_script:N" (1 when unknown). */
    int where() {
        return where > 0 ? where : 1;
    }

    /** The error value as Lua 5.1 code sees it (in pcall's results). */
    LuaValue luaValue() {
        if (prefixLine > 0) {
            return LuaValue.valueOf(Sandbox.chunk + ":" + prefixLine + ": ").concat(Sandbox.tostring(value).checkstring()).strvalue();
        }
        // error() joins its position, even an empty one, to a number: the value becomes a string
        return positioned ? Sandbox.tostring(value) : value;
    }

    @Override
    public LuaValue getMessageObject() {
        return luaValue();
    }

    @Override
    public String getMessage() {
        return luaValue().tojstring();
    }

    /**
     * An error raised by one of LuaJ's own functions, in Lua 5.1's words: raised with luaL_error in 5.1, it is
     * prefixed by the caller's position, while a type error in a library's own operation (table.sort
     * comparing) has none.
     */
    static ScriptError fromLibrary(LuaError e, int line) {
        return fromLibrary(e, line, true);
    }

    /** {@code inCall}: raised by a function the Lua code called, not by one of its own operations. */
    static ScriptError fromLibrary(LuaError e, int line, boolean inCall) {
        LuaValue object = e.getMessageObject();
        ScriptError error;
        if (object != null && !object.isstring()) {
            error = new ScriptError(object, false);
        } else {
            String m = object == null ? "" : object.tojstring();
            if (m.endsWith("\n")) {
                m = m.substring(0, m.length() - 1);
            }
            String reworded = LuaMessages.reword(m);
            // raised by the VM inside a library function (luaG_runerror there has no Lua position)
            boolean vm = inCall && (reworded.startsWith("attempt to ") || reworded.equals("invalid key to 'next'"));
            error = new ScriptError(LuaValue.valueOf(reworded), !vm);
        }
        if (line >= 0) {
            error.passedThrough(line);
        }
        return error;
    }
}
